/**
 * CloudHSM CLI logins (cloudhsm-cli.md §3.1, §3.2, §5.1, §5.7, §5.8): the role checks, the
 * credentials checked on every HSM that is up, locking, `HSM is disconnected`, `--cluster-id`, and the
 * gate every CLI command passes first. Contract: the users branch fills in the bodies; the
 * signatures are fixed.
 */
import { ensureServing, findUserByName } from '../auth';
import type { CliRole, CliSession } from '../cli-session';
import { RC } from '../codes';
import type { ClusterRecord, UserType } from '../model';
import { loginOn, type NodeLogin } from '../users';
import type { Hsm } from '../world';
import type { CliRefusal } from './cli-refusal';
import { chooseServingNode, endSession, logoutUser } from './session';
import { runOp, type OpScope } from './runner';

/** What a command needs before it runs. */
export interface CliNeeds {
  /** The roles that may run it; absent: no login needed (`user list`, `cluster hsm-info`). */
  readonly roles?: readonly CliRole[];
  /** `--cluster-id` as given: it must name the current cluster (G-CLI-28). */
  readonly clusterId?: string;
}

/** Every CLI role (the commands any logged-in user may run). */
export const ANY_ROLE: readonly CliRole[] = ['admin', 'crypto-user'];

/**
 * The model's user types as the CLI names them (§5.1, G-CLI-25), as data: PCO and CO are `admin`,
 * CU `crypto-user`, AU `internal(APPLIANCE_USER)`, PRECO `unactivated-admin`.
 */
export const CLI_ROLE_NAME: Readonly<Record<UserType, string>> = {
  PCO: 'admin', CO: 'admin', CU: 'crypto-user', AU: 'internal(APPLIANCE_USER)', PRECO: 'unactivated-admin',
};

/**
 * The user type a `--role` value names when a login, create, delete or change-password looks a
 * user up ('CO' also matches a PCO, users.ts). `--role` only takes the two values (the parser
 * checks them against the table), so AU and PRECO are never named.
 */
export const USER_TYPE_OF_ROLE: Readonly<Record<CliRole, UserType>> = { 'admin': 'CO', 'crypto-user': 'CU' };

/** The up HSMs of a cluster, in node order. */
export function upNodes(cluster: ClusterRecord): number[] {
  return cluster.hsms.filter((h) => h.state === 'up').map((h) => h.node).sort((a, b) => a - b);
}

/**
 * The cluster a session works on: the one it logged in to, else the current cluster. `--cluster-id`
 * must name the current cluster (G-CLI-28), else the refusal.
 */
async function sessionCluster(
  scope: OpScope, session: CliSession, clusterId: string | undefined,
): Promise<{ cluster: ClusterRecord } | { refusal: CliRefusal }> {
  const { hsm, tx } = scope;
  const current = session.user ? session.cluster : await hsm.currentClusterName(tx);
  if (clusterId !== undefined && clusterId !== current) return { refusal: { error: 'cluster-not-configured', id: clusterId } };
  return { cluster: await cliCluster(scope, session) };
}

/** The cluster a CLI command works on (after cliGate): the session's login's, else the current one. */
export async function cliCluster(scope: OpScope, session: CliSession): Promise<ClusterRecord> {
  return scope.hsm.cluster(scope.tx, session.user ? session.cluster : undefined);
}

/**
 * The checks every CLI command makes first, in order: `--cluster-id`, an HSM that is up
 * (`HSM is disconnected`), a login, the role (`Invalid user type for this operation`). Chooses the
 * serving HSM inside the unit of work when the session has a login. null: go on.
 */
export async function cliGate(scope: OpScope, session: CliSession, needs: CliNeeds): Promise<CliRefusal | null> {
  const found = await sessionCluster(scope, session, needs.clusterId);
  if ('refusal' in found) return found.refusal;
  if (upNodes(found.cluster).length === 0) return { error: 'disconnected' };
  if (needs.roles) {
    if (!session.user || session.role === null) return { error: 'not-logged-in' };
    if (!needs.roles.includes(session.role)) return { error: 'wrong-role' };
  }
  // A session whose HSM went down fails over to one that is up and loses its session keys
  // (cluster.md §5), as a KMU session does; they are gone even if this unit of work is retried.
  for (const handle of await ensureServing(scope.hsm, scope.tx, session)) scope.hsm.journal?.sessionKey('deleted', handle);
  return null;
}

