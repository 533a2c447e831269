/**
 * The CloudHSM CLI's user commands on the model (cloudhsm-cli.md §3.3–§3.7, §5.1, §5.6, §5.7):
 * `user list` with role, locked and coverage over the HSMs that are up; `user create` on every up
 * HSM, which is also the documented repair of a user missing on some (G-CLI-24); `user delete`;
 * `user change-password`; `cluster hsm-info`. Users live per HSM and never synchronise, so every
 * change acts on the up HSMs only (§5.7). Each function runs inside the caller's unit of work,
 * after cliGate; a refusal stages nothing (a refusal found after a write aborts the unit of work).
 */
import { findUserByName, LOCKOUT_THRESHOLD } from '../auth';
import type { CliRole, CliSession } from '../cli-session';
import { RC } from '../codes';
import type { CmuReason, ServerFailure } from '../cmu-results';
import type { ActiveLogin } from '../logins';
import type { PasswordVerifier, UserRecord } from '../model';
import { HSM_HARDWARE, hardwareInfo } from '../network';
import { changePasswordOn, createUserOn, deleteUserOn, nextUserIdOn, usersOn } from '../users';
import type { CliRefusal } from './cli-refusal';
import { CLI_ROLE_NAME, CliAbort, cliCluster, upNodes, USER_TYPE_OF_ROLE } from './cli-session';
import type { OpScope } from './runner';

/** `"full"` or `"inconsistent"` over the HSMs that are up (§5.6). */
export type UserCoverage = 'full' | 'inconsistent';

/** One user of `user list` (§3.3), in the spec's field order. */
export interface CliUserRow {
  readonly username: string;
  /** admin, crypto-user, internal(APPLIANCE_USER), unactivated-admin, or inconsistent. */
  readonly role: string;
  /** A string (G-CLI-23): "true", "false" or "inconsistent". */
  readonly locked: 'true' | 'false' | 'inconsistent';
  readonly coverage: UserCoverage;
}

/** One value if every HSM agrees, else "inconsistent". */
const agreed = <T extends string>(values: readonly T[]): T | 'inconsistent' =>
  values.every((v) => v === values[0]) ? values[0]! : 'inconsistent';

/** Internal users (the AU) come last (G-CLI-22). */
const isInternal = (records: readonly UserRecord[]): boolean => records.every((u) => u.type === 'AU');

/**
 * `user list` (§3.3): one row per user name found on any up HSM (names compare case-insensitively
 * and print in lower case); admins and crypto users by user id, then internal users (G-CLI-22).
 */
export async function cliUserList(scope: OpScope, session: CliSession): Promise<CliUserRow[]> {
  const cluster = await cliCluster(scope, session);
  const up = upNodes(cluster);
  const byName = new Map<string, UserRecord[]>();
  for (const node of up) {
    for (const u of await usersOn(scope.tx, cluster.name, node)) {
      const name = u.name.toLowerCase();
      const list = byName.get(name);
      if (list) list.push(u);
      else byName.set(name, [u]);
    }
  }
  const entries = [...byName.entries()].map(([name, records]) => ({
    name, records, id: Math.min(...records.map((r) => r.userId)), internal: isInternal(records),
  }));
  entries.sort((a, b) => Number(a.internal) - Number(b.internal) || a.id - b.id || (a.name < b.name ? -1 : 1));
  return entries.map(({ name, records }) => ({
    username: name,
    role: agreed(records.map((r) => CLI_ROLE_NAME[r.type])),
    locked: agreed(records.map((r) => (r.loginFailures >= LOCKOUT_THRESHOLD ? 'true' as const : 'false' as const))),
    coverage: new Set(records.map((r) => r.node)).size === up.length ? 'full' : 'inconsistent',
  }));
}

/** The §2.8 refusal of a user change one HSM refused (users.ts words it as CMU does). */
const REFUSAL_OF: Readonly<Record<CmuReason, CliRefusal>> = {
  userExists: { error: 'user-exists' },
  userLoggedIn: { error: 'user-logged-in' },
  userOwnsKeys: { error: 'user-owns-keys' },
  // 1,024 users per HSM (users-and-keys.md §3.1): the CLI has no text of its own for it.
  maxUsers: { error: 'user-exists' },
};

/** Whether one HSM's answer is "no such user (of that type)" — the HSM is skipped, not a failure. */
const notThere = (f: ServerFailure): boolean => f !== null && 'code' in f && f.code === RC.USER_NOT_FOUND;

/** Abort the whole change (every HSM) on a refusal of one. */
function abortOn(f: ServerFailure): void {
  if (f === null || notThere(f)) return;
  throw new CliAbort('reason' in f ? REFUSAL_OF[f.reason] : { error: 'no-such-user' });
}

/** Every login held now, this session's own included (it counts as "logged in" for delete, §3.5). */
function loginsWithOwn(scope: OpScope, session: CliSession): ActiveLogin[] {
  const all = [...(scope.hsm.deps.logins?.() ?? [])];
  if (session.user) all.push({ cluster: session.cluster, name: session.user.name, nodes: 'all' });
  return all;
}

export interface CliUserChange {
  readonly username: string;
  readonly role: CliRole;
}

