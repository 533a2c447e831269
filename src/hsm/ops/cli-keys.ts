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
import { A, CLASS } from '../attributes';
import { keyMatches, parseCliAttribute, cliAttributes, type CliAttrValue, type CliAttrSetting } from '../cli-attributes';
import type { CliSession } from '../cli-session';
import type { KeyRecord, UserRecord } from '../model';
import { keyAllows } from '../policy';
import { manageQuorum, useQuorum } from '../quorum';
import { usersOn } from '../users';
import type { CliRefusal } from './cli-refusal';
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

/** A key's reference as the CLI prints it: the handle as `0x%016x` (§5.2). */
export const keyReference = (handle: number): string => '0x' + handle.toString(16).padStart(16, '0');

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
  if (keys.length > 0) scope.use(...keys.map((k) => k.handle));
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
