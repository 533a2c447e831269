/**
 * cloudhsm_mgmt_util's user operations (users-and-keys.md §3, §9.1–9.5, §9.14): login and logout
 * (their session effects applied after the commit), createUser, deleteUser, changePswd, syncUser
 * and listUsers. Typed arguments, typed outcomes: per-server results, the session effects; the
 * console words them.
 */
import { RC } from '../codes';
import { refusedWith, type CmuRefusal } from '../cmu-results';
import type { CmuSession, CmuUser } from '../cmu-session';
import type { UserRecord, UserType } from '../model';
import {
  changePasswordOn, createUserOn, deleteUserOn, loginOn, makeVerifier, syncUserTo, usersOn,
} from '../users';
import type { Hsm } from '../world';
import {
  changeOnServers, gate, isReached, objectChanges, readServers, reach, targets, type ChangeOutcome, type CmuOutcome,
  type ObjectChanges, type Recovery, type ServerResult,
} from './cmu-servers';
import { runOp } from './runner';

/** Who the session is, after a login or logout (applied to the session after the commit). */
export interface CmuSessionEffect {
  /** The user logged in from now on (null: nobody), when it changed. */
  user?: CmuUser | null;
  /** HSMs now logged in to: node → the user's id there. */
  loggedIn?: ReadonlyMap<number, number>;
  /** HSMs logged out of. */
  loggedOut?: readonly number[];
}

export type LoginOutcome = CmuOutcome<{ userId: number }> & { readonly effect?: CmuSessionEffect };

export interface Credentials {
  type: UserType;
  name: string;
  password: string;
}

/**
 * loginHSM: every target server checks the password and counts its own failures (§3). The first
 * server that accepts makes the session's user; the session learns of every accepting HSM.
 */
export async function cmuLogin(hsm: Hsm, session: CmuSession, who: Credentials): Promise<LoginOutcome> {
  if (session.user) return { refused: refusedWith(RC.ALREADY_LOGGED_IN) };
  const denied = gate('loginHSM', session);
  if (denied) return { refused: denied };
  return runOp(hsm, async (scope) => {
    const { tx } = scope;
    const servers: ServerResult<{ userId: number }>[] = [];
    const loggedIn = new Map<number, number>();
    let user: CmuUser | null = null;
    for (const server of targets(session)) {
      const node = session.servers[server]!;
      const at = await reach(hsm, tx, session, server, false);
      if (!isReached(at)) {
        servers.push({ server, node, ok: false, refusal: at });
        continue;
      }
      const result = await loginOn(hsm, tx, session.cluster, at.node, who.type, who.name, who.password);
      if (result.code !== RC.SUCCESS) {
        servers.push({ server, node, ok: false, refusal: refusedWith(result.code) });
        continue;
      }
      const u = result.user!;
      loggedIn.set(node, u.userId);
      user ??= { userId: u.userId, name: u.name, type: u.type };
      servers.push({ server, node, ok: true, value: { userId: u.userId } });
    }
    if (!user) return { servers };
    const effect: CmuSessionEffect = { user, loggedIn };
    scope.after(() => applyEffect(session, effect));
    return { servers, effect };
  });
}

/**
 * logoutHSM: out of every target server the session is logged in to. A down HSM drops its
 * sessions anyway: once no server is left (or in global mode), the login is over.
 */
export async function cmuLogout(hsm: Hsm, session: CmuSession): Promise<LoginOutcome> {
  const denied = gate('logoutHSM', session);
  if (denied) return { refused: denied };
  return runOp(hsm, async (scope) => {
    const servers: ServerResult<{ userId: number }>[] = [];
    const out: number[] = [];
    for (const server of targets(session)) {
      const node = session.servers[server]!;
      const at = await reach(hsm, scope.tx, session, server, true);
      if (!isReached(at)) servers.push({ server, node, ok: false, refusal: at });
      else {
        out.push(node);
        servers.push({ server, node, ok: true, value: { userId: at.userId! } });
      }
    }
    const remaining = [...session.loggedOn.keys()].filter((n) => !out.includes(n));
    const over = session.serverMode === null || remaining.length === 0;
    const effect: CmuSessionEffect = over ? { user: null, loggedOut: [...session.loggedOn.keys()] } : { loggedOut: out };
    scope.after(() => applyEffect(session, effect));
    return { servers, effect };
  });
}

