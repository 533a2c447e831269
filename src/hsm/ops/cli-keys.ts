/**
 * Finding and showing keys the CloudHSM CLI's way (cloudhsm-cli.md §2.4, §2.6, §5): filters of
 * `key-reference=` and `attr.NAME=VALUE` terms, the scope of each role, the single-key rule, the
 * key object with owners, shared users, quorum values and coverage over the HSMs that are up, and
 * the key availability check (§5.8). Every CLI command that names a key goes through here.
 *
 * The model keeps a token key as ONE record for every HSM that holds it (`holders`): its attributes
 * cannot differ between holders, so no attribute ever reads "inconsistent" here. What can differ per
 * HSM is the users (user records live per HSM, §5.7) and which up HSMs hold the key: a user's
 * `key-coverage` is "full" when every up holder knows that user (same id, same name, a CU), and the
 * key's `cluster-coverage` is "full" when every up HSM holds it (session keys: always "full").
 */
import { A, CLASS, isModifiable, KEY_TYPE } from '../attributes';
import {
  CLI_ATTRIBUTE_BY_NAME, cliAttributes, cliValue, keyMatches, parseCliAttribute, settingValue, type CliAttrSetting, type CliAttrValue,
} from '../cli-attributes';
import { RC } from '../codes';
import type { CliSession } from '../cli-session';
import type { KeyRecord, UserRecord } from '../model';
import { keyAllows } from '../policy';
import { manageQuorum, useQuorum } from '../quorum';
import { sharedAfter } from '../sharing';
import { usersOn } from '../users';
import type { CliRefusal } from './cli-refusal';
import { deleteKey, writeKeyAttribute } from './keys';
import type { OpScope } from './runner';

/** One term of a filter: a key reference (hex `0x…` or decimal) or an attribute value (§2.4). */
export type CliFilterTerm = { readonly reference: number } | { readonly attribute: CliAttrSetting };
export type CliFilter = readonly CliFilterTerm[];

const REFERENCE_PREFIX = 'key-reference=';
const ATTRIBUTE_PREFIX = 'attr.';

/**
 * A key reference's value: hex with `0x` (any number of digits) or decimal (§2.4). A number beyond
 * the handles that can exist reads as -1, which names no key; null: not a number at all.
 */
function referenceOf(text: string): number | null {
  const digits = /^0x([0-9a-f]+)$/i.exec(text)?.[1];
  const big = digits !== undefined ? BigInt('0x' + digits) : /^[0-9]+$/.test(text) ? BigInt(text) : null;
  if (big === null) return null;
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : -1;
}

/** Read a filter's words (`key-reference=0x…`, `attr.label=…`); an empty list matches every key in scope. */
export function parseFilter(words: readonly string[]): { filter: CliFilter } | { refusal: CliRefusal } {
  const filter: CliFilterTerm[] = [];
  for (const word of words) {
    if (word.startsWith(REFERENCE_PREFIX)) {
      const text = word.slice(REFERENCE_PREFIX.length);
      const reference = referenceOf(text);
      if (reference === null) return { refusal: { error: 'invalid-value', name: 'key-reference', value: text } };
      filter.push({ reference });
    } else if (word.startsWith(ATTRIBUTE_PREFIX)) {
      const read = parseCliAttribute(word.slice(ATTRIBUTE_PREFIX.length), 'filter');
      if ('refusal' in read) return read;
      filter.push({ attribute: read.setting });
    } else {
      const eq = word.indexOf('=');
      return { refusal: { error: 'unknown-attribute', name: eq < 0 ? word : word.slice(0, eq) } };
    }
  }
  return { filter };
}

// A key's reference as the CLI prints it (§5.2), also read by the inventory and explain
export { keyReference } from '../key-reference';

/** `"full"` or `"inconsistent"` over the HSMs that are up (§5.6). */
export type Coverage = 'full' | 'inconsistent';

/** The key object of §2.6, as data (the program prints it as JSON). */
export interface CliKeyView {
  readonly handle: number;
  readonly owners: readonly { readonly username: string; readonly coverage: Coverage }[];
  readonly shared: readonly { readonly username: string; readonly coverage: Coverage }[];
  readonly manageQuorum: number;
  readonly useQuorum: number;
  readonly clusterCoverage: Coverage;
  /** §4.2 order; a value that differs between the HSMs holding the key is 'inconsistent' (§4.1). */
  readonly attributes: readonly (readonly [name: string, value: CliAttrValue])[];
}

