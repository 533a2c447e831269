/**
 * Shapes of the stored records (see store.ts for the port). Record ids:
 *   meta      'settings' | 'current'
 *   clusters  '<cluster name>'
 *   users     '<cluster>/<node id>/<user id, 4 digits>'   — users live per HSM (users-and-keys.md §1)
 *   keys      '<cluster>/<handle, 10 digits>'              — token keys; holders = HSMs that have a copy
 *   files     absolute path in the virtual file system
 */
import type { AttrMap } from './attributes';
import type { StoredRecord } from './store';

export type HsmState = 'up' | 'down';

export interface HsmNode {
  node: number;
  state: HsmState;
  /** Firmware marked as tampered with (`hsm tamper N`): -attest then reports [FAIL]. */
  tampered: boolean;
}

export interface ClusterRecord extends StoredRecord {
  name: string;
  /** Next object index (cluster.md §8.2); only created objects consume one. */
  nextIndex: number;
  hsms: HsmNode[];
  /** A scenario may pin the HSM that serves logins (cluster.md §3.2 step 1) while it is up. */
  pinnedServingNode?: number;
  /** Backup lineage (cluster.md §6, C10): clones share it; only related clusters sync keys. */
  lineage: string;
  /** Node ids are never reused: a new HSM gets at least this id (cluster.md §1.1). */
  nextNodeId?: number;
}

export type UserType = 'PRECO' | 'PCO' | 'CO' | 'CU' | 'AU';

export interface PasswordVerifier {
  alg: 'PBKDF2-SHA-256';
  iterations: number;
  salt: string; // hex
  hash: string; // hex
}

export interface UserRecord extends StoredRecord {
  cluster: string;
  node: number;
  userId: number;
  name: string;
  type: UserType;
  verifier: PasswordVerifier | null; // null: nobody outside AWS knows it (app_user)
  loginFailures: number;
  mofnPubKey: boolean;
  twoFA: boolean;
}

export interface KeyRecord extends StoredRecord {
  cluster: string;
  handle: number;
  index: number;
  attrs: AttrMap;
  /** The key material (stays inside the simulated HSM). */
  value: Uint8Array;
  owner: number;
  shared: number[];
  /** Quorum guarding management (wrap, unwrap, share, set-attribute); read through quorum.ts. */
  manageQuorum: number;
  /** Quorum guarding use (sign); read through quorum.ts. KMU -m_value sets both (schema 2). */
  useQuorum: number;
  /** Node ids of the HSMs that hold a copy. */
  holders: number[];
}

export interface FileRecord extends StoredRecord {
  kind: 'file' | 'dir';
  data?: Uint8Array;
  mtime: number;
}

export interface SettingsRecord extends StoredRecord {
  handles: 'realistic' | 'simple';
  /** null: real randomness; a number: seeded mode (README decision 3). */
  seed: number | null;
  /**
   * The CloudHSM CLI's key availability check (cloudhsm-cli.md §5.8, G-CLI-21), per playground:
   * `configure-cli --disable-key-availability-check` / `--enable-…` at the host shell; on by default.
   */
  keyAvailabilityCheck?: boolean;
}

export interface CurrentRecord extends StoredRecord {
  cluster: string;
}

/** HSMs per cluster (cluster.md §7). */
export const MAX_HSMS = 28;
/** Bytes one virtual file may hold (vfs.ts). */
export const MAX_FILE_BYTES = 1 << 20;

export const userRecordId = (cluster: string, node: number, userId: number) =>
  `${cluster}/${node}/${String(userId).padStart(4, '0')}`;
export const keyRecordId = (cluster: string, handle: number) => `${cluster}/${String(handle).padStart(10, '0')}`;

/**
 * keyRecordId, the same string for the same key while the memo holds it (bounded: it starts over
 * past MAX_KEY_IDS handles of a cluster, or MAX_CLUSTER_MEMOS clusters): the id is made, flattened
 * and hashed once, not on every lookup of a handle (lookupKey runs in every key operation).
 */
export function keyRecordIdOf(cluster: string, handle: number): string {
  let ids = keyIds.get(cluster);
  if (ids === undefined) {
    if (keyIds.size >= MAX_CLUSTER_MEMOS) keyIds.clear();
    keyIds.set(cluster, (ids = new Map()));
  }
  let id = ids.get(handle);
  if (id === undefined) {
    if (ids.size >= MAX_KEY_IDS) ids.clear();
    ids.set(handle, (id = keyRecordId(cluster, handle)));
  }
  return id;
}
const MAX_KEY_IDS = 4096;
const MAX_CLUSTER_MEMOS = 64;
const keyIds = new Map<string, Map<number, string>>();

/** Handle of an object index created on `node` (cluster.md §8.2). */
export function handleFor(index: number, node: number, mode: SettingsRecord['handles']): number {
  return mode === 'simple' ? index : index + 262144 * node;
}
