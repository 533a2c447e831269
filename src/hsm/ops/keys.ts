/**
 * Creating, reading, changing and deleting keys (kmu-commands.md §3.1, §3.7, §4.3–4.5, §4.7;
 * users-and-keys.md §4.2, §5; attributes.md §2). Each operation holds its ordered checks and
 * returns its steps, the status of every HSM and the keys it touched; session keys change only
 * after the commit (through the scope).
 */
import { forgetCryptoKeys } from '../../crypto/cryptokey-cache';
import { A, ATTR_BY_ID, CLASS, kmuSetAllows, type AttrMap, type AttrValue } from '../attributes';
import { allNodes } from '../auth';
import { RC } from '../codes';
import { createSecretKey, generateKeyMaterial, lookupKey, type CreateOptions, type CreateOutcome } from '../keys';
import type { KeyRecord } from '../model';
import { keyAllows } from '../policy';
import { shownQuorum } from '../quorum';
import type { KmuSession } from '../session';
import { ladder, type KeyCreation, type Outcome, type StepId } from './outcome';
import type { OpScope } from './runner';

/** A creation's result as the steps `ids` (all but the last succeeded) and the new key. */
export function keyCreation(ids: readonly StepId[], c: CreateOutcome): KeyCreation {
  const ok = c.code === 0 && c.handle !== undefined;
  return {
    ...ladder(ids, c.code, c.nodes, ok ? { created: [c.handle!] } : {}),
    ...(ok ? { handle: c.handle! } : {}), attestPass: c.attestPass,
  };
}

export interface GenerateRequest extends Omit<CreateOptions, 'spec' | 'attrs' | 'skipIdCheck'> {
  keyType: number;
  /** Bytes of key material (checked against the key type by the console). */
  size: number;
  label: string;
  id: string;
  sessionKey: boolean;
  extractable: boolean;
}

/** Generate a secret key inside the HSM (LOCAL = 1); the checks are createSecretKey's. */
export async function generateSecretKey(scope: OpScope, session: KmuSession, req: GenerateRequest): Promise<KeyCreation> {
  const value = generateKeyMaterial(scope.hsm, req.keyType, req.size);
  const c = await createSecretKey(scope, session, {
    spec: { keyType: req.keyType, value, label: req.label, id: req.id, session: req.sessionKey, local: true, extractable: req.extractable },
    shareWith: req.shareWith, mValue: req.mValue, minSrv: req.minSrv, timeout: req.timeout,
  });
  return keyCreation(['generateKey'], c);
}

/** PBE keys are not allowed on FIPS-validated HSMs (kmu-commands.md §3.7, G-28): always 0xb3. */
export async function generatePbeKey(): Promise<Outcome> {
  return ladder(['generatePbeKey'], RC.FIPS_POLICY);
}

const isSessionKey = (session: KmuSession, key: KeyRecord) => session.sessionKeys.get(key.handle) === key;

/**
 * A deleted key pair half's imported CryptoKeys go (issue 12 point 2): every cache entry of the
 * record (hsm/pairs.ts cacheKeyOf: `<record id>@…`, token or session). This module is in the
 * page's first script: it tells the cache through src/crypto/cryptokey-cache.ts, which loads nothing
 * (a cache that never loaded holds nothing). After the commit, only for a public or private key.
 */
export async function dropCryptoKeys(key: KeyRecord): Promise<void> {
  forgetCryptoKeys(`${key.id}@`);
}

/** deleteKey: the find step (0xa8), then owner only (0xc6); every node is listed. */
export async function deleteKey(scope: OpScope, session: KmuSession, handle: number): Promise<Outcome> {
  const { hsm, tx } = scope;
  const cluster = await hsm.cluster(tx, session.cluster);
  const key = await lookupKey(tx, session, handle);
  if (!key) return ladder(['findKey'], RC.INVALID_HANDLE, allNodes(cluster, RC.INVALID_HANDLE));
  if (!keyAllows(key, session.user!.userId, 'delete')) {
    return ladder(['findKey', 'deleteKey'], RC.ACCESS_DENIED, allNodes(cluster, RC.ACCESS_DENIED));
  }
  if (isSessionKey(session, key)) {
    scope.after(() => session.sessionKeys.delete(handle));
    scope.sessionKey('deleted', handle);
  } else {
    tx.delete('keys', key.id); // its handle is never reused: the object index does not go back
  }
  if (key.attrs[A.CLASS] !== CLASS.SECRET) scope.after(() => { void dropCryptoKeys(key); });
  return ladder(['findKey', 'deleteKey'], RC.SUCCESS, allNodes(cluster, RC.SUCCESS), { deleted: [handle] });
}

/** Whether a crypto user may set attribute `attr` at all (attributes.md §2: only TOKEN). */
export const userSettable = (attr: number): boolean => ATTR_BY_ID.get(attr)?.kmuSet !== undefined;