/** Node ids of the cluster's HSMs that are up. */
async function upNodes(scope: OpScope, session: CliSession): Promise<number[]> {
  const cluster = await scope.hsm.cluster(scope.tx, session.cluster);
  return cluster.hsms.filter((h) => h.state === 'up').map((h) => h.node);
}

/** Is `key` one of this CLI session's own session keys (never stored, §5.4)? */
export const isOwnSessionKey = (session: CliSession, key: KeyRecord): boolean => session.sessionKeys.get(key.handle) === key;

/** The up HSMs that hold `key`: the serving HSM for a session key. */
function upHolders(session: CliSession, key: KeyRecord, up: readonly number[]): number[] {
  return isOwnSessionKey(session, key) ? [session.servingNode] : key.holders.filter((n) => up.includes(n));
}

/** The keys in the session's scope (§2.4), unsorted and unmatched. */
async function keysInScope(scope: OpScope, session: CliSession): Promise<KeyRecord[]> {
  const up = await upNodes(scope, session);
  const token = (await scope.tx.list<KeyRecord>('keys', `${session.cluster}/`)).filter((k) => k.holders.some((n) => up.includes(n)));
  if (session.role === 'admin') return token;
  const me = session.user?.userId;
  if (me === undefined || session.role !== 'crypto-user') return [];
  return [...token.filter((k) => keyAllows(k, me, 'list')), ...session.sessionKeys.values()];
}

function matches(key: KeyRecord, filter: CliFilter): boolean {
  return filter.every((t) => ('reference' in t ? key.handle === t.reference : keyMatches(key, t.attribute)));
}

/** The matches of `filter` in scope, ascending by key reference, without marking them used. */
async function matchKeys(scope: OpScope, session: CliSession, filter: CliFilter): Promise<KeyRecord[]> {
  return (await keysInScope(scope, session)).filter((k) => matches(k, filter)).sort((a, b) => a.handle - b.handle);
}

/**
 * The keys in the session's scope (§2.4: a crypto user's own, shared and every public key plus
 * this session's session keys; an admin every token key) that match every term, ascending by key
 * reference (G-CLI-7). Marks them used.
 */
export async function selectKeys(scope: OpScope, session: CliSession, filter: CliFilter): Promise<KeyRecord[]> {
  const keys = await matchKeys(scope, session, filter);
  for (const k of keys) scope.use(k.handle); // one at a time: a cluster's 3,300 keys are no argument list
  return keys;
}

/** Exactly one key, or `Key selection criteria matched <N> keys…` (§2.4, G-CLI-19). */
export async function selectOneKey(scope: OpScope, session: CliSession, filter: CliFilter): Promise<{ key: KeyRecord } | { refusal: CliRefusal }> {
  const keys = await matchKeys(scope, session, filter);
  if (keys.length !== 1) return { refusal: { error: 'selection', count: keys.length } };
  scope.use(keys[0]!.handle);
  return { key: keys[0]! };
}

/** One user of a key as the CLI names them (lower case) and their coverage over the key's up holders. */
function userEntry(
  userId: number, holders: readonly number[], users: ReadonlyMap<number, readonly UserRecord[]>, serving: number,
): { username: string; coverage: Coverage } {
  const recordOn = (node: number) => users.get(node)?.find((u) => u.userId === userId);
  const named = recordOn(serving) ?? holders.map(recordOn).find((u) => u !== undefined);
  const username = named ? named.name.toLowerCase() : String(userId);
  const everywhere = holders.every((n) => {
    const u = recordOn(n);
    return u !== undefined && u.type === 'CU' && u.name.toLowerCase() === username;
  });
  return { username, coverage: everywhere ? 'full' : 'inconsistent' };
}

/** The key object of one key as this session sees it (§2.6, §5.5, §5.6). */
export async function keyView(scope: OpScope, session: CliSession, key: KeyRecord): Promise<CliKeyView> {
  const up = await upNodes(scope, session);
  const holders = upHolders(session, key, up);
  const users = new Map<number, UserRecord[]>();
  for (const n of new Set([...holders, session.servingNode])) users.set(n, await usersOn(scope.tx, session.cluster, n));
  const entry = (id: number) => userEntry(id, holders, users, session.servingNode);
  // Public keys are never shared (§5.5): their shared-users is [] whatever the record holds.
  const shared = key.attrs[A.CLASS] === CLASS.PUBLIC ? [] : key.shared.map(entry);
  const clusterCoverage: Coverage = isOwnSessionKey(session, key) || up.every((n) => holders.includes(n)) ? 'full' : 'inconsistent';
  return {
    handle: key.handle, owners: [entry(key.owner)], shared,
    manageQuorum: manageQuorum(key), useQuorum: useQuorum(key), clusterCoverage,
    attributes: cliAttributes(key),
  };
}

