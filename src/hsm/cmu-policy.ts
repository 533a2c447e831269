/**
 * cloudhsm_mgmt_util rules as data: the CMU command matrix of users-and-keys.md §2.3 and the
 * attributes CMU setAttribute may change (attributes.md §2.1–2.2). Commands ask these tables;
 * the rows read like the spec's own so a reviewer can hold one against the other.
 */
import { ATTRIBUTES } from './attributes';
import { RC } from './codes';
import type { UserType } from './model';

/** Columns of §2.3 ('none' = not logged in). AU: the appliance user, whose password nobody knows. */
export type CmuCaller = 'none' | 'PRECO' | 'CO' | 'CU' | 'AU';

/** Rows of §2.3; changePswd and setAttribute are split the way the table splits them. */
export type CmuAction =
  | 'loginHSM' | 'logoutHSM' | 'listUsers' | 'info' | 'getHSMInfo' | 'listAttributes' | 'quit' | 'server' | 'getCert'
  | 'changePswdOwn' | 'changePswdOther' | 'createUser' | 'deleteUser' | 'quorum' | 'findAllKeys' | 'syncUser'
  | 'syncKey' | 'getAttribute' | 'getKeyInfo' | 'setAttributeTrusted' | 'setAttributeOther' | 'shareKey';

type Row = Readonly<Record<CmuCaller, boolean>>;
const row = (none: boolean, preco: boolean, co: boolean, cu: boolean, au = false): Row =>
  ({ none, PRECO: preco, CO: co, CU: cu, AU: au });
const ALL = row(true, true, true, true, true);

/**
 * users-and-keys.md §2.3: No login | PRECO | CO / PCO | CU (| AU, which "may also run findAllKeys").
 * Key-level qualifiers ("own keys only", "owned or shared keys") are the §4.2 matrix in policy.ts.
 */
const CMU_MATRIX: Readonly<Record<CmuAction, Row>> = {
  loginHSM: ALL, // "login only" without a login: loginHSM itself
  logoutHSM: row(false, true, true, true, true),
  listUsers: ALL,
  info: ALL,
  getHSMInfo: ALL,
  listAttributes: ALL,
  quit: ALL,
  server: ALL,
  getCert: ALL,
  changePswdOwn: row(false, true, true, true, true),
  changePswdOther: row(false, false, true, false),
  createUser: row(false, false, true, false),
  deleteUser: row(false, false, true, false),
  quorum: row(false, false, true, false), // registerQuorumPubKey, setMValue, getMValue, getToken, approveToken, listTokens
  findAllKeys: row(false, false, true, false, true),
  syncUser: row(false, false, true, false),
  syncKey: row(false, false, true, true), // CO: any key; CU: own keys only
  getAttribute: row(false, false, false, true), // owned or shared keys
  getKeyInfo: row(false, false, false, true), // owned or shared keys (U8)
  setAttributeTrusted: row(false, false, true, false), // attribute 134 only
  setAttributeOther: row(false, false, false, true), // owned keys, the other listed attributes
  shareKey: row(false, false, false, true), // owned keys only
};

/** PCO acts as CO (users-and-keys.md §1). */
function cmuCallerOf(type: UserType | null): CmuCaller {
  if (type === null) return 'none';
  return type === 'PCO' ? 'CO' : type;
}

export function cmuAllows(action: CmuAction, type: UserType | null): boolean {
  return CMU_MATRIX[action][cmuCallerOf(type)];
}

/** The return code of a refusal of §2.3 (errors.md §4.1, §4.4): not logged in, or the wrong type of user. */
export function cmuRefusalCode(type: UserType | null): number {
  return type === null ? RC.NOT_LOGGED_IN : RC.INVALID_USER_TYPE;
}

/** One attribute CMU setAttribute may write (attributes.md §2.1): a view of the attribute table. */
export interface CmuSettable {
  /** Who may write it: the owning CU, or any CO (TRUSTED). */
  writer: 'CU' | 'CO';
  value: 'bool' | 'text';
  /** WRAP_WITH_TRUSTED: once 1 it stays 1 (§2.2). */
  oneWay?: boolean;
  /** DERIVE: cannot be set to 1 on a public key. */
  notOnPublicKey?: boolean;
}

/** attributes.md §2.1: every other id is read-only from CMU (TOKEN, EXTRACTABLE, SENSITIVE, CLASS, …). */
export const CMU_SETTABLE: ReadonlyMap<number, CmuSettable> = new Map(ATTRIBUTES.flatMap((a) => {
  const r = a.cmuSet;
  if (r === undefined || r === 'template') return [];
  const rule: CmuSettable = { writer: r.writer, value: r.value };
  if (a.oneWay) rule.oneWay = true;
  if (r.notOnPublicKey) rule.notOnPublicKey = true;
  return [[a.id, rule] as const];
}));

/** Listed as valid by the guide, but their value syntax is undocumented: refused with usage (A14). */
export const CMU_TEMPLATE_ATTRIBUTES: ReadonlySet<number> = new Set(ATTRIBUTES.filter((a) => a.cmuSet === 'template').map((a) => a.id));

/** The §2.3 row a CMU setAttribute of `attr` is checked against: a CO-written attribute (TRUSTED) or the others. */
export const cmuSetAction = (attr: number): CmuAction =>
  CMU_SETTABLE.get(attr)?.writer === 'CO' ? 'setAttributeTrusted' : 'setAttributeOther';
