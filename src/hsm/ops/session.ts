/**
 * Logging a crypto user in and out of the cluster, and ending a session (kmu-commands.md
 * §2.1–2.3, users-and-keys.md §3, errors.md §4.1). Failed attempts are checked and counted by one
 * HSM — the reachable HSM with the lowest node id — so lockout is predictable; the account locks
 * when that counter reaches 5. The session changes only after the commit (through the scope).
 */
import { randomInt } from '../../crypto/rng';
import { allNodes, findUserByName, LOCKOUT_THRESHOLD, verifyPassword } from '../auth';
import { RC } from '../codes';
import type { ClusterRecord, UserRecord, UserType } from '../model';
import type { Hsm } from '../world';
import type { KmuSession } from '../session';
import { ladder, type Outcome } from './outcome';
import type { OpScope } from './runner';

export interface LoginRequest {
  type: UserType;
  name: string;
  password: string;
}

/**
 * Checks, in order: already logged in (0xe8, no HSM asked: no node status), an HSM up (0x30000085),
 * a crypto user (0xdb), the user exists as a CU (0x9d), not locked (0xe4), the password (0xa3,
 * counted). On success the serving HSM is the pinned one if up, else a random HSM that is up.
 */
export async function loginUser(scope: OpScope, session: KmuSession, req: LoginRequest): Promise<Outcome> {
  const { hsm, tx } = scope;
  if (session.user) return ladder(['login'], RC.ALREADY_LOGGED_IN);
  const cluster = await hsm.cluster(tx);
  const up = cluster.hsms.filter((h) => h.state === 'up');
  const fail = (code: number) => ladder(['login'], code, allNodes(cluster, code));
  if (up.length === 0) return fail(RC.SERVER_UNAVAILABLE);
  if (req.type !== 'CU') return fail(RC.INVALID_USER_TYPE);
  const checker = up[0]!.node;
  const user = await findUserByName(tx, cluster.name, checker, req.name);
  // A CU login naming a user of another type answers 0x9d (spec README decision 6).
  if (!user || user.type !== 'CU') return fail(RC.USER_NOT_FOUND);
  if (user.loginFailures >= LOCKOUT_THRESHOLD) return fail(RC.ACCOUNT_LOCKED);
  if (!(await verifyPassword(hsm, user, req.password))) {
    tx.put<UserRecord>('users', { ...user, loginFailures: user.loginFailures + 1 });
    return fail(RC.LOGIN_FAILURE);
  }
  if (user.loginFailures !== 0) tx.put<UserRecord>('users', { ...user, loginFailures: 0 });
  const serving = chooseServingNode(hsm, cluster);
  scope.after(() => {
    session.cluster = cluster.name;
    session.user = { userId: user.userId, name: user.name };
    session.servingNode = serving;
    session.sessionKeys.clear();
  });
  return ladder(['login'], RC.SUCCESS, allNodes(cluster, RC.SUCCESS));
}

/**
 * The HSM that serves a session from its login on (cluster.md §3.2): the pinned one if up, else a
 * random HSM that is up (the cluster has one: the caller checked).
 */
export function chooseServingNode(hsm: Hsm, cluster: ClusterRecord): number {
  const up = cluster.hsms.filter((h) => h.state === 'up');
  const pinned = up.find((h) => h.node === cluster.pinnedServingNode);
  return pinned ? pinned.node : up[randomInt(hsm.deps.rng, up.length)]!.node;
}

/** The session's keys go with it (reported as deleted). */
function dropSessionKeys(scope: OpScope, session: KmuSession): number[] {
  const gone = [...session.sessionKeys.keys()];
  for (const h of gone) scope.sessionKey('deleted', h);
  return gone;
}

/** logout: not logged in (0xe3, no HSM asked), else every node answers and the session ends. */
export async function logoutUser(scope: OpScope, session: KmuSession): Promise<Outcome> {
  if (!session.user) return ladder(['logout'], RC.NOT_LOGGED_IN);
  const cluster = await scope.hsm.cluster(scope.tx, session.cluster);
  const deleted = dropSessionKeys(scope, session);
  scope.after(() => session.end());
  return ladder(['logout'], RC.SUCCESS, allNodes(cluster, RC.SUCCESS), { deleted });
}

/** Leaving the program (exit): the login ends without an HSM step; session keys disappear. */
export async function endSession(scope: OpScope, session: KmuSession): Promise<Outcome> {
  const deleted = dropSessionKeys(scope, session);
  scope.after(() => session.end());
  return ladder([], RC.SUCCESS, [], { deleted });
}
