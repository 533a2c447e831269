/**
 * The CloudHSM CLI's attribute vocabulary as data (cloudhsm-cli.md §4.1–§4.6), beside the attribute
 * table (./attributes.ts, whose rows carry the CLI name): the JSON form of each attribute, whether
 * it may be given at creation (`--attributes`), who may change it with `key set-attribute`, the
 * output order of §4.2, and the value forms of filters. One model, two vocabularies: a value is
 * read from the one stored key record, whichever console made it.
 */
import { A, ATTR_BY_ID, CLASS, isModifiable, KEY_TYPE, MODIFIABLE, type AttrDef, type AttrMap, type AttrValue } from './attributes';
import type { CurveName } from '../crypto/asym/types';
import { toHex } from '../crypto/hex';
import type { KeyRecord } from './model';
import type { CliRefusal } from './ops/cli-refusal';

/** A CLI attribute value as JSON prints it: booleans, numbers, strings (`"0x…"`, names). */
export type CliAttrValue = boolean | number | string;

/** `NAME=VALUE` read into the model's terms: the attribute id and the stored value. */
export interface CliAttrSetting {
  /** The CLI name (`encrypt`, `label`, `key-length-bytes` …). */
  readonly name: string;
  /** The model's attribute id (attributes.md §1); `modifiable` is PKCS #11 CKA_MODIFIABLE, 368. */
  readonly id: number;
  readonly value: AttrValue;
}

/** How a value is written (§4.1 "JSON form") and read (§4.6). */
type CliForm =
  | 'bool' | 'text' | 'number'
  /** `"0x"` + the hex of the stored bytes (check-value, modulus, public-exponent). */
  | 'hex'
  /** `"0x"` + the hex of the ID text's UTF-8 bytes; `"0x"` alone for no ID (G-CLI-8). */
  | 'id'
  /** A DER OCTET STRING around the stored uncompressed point (G-CLI-9). */
  | 'ec-point'
  | 'key-type' | 'class' | 'curve';

/** One row of §4.1: the CLI name, the model's id, the form, creation and the set-attribute rule. */
export interface CliAttrRow {
  readonly name: string;
  readonly id: number;
  readonly form: CliForm;
  /** May appear in `--attributes` / `--public-attributes` / `--private-attributes` (§4.1 "Creation"). */
  readonly creation: boolean;
  /**
   * `key set-attribute` (§4.4): `owner` (a CU owning the key), `admin` (trusted), absent: never.
   * `oneWay`: the only direction allowed (token false → true, modifiable true → false …).
   */
  readonly set?: { readonly who: 'owner' | 'admin'; readonly oneWay?: { readonly from: boolean; readonly to: boolean }; readonly notOnPublicOrRsa?: boolean };
  /** Only these key types carry it (§4.2: RSA and EC extras); absent: every key. */
  readonly keyTypes?: readonly number[];
}

/**
 * KMU curve ids (attributes.md §4.4), the CLI's names (§4.1; P-256 is `prime256v1`, G-CLI-12), the
 * crypto layer's curve and the named-curve OID: the one curve vocabulary of the CLI (filters, the
 * key object, `key generate-asymmetric-pair ec --curve`).
 */
const CURVES: ReadonlyMap<number, { readonly name: string; readonly aliases: readonly string[]; readonly curve: CurveName; readonly oid: readonly number[] }> = new Map([
  [2, { name: 'prime256v1', aliases: ['secp256r1', 'p-256'], curve: 'P-256', oid: [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] }],
  [13, { name: 'secp224r1', aliases: ['p-224'], curve: 'P-224', oid: [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x21] }],
  [14, { name: 'secp384r1', aliases: ['p-384'], curve: 'P-384', oid: [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22] }],
  [15, { name: 'secp521r1', aliases: ['p-521'], curve: 'P-521', oid: [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23] }],
  [16, { name: 'secp256k1', aliases: [], curve: 'secp256k1', oid: [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a] }],
]);

/** The KMU curve id of a CLI curve name or alias (any letter case), or undefined. */
export function curveId(name: string): number | undefined {
  const n = name.toLowerCase();
  for (const [id, c] of CURVES) if (c.name === n || c.aliases.includes(n)) return id;
  return undefined;
}