/**
 * `user create` (§3.4): the user is created on every up HSM with the next free id; a user already
 * on some up HSMs with that role is given to the others with the id it has there and the password
 * given now (the repair of G-CLI-24); on every up HSM, or under another role anywhere:
 * `User already exists`. Name and password rules are the caller's (isValidUserName, isValidPassword).
 */
export async function cliCreateUser(
  scope: OpScope, session: CliSession, u: CliUserChange & { readonly verifier: PasswordVerifier },
): Promise<CliRefusal | null> {
  const { tx } = scope;
  const cluster = await cliCluster(scope, session);
  const up = upNodes(cluster);
  const found = new Map<number, UserRecord>();
  for (const node of up) {
    const existing = await findUserByName(tx, cluster.name, node, u.username);
    if (existing) found.set(node, existing);
  }
  if (found.size === up.length) return { error: 'user-exists' };
  const others = [...found.values()];
  if (others.some((x) => CLI_ROLE_NAME[x.type] !== u.role)) return { error: 'user-exists' };
  const first = others[0];
  const name = first ? first.name : u.username.toLowerCase();
  const type = first ? first.type : USER_TYPE_OF_ROLE[u.role];
  const userId = first ? first.userId : await nextUserIdOn(tx, cluster.name, up);
  for (const node of up) {
    if (found.has(node)) continue;
    // The id the user has elsewhere, unless this HSM gave it to someone else meanwhile.
    const taken = (await usersOn(tx, cluster.name, node)).some((x) => x.userId === userId);
    abortOn(await createUserOn(tx, cluster.name, node, { type, name, verifier: u.verifier, userId: taken ? undefined : userId }));
  }
  return null;
}

/**
 * `user delete` (§3.5): the user with that name and role goes from every up HSM that has it; a
 * user logged in anywhere (this session included) or a crypto user owning keys is refused; nobody
 * with that name and role on any up HSM: `Specified user does not exist`.
 */
export async function cliDeleteUser(scope: OpScope, session: CliSession, u: CliUserChange): Promise<CliRefusal | null> {
  const cluster = await cliCluster(scope, session);
  const logins = loginsWithOwn(scope, session);
  let deleted = 0;
  for (const node of upNodes(cluster)) {
    const f = await deleteUserOn(scope.tx, cluster.name, node, USER_TYPE_OF_ROLE[u.role], u.username, null, logins);
    abortOn(f);
    if (f === null) deleted++;
  }
  return deleted === 0 ? { error: 'no-such-user' } : null;
}

/**
 * `user change-password` (§3.6): anyone their own password, an admin anyone's (a crypto user naming
 * another: `Invalid user type for this operation`). Set on every up HSM that has the user, which
 * resets the failure counters and unlocks; someone else's login anywhere refuses it.
 */
export async function cliChangePassword(
  scope: OpScope, session: CliSession, u: CliUserChange & { readonly verifier: PasswordVerifier },
): Promise<CliRefusal | null> {
  const own = session.user !== null && session.user.name.toLowerCase() === u.username.toLowerCase();
  if (!own && session.role !== 'admin') return { error: 'wrong-role' };
  const cluster = await cliCluster(scope, session);
  const elsewhere = scope.hsm.deps.logins?.() ?? [];
  let changed = 0;
  for (const node of upNodes(cluster)) {
    const f = await changePasswordOn(scope.tx, cluster.name, node, USER_TYPE_OF_ROLE[u.role], u.username, u.verifier,
      { own, loggedIn: null, elsewhere });
    abortOn(f);
    if (f === null) changed++;
  }
  return changed === 0 ? { error: 'no-such-user' } : null;
}

/** One HSM of `cluster hsm-info` (§3.7): every value a string, in the spec's order. */
export interface CliHsmInfo {
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber: string;
  readonly hardwareVersionMajor: string;
  readonly hardwareVersionMinor: string;
  readonly firmwareVersionMajor: string;
  readonly firmwareVersionMinor: string;
  readonly firmwareBuildNumber: string;
  readonly firmwareId: string;
  readonly fipsState: string;
}

/**
 * `cluster hsm-info` (§3.7, G-CLI-31): the HSMs that are up, in node order, with the facts CMU
 * getHSMInfo prints for the same HSM (network.ts); the firmware id is the CLI's form of the version.
 */
export async function cliHsmInfo(scope: OpScope, session: CliSession): Promise<CliHsmInfo[]> {
  const cluster = await cliCluster(scope, session);
  const hw = HSM_HARDWARE;
  const minor = String(hw.firmwareMinor).padStart(2, '0');
  return upNodes(cluster).map((node) => ({
    vendor: hw.vendor,
    model: hw.model,
    // (the serial number does not depend on the keys an HSM holds)
    serialNumber: hardwareInfo(cluster.name, node, 0).serial,
    hardwareVersionMajor: String(hw.hardwareMajor),
    hardwareVersionMinor: String(hw.hardwareMinor),
    firmwareVersionMajor: String(hw.firmwareMajor),
    firmwareVersionMinor: String(hw.firmwareMinor),
    firmwareBuildNumber: String(hw.buildNumber),
    firmwareId: `${hw.model.split(' ')[1]}-FW-${hw.firmwareMajor}.${minor}-${hw.buildNumber}`,
    fipsState: hw.fipsState,
  }));
}
