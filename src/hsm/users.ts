/**
 * HSM users on the HSM side, for cloudhsm_mgmt_util (users-and-keys.md §1, §3, §3.1, §9.1–9.5,
 * §9.14). Users live per HSM and are never synchronised: every function here works on ONE node
 * and only stages writes (the operation commits them all at once). A function that refuses returns
 * why (a return code or a named refusal, cmu-results.ts) and stages nothing.
 */
import { PBKDF2_ITERATIONS } from '../crypto/kdf';
import { randomBytes } from '../crypto/rng';
import { findUserByName, LOCKOUT_THRESHOLD, verifyPassword } from './auth';
import { RC } from './codes';
import { refusedFor, refusedWith, type ServerFailure } from './cmu-results';
import type { ClusterRecord, KeyRecord, PasswordVerifier, UserRecord, UserType } from './model';
import { userRecordId } from './model';
import type { Tx } from './tx';
import type { Hsm } from './world';
import { isLoggedIn, type ActiveLogin } from './logins';
import { toHex } from '../crypto/hex';

/** users-and-keys.md §3.1 and cluster.md §7, as data. */
const USER_RULES = {
  nameMaxLength: 31,
  /** Letters, digits and `_` — "the only special character permitted is `_`". */
  namePattern: /^[A-Za-z0-9_]+$/,
  passwordMinLength: 7,
  passwordMaxLength: 32,
  usersPerHsm: 1024,
} as const;

export function isValidUserName(name: string): boolean {
  return name.length <= USER_RULES.nameMaxLength && USER_RULES.namePattern.test(name);
}

export function isValidPassword(password: string): boolean {
  return password.length >= USER_RULES.passwordMinLength && password.length <= USER_RULES.passwordMaxLength;
}

/** A new password verifier: PBKDF2-SHA-256, 100,000 iterations, a fresh salt (README decision 10). */
export async function makeVerifier(hsm: Hsm, password: string): Promise<PasswordVerifier> {
  const salt = randomBytes(hsm.deps.rng, 16);
  const hash = await hsm.deps.kdf.derive(password, salt, PBKDF2_ITERATIONS);
  return { alg: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: toHex(salt), hash: toHex(hash) };
}

/** Whether `typed` names a user of `stored` type; CO and PCO are synonyms (U1, §2.2). */
function typeMatches(stored: UserType, typed: UserType): boolean {
  const norm = (t: UserType) => (t === 'PCO' ? 'CO' : t);
  return norm(stored) === norm(typed);
}

export function nodeUp(cluster: ClusterRecord, node: number): boolean {
  return cluster.hsms.some((h) => h.node === node && h.state === 'up');
}

export async function usersOn(tx: Tx, cluster: string, node: number): Promise<UserRecord[]> {
  return (await tx.list<UserRecord>('users', `${cluster}/${node}/`)).sort((a, b) => a.userId - b.userId);
}

const NOT_FOUND = refusedWith(RC.USER_NOT_FOUND);

/**
 * The highest user id ever issued per HSM, so ids are never reused after a deletion (U6). Kept in
 * the cluster record (an optional field; StoredRecord allows extra fields): node id → highest id.
 */
interface ClusterWithUserIds extends ClusterRecord {
  userIdHighWater?: Record<string, number>;
}

async function issueUserId(tx: Tx, cluster: string, node: number, users: UserRecord[], id?: number): Promise<number> {
  const rec = (await tx.get<ClusterWithUserIds>('clusters', cluster))!;
  const stored = rec.userIdHighWater?.[String(node)] ?? 0;
  const high = users.reduce((m, u) => Math.max(m, u.userId), stored); // no spread of a stored list into arguments
  const issued = id ?? high + 1;
  const newHigh = Math.max(high, issued);
  if (newHigh > stored) {
    tx.put<ClusterWithUserIds>('clusters', { ...rec, userIdHighWater: { ...rec.userIdHighWater, [String(node)]: newHigh } });
  }
  return issued;
}

// --- login -------------------------------------------------------------------------------

export interface NodeLogin {
  /** 0x00, 0x9d (no such user of that type), 0xa3 (wrong password), 0xe4 (locked). */
  code: number;
  user?: UserRecord;
}

/**
 * One HSM checks a CMU login (users-and-keys.md §3: "CMU attempts every configured server, and
 * each one counts"). A wrong password counts on this HSM; 5 failures lock it; a success resets.
 * The AU's password is unknown to customers: its login fails without counting (§2.2, U7).
 */
export async function loginOn(
  hsm: Hsm, tx: Tx, cluster: string, node: number, type: UserType, name: string, password: string,
): Promise<NodeLogin> {
  const user = await findUserByName(tx, cluster, node, name);
  if (!user || !typeMatches(user.type, type)) return { code: RC.USER_NOT_FOUND };
  if (user.verifier === null) return { code: RC.LOGIN_FAILURE };
  if (user.loginFailures >= LOCKOUT_THRESHOLD) return { code: RC.ACCOUNT_LOCKED };
  if (!(await verifyPassword(hsm, user, password))) {
    tx.put<UserRecord>('users', { ...user, loginFailures: user.loginFailures + 1 });
    return { code: RC.LOGIN_FAILURE };
  }
  if (user.loginFailures !== 0) tx.put<UserRecord>('users', { ...user, loginFailures: 0 });
  return { code: RC.SUCCESS, user };
}

// --- createUser / deleteUser / changePswd / syncUser ------------------------------------------