/** The CLI's name of a KMU curve id. */
export const curveName = (id: number): string | undefined => CURVES.get(id)?.name;

/** The crypto layer's curve of a CLI curve name or alias, or undefined. */
export function cryptoCurve(name: string): CurveName | undefined {
  const id = curveId(name);
  return id === undefined ? undefined : CURVES.get(id)!.curve;
}

const KEY_TYPES: ReadonlyMap<string, number> = new Map([
  ['aes', KEY_TYPE.AES], ['rsa', KEY_TYPE.RSA], ['ec', KEY_TYPE.EC], ['generic-secret', KEY_TYPE.GENERIC_SECRET],
  ['des3', KEY_TYPE.DES3], ['dsa', KEY_TYPE.DSA],
]);
const CLASSES: ReadonlyMap<string, number> = new Map([
  ['public-key', CLASS.PUBLIC], ['private-key', CLASS.PRIVATE], ['secret-key', CLASS.SECRET],
]);
const nameOf = (m: ReadonlyMap<string, number>, v: unknown): string | undefined => {
  for (const [k, n] of m) if (n === v) return k;
  return undefined;
};

const OWNER = { who: 'owner' } as const;

/** §4.1 in §4.2's output order. */
export const CLI_ATTRIBUTES: readonly CliAttrRow[] = [
  { name: 'key-type', id: A.KEY_TYPE, form: 'key-type', creation: false },
  { name: 'label', id: A.LABEL, form: 'text', creation: false, set: OWNER },
  { name: 'id', id: A.ID, form: 'id', creation: true },
  { name: 'check-value', id: A.KCV, form: 'hex', creation: false },
  { name: 'class', id: A.CLASS, form: 'class', creation: false },
  { name: 'encrypt', id: A.ENCRYPT, form: 'bool', creation: true, set: OWNER },
  { name: 'decrypt', id: A.DECRYPT, form: 'bool', creation: true, set: OWNER },
  { name: 'token', id: A.TOKEN, form: 'bool', creation: false, set: { who: 'owner', oneWay: { from: false, to: true } } },
  { name: 'always-sensitive', id: A.ALWAYS_SENSITIVE, form: 'bool', creation: false },
  { name: 'derive', id: A.DERIVE, form: 'bool', creation: true, set: { who: 'owner', notOnPublicOrRsa: true } },
  { name: 'destroyable', id: A.DESTROYABLE, form: 'bool', creation: true, set: OWNER },
  { name: 'extractable', id: A.EXTRACTABLE, form: 'bool', creation: true },
  { name: 'local', id: A.LOCAL, form: 'bool', creation: false },
  { name: 'modifiable', id: MODIFIABLE.id, form: 'bool', creation: true, set: { who: 'owner', oneWay: { from: true, to: false } } },
  { name: 'never-extractable', id: A.NEVER_EXTRACTABLE, form: 'bool', creation: false },
  { name: 'private', id: A.PRIVATE, form: 'bool', creation: true },
  { name: 'sensitive', id: A.SENSITIVE, form: 'bool', creation: true },
  { name: 'sign', id: A.SIGN, form: 'bool', creation: true, set: OWNER },
  { name: 'trusted', id: A.TRUSTED, form: 'bool', creation: false, set: { who: 'admin' } },
  { name: 'unwrap', id: A.UNWRAP, form: 'bool', creation: true, set: OWNER },
  { name: 'verify', id: A.VERIFY, form: 'bool', creation: true, set: OWNER },
  { name: 'wrap', id: A.WRAP, form: 'bool', creation: true, set: OWNER },
  { name: 'wrap-with-trusted', id: A.WRAP_WITH_TRUSTED, form: 'bool', creation: true, set: { who: 'owner', oneWay: { from: false, to: true } } },
  { name: 'key-length-bytes', id: A.VALUE_LEN, form: 'number', creation: false },
  { name: 'public-exponent', id: A.PUBLIC_EXPONENT, form: 'hex', creation: false, keyTypes: [KEY_TYPE.RSA] },
  { name: 'modulus', id: A.MODULUS, form: 'hex', creation: false, keyTypes: [KEY_TYPE.RSA] },
  { name: 'modulus-size-bits', id: A.MODULUS_BITS, form: 'number', creation: false, keyTypes: [KEY_TYPE.RSA] },
  { name: 'ec-point', id: A.MODULUS, form: 'ec-point', creation: false, keyTypes: [KEY_TYPE.EC] },
  { name: 'curve', id: A.EC_PARAMS, form: 'curve', creation: false, keyTypes: [KEY_TYPE.EC] },
];

