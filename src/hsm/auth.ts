/**
 * Users and sessions on the HSM side, shared by the operations: password checks, the lockout
 * threshold, every node's status, and the failover of a session whose HSM went down. The login
 * and logout ladders are operations (ops/session.ts).
 */
import { fromHex } from '../crypto/hex';
import { bytesEqual } from '../crypto/kdf';
import { randomInt } from '../crypto/rng';
import { SERVER_DOWN } from './codes';
import type { ClusterRecord, UserRecord } from './model';
import { NOT_HELD } from './store';
import type { KmuSession, NodeStatus } from './session';
import type { Tx } from './tx';
import type { Hsm } from './world';

export const LOCKOUT_THRESHOLD = 5;

/** Every node of the cluster with `code`, except unreachable ones (0x30000085). */
export function allNodes(cluster: ClusterRecord, code: number): NodeStatus[] {
  return cluster.hsms.map((h) => ({ node: h.node, code: h.state === 'up' ? code : SERVER_DOWN }));
}


export async function verifyPassword(hsm: Hsm, user: UserRecord, password: string): Promise<boolean> {
  const v = user.verifier;
  if (!v) return false;
  const got = await hsm.deps.kdf.derive(password, fromHex(v.salt), v.iterations);
  return bytesEqual(got, fromHex(v.hash));
}

export async function findUserByName(tx: Tx, cluster: string, node: number, name: string): Promise<UserRecord | undefined> {
  const users = await tx.list<UserRecord>('users', `${cluster}/${node}/`);
  const lower = name.toLowerCase(); // user names are not case-sensitive (users-and-keys.md §3.1)
  return users.find((u) => u.name.toLowerCase() === lower);
}

/**
 * Failover (cluster.md §5): when the HSM serving a KMU session is down or gone, the load balancer
 * moves the session to a running HSM; the session keys, which lived only on the lost HSM, are gone
 * (their handles are returned).
 */
export async function ensureServing(hsm: Hsm, tx: Tx, session: KmuSession): Promise<number[]> {
  if (!session.user) return [];
  return moveServing(hsm, await hsm.cluster(tx, session.cluster), session);
}

/**
 * ensureServing without a promise when the session's cluster is at hand in the unit of work
 * (tx.peek); NOT_HELD when it must be read (then call ensureServing). Runs before every operation
 * of a KMU session.
 */
export function ensureServingNow(hsm: Hsm, tx: Tx, session: KmuSession): number[] | typeof NOT_HELD {
  if (!session.user) return NO_HANDLES;
  const cluster = hsm.clusterNow(tx, session.cluster);
  return cluster === NOT_HELD ? NOT_HELD : moveServing(hsm, cluster, session);
}

const NO_HANDLES: number[] = [];

/** The failover itself, on the session's cluster as read. */
function moveServing(hsm: Hsm, cluster: ClusterRecord, session: KmuSession): number[] {
  // (no array made when the serving HSM is up)
  let upCount = 0;
  for (const h of cluster.hsms) {
    if (h.state !== 'up') continue;
    if (h.node === session.servingNode) return NO_HANDLES;
    upCount++;
  }
  if (upCount === 0) return NO_HANDLES;
  const up = cluster.hsms.filter((h) => h.state === 'up');
  session.servingNode = up[randomInt(hsm.deps.rng, upCount)]!.node;
  const lost = [...session.sessionKeys.keys()];
  session.sessionKeys.clear();
  return lost;
}
