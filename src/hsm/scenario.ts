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
import type { Tx } from './tx';

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

type Verifier = Awaited<ReturnType<typeof makeVerifier>>;

/** Highest object index of pre-seeded keys (at least 5: handles 1–5 are reserved). */
const highestIndex = (keys: ScenarioKey[]) => keys.reduce((m, k) => Math.max(m, k.handle % 262144), 5); // no spread of a list into arguments

function stageKeys(tx: Tx, cluster: string, nodes: number[], keys: ScenarioKey[]): void {
  for (const k of keys) {
    const value = fromHex(k.value);
    const attrs = secretKeyAttrs({
      keyType: TYPES[k.keyType], value, label: k.label, id: k.id ?? '', session: false,
      local: k.local ?? true, extractable: k.extractable ?? true,
    });
    if (k.trusted) attrs[A.TRUSTED] = 1;
    if (k.wrapWithTrusted) attrs[A.WRAP_WITH_TRUSTED] = 1;
    tx.put<KeyRecord>('keys', {
      id: keyRecordId(cluster, k.handle), rev: 0, cluster, handle: k.handle,
      index: k.handle % 262144, attrs, value, owner: k.owner, shared: k.shared ?? [], ...quorumFields(k.mValue ?? 0), holders: nodes,
    });
    if (attrs[A.VALUE_LEN] !== value.length) throw new Error('scenario key length');
  }
}

function stageUsers(tx: Tx, cluster: string, nodes: number[], users: ScenarioUser[], verifiers: Verifier[]): void {
  users.forEach((u, i) => {
    for (const node of nodes) {
      tx.put<UserRecord>('users', {
        id: userRecordId(cluster, node, u.userId), rev: 0, cluster, node, userId: u.userId,
        name: u.name, type: u.type, verifier: verifiers[i]!, loginFailures: 0, mofnPubKey: false, twoFA: false,
      });
    }
  });
}

export async function loadScenario(hsm: Hsm, s: Scenario): Promise<void> {
  // Verifiers first: nothing but store requests may happen while the commit is being built.
  const verifiers = await Promise.all((s.users ?? []).map((u) => makeVerifier(hsm, u.password)));
  const extra = s.clusters ?? [];
  const extraVerifiers = await Promise.all(extra.map((c) => Promise.all((c.users ?? []).map((u) => makeVerifier(hsm, u.password)))));
  const seed = s.seed ?? null;
  await hsm.transact(async (tx) => {
    for (const store of ['clusters', 'users', 'keys', 'files'] as const) {
      for (const r of await tx.list(store)) tx.delete(store, r.id);
    }
    const now = hsm.deps.clock.now();
    const base = stageCluster(tx, DEFAULT_CLUSTER, s.hsms ?? 3);
    const nodes = base.hsms.map((h) => h.node);
    const keys = s.keys ?? [];
    const down = new Set(s.down ?? []);
    for (const n of down) if (!nodes.includes(n)) throw new Error(`scenario: no HSM ${n} to take down`);
    tx.put<ClusterRecord>('clusters', {
      ...base, nextIndex: s.nextIndex ?? highestIndex(keys) + 1,
      hsms: base.hsms.map((h) => (down.has(h.node) ? { ...h, state: 'down' as const } : h)),
      ...(s.servingNode === undefined ? {} : { pinnedServingNode: s.servingNode }),
    });
    stageKeys(tx, DEFAULT_CLUSTER, nodes, keys);
    stageUsers(tx, DEFAULT_CLUSTER, nodes, s.users ?? [], verifiers);
    extra.forEach((c, i) => {
      if (c.id === DEFAULT_CLUSTER || extra.findIndex((x) => x.id === c.id) !== i) throw new Error(`scenario: cluster ${c.id} twice`);
      // a cluster of its own lineage (as `cluster create` makes one): masked objects do not cross
      const staged = stageCluster(tx, c.id, c.hsms ?? 3, c.id);
      const cNodes = staged.hsms.map((h) => h.node);
      const cKeys = c.keys ?? [];
      tx.put<ClusterRecord>('clusters', { ...staged, nextIndex: c.nextIndex ?? highestIndex(cKeys) + 1 });
      stageKeys(tx, c.id, cNodes, cKeys);
      stageUsers(tx, c.id, cNodes, c.users ?? [], extraVerifiers[i]!);
    });
    for (const [name, hex] of Object.entries(s.files ?? {})) {
      tx.put<FileRecord>('files', { id: resolvePath(HOME, name), rev: 0, kind: 'file', data: fromHex(hex), mtime: now });
    }
    tx.put<CurrentRecord>('meta', { id: 'current', rev: 0, cluster: DEFAULT_CLUSTER });
    tx.put<SettingsRecord>('meta', { id: 'settings', rev: 0, handles: s.handles ?? 'realistic', seed });
  });
  hsm.reseed(seed);
}
