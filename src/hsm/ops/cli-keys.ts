/**
 * Finding and showing keys the CloudHSM CLI's way (cloudhsm-cli.md §2.4, §2.6, §5): filters of
 * `key-reference=` and `attr.NAME=VALUE` terms, the scope of each role, the single-key rule, the
 * key object with owners, shared users, quorum values and coverage over the HSMs that are up, and
 * the key availability check (§5.8). Every CLI command that names a key goes through here.
 * Contract: the keys-view branch fills in the bodies; the signatures are fixed.
 */
import type { CliAttrValue, CliAttrSetting } from '../cli-attributes';
import type { CliSession } from '../cli-session';
import type { KeyRecord } from '../model';
import type { CliRefusal } from './cli-refusal';
import type { OpScope } from './runner';

/** One term of a filter: a key reference (hex `0x…` or decimal) or an attribute value (§2.4). */
export type CliFilterTerm = { readonly reference: number } | { readonly attribute: CliAttrSetting };
export type CliFilter = readonly CliFilterTerm[];

/** Read a filter's words (`key-reference=0x…`, `attr.label=…`); an empty list matches every key in scope. */
export function parseFilter(words: readonly string[]): { filter: CliFilter } | { refusal: CliRefusal } {
  void words;
  throw new Error('contract: keys-view branch');
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

/**
 * The keys in the session's scope (§2.4: a crypto user's own, shared and every public key plus
 * this session's session keys; an admin every token key) that match every term, ascending by key
 * reference (G-CLI-7). Marks them used.
 */
export async function selectKeys(scope: OpScope, session: CliSession, filter: CliFilter): Promise<KeyRecord[]> {
  void scope; void session; void filter;
  throw new Error('contract: keys-view branch');
}

/** Exactly one key, or `Key selection criteria matched <N> keys…` (§2.4, G-CLI-19). */
export async function selectOneKey(scope: OpScope, session: CliSession, filter: CliFilter): Promise<{ key: KeyRecord } | { refusal: CliRefusal }> {
  void scope; void session; void filter;
  throw new Error('contract: keys-view branch');
}

/** The key object of one key as this session sees it (§2.6, §5.5, §5.6). */
export async function keyView(scope: OpScope, session: CliSession, key: KeyRecord): Promise<CliKeyView> {
  void scope; void session; void key;
  throw new Error('contract: keys-view branch');
}

/**
 * The key availability check (§5.8, G-CLI-21), when the playground has it on: a token key held by
 * fewer than 2 up HSMs (`keys`), or creating a token key while fewer than 2 HSMs are up
 * (`creating`), answers the availability refusal; session keys are exempt (G-CLI-35). null: go on.
 */
export async function availabilityCheck(
  scope: OpScope, session: CliSession, what: { readonly keys?: readonly KeyRecord[]; readonly creating?: 'token' | 'session' },
): Promise<CliRefusal | null> {
  void scope; void session; void what;
  throw new Error('contract: keys-view branch');
}