/** The rows by CLI name (a Map: names are typed words). */
export const CLI_ATTRIBUTE_BY_NAME: ReadonlyMap<string, CliAttrRow> = new Map(CLI_ATTRIBUTES.map((r) => [r.name, r]));

/** The attribute table's row behind a CLI row (its `cli` name is the same word), for explain and completion. */
export function modelRow(row: CliAttrRow): AttrDef | undefined {
  return row.id === MODIFIABLE.id ? MODIFIABLE : ATTR_BY_ID.get(row.id);
}

/** A DER length (short form below 128). */
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** The point inside a DER OCTET STRING `04 len point`, or undefined when `b` is not one. */
function unwrapOctetString(b: Uint8Array): Uint8Array | undefined {
  if (b.length < 2 || b[0] !== 0x04) return undefined;
  let off = 1;
  let len = b[off++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 2 || off + n > b.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[off++]!;
  }
  return off + len === b.length ? b.subarray(off) : undefined;
}

/** The KMU curve id of an EC key: the named-curve OID in its DER (SPKI or PKCS #8), whichever comes first. */
function curveOfKey(key: KeyRecord): number | undefined {
  const v = key.value;
  let best: { id: number; at: number } | undefined;
  for (const [id, c] of CURVES) {
    const at = indexOf(v, c.oid);
    if (at >= 0 && (!best || at < best.at)) best = { id, at };
  }
  return best?.id;
}

