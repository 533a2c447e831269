/**
 * Checks for records read from the store. Storage is the learner's browser: a record may be
 * damaged (an old version's shape, an extension, a hand edit). A damaged record is reported once
 * and left untouched, never a crash (issue: "two tabs, one playground").
 *
 * A record is checked for its consistency, not only its types (issue 11, finding 7): its id is the
 * one its fields name (so two records never hold one key handle or one user), a key's value fits
 * VALUE_LEN and, for a secret key type, the type, a cluster's node ids are unique and at most MAX_HSMS, and every string,
 * byte array and list is bounded, so no record can make every command slow.
 */
import { A, ATTR_BY_ID, KEY_TYPE, pairValueFits, REQUIRED_ON_EVERY_KEY, secretLengthOk, valueFits } from './attributes';
import { keyRecordId, MAX_FILE_BYTES, MAX_HSMS, userRecordId } from './model';
import type { StoreName, StoredRecord } from './store';

type Check = (r: Record<string, unknown>) => string | null;

/** Longest string a record may hold (ids, paths, labels, names): far above any typed line. */
export const MAX_TEXT_CHARS = 1 << 22;
/** Most entries a list in a record may hold (shared users, holders) and attributes on a key. */
const MAX_LIST = 1024;
const MAX_ITERATIONS = 1_000_000;
/** Longest key value (an RSA-4096 private key's parts fit; a secret key is at most 3583 bytes). */
const MAX_KEY_BYTES = 8192;

const isInt = (v: unknown, min = 0) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isStr = (v: unknown) => typeof v === 'string' && v.length <= MAX_TEXT_CHARS;
const isBytes = (v: unknown, max = MAX_FILE_BYTES) => v instanceof Uint8Array && v.length <= max;
const isIntList = (v: unknown, max = MAX_LIST) =>
  Array.isArray(v) && v.length <= max && v.every((x) => isInt(x)) && new Set(v).size === v.length;
const HEX = /^[0-9a-f]*$/;
const isHex = (v: unknown) => typeof v === 'string' && v.length <= 1024 && HEX.test(v);
const isOptInt = (v: unknown) => v === undefined || isInt(v);
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const isClusterName = (v: unknown) => typeof v === 'string' && CLUSTER_NAME.test(v);
/** A quorum value (schema 2: manageQuorum, useQuorum; KMU -m_value is 0..8). */
const isQuorum = (v: unknown) => isInt(v) && (v as number) <= 8;

function fields(r: Record<string, unknown>, spec: Record<string, (v: unknown) => boolean>): string | null {
  for (const [name, ok] of Object.entries(spec)) if (!ok(r[name])) return `field ${name} is missing or malformed`;
  return null;
}

function isHsmList(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_HSMS) return false;
  const ok = v.every((h) =>
    typeof h === 'object' && h !== null && isInt((h as { node: unknown }).node) &&
    ['up', 'down'].includes((h as { state: unknown }).state as string) &&
    typeof (h as { tampered: unknown }).tampered === 'boolean');
  return ok && new Set(v.map((h: { node: number }) => h.node)).size === v.length;
}

/** Every attribute the catalogue knows has a value of its kind; the required ones are there. */
function attrsOk(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const a = v as Record<string, unknown>;
  const ids = Object.keys(a);
  if (ids.length > MAX_LIST) return false;
  if (!REQUIRED_ON_EVERY_KEY.every((id) => Object.hasOwn(a, id))) return false;
  return ids.every((id) => {
    const def = ATTR_BY_ID.get(Number(id));
    const x = a[id];
    if (def === undefined) return true; // not ours to read (nothing looks it up)
    if (!valueFits(def, x)) return false;
    return typeof x === 'string' ? x.length <= MAX_TEXT_CHARS : x instanceof Uint8Array ? x.length <= MAX_FILE_BYTES : true;
  });
}