/**
 * The key availability check (§5.8, G-CLI-21), when the playground has it on: a token key held by
 * fewer than 2 up HSMs (`keys`), or creating a token key while fewer than 2 HSMs are up
 * (`creating`), answers the availability refusal; session keys are exempt (G-CLI-35). null: go on.
 */
export async function availabilityCheck(
  scope: OpScope, session: CliSession, what: { readonly keys?: readonly KeyRecord[]; readonly creating?: 'token' | 'session' },
): Promise<CliRefusal | null> {
  if (!(await scope.hsm.settings(scope.tx)).keyAvailabilityCheck) return null;
  const up = await upNodes(scope, session);
  const refusal: CliRefusal = { error: 'availability' };
  if (what.creating === 'token' && up.length < 2) return refusal;
  for (const key of what.keys ?? []) {
    if (isOwnSessionKey(session, key) || key.attrs[A.TOKEN] === 0) continue;
    if (key.holders.filter((n) => up.includes(n)).length < 2) return refusal;
  }
  return null;
}

/** One page of `key list` (§3.12): the keys on it, how many matched, the offset of the next page if any. */
export interface KeyPage {
  readonly keys: readonly KeyRecord[];
  readonly total: number;
  readonly next?: number;
}

const DEFAULT_MAX_ITEMS = 10;
const DIGITS = /^[0-9]+$/;

/**
 * `key list` (§3.12, G-CLI-45): the matches of the filter in scope, ascending, then one page of
 * `--max-items` (default 10; 0 refused) from the decimal offset `--starting-token` (a token that is
 * no number refused; one beyond the end an empty page). Every matched key passes the availability
 * check (§5.8). The caller has passed cliGate.
 */
export async function listKeys(
  scope: OpScope, session: CliSession, req: { readonly filter: readonly string[]; readonly maxItems?: string; readonly startingToken?: string },
): Promise<{ page: KeyPage } | { refusal: CliRefusal }> {
  const parsed = parseFilter(req.filter);
  if ('refusal' in parsed) return parsed;
  const maxText = req.maxItems ?? String(DEFAULT_MAX_ITEMS);
  if (!DIGITS.test(maxText) || Number(maxText) === 0) return { refusal: { error: 'invalid-option-value', flag: '--max-items', value: maxText } };
  const tokenText = req.startingToken ?? '0';
  if (!DIGITS.test(tokenText)) return { refusal: { error: 'invalid-option-value', flag: '--starting-token', value: tokenText } };
  const keys = await selectKeys(scope, session, parsed.filter);
  const unavailable = await availabilityCheck(scope, session, { keys });
  if (unavailable) return { refusal: unavailable };
  const start = Number(tokenText);
  const end = start + Number(maxText);
  const page = keys.slice(start, end);
  return { page: { keys: page, total: keys.length, ...(end < keys.length ? { next: end } : {}) } };
}

/** The one key a filter names, checked for availability (every command that uses one key). */
async function oneAvailableKey(scope: OpScope, session: CliSession, words: readonly string[]): Promise<{ key: KeyRecord } | { refusal: CliRefusal }> {
  const parsed = parseFilter(words);
  if ('refusal' in parsed) return parsed;
  const one = await selectOneKey(scope, session, parsed.filter);
  if ('refusal' in one) return one;
  const unavailable = await availabilityCheck(scope, session, { keys: [one.key] });
  return unavailable ? { refusal: unavailable } : one;
}

const QUORUM: CliRefusal = { error: 'quorum' };
const DENIED: CliRefusal = { error: 'access-denied' };

/**
 * `key set-attribute` (§3.13, §4.4): the name known (§4.1) and settable at all, by the right role
 * (`trusted`: an admin; everything else: a crypto user), the value of its form, one key, available,
 * owned by the caller (a CU), no manage quorum, still modifiable (except `trusted`), the direction
 * allowed (token false → true, modifiable true → false, wrap-with-trusted false → true, derive not
 * true on public or RSA keys). The value the key already has: success, nothing written. The caller
 * has passed cliGate.
 */
