/**
 * Checks for records read from the store. Storage is the learner's browser: a record may be
 * damaged (an old version's shape, an extension, a hand edit). A damaged record is reported once
 * and left untouched, never a crash (issue: "two tabs, one playground").
 *
 * A record is checked for its consistency, not only its types (issue 11, finding 7): its id is the
 * one its fields name (so two records never hold one key handle or one user), a key's value fits
 * VALUE_LEN and, for a secret key type, the type (a key pair's half: its DER and the VALUE_LEN
 * conventions of issue 12), a cluster's node ids are unique and at most MAX_HSMS, and every string,
 * byte array and list is bounded, so no record can make every command slow.
 */
import { A, ATTR_BY_ID, CLASS, KEY_TYPE, REQUIRED_ON_EVERY_KEY, secretLengthOk, valueFits } from './attributes';
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
        // the CLI's key availability check (issue 16): absent (a record written before it: on) or a boolean
        keyAvailabilityCheck: (v) => v === undefined || typeof v === 'boolean',
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
const PAIR_TYPES: ReadonlySet<unknown> = new Set([KEY_TYPE.RSA, KEY_TYPE.DSA, KEY_TYPE.EC]);
/** An EC public key's VALUE_LEN: its uncompressed point (P-224 57; P-256, secp256k1 65; P-384 97; P-521 133). */
const EC_POINT_LENGTHS: ReadonlySet<unknown> = new Set([57, 65, 97, 133]);
/** DSA keys show 256 on both halves (attributes.md §3.2 REC; cloudhsm-cli.md §4.5). */
const DSA_VALUE_LEN = 256;
/** RSA moduli the model holds (attributes.md §4.3: at least 2048 bits; MAX_KEY_BYTES bounds the rest). */
const RSA_BITS = { min: 1024, max: 16384 };

/**
 * Is `der` one DER SEQUENCE filling exactly its bytes (SubjectPublicKeyInfo, PKCS #8 PrivateKeyInfo)?
 * Only the outer tag and length: the page's first script must not load an ASN.1 parser.
 */
export function isDerSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1]!;
  if (first < 0x80) return 2 + first === der.length;
  const n = first & 0x7f;
  if (n === 0 || n > 3 || der.length < 2 + n || der[2] === 0) return false; // definite, minimal, < 16 MiB
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
  return len >= 0x80 && 2 + n + len === der.length;
}

const bitLength = (bytes: Uint8Array): number => {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
};

/**
 * A public (class 2) or private (class 3) key (issue 12 storage conventions): its value is the DER
 * (SPKI / PKCS #8), its type RSA, DSA or EC, its VALUE_LEN what cloudhsm-cli.md §4.5 says (a private
 * key its PKCS #8 length, DSA 256; RSA public modulus bits / 4; EC public its point's length), and
 * an RSA key carries its modulus, modulus bits and public exponent (an EC key's MODULUS, when it has
 * one, is its uncompressed point).
 */
function pairProblem(k: StoredKey, cls: number): string | null {
  const a = k.attrs;
  const type = a[A.KEY_TYPE];
  if (!PAIR_TYPES.has(type)) return 'its key type is not one of a key pair';
  if (!isDerSequence(k.value)) return 'its value is not one DER structure';
  const valueLen = a[A.VALUE_LEN];
  const modulus = a[A.MODULUS];
  if (type === KEY_TYPE.RSA) {
    const bits = a[A.MODULUS_BITS];
    const e = a[A.PUBLIC_EXPONENT];
    if (!(modulus instanceof Uint8Array) || typeof bits !== 'number' || !(e instanceof Uint8Array) || e.length === 0 || e.length > 8) {
      return 'it lacks its RSA modulus, modulus bits or public exponent';
    }
    if (bits < RSA_BITS.min || bits > RSA_BITS.max || bitLength(modulus) !== bits) return 'its modulus does not match its modulus bits';
    if (valueLen !== (cls === CLASS.PUBLIC ? bits / 4 : k.value.length)) return 'its VALUE_LEN does not fit its key';
    return null;
  }
  if (type === KEY_TYPE.DSA) return valueLen === DSA_VALUE_LEN ? null : 'its VALUE_LEN does not fit its key';
  // EC
  if (modulus !== undefined && (!(modulus instanceof Uint8Array) || !EC_POINT_LENGTHS.has(modulus.length) || modulus[0] !== 4)) {
    return 'its EC point is not an uncompressed point';
  }
  if (cls === CLASS.PUBLIC) {
    if (!EC_POINT_LENGTHS.has(valueLen) || (modulus instanceof Uint8Array && modulus.length !== valueLen)) return 'its VALUE_LEN does not fit its key';
    return null;
  }
  return valueLen === k.value.length ? null : 'its VALUE_LEN does not fit its key';
}

/** A key is the one its id names, and its value fits VALUE_LEN and its class and type. */
function keyConsistency(k: StoredKey): string | null {
  if (k.id !== keyRecordId(k.cluster, k.handle)) return 'its id does not match its cluster and handle';
  if (k.handle < k.index || (k.handle - k.index) % 262144 !== 0) return 'its handle does not match its object index';
  if ((k.attrs[A.KCV] as Uint8Array).length !== 3) return 'its check value is not 3 bytes';
  const cls = k.attrs[A.CLASS];
  if (cls === CLASS.PUBLIC || cls === CLASS.PRIVATE) return pairProblem(k, cls);
  if (cls !== CLASS.SECRET) return 'its class is not 2, 3 or 4';
  const type = k.attrs[A.KEY_TYPE];
  if (k.attrs[A.VALUE_LEN] !== k.value.length || (SECRET_TYPES.has(type) && !secretLengthOk(type as number, k.value.length))) {
    return 'its value does not fit its key type and VALUE_LEN';
  }
  if (PAIR_TYPES.has(type)) return 'its value does not fit its key type and VALUE_LEN';
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