const CHECKS: Record<StoreName, Check> = {
  meta: (r) => {
    if (r.id === 'settings') {
      return fields(r, {
        handles: (v) => v === 'simple' || v === 'realistic',
        seed: (v) => v === null || isInt(v),
      });
    }
    if (r.id === 'current') return fields(r, { cluster: isStr });
    return null;
  },
  clusters: (r) =>
    fields(r, {
      name: (v) => isClusterName(v) && v === r.id, nextIndex: (v) => isInt(v, 1), lineage: isStr,
      hsms: isHsmList, pinnedServingNode: isOptInt, nextNodeId: isOptInt,
    }),
  users: (r) =>
    fields(r, {
      cluster: isClusterName, node: isInt, userId: (v) => isInt(v, 1), name: isStr,
      type: (v) => ['PRECO', 'PCO', 'CO', 'CU', 'AU'].includes(v as string),
      loginFailures: isInt, mofnPubKey: (v) => typeof v === 'boolean', twoFA: (v) => typeof v === 'boolean',
      verifier: (v) => v === null || (typeof v === 'object' && isInt((v as { iterations: unknown }).iterations, 1) &&
        (v as { iterations: number }).iterations <= MAX_ITERATIONS &&
        isHex((v as { salt: unknown }).salt) && isHex((v as { hash: unknown }).hash)),
    }) ?? (r.id === userRecordId(r.cluster as string, r.node as number, r.userId as number)
      ? null : 'its id does not match its cluster, node and user id'),
  keys: (r) =>
    fields(r, {
      cluster: isClusterName, handle: (v) => isInt(v, 6), index: (v) => isInt(v, 1), value: (v) => isBytes(v, MAX_KEY_BYTES), owner: isInt,
      shared: isIntList, manageQuorum: isQuorum, useQuorum: isQuorum, holders: (v) => isIntList(v, MAX_HSMS),
      attrs: attrsOk,
    }) ?? keyConsistency(r as unknown as StoredKey),
  files: (r) =>
    fields(r, {
      id: (v) => isStr(v) && (v as string).startsWith('/'),
      kind: (v) => v === 'file' || v === 'dir',
      mtime: (v) => typeof v === 'number',
      data: (v) => (r.kind === 'file' ? isBytes(v) : v === undefined || isBytes(v)),
    }),
};

interface StoredKey { id: string; cluster: string; handle: number; index: number; value: Uint8Array; attrs: Record<number, unknown> }

const SECRET_TYPES: ReadonlySet<unknown> = new Set([KEY_TYPE.AES, KEY_TYPE.DES3, KEY_TYPE.GENERIC_SECRET]);

/** A key is the one its id names, and its value fits VALUE_LEN and (a secret key type) its type. */
function keyConsistency(k: StoredKey): string | null {
  if (k.id !== keyRecordId(k.cluster, k.handle)) return 'its id does not match its cluster and handle';
  if (k.handle < k.index || (k.handle - k.index) % 262144 !== 0) return 'its handle does not match its object index';
  const type = k.attrs[A.KEY_TYPE];
  const pair = pairValueFits(k.attrs, k.value); // key pairs: VALUE_LEN per cloudhsm-cli.md §4.5 (attributes.ts)
  if (pair === false || (pair === undefined && (k.attrs[A.VALUE_LEN] !== k.value.length || (SECRET_TYPES.has(type) && !secretLengthOk(type as number, k.value.length))))) {
    return 'its value does not fit its key type and VALUE_LEN';
  }
  if ((k.attrs[A.KCV] as Uint8Array).length !== 3) return 'its check value is not 3 bytes';
  return null;
}

/** Why `rec` is not a well-formed record of `store`, or null when it is. */
export function recordProblem(store: StoreName, rec: StoredRecord): string | null {
  if (typeof rec !== 'object' || rec === null) return 'not an object';
  if (!isStr(rec.id) || !isInt(rec.rev, 1)) return 'id or revision is malformed';
  return CHECKS[store](rec as Record<string, unknown>);
}

/** Thrown when a command would overwrite a damaged record: it stays as it is. */
export class DamagedRecordError extends Error {
  constructor(readonly store: StoreName, readonly recordId: string) {
    super(`the stored record ${store}/${recordId} is damaged; it was left untouched, so this command cannot change it`);
    this.name = 'DamagedRecordError';
  }
}
