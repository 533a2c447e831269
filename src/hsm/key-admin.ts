/**
 * Key administration inside the HSMs: deleteKey, setAttribute (TOKEN 0→1), findSingleKey,
 * getKeyInfo and listUsers (kmu-commands.md §2.5, §4.2, §4.4, §4.5, §4.7; users-and-keys.md §4.2,
 * §5; attributes.md §2). Each function only reads and stages writes in the caller's Tx; session-key
 * changes are returned as `apply`, run after the commit.
 */
import { A, CLASS, kmuSetAllows } from './attributes';
import { allNodes } from './auth';
import { RC, SERVER_DOWN } from './codes';
import { lookupKey } from './keys';
import type { ClusterRecord, KeyRecord, UserRecord } from './model';
import { keyAllows } from './policy';
import type { KmuSession, NodeStatus } from './session';
import type { Tx } from './tx';
import type { Hsm } from './world';

export interface AdminOutcome {
  code: number;
  /** The function whose line reports `code` (deleteKey reports an unknown handle via Cfm3FindKey). */
  fn?: string;
  nodes: NodeStatus[];
  apply?: () => void;
}

const isSessionKey = (session: KmuSession, key: KeyRecord) => session.sessionKeys.get(key.handle) === key;

/** deleteKey: the find step (0xa8), then owner only (0xc6); every node is listed. */
export async function deleteKey(hsm: Hsm, tx: Tx, session: KmuSession, handle: number): Promise<AdminOutcome> {
  const cluster = await hsm.cluster(tx, session.cluster);
  const key = await lookupKey(tx, session, handle);
  if (!key) return { code: RC.INVALID_HANDLE, fn: 'Cfm3FindKey', nodes: allNodes(cluster, RC.INVALID_HANDLE) };
  if (!keyAllows(key, session.user!.userId, 'delete')) {
    return { code: RC.ACCESS_DENIED, fn: 'Cfm3DeleteKey', nodes: allNodes(cluster, RC.ACCESS_DENIED) };
  }
  const nodes = allNodes(cluster, RC.SUCCESS);
  if (isSessionKey(session, key)) {
    return { code: RC.SUCCESS, fn: 'Cfm3DeleteKey', nodes, apply: () => session.sessionKeys.delete(handle) };
  }
  tx.delete('keys', key.id); // its handle is never reused: the object index does not go back
  return { code: RC.SUCCESS, fn: 'Cfm3DeleteKey', nodes };
}

/**
 * KMU setAttribute -a 1 with the prompted value (attributes.md §2: TOKEN 0→1 only, owner only).
 * A session key becomes a token key: it leaves the session's memory for the store and is cloned
 * to every HSM that is up (cluster.md §3.2). Setting 1 on a token key is a successful no-op.
 */
export async function makeTokenKey(hsm: Hsm, tx: Tx, session: KmuSession, handle: number, value: number): Promise<AdminOutcome> {
  const cluster = await hsm.cluster(tx, session.cluster);
  const failed = (code: number): AdminOutcome => ({ code, nodes: allNodes(cluster, code) });
  const key = await lookupKey(tx, session, handle);
  if (!key) return failed(RC.INVALID_HANDLE);
  if (!keyAllows(key, session.user!.userId, 'setAttribute')) return failed(RC.ACCESS_DENIED);
  if (!kmuSetAllows(A.TOKEN, key.attrs[A.TOKEN], value)) return failed(RC.ATTRIBUTE_READ_ONLY); // TOKEN: 1 only, never back to 0
  const nodes = allNodes(cluster, RC.SUCCESS);
  if (!isSessionKey(session, key)) return { code: RC.SUCCESS, nodes };
  const holders = cluster.hsms.filter((h) => h.state === 'up').map((h) => h.node);
  tx.put<KeyRecord>('keys', { ...key, attrs: { ...key.attrs, [A.TOKEN]: 1 }, holders });
  return { code: RC.SUCCESS, nodes, apply: () => session.sessionKeys.delete(handle) };
}

/** findSingleKey (G-33): per node 0x00 if it holds the key, 0xa8 if not, 0x30000085 if down. */
export async function findSingleKey(hsm: Hsm, tx: Tx, session: KmuSession, handle: number): Promise<AdminOutcome> {
  const cluster = await hsm.cluster(tx, session.cluster);
  const key = await lookupKey(tx, session, handle);
  if (!key) return { code: RC.INVALID_HANDLE, nodes: allNodes(cluster, RC.INVALID_HANDLE) };
  if (!keyAllows(key, session.user!.userId, 'list')) return { code: RC.ACCESS_DENIED, nodes: allNodes(cluster, RC.ACCESS_DENIED) };
  const nodes = cluster.hsms.map((h) => ({
    node: h.node,
    code: h.state !== 'up' ? SERVER_DOWN : key.holders.includes(h.node) ? RC.SUCCESS : RC.INVALID_HANDLE,
  }));
  const code = nodes.some((n) => n.code === RC.INVALID_HANDLE) ? RC.INVALID_HANDLE
    : nodes.some((n) => n.code === SERVER_DOWN) ? SERVER_DOWN : RC.SUCCESS;
  return { code, nodes };
}

export interface KeyInfo {
  code: number;
  owner?: number;
  shared?: number[];
  mValue?: number;
}

/** getKeyInfo: owner, share list and quorum; public keys report only the owner (§4.5). */
export async function keyInfo(tx: Tx, session: KmuSession, handle: number): Promise<KeyInfo> {
  const key = await lookupKey(tx, session, handle);
  if (!key) return { code: RC.INVALID_HANDLE };
  if (!keyAllows(key, session.user!.userId, 'read')) return { code: RC.ACCESS_DENIED };
  if (key.attrs[A.CLASS] === CLASS.PUBLIC) return { code: RC.SUCCESS, owner: key.owner, shared: [], mValue: 0 };
  return { code: RC.SUCCESS, owner: key.owner, shared: [...key.shared], mValue: key.mValue };
}

export interface UserRow {
  userId: number;
  type: string;
  name: string;
  mofnPubKey: boolean;
  loginFailures: number;
  twoFA: boolean;
}

/**
 * listUsers: the users of the HSMs that are up, one row per user ID in ID order; the failure
 * count is the highest of any HSM (spec README decision 6).
 */
export async function listUsers(hsm: Hsm, tx: Tx, session: KmuSession): Promise<UserRow[]> {
  const cluster: ClusterRecord = await hsm.cluster(tx, session.cluster);
  const rows = new Map<number, UserRow>();
  for (const h of cluster.hsms.filter((x) => x.state === 'up')) {
    for (const u of await tx.list<UserRecord>('users', `${cluster.name}/${h.node}/`)) {
      const row = rows.get(u.userId);
      if (row) row.loginFailures = Math.max(row.loginFailures, u.loginFailures);
      else rows.set(u.userId, { userId: u.userId, type: u.type, name: u.name, mofnPubKey: u.mofnPubKey, loginFailures: u.loginFailures, twoFA: u.twoFA });
    }
  }
  return [...rows.values()].sort((a, b) => a.userId - b.userId);
}