/**
 * A refusal found after the unit of work has staged writes (the user change on the second HSM
 * refuses after the first changed): thrown inside the unit of work, so nothing of it is committed,
 * and answered by runCli as the refusal.
 */
export class CliAbort extends Error {
  constructor(readonly refusal: CliRefusal) {
    super(`refused: ${refusal.error}`);
    this.name = 'CliAbort';
  }
}

/** runOp for a CLI command whose work may throw CliAbort: the unit of work is dropped, the refusal returned. */
export async function runCli<T>(hsm: Hsm, work: (scope: OpScope) => Promise<T>): Promise<T | { readonly ok: false; readonly refusal: CliRefusal }> {
  try {
    return await runOp(hsm, work);
  } catch (e) {
    if (e instanceof CliAbort) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

/** The checks of cliGate in a unit of work of their own (before a command asks for a password). */
export async function cliCheck(hsm: Hsm, session: CliSession, needs: CliNeeds): Promise<CliRefusal | null> {
  return runOp(hsm, (scope) => cliGate(scope, session, needs));
}

/**
 * How one login attempt ends once the user is on every up HSM (§3.1): locked on any of them is
 * `User account is locked`, a wrong password on any the credential error.
 */
function loginVerdict(answers: readonly NodeLogin[]): CliRefusal | null {
  if (answers.some((a) => a.code === RC.ACCOUNT_LOCKED)) return { error: 'locked' };
  if (answers.some((a) => a.code !== RC.SUCCESS)) return { error: 'bad-credentials' };
  return null;
}

/** `login`: on success the session holds the user and role (applied after the commit). */
export async function cliLogin(
  hsm: Hsm, session: CliSession, who: { readonly username: string; readonly role: CliRole; readonly password: string; readonly clusterId?: string },
): Promise<{ ok: true; username: string; role: CliRole } | { ok: false; refusal: CliRefusal }> {
  return runOp(hsm, async (scope) => {
    const { tx } = scope;
    const found = await sessionCluster(scope, session, who.clusterId);
    if ('refusal' in found) return { ok: false, refusal: found.refusal };
    const { cluster } = found;
    const up = upNodes(cluster);
    if (up.length === 0) return { ok: false, refusal: { error: 'disconnected' } };
    if (session.user) return { ok: false, refusal: { error: 'already-logged-in' } };
    const type = USER_TYPE_OF_ROLE[who.role];
    // Presence first: a user missing on an up HSM is refused before any password is tried there,
    // so no counter moves (G-CLI-24).
    const present: boolean[] = [];
    for (const node of up) {
      const u = await findUserByName(tx, cluster.name, node, who.username);
      present.push(u !== undefined && CLI_ROLE_NAME[u.type] === who.role);
    }
    if (!present.some(Boolean)) return { ok: false, refusal: { error: 'bad-credentials' } };
    if (!present.every(Boolean)) return { ok: false, refusal: { error: 'user-not-everywhere' } };
    // Every up HSM checks the password and counts its own failures; a success resets them (§3.1).
    const answers: NodeLogin[] = [];
    for (const node of up) answers.push(await loginOn(hsm, tx, cluster.name, node, type, who.username, who.password));
    const refusal = loginVerdict(answers);
    if (refusal) return { ok: false, refusal };
    const user = answers[0]!.user!;
    const serving = chooseServingNode(hsm, cluster);
    const role = who.role;
    scope.after(() => {
      session.cluster = cluster.name;
      session.user = { userId: user.userId, name: user.name };
      session.role = role;
      session.servingNode = serving;
      session.sessionKeys.clear();
    });
    return { ok: true, username: who.username.toLowerCase(), role };
  });
}

/** `logout` (and `quit`, silently): ends the login and destroys the session's session keys. */
export async function cliLogout(hsm: Hsm, session: CliSession): Promise<{ ok: true } | { ok: false; refusal: CliRefusal }> {
  return runOp(hsm, async (scope) => {
    const gate = await cliGate(scope, session, { roles: ANY_ROLE });
    if (gate) return { ok: false, refusal: gate };
    await logoutUser(scope, session); // the session's keys are reported deleted; the login ends after the commit
    return { ok: true };
  });
}

/**
 * Leaving the console (`quit`, `exit`, Ctrl-D, the end of a single command): the login ends
 * without a word and the session keys are destroyed, even when no HSM is up (§1.1, §5.8).
 */
export async function cliEnd(hsm: Hsm, session: CliSession): Promise<void> {
  await runOp(hsm, (scope) => endSession(scope, session));
}
