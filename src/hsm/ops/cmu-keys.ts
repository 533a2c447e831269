/**
 * cloudhsm_mgmt_util's key operations (users-and-keys.md §4, §9.6–9.9, §9.13; attributes.md §2,
 * §6.2): shareKey, findAllKeys, getKeyInfo, getAttribute, setAttribute and syncKey. Typed
 * arguments, typed per-server outcomes; the key a command names is reported as used.
 */
import { keyRecordId } from '../model';
import { forgetCryptoKeys } from '../../crypto/cryptokey-cache';
import { A, type AttrMap, type AttrValue } from '../attributes';
import { RC } from '../codes';
import { refusedWith, type CmuRefusal } from '../cmu-results';
import { CMU_SETTABLE, cmuSetAction } from '../cmu-policy';
import type { CmuSession } from '../cmu-session';
import { shownQuorum } from '../quorum';
import { findAllKeysOn, readableKeyOn, setAttributeOn, shareKeyOn, syncKeyTo, type KeyCaller, type UserKey } from '../sharing';
import type { Hsm } from '../world';
import { changeOnServers, gate, isReached, objectChanges, readServers, reach, type CmuOutcome, type ServerResult } from './cmu-servers';
import { runOp } from './runner';
import type { Report, SyncOutcome, UserChange } from './cmu-users';

const isRefusal = (v: object): v is CmuRefusal => 'code' in v || 'reason' in v;

/** shareKey (§9.6): the owning CU shares (or unshares) a key with CUs, on every target server. */
export async function cmuShareKey(
  hsm: Hsm, session: CmuSession, handle: number, userIds: readonly number[], share: boolean, report: Report,
): Promise<UserChange> {
  const denied = gate('shareKey', session);
  if (denied) return { refused: denied };
  hsm.journal?.use(handle);
  return changeOnServers(hsm, session, (tx, node, userId) => shareKeyOn(tx, session.cluster, node, userId!, handle, userIds, share), report);
}

/** findAllKeys on one server: the user's keys and, when any, the HSM's key hash. */
export interface FoundKeys {
  keys: UserKey[];
  hash: string | null;
}

/** findAllKeys (§9.7, U15, U16): CO (and AU) only; the keys `userId` owns or shares, per server. */
export async function cmuFindAllKeys(hsm: Hsm, session: CmuSession, userId: number): Promise<CmuOutcome<FoundKeys>> {
  const denied = gate('findAllKeys', session);
  if (denied) return { refused: denied };
  return { servers: await readServers(hsm, session, true, async (tx, at) => ({ value: await findAllKeysOn(tx, session.cluster, at.node, userId) })) };
}

/** What getKeyInfo reports of a key (§9.9). */
export interface KeyInfo {
  token: boolean;
  owner: number;
  shared: readonly number[];
  mValue: number;
}

/** getKeyInfo (§9.9, U8): a CU reads the owner, share list and quorum value of a key it may read. */
export async function cmuGetKeyInfo(hsm: Hsm, session: CmuSession, handle: number): Promise<CmuOutcome<KeyInfo>> {
  const denied = gate('getKeyInfo', session);
  if (denied) return { refused: denied };
  hsm.journal?.use(handle);
  return {
    servers: await readServers<KeyInfo>(hsm, session, true, async (tx, at) => {
      const key = await readableKeyOn(tx, session.cluster, at.node, at.userId!, handle);
      if (isRefusal(key)) return { refusal: key };
      return { value: { token: key.attrs[A.TOKEN] === 1, owner: key.owner, shared: key.shared, mValue: shownQuorum(key) } };
    }),
  };
}

/** getAttribute (attributes.md §6.2): one attribute (or, with 512, all) of a key a CU may read; the key's attributes per server. */
export async function cmuGetAttribute(
  hsm: Hsm, session: CmuSession, handle: number, attr: number,
): Promise<CmuOutcome<AttrMap>> {
  const denied = gate('getAttribute', session);
  if (denied) return { refused: denied };
  hsm.journal?.use(handle);
  return {
    servers: await readServers<AttrMap>(hsm, session, true, async (tx, at) => {
      const key = await readableKeyOn(tx, session.cluster, at.node, at.userId!, handle);
      if (isRefusal(key)) return { refusal: key };
      if (attr !== A.ALL && key.attrs[attr] === undefined) return { refusal: refusedWith(RC.ATTRIBUTE_NOT_PRESENT) };
      return { value: key.attrs };
    }),
  };
}

/** The §2.3 gate of a setAttribute of `attr`, then the client-side value check (attributes.md §2.1). */
export function setAttributeCheck(session: CmuSession, attr: number, words: readonly string[]): { refused: CmuRefusal } | { value: AttrValue } {
  const denied = gate(cmuSetAction(attr), session);
  if (denied) return { refused: denied };
  const rule = CMU_SETTABLE.get(attr);
  const readOnly = { refused: refusedWith(RC.ATTRIBUTE_READ_ONLY) };
  if (!rule) return readOnly;
  if (rule.value === 'text') return { value: words.join(' ') };
  if (words.length === 1 && (words[0] === '0' || words[0] === '1')) return { value: Number(words[0]) };
  return readOnly;
}

/** setAttribute (attributes.md §2): the owning CU one of the listed attributes, a CO TRUSTED; on every target server. */
export async function cmuSetAttribute(
  hsm: Hsm, session: CmuSession, handle: number, attr: number, value: AttrValue, report: Report,
): Promise<UserChange> {
  const denied = gate(cmuSetAction(attr), session);
  if (denied) return { refused: denied };
  hsm.journal?.use(handle);
  const role: KeyCaller['role'] = session.user!.type === 'CU' ? 'CU' : 'CO';
  const change = await changeOnServers(hsm, session, (tx, node, userId) =>
    setAttributeOn(tx, session.cluster, node, { role, userId: userId! }, handle, attr, value), report);
  forgetCryptoKeys(`${keyRecordId(session.cluster, handle)}@`); // a changed key's cached CryptoKeys go (issue 12)
  return change;
}

/** syncKey (§9.13): copy a key from server `source` (the console's server mode) to server `dest`; a CU its own keys, a CO any. */
export async function cmuSyncKey(hsm: Hsm, session: CmuSession, handle: number, source: number, dest: number): Promise<SyncOutcome> {
  const denied = gate('syncKey', session);
  if (denied) return { refused: denied };
  hsm.journal?.use(handle);
  const role: KeyCaller['role'] = session.user!.type === 'CU' ? 'CU' : 'CO';
  return runOp(hsm, async ({ tx }) => {
    const from = await reach(hsm, tx, session, source, true);
    if (!isReached(from)) return { result: from };
    const to = await reach(hsm, tx, session, dest, true);
    if (!isReached(to)) return { result: to };
    const result = await syncKeyTo(tx, session.cluster, from.node, to.node, { role, userId: from.userId! }, handle);
    return result === null ? { result, objects: objectChanges(tx) } : { result };
  });
}

export type { ServerResult };