/**
 * Set one attribute of a key (attributes.md §2, errors.md §4.3): an attribute a crypto user may not
 * set (0xe1, before any look-up), the key (0xa8), owner only (0xc6), the value allowed (0xe1: TOKEN
 * goes 0 → 1 only). A session key made a token key leaves the session's memory for the store and
 * is cloned to every HSM that is up (cluster.md §3.2); setting the value it has is a no-op.
 */
export async function setAttribute(scope: OpScope, session: KmuSession, req: { handle: number; attr: number; value: number }): Promise<Outcome> {
  const { hsm, tx } = scope;
  const cluster = await hsm.cluster(tx, session.cluster);
  const failed = (code: number) => ladder(['setAttribute'], code, allNodes(cluster, code));
  if (!userSettable(req.attr)) return failed(RC.ATTRIBUTE_READ_ONLY);
  const key = await lookupKey(tx, session, req.handle);
  if (!key) return failed(RC.INVALID_HANDLE);
  if (!keyAllows(key, session.user!.userId, 'setAttribute')) return failed(RC.ACCESS_DENIED);
  if (!kmuSetAllows(req.attr, key.attrs[req.attr], req.value)) return failed(RC.ATTRIBUTE_READ_ONLY);
  const nodes = allNodes(cluster, RC.SUCCESS);
  if (key.attrs[req.attr] === req.value) return ladder(['setAttribute'], RC.SUCCESS, nodes);
  await writeKeyAttribute(scope, session, key, req.attr, req.value);
  return ladder(['setAttribute'], RC.SUCCESS, nodes, { changed: [req.handle] });
}

/**
 * Give a key (checked by the caller) a new attribute value, for every console's setAttribute: a
 * stored key's record changes; a session key of this session changes after the commit, and one made
 * a token key leaves the session's memory for the store, cloned to every HSM that is up (cluster.md §3.2).
 */
export async function writeKeyAttribute(scope: OpScope, session: KmuSession, key: KeyRecord, attr: number, value: AttrValue): Promise<void> {
  const { hsm, tx } = scope;
  const attrs = { ...key.attrs, [attr]: value };
  if (attr === A.TOKEN && isSessionKey(session, key)) {
    const cluster = await hsm.cluster(tx, session.cluster);
    const holders = cluster.hsms.filter((h) => h.state === 'up').map((h) => h.node);
    tx.put<KeyRecord>('keys', { ...key, attrs, holders });
    scope.after(() => session.sessionKeys.delete(key.handle));
    scope.sessionKey('changed', key.handle); // the same key, now a token key: changed, not created
  } else if (isSessionKey(session, key)) {
    scope.after(() => session.sessionKeys.set(key.handle, { ...key, attrs }));
    scope.sessionKey('changed', key.handle);
  } else {
    tx.put<KeyRecord>('keys', { ...key, attrs });
  }
  // a changed key pair half's cached CryptoKeys go (its revision or identity changes, so they were never used again)
  if (key.attrs[A.CLASS] !== CLASS.SECRET) scope.after(() => { void dropCryptoKeys(key); });
}

/**
 * Read a key's attributes (attributes.md §6.1): the key (0xa8), owned or shared keys and any
 * public key (0xc6, kmu-commands.md G-60), the attribute present (0xe0; A.ALL asks for all).
 */
export async function getAttributes(scope: OpScope, session: KmuSession, req: { handle: number; attr: number }): Promise<Outcome & { attrs?: AttrMap }> {
  const key = await lookupKey(scope.tx, session, req.handle);
  const code = !key ? RC.INVALID_HANDLE : !keyAllows(key, session.user!.userId, 'read') ? RC.ACCESS_DENIED
    : req.attr !== A.ALL && key.attrs[req.attr] === undefined ? RC.ATTRIBUTE_NOT_PRESENT : RC.SUCCESS;
  const out = ladder(['getAttribute'], code);
  return code === RC.SUCCESS ? { ...out, attrs: key!.attrs } : out;
}

export interface KeyInfo {
  owner: number;
  shared: number[];
  mValue: number;
}

/** A key's owner, share list and quorum; public keys report only the owner (kmu-commands.md §4.5). */
export async function getKeyInfo(scope: OpScope, session: KmuSession, handle: number): Promise<Outcome & { info?: KeyInfo }> {
  const key = await lookupKey(scope.tx, session, handle);
  if (!key) return ladder(['getKeyInfo'], RC.INVALID_HANDLE);
  if (!keyAllows(key, session.user!.userId, 'read')) return ladder(['getKeyInfo'], RC.ACCESS_DENIED);
  const info = key.attrs[A.CLASS] === CLASS.PUBLIC ? { owner: key.owner, shared: [], mValue: 0 }
    : { owner: key.owner, shared: [...key.shared], mValue: shownQuorum(key) };
  return { ...ladder(['getKeyInfo'], RC.SUCCESS), info };
}
