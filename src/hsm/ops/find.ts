/**
 * Looking keys up (kmu-commands.md §4.1–4.2, G-31–G-33): the keys a user can see that match every
 * criterion, and which HSMs of the cluster hold one key.
 */
import { toHex } from '../../crypto/hex';
import { A } from '../attributes';
import { allNodes } from '../auth';
import { RC, SERVER_DOWN } from '../codes';
import { lookupKey, visibleKeys } from '../keys';
import type { KeyRecord } from '../model';
import { keyAllows } from '../policy';
import type { KmuSession } from '../session';
import { ladder, type Outcome } from './outcome';
import type { OpScope } from './runner';

/** An RSA modulus as hex text (optional 0x, line breaks ignored) or raw bytes (G-31). */
function modulusHex(data: Uint8Array): string {
  const text = new TextDecoder().decode(data).replace(/\s+/g, '').replace(/^0x/i, '').toLowerCase();
  return /^[0-9a-f]+$/.test(text) ? text.replace(/^0+/, '') : toHex(data).replace(/^0+/, '');
}

/** A key's modulus as hex without leading zeros, or undefined (no modulus). */
const modulusOf = (k: KeyRecord): string | undefined => {
  const m = k.attrs[A.MODULUS];
  return m instanceof Uint8Array ? toHex(m).replace(/^0+/, '') : undefined;
};

/** A key's OBJ_ATTR_KCV as 6 lower-case hex digits. */
const kcvHex = (k: KeyRecord): string => toHex(k.attrs[A.KCV] as Uint8Array);

/** What the keys must match; an absent criterion matches every key. */
export interface KeyCriteria {
  keyClass?: number;
  keyType?: number;
  label?: string;
  id?: string;
  /** 1: session keys only, 0: token keys only. */
  session?: number;
  /** Keys every one of these users can use. */
  usableBy?: readonly number[];
  /** Key check value, 6 hex digits (any case, optional 0x). */
  kcv?: string;
  /** The contents of a modulus file (hex text or raw bytes). */
  modulus?: Uint8Array;
}

/** The keys the user may list that match every criterion, in object-index order (G-32); all are used. */
export async function findKeys(scope: OpScope, session: KmuSession, c: KeyCriteria): Promise<Outcome & { handles: number[] }> {
  const { hsm, tx } = scope;
  const me = session.user!.userId;
  const cluster = await hsm.cluster(tx, session.cluster);
  const modulus = c.modulus === undefined ? undefined : modulusHex(c.modulus);
  const kcv = c.kcv?.replace(/^0x/i, '').toLowerCase();
  const match = (k: KeyRecord) =>
    keyAllows(k, me, 'list') &&
    (c.keyClass === undefined || k.attrs[A.CLASS] === c.keyClass) &&
    (c.keyType === undefined || k.attrs[A.KEY_TYPE] === c.keyType) &&
    (c.label === undefined || k.attrs[A.LABEL] === c.label) &&
    (c.id === undefined || k.attrs[A.ID] === c.id) &&
    (c.session === undefined || k.attrs[A.TOKEN] === 1 - c.session) &&
    (c.usableBy ?? []).every((u) => keyAllows(k, u, 'use')) &&
    (kcv === undefined || kcvHex(k) === kcv) &&
    (modulus === undefined || modulusOf(k) === modulus);
  const handles = (await visibleKeys(tx, session)).filter(match).map((k) => k.handle);
  scope.use(...handles);
  return { ...ladder(['findKey'], RC.SUCCESS, allNodes(cluster, RC.SUCCESS)), handles };
}

/** Does every HSM hold the key (G-33): per node 0x00 if it does, 0xa8 if not, 0x30000085 if down. */
export async function findKeyOnEveryHsm(scope: OpScope, session: KmuSession, handle: number): Promise<Outcome> {
  const { hsm, tx } = scope;
  const cluster = await hsm.cluster(tx, session.cluster);
  const key = await lookupKey(tx, session, handle);
  if (!key) return ladder(['findKey'], RC.INVALID_HANDLE, allNodes(cluster, RC.INVALID_HANDLE));
  if (!keyAllows(key, session.user!.userId, 'list')) return ladder(['findKey'], RC.ACCESS_DENIED, allNodes(cluster, RC.ACCESS_DENIED));
  const nodes = cluster.hsms.map((h) => ({
    node: h.node,
    code: h.state !== 'up' ? SERVER_DOWN : key.holders.includes(h.node) ? RC.SUCCESS : RC.INVALID_HANDLE,
  }));
  const code = nodes.some((n) => n.code === RC.INVALID_HANDLE) ? RC.INVALID_HANDLE
    : nodes.some((n) => n.code === SERVER_DOWN) ? SERVER_DOWN : RC.SUCCESS;
  return ladder(['findKey'], code, nodes);
}
