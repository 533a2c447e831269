/**
 * loginHSM / logoutHSM on the HSM side (kmu-commands.md §2.1–2.2, users-and-keys.md §3,
 * errors.md §4.1). Failed attempts are checked and counted by one HSM — the reachable HSM with the
 * lowest node id — so lockout is predictable; the account locks when that counter reaches 5.
 */
import { fromHex } from '../crypto/hex';
import { bytesEqual } from '../crypto/kdf';
import { randomInt } from '../crypto/rng';
import { RC, SERVER_DOWN } from './codes';
import type { ClusterRecord, UserRecord, UserType } from './model';
import { userRecordId } from './model';
import type { KmuSession, NodeStatus } from './session';
import type { Tx } from './tx';
import type { Hsm } from './world';

export const LOCKOUT_THRESHOLD = 5;

export interface LoginOutcome {
  code: number;
  /** Empty when no cluster block is printed (client-side refusals such as 0xe8). */
  nodes: NodeStatus[];
  /** Applied to the session only after the transaction committed. */
  apply?: () => void;
}

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

export async function login(
  hsm: Hsm, tx: Tx, session: KmuSession, type: UserType, name: string, password: string,
): Promise<LoginOutcome> {
  if (session.user) return { code: RC.ALREADY_LOGGED_IN, nodes: [] };
  const cluster = await hsm.cluster(tx);
  const up = cluster.hsms.filter((h) => h.state === 'up');
  const fail = (code: number): LoginOutcome => ({ code, nodes: allNodes(cluster, code) });
  if (up.length === 0) return fail(RC.SERVER_UNAVAILABLE);
  if (type !== 'CU') return fail(RC.INVALID_USER_TYPE);
  const checker = up[0]!.node;
  const user = await findUserByName(tx, cluster.name, checker, name);
  // A CU login naming a user of another type answers 0x9d (spec README decision 6).
  if (!user || user.type !== 'CU') return fail(RC.USER_NOT_FOUND);
  if (user.loginFailures >= LOCKOUT_THRESHOLD) return fail(RC.ACCOUNT_LOCKED);
  if (!(await verifyPassword(hsm, user, password))) {
    tx.put<UserRecord>('users', { ...user, loginFailures: user.loginFailures + 1 });
    return fail(RC.LOGIN_FAILURE);
  }
  if (user.loginFailures !== 0) tx.put<UserRecord>('users', { ...user, loginFailures: 0 });
  const pinned = up.find((h) => h.node === cluster.pinnedServingNode);
  const serving = pinned ? pinned.node : up[randomInt(hsm.deps.rng, up.length)]!.node;
  return {
    code: RC.SUCCESS,
    nodes: allNodes(cluster, RC.SUCCESS),
    apply: () => {
      session.cluster = cluster.name;
      session.user = { userId: user.userId, name: user.name };
      session.servingNode = serving;
      session.sessionKeys.clear();
    },
  };
}

export async function logout(hsm: Hsm, tx: Tx, session: KmuSession): Promise<LoginOutcome> {
  if (!session.user) return { code: RC.NOT_LOGGED_IN, nodes: [] };
  const cluster = await hsm.cluster(tx, session.cluster);
  return { code: RC.SUCCESS, nodes: allNodes(cluster, RC.SUCCESS), apply: () => session.end() };
}


/**
 * Failover (cluster.md §5): when the HSM serving a KMU session is down or gone, the load balancer
 * moves the session to a running HSM; the session keys, which lived only on the lost HSM, are gone.
 */
export async function ensureServing(hsm: Hsm, tx: Tx, session: KmuSession): Promise<void> {
  if (!session.user) return;
  const cluster = await hsm.cluster(tx, session.cluster);
  const up = cluster.hsms.filter((h) => h.state === 'up');
  if (up.some((h) => h.node === session.servingNode) || up.length === 0) return;
  session.servingNode = up[randomInt(hsm.deps.rng, up.length)]!.node;
  session.sessionKeys.clear();
}