function applyEffect(session: CmuSession, effect: CmuSessionEffect): void {
  for (const node of effect.loggedOut ?? []) session.loggedOn.delete(node);
  for (const [node, id] of effect.loggedIn ?? []) session.loggedOn.set(node, id);
  if (effect.user !== undefined) session.user = effect.user;
}

/** The refusal a user-management operation gives before any server, if any (§2.3). */
export type Gated = { readonly refused: CmuRefusal };

/** The outcome of a change on every server. */
export type UserChange = Gated | ChangeOutcome;

export interface NewUserArgs {
  type: UserType;
  name: string;
  password: string;
}

/** A refusal of one server is answered by the console (errors.md §1.3): retry, ignore, abort, roll back. */
export type Report = (attempt: ServerResult) => Promise<Recovery | void>;

/** createUser on every target server (CO only): one salt, the same verifier on every HSM. */
export async function cmuCreateUser(hsm: Hsm, session: CmuSession, u: NewUserArgs, report: Report): Promise<UserChange> {
  const denied = gate('createUser', session);
  if (denied) return { refused: denied };
  const verifier = await makeVerifier(hsm, u.password);
  return changeOnServers(hsm, session, (tx, node) => createUserOn(tx, session.cluster, node, { type: u.type, name: u.name, verifier }), report);
}

/** deleteUser on every target server (CO only): never a logged-in user, nor a CU that owns keys. */
export async function cmuDeleteUser(hsm: Hsm, session: CmuSession, type: UserType, name: string, report: Report): Promise<UserChange> {
  const denied = gate('deleteUser', session);
  if (denied) return { refused: denied };
  return changeOnServers(hsm, session, (tx, node, userId) =>
    deleteUserOn(tx, session.cluster, node, type, name, userId === undefined ? null : { userId }, hsm.deps.logins?.()), report);
}

/** Whether `name` is the session's own user (changePswd of one's own password, §9.4). */
const isOwnUser = (session: CmuSession, name: string): boolean =>
  session.user !== null && session.user.name.toLowerCase() === name.toLowerCase();

/** The §2.3 gate of changePswd: one's own password, or a CO changing another's. */
export const changePasswordGate = (session: CmuSession, name: string) =>
  gate(isOwnUser(session, name) ? 'changePswdOwn' : 'changePswdOther', session);

/** changePswd on every target server (§9.4): anyone their own, a CO anyone's (which lifts a lockout). */
export async function cmuChangePassword(hsm: Hsm, session: CmuSession, u: NewUserArgs, report: Report): Promise<UserChange> {
  const denied = changePasswordGate(session, u.name);
  if (denied) return { refused: denied };
  const own = isOwnUser(session, u.name);
  const verifier = await makeVerifier(hsm, u.password);
  return changeOnServers(hsm, session, (tx, node, userId) => changePasswordOn(tx, session.cluster, node, u.type, u.name, verifier,
    { own, loggedIn: userId === undefined ? null : { userId }, elsewhere: hsm.deps.logins?.() }), report);
}

export type SyncOutcome = Gated | { readonly result: CmuRefusal | null; readonly objects?: ObjectChanges };

/**
 * syncUser (§9.14): a CO copies one user — password verifier included — from server `source`
 * (the console's server mode) to server `dest`. Both ends need the caller's login.
 */
export async function cmuSyncUser(hsm: Hsm, session: CmuSession, userId: number, source: number, dest: number): Promise<SyncOutcome> {
  const denied = gate('syncUser', session);
  if (denied) return { refused: denied };
  return runOp(hsm, async ({ tx }) => {
    const from = await reach(hsm, tx, session, source, true);
    if (!isReached(from)) return { result: from };
    const to = await reach(hsm, tx, session, dest, true);
    if (!isReached(to)) return { result: to };
    const result = await syncUserTo(tx, session.cluster, from.node, to.node, userId);
    return result === null ? { result, objects: objectChanges(tx) } : { result };
  });
}

/** listUsers (§9.5): no login needed; the users of every target server (they may differ). */
export async function cmuListUsers(hsm: Hsm, session: CmuSession): Promise<ServerResult<UserRecord[]>[]> {
  return readServers(hsm, session, false, async (tx, at) => ({ value: await usersOn(tx, session.cluster, at.node) }));
}