function indexOf(b: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const utf8 = new TextEncoder();

/** A boolean attribute as the CLI reads it: `modifiable` absent → true, `private` absent → true, others absent → false. */
function boolOf(attrs: AttrMap, id: number): boolean {
  if (id === MODIFIABLE.id) return isModifiable(attrs);
  if (id === A.PRIVATE) return attrs[id] !== 0;
  return attrs[id] === 1;
}

/** A stored value as its form reads it: an absent (or malformed) one is empty text, 0, no bytes. */
function storedValue(row: CliAttrRow, v: AttrValue | undefined): AttrValue {
  switch (row.form) {
    case 'text': case 'id': return typeof v === 'string' ? v : '';
    case 'number': return typeof v === 'number' ? v : 0;
    case 'hex': case 'ec-point': return v instanceof Uint8Array ? v : new Uint8Array(0);
    default: return v as AttrValue; // key-type, class: printed as the number when unnamed
  }
}

/** One attribute of a key in its JSON form (§4.1), or undefined when the key does not carry it. */
export function cliValue(key: KeyRecord, row: CliAttrRow): CliAttrValue | undefined {
  const a = key.attrs;
  if (row.keyTypes && !row.keyTypes.includes(a[A.KEY_TYPE] as number)) return undefined;
  if (row.form === 'bool') return boolOf(a, row.id);
  if (row.form === 'curve') {
    const id = curveOfKey(key);
    return id === undefined ? 'unknown' : curveName(id)!;
  }
  return settingValue(row, storedValue(row, a[row.id]));
}

/** A key's attributes in the order of §4.2, in their JSON form (values as stored; "inconsistent" is the view's). */
export function cliAttributes(key: KeyRecord): [name: string, value: CliAttrValue][] {
  const out: [string, CliAttrValue][] = [];
  for (const row of CLI_ATTRIBUTES) {
    const v = cliValue(key, row);
    if (v !== undefined) out.push([row.name, v]);
  }
  return out;
}

const HEX = /^0x([0-9a-f]*)$/i;
const DECIMAL = /^[0-9]+$/;

/** Hex digits as bytes (an odd count gets a leading zero). */
function hexBytes(digits: string): Uint8Array {
  const d = digits.length % 2 ? '0' + digits : digits;
  const out = new Uint8Array(d.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(d.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The stored value of `row` written as `text` (§4.6), or undefined when the text is not of its form. */
function readValue(row: CliAttrRow, text: string): AttrValue | undefined {
  switch (row.form) {
    case 'bool': {
      const t = text.toLowerCase();
      return t === 'true' ? 1 : t === 'false' ? 0 : undefined;
    }
    case 'text': return text;
    case 'number': {
      if (!DECIMAL.test(text)) return undefined;
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'hex': {
      const m = HEX.exec(text);
      return m ? hexBytes(m[1]!) : undefined;
    }
    case 'id': {
      const m = HEX.exec(text);
      if (!m) return undefined;
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(hexBytes(m[1]!));
      } catch {
        return undefined;
      }
    }
    case 'ec-point': {
      const m = HEX.exec(text);
      if (!m) return undefined;
      const b = hexBytes(m[1]!);
      return unwrapOctetString(b)?.slice() ?? b;
    }
    case 'key-type': return KEY_TYPES.get(text.toLowerCase());
    case 'class': return CLASSES.get(text.toLowerCase());
    case 'curve': return curveId(text);
  }
}

/**
 * Read one `NAME=VALUE` word (the `attr.` prefix already removed for filters) for a filter (every
 * name of §4.1) or for creation (`--attributes`: only the names §4.1 allows at creation);
 * unknown names and malformed values answer §4.6's refusals.
 */
export function parseCliAttribute(word: string, purpose: 'filter' | 'create'): { setting: CliAttrSetting } | { refusal: CliRefusal } {
  const eq = word.indexOf('=');
  const name = eq < 0 ? word : word.slice(0, eq);
  const text = eq < 0 ? '' : word.slice(eq + 1);
  const row = CLI_ATTRIBUTE_BY_NAME.get(name);
  if (!row || (purpose === 'create' && !row.creation)) return { refusal: { error: 'unknown-attribute', name } };
  const value = eq < 0 ? undefined : readValue(row, text);
  // `private` is always true: creation may only say so (§4.1).
  if (value === undefined || (purpose === 'create' && row.id === A.PRIVATE && value !== 1)) {
    return { refusal: { error: 'invalid-value', name, value: text } };
  }
  return { setting: { name, id: row.id, value } };
}

/** Hex compared as a number: case and leading zeros ignored (§2.4). */
const hexNumber = (s: string): string => s.slice(2).toLowerCase().replace(/^0+/, '');

/** Whether `key` has the value of `setting` (§2.4: labels exactly, hex as numbers, booleans, names). */
export function keyMatches(key: KeyRecord, setting: CliAttrSetting): boolean {
  const row = CLI_ATTRIBUTE_BY_NAME.get(setting.name);
  if (!row) return false;
  const have = cliValue(key, row);
  if (have === undefined) return false;
  const want = settingValue(row, setting.value);
  if (typeof have === 'string' && typeof want === 'string' && (row.form === 'hex' || row.form === 'id' || row.form === 'ec-point')) {
    return hexNumber(have) === hexNumber(want);
  }
  return have === want;
}

/** A setting's value in the JSON form of its row (what a key holding it would print). */
export function settingValue(row: CliAttrRow, value: AttrValue): CliAttrValue {
  switch (row.form) {
    case 'bool': return value === 1;
    case 'text': return String(value);
    case 'number': return value as number;
    case 'hex': return '0x' + toHex(value as Uint8Array);
    case 'id': return '0x' + toHex(utf8.encode(value as string));
    case 'ec-point': {
      const p = value as Uint8Array;
      return '0x' + toHex(Uint8Array.from([0x04, ...derLength(p.length), ...p]));
    }
    case 'key-type': return nameOf(KEY_TYPES, value) ?? String(value);
    case 'class': return nameOf(CLASSES, value) ?? String(value);
    case 'curve': return curveName(value as number) ?? String(value);
  }
}
