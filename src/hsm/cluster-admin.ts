/**
 * The playground's control over clusters and HSMs (spec README decision 9; cluster.md §2, §5, §6):
 * create, clone from a backup, switch; stop, start, add, remove, tamper with and repair HSMs.
 * Keys synchronise to every HSM that is up; users never do (cluster.md §2). A refusal is an
 * AdminError carrying why, as data; the operations of ops/cluster.ts return it.
 */
import type { ClusterRecord, CurrentRecord, KeyRecord, UserRecord } from './model';
import { keyRecordId, MAX_HSMS, userRecordId } from './model';
import type { Tx } from './tx';
import { stageCluster, type Hsm } from './world';

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Why a cluster or HSM change was refused, as data (the host shell words it). */
export type AdminRefusal =
  | { reason: 'invalidName'; name: string }
  | { reason: 'hsmCount'; max: number }
  | { reason: 'clusterExists'; name: string }
  | { reason: 'nothingToBackUp'; cluster: string }
  | { reason: 'noSuchCluster'; name: string }
  | { reason: 'noSuchHsm'; node: number; cluster: string }
  | { reason: 'alreadyDown'; node: number }
  | { reason: 'alreadyUp'; node: number }
  | { reason: 'tooManyHsms'; max: number }
  | { reason: 'noRunningHsm' }
  | { reason: 'lastHsm' }
  | { reason: 'alreadyTampered'; node: number }
  | { reason: 'notTampered'; node: number };

/** A refused cluster or HSM change: nothing of the unit of work it is thrown in is committed. */
export class AdminError extends Error {
  constructor(readonly refusal: AdminRefusal) {
    super(`refused: ${refusal.reason}`);
    this.name = 'AdminError';
  }
}

export async function listClusters(tx: Tx): Promise<ClusterRecord[]> {
  return tx.list<ClusterRecord>('clusters');
}

async function keysOf(tx: Tx, cluster: string): Promise<KeyRecord[]> {
  return tx.list<KeyRecord>('keys', `${cluster}/`);
}

export async function keyCount(tx: Tx, cluster: string, node?: number): Promise<number> {
  const keys = await keysOf(tx, cluster);
  return node === undefined ? keys.length : keys.filter((k) => k.holders.includes(node)).length;
}

export async function createCluster(hsm: Hsm, tx: Tx, name: string, hsms: number): Promise<ClusterRecord> {
  if (!CLUSTER_NAME.test(name)) throw new AdminError({ reason: 'invalidName', name });
  if (!Number.isInteger(hsms) || hsms < 1 || hsms > MAX_HSMS) throw new AdminError({ reason: 'hsmCount', max: MAX_HSMS });
  if (await tx.get('clusters', name)) throw new AdminError({ reason: 'clusterExists', name });
  // A second cluster starts with the same three users as the first (spec README decision 6).
  return stageCluster(tx, name, hsms, `${name}-${hsm.deps.clock.now().toString(36)}`);
}

/**
 * A cluster restored from a backup of `source` (cluster.md §6.1): the same keys with their
 * handles, the users of one of its HSMs on every HSM, the same lineage (masking key).
 */
export async function cloneCluster(hsm: Hsm, tx: Tx, source: ClusterRecord, name: string): Promise<ClusterRecord> {
  if (!CLUSTER_NAME.test(name)) throw new AdminError({ reason: 'invalidName', name });
  if (await tx.get('clusters', name)) throw new AdminError({ reason: 'clusterExists', name });
  const backupNode = source.hsms.find((h) => h.state === 'up') ?? source.hsms[0];
  if (!backupNode) throw new AdminError({ reason: 'nothingToBackUp', cluster: source.name });
  const nodes = source.hsms.map((_, i) => i);
  const clone = tx.put<ClusterRecord>('clusters', {
    id: name, rev: 0, name, nextIndex: source.nextIndex, lineage: source.lineage,
    hsms: nodes.map((node) => ({ node, state: 'up' as const, tampered: false })),
  });
  const users = await tx.list<UserRecord>('users', `${source.name}/${backupNode.node}/`);
  for (const node of nodes) {
    for (const u of users) {
      tx.put<UserRecord>('users', { ...u, id: userRecordId(name, node, u.userId), rev: 0, cluster: name, node, loginFailures: 0 });
    }
  }
  for (const k of await keysOf(tx, source.name)) {
    if (!k.holders.includes(backupNode.node)) continue;
    tx.put<KeyRecord>('keys', { ...k, id: keyRecordId(name, k.handle), rev: 0, cluster: name, holders: nodes });
  }
  return clone;
}