export interface NewUser {
  type: UserType;
  name: string;
  verifier: PasswordVerifier;
  /**
   * The user id to give it (the CloudHSM CLI creates a user with one id on every up HSM, and its
   * repair gives a missing HSM the id the others have, G-CLI-24); absent: this HSM's next id.
   */
  userId?: number;
}

export async function createUserOn(tx: Tx, cluster: string, node: number, u: NewUser): Promise<ServerFailure> {
  const users = await usersOn(tx, cluster, node);
  const lower = u.name.toLowerCase(); // names compare case-insensitively (§3.1)
  if (users.some((x) => x.name.toLowerCase() === lower)) return refusedFor('userExists');
  if (users.length >= USER_RULES.usersPerHsm) return refusedFor('maxUsers');
  if (u.userId !== undefined && users.some((x) => x.userId === u.userId)) return refusedFor('userExists'); // the id is another user's
  const userId = await issueUserId(tx, cluster, node, users, u.userId);
  tx.put<UserRecord>('users', {
    id: userRecordId(cluster, node, userId), rev: 0, cluster, node, userId, name: u.name, type: u.type,
    verifier: u.verifier, loginFailures: 0, mofnPubKey: false, twoFA: false,
  });
  return null;
}

/**
 * The next user id free on every one of `nodes`: one more than the highest id any of them holds or
 * ever issued (ids are never reused, U6), as the CloudHSM CLI's `user create` gives (§3.4).
 */
export async function nextUserIdOn(tx: Tx, cluster: string, nodes: readonly number[]): Promise<number> {
  const rec = await tx.get<ClusterWithUserIds>('clusters', cluster);
  let high = 0;
  for (const node of nodes) {
    high = Math.max(high, rec?.userIdHighWater?.[String(node)] ?? 0);
    for (const u of await usersOn(tx, cluster, node)) high = Math.max(high, u.userId);
  }
  return high + 1;
}

/**
 * Who this CMU session is on one HSM, to refuse deleting or re-keying a logged-in user; the
 * logins of the other consoles (`elsewhere`, logins.ts) count too.
 */
export interface LoggedIn {
  userId: number;
}

export async function deleteUserOn(
  tx: Tx, cluster: string, node: number, type: UserType, name: string, loggedIn: LoggedIn | null,
  elsewhere?: Iterable<ActiveLogin>,
): Promise<ServerFailure> {
  const user = await findUserByName(tx, cluster, node, name);
  if (!user || !typeMatches(user.type, type)) return NOT_FOUND;
  if (loggedIn?.userId === user.userId || isLoggedIn(elsewhere, user)) return refusedFor('userLoggedIn');
  const keys = await tx.list<KeyRecord>('keys', `${cluster}/`);
  if (keys.some((k) => k.owner === user.userId && k.holders.includes(node))) return refusedFor('userOwnsKeys'); // U5
  await issueUserId(tx, cluster, node, await usersOn(tx, cluster, node), user.userId); // remember its id: never reused
  tx.delete('users', user.id);
  // Once the user is gone from every HSM, no key stays shared with them (keys are one record per
  // cluster; a share with an id nobody has would otherwise outlive the user).
  const remaining = (await tx.list<UserRecord>('users', `${cluster}/`)).some((u) => u.userId === user.userId);
  if (!remaining) {
    for (const k of keys) {
      if (k.shared.includes(user.userId)) tx.put<KeyRecord>('keys', { ...k, shared: k.shared.filter((id) => id !== user.userId) });
    }
  }
  return null;
}

/**
 * changePswd on one HSM (§9.4): the type word must be the user's current type; a user logged in
 * elsewhere cannot be re-keyed by someone else. Any change resets the failure count, which is how
 * a CO lifts a lockout (§3, E6). A PRECO changing its own password becomes a CO (§1.1).
 */
export async function changePasswordOn(
  tx: Tx, cluster: string, node: number, type: UserType, name: string, verifier: PasswordVerifier,
  caller: { own: boolean; loggedIn: LoggedIn | null; elsewhere?: Iterable<ActiveLogin> },
): Promise<ServerFailure> {
  const user = await findUserByName(tx, cluster, node, name);
  if (!user || !typeMatches(user.type, type)) return NOT_FOUND;
  if (!caller.own && (caller.loggedIn?.userId === user.userId || isLoggedIn(caller.elsewhere, user))) return refusedFor('userLoggedIn');
  const newType: UserType = caller.own && user.type === 'PRECO' ? 'CO' : user.type;
  tx.put<UserRecord>('users', { ...user, verifier, loginFailures: 0, type: newType });
  return null;
}

/** syncUser (§9.14): copy one user, password verifier included, from one HSM to another. */
export async function syncUserTo(tx: Tx, cluster: string, from: number, to: number, userId: number): Promise<ServerFailure> {
  const src = (await usersOn(tx, cluster, from)).find((u) => u.userId === userId);
  if (!src) return NOT_FOUND;
  if (src.type === 'AU') return refusedWith(RC.INVALID_USER_TYPE);
  const dstUsers = await usersOn(tx, cluster, to);
  const lower = src.name.toLowerCase();
  if (dstUsers.some((u) => u.name.toLowerCase() === lower && u.userId !== userId)) return refusedFor('userExists');
  const existing = dstUsers.find((u) => u.userId === userId);
  if (!existing && dstUsers.length >= USER_RULES.usersPerHsm) return refusedFor('maxUsers');
  await issueUserId(tx, cluster, to, dstUsers, userId);
  tx.put<UserRecord>('users', { ...src, id: userRecordId(cluster, to, userId), rev: 0, node: to });
  return null;
}
