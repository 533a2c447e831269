/**
 * Scenarios: a described starting state for lessons, documentation embeds and golden tests, so a
 * guide's transcript — handles included — can be reproduced exactly (kmu-commands.md §1.6:
 * "scenario files may pre-seed keys with arbitrary handles"). Loading one replaces the store's
 * content in one atomic commit.
 */
import { A, KEY_TYPE } from './attributes';
import { secretKeyAttrs } from './keys';
import { fromHex } from '../crypto/hex';
import type { ClusterRecord, CurrentRecord, FileRecord, KeyRecord, SettingsRecord, UserRecord, UserType } from './model';
import { keyRecordId, userRecordId } from './model';
import { resolvePath, HOME } from './vfs';
import { DEFAULT_CLUSTER, stageCluster, type Hsm } from './world';
import { makeVerifier } from './users';
import { quorumFields } from './quorum';

export interface ScenarioKey {
  handle: number;
  keyType: 'AES' | '3DES' | 'GENERIC_SECRET';
  /** Key material, hex. */
  value: string;
  label: string;
  id?: string;
  owner: number;
  shared?: number[];
  extractable?: boolean;
  /** Generated inside the HSM (default) or imported. */
  local?: boolean;
  /** Quorum size (kmu-commands.md §1.8), default 0. */
  mValue?: number;
  /** OBJ_ATTR_TRUSTED (issue 13: lessons; default false). */
  trusted?: boolean;
  /** OBJ_ATTR_WRAP_WITH_TRUSTED (default false). */
  wrapWithTrusted?: boolean;
}

/** A cluster beyond the default one (issue 13: moving a key between clusters). */
export interface ScenarioCluster {
  /** Cluster id, e.g. 'cluster-2'. */
  id: string;
  hsms?: number;
  nextIndex?: number;
  keys?: ScenarioKey[];
  /** Users beyond decision 1's three. */
  users?: ScenarioUser[];
}

export interface Scenario {
  /** HSMs in the cluster (default 3). */
  hsms?: number;
  /** Next object index (default: one past the highest pre-seeded index, at least 6). */
  nextIndex?: number;
  /** Node that serves every login while it is up. */
  servingNode?: number;
  handles?: SettingsRecord['handles'];
  keys?: ScenarioKey[];
  /** Files of the client host: path (relative to the home directory) → content, hex. */
  files?: Record<string, string>;
  /** Users beyond decision 1's three, on every HSM (ids from 4 up). */
  users?: ScenarioUser[];
  /** More clusters (issue 13); the terminal starts on the default one. */
  clusters?: ScenarioCluster[];
  /** HSMs (node ids) of the default cluster that are down. */
  down?: number[];
  /** The random seed setting (default: null, random). */
  seed?: number;
}

export interface ScenarioUser {
  userId: number;
  name: string;
  type: UserType;
  password: string;
}

const TYPES = { AES: KEY_TYPE.AES, '3DES': KEY_TYPE.DES3, GENERIC_SECRET: KEY_TYPE.GENERIC_SECRET } as const;

export async function loadScenario(hsm: Hsm, s: Scenario): Promise<void> {
  // Verifiers first: nothing but store requests may happen while the commit is being built.
  const verifiers = await Promise.all((s.users ?? []).map((u) => makeVerifier(hsm, u.password)));
  await hsm.transact(async (tx) => {
    for (const store of ['clusters', 'users', 'keys', 'files'] as const) {
      for (const r of await tx.list(store)) tx.delete(store, r.id);
    }
    const now = hsm.deps.clock.now();
    const base = stageCluster(tx, DEFAULT_CLUSTER, s.hsms ?? 3);
    const nodes = base.hsms.map((h) => h.node);
    const keys = s.keys ?? [];
    const highest = keys.reduce((m, k) => Math.max(m, k.handle % 262144), 5); // no spread of a list into arguments
    tx.put<ClusterRecord>('clusters', {
      ...base, nextIndex: s.nextIndex ?? highest + 1,
      ...(s.servingNode === undefined ? {} : { pinnedServingNode: s.servingNode }),
    });
    for (const k of keys) {
      const value = fromHex(k.value);
      const attrs = secretKeyAttrs({
        keyType: TYPES[k.keyType], value, label: k.label, id: k.id ?? '', session: false,
        local: k.local ?? true, extractable: k.extractable ?? true,
      });
      tx.put<KeyRecord>('keys', {
        id: keyRecordId(DEFAULT_CLUSTER, k.handle), rev: 0, cluster: DEFAULT_CLUSTER, handle: k.handle,
        index: k.handle % 262144, attrs, value, owner: k.owner, shared: k.shared ?? [], ...quorumFields(k.mValue ?? 0), holders: nodes,
      });
      if (attrs[A.VALUE_LEN] !== value.length) throw new Error('scenario key length');
    }
    (s.users ?? []).forEach((u, i) => {
      for (const node of nodes) {
        tx.put<UserRecord>('users', {
          id: userRecordId(DEFAULT_CLUSTER, node, u.userId), rev: 0, cluster: DEFAULT_CLUSTER, node, userId: u.userId,
          name: u.name, type: u.type, verifier: verifiers[i]!, loginFailures: 0, mofnPubKey: false, twoFA: false,
        });
      }
    });
    for (const [name, hex] of Object.entries(s.files ?? {})) {
      tx.put<FileRecord>('files', { id: resolvePath(HOME, name), rev: 0, kind: 'file', data: fromHex(hex), mtime: now });
    }
    tx.put<CurrentRecord>('meta', { id: 'current', rev: 0, cluster: DEFAULT_CLUSTER });
    tx.put<SettingsRecord>('meta', { id: 'settings', rev: 0, handles: s.handles ?? 'realistic', seed: null });
  });
}