export async function useCluster(tx: Tx, name: string): Promise<void> {
  if (!(await tx.get('clusters', name))) throw new AdminError({ reason: 'noSuchCluster', name });
  // a damaged pointer is replaced (it holds nothing but the name written here)
  tx.replace<CurrentRecord>('meta', { id: 'current', rev: 0, cluster: name });
}

function nodeOf(cluster: ClusterRecord, node: number) {
  const h = cluster.hsms.find((x) => x.node === node);
  if (!h) throw new AdminError({ reason: 'noSuchHsm', node, cluster: cluster.name });
  return h;
}

const withHsm = (cluster: ClusterRecord, node: number, change: Partial<ClusterRecord['hsms'][number]>): ClusterRecord => ({
  ...cluster, hsms: cluster.hsms.map((h) => (h.node === node ? { ...h, ...change } : h)),
});

export async function stopHsm(tx: Tx, cluster: ClusterRecord, node: number): Promise<void> {
  if (nodeOf(cluster, node).state === 'down') throw new AdminError({ reason: 'alreadyDown', node });
  tx.put<ClusterRecord>('clusters', withHsm(cluster, node, { state: 'down' }));
}

/** Start an HSM: background sync gives it every token key it is missing (users are not synced). */
export async function startHsm(tx: Tx, cluster: ClusterRecord, node: number): Promise<number> {
  if (nodeOf(cluster, node).state === 'up') throw new AdminError({ reason: 'alreadyUp', node });
  tx.put<ClusterRecord>('clusters', withHsm(cluster, node, { state: 'up' }));
  let received = 0;
  for (const k of await keysOf(tx, cluster.name)) {
    if (k.holders.includes(node)) continue;
    tx.put<KeyRecord>('keys', { ...k, holders: [...k.holders, node].sort((a, b) => a - b) });
    received++;
  }
  return received;
}

/** Add an HSM cloned from a running one: its keys and users, the next unused node id. */
export async function addHsm(tx: Tx, cluster: ClusterRecord): Promise<number> {
  if (cluster.hsms.length >= MAX_HSMS) throw new AdminError({ reason: 'tooManyHsms', max: MAX_HSMS });
  const source = cluster.hsms.find((h) => h.state === 'up');
  if (!source) throw new AdminError({ reason: 'noRunningHsm' });
  const node = Math.max(cluster.nextNodeId ?? 0, ...cluster.hsms.map((h) => h.node + 1));
  tx.put<ClusterRecord>('clusters', {
    ...cluster, nextNodeId: node + 1, hsms: [...cluster.hsms, { node, state: 'up', tampered: false }],
  });
  for (const u of await tx.list<UserRecord>('users', `${cluster.name}/${source.node}/`)) {
    tx.put<UserRecord>('users', { ...u, id: userRecordId(cluster.name, node, u.userId), rev: 0, node });
  }
  for (const k of await keysOf(tx, cluster.name)) {
    if (k.holders.includes(source.node)) tx.put<KeyRecord>('keys', { ...k, holders: [...k.holders, node] });
  }
  return node;
}

/** Remove an HSM: its node id disappears; keys survive on the others (a key only it held is lost). */
export async function removeHsm(tx: Tx, cluster: ClusterRecord, node: number): Promise<void> {
  nodeOf(cluster, node);
  if (cluster.hsms.length === 1) throw new AdminError({ reason: 'lastHsm' });
  tx.put<ClusterRecord>('clusters', {
    ...cluster, nextNodeId: Math.max(cluster.nextNodeId ?? 0, ...cluster.hsms.map((h) => h.node + 1)),
    hsms: cluster.hsms.filter((h) => h.node !== node),
    ...(cluster.pinnedServingNode === node ? { pinnedServingNode: undefined } : {}),
  });
  for (const u of await tx.list<UserRecord>('users', `${cluster.name}/${node}/`)) tx.delete('users', u.id);
  for (const k of await keysOf(tx, cluster.name)) {
    if (!k.holders.includes(node)) continue;
    const holders = k.holders.filter((n) => n !== node);
    if (holders.length === 0) tx.delete('keys', k.id);
    else tx.put<KeyRecord>('keys', { ...k, holders });
  }
}

export async function setTampered(tx: Tx, cluster: ClusterRecord, node: number, tampered: boolean): Promise<void> {
  if (nodeOf(cluster, node).tampered === tampered) throw new AdminError({ reason: tampered ? 'alreadyTampered' : 'notTampered', node });
  tx.put<ClusterRecord>('clusters', withHsm(cluster, node, { tampered }));
}