export async function setKeyAttribute(
  scope: OpScope, session: CliSession, req: { readonly filter: readonly string[]; readonly name: string; readonly value: string },
): Promise<CliRefusal | null> {
  const row = CLI_ATTRIBUTE_BY_NAME.get(req.name);
  if (!row) return { error: 'unknown-attribute', name: req.name };
  const trusted = row.set?.who === 'admin';
  if ((session.role === 'admin') !== trusted) return { error: 'wrong-role' };
  const rule = row.set;
  if (!rule) return { error: 'not-modifiable', name: row.name };
  const read = parseCliAttribute(`${row.name}=${req.value}`, 'filter');
  if ('refusal' in read) return read.refusal;
  const value = read.setting.value;
  const one = await oneAvailableKey(scope, session, req.filter);
  if ('refusal' in one) return one.refusal;
  const { key } = one;
  if (!trusted && !keyAllows(key, session.user!.userId, 'setAttribute')) return DENIED;
  if (manageQuorum(key) > 0) return QUORUM;
  if (!trusted && !isModifiable(key.attrs)) return { error: 'not-modifiable', name: row.name };
  const shown = settingValue(row, value);
  if (cliValue(key, row) === shown) return null;
  const cannot: CliRefusal = { error: 'cannot-set', name: row.name, value: String(shown) };
  if (rule.oneWay && shown !== rule.oneWay.to) return cannot;
  if (rule.notOnPublicOrRsa && value === 1 && (key.attrs[A.CLASS] === CLASS.PUBLIC || key.attrs[A.KEY_TYPE] === KEY_TYPE.RSA)) return cannot;
  // A session key made a token key is a new token key for the availability check (§5.8).
  if (row.id === A.TOKEN && isOwnSessionKey(session, key)) {
    const unavailable = await availabilityCheck(scope, session, { creating: 'token' });
    if (unavailable) return unavailable;
  }
  await writeKeyAttribute(scope, session, key, row.id, value);
  return null;
}

/**
 * `key share` / `key unshare` (§3.14, §3.15; users-and-keys.md §4): only crypto users are shared
 * with (`--role admin`: wrong role), one key, available, not a public key, owned by the caller, no
 * manage quorum, the user a crypto user on the serving HSM (`Specified user does not exist`), not
 * already shared (or the owner) / shared. The share list is the one CMU shareKey and KMU -u edit.
 * The caller has passed cliGate.
 */
export async function shareCliKey(
  scope: OpScope, session: CliSession,
  req: { readonly filter: readonly string[]; readonly username: string; readonly role: string; readonly share: boolean },
): Promise<CliRefusal | null> {
  if (req.role !== 'crypto-user') return { error: 'wrong-role' };
  const one = await oneAvailableKey(scope, session, req.filter);
  if ('refusal' in one) return one.refusal;
  const { key } = one;
  if (key.attrs[A.CLASS] === CLASS.PUBLIC) return { error: 'public-not-shared' };
  if (!keyAllows(key, session.user!.userId, 'share')) return DENIED;
  if (manageQuorum(key) > 0) return QUORUM;
  const wanted = req.username.toLowerCase();
  const user = (await usersOn(scope.tx, session.cluster, session.servingNode)).find((u) => u.type === 'CU' && u.name.toLowerCase() === wanted);
  if (!user) return { error: 'no-such-user' };
  const member = key.shared.includes(user.userId) || user.userId === key.owner;
  if (req.share && member) return { error: 'already-shared', name: req.username };
  if (!req.share && !key.shared.includes(user.userId)) return { error: 'not-shared', name: req.username };
  const changed: KeyRecord = { ...key, shared: sharedAfter(key, [user.userId], req.share) };
  if (isOwnSessionKey(session, key)) {
    scope.after(() => session.sessionKeys.set(key.handle, changed));
    scope.sessionKey('changed', key.handle);
  } else {
    scope.tx.put<KeyRecord>('keys', changed);
  }
  return null;
}

/**
 * `key delete` (§3.16): one key, available, owned by the caller (a shared user: `Key Access is
 * denied`), `destroyable` true; then KMU's deleteKey removes it from every HSM (its index is never
 * reused). The caller has passed cliGate.
 */
export async function deleteCliKey(scope: OpScope, session: CliSession, filter: readonly string[]): Promise<CliRefusal | null> {
  const one = await oneAvailableKey(scope, session, filter);
  if ('refusal' in one) return one.refusal;
  const { key } = one;
  if (!keyAllows(key, session.user!.userId, 'delete')) return DENIED;
  if (key.attrs[A.DESTROYABLE] === 0) return { error: 'attribute-false', name: 'destroyable' };
  const done = await deleteKey(scope, session, key.handle);
  return done.code === RC.SUCCESS ? null : DENIED;
}
