/**
 * Key wrapping inside the HSM: the mechanisms, the wrapped-file header and the crypto under
 * wrapKey, unWrapKey and aesWrapUnwrap (kmu-commands.md §3.4–3.6); their check ladders are the
 * operations of ops/wrap.ts.
 *
 * - The mechanism numbers live in ONE table (attributes.md §4.5 and gap A7: 10, 11 and 12 are an
 *   unverified recollection of the live AWS page, so they are kept here to be easy to correct).
 * - The wrapped-file header is the emulator's own (G-26): attributes as 8-byte-headed entries like
 *   the attribute template of getAttribute's size formula, followed by the mechanism's output
 *   exactly as `-noheader` writes it, so the key-bytes part stays interoperable.
 * - Every refusal is a return code (errors.md §4.2); nothing is written unless the caller commits.
 */
import { aesKwpUnwrap, aesKwpWrap, aesKwUnwrap, aesKwWrap, aesPkcs5Unwrap, aesPkcs5Wrap, CryptoError } from '../crypto/index';
import { aesGcmDecrypt, aesGcmEncrypt } from '../crypto/gcm';
import { randomBytes } from '../crypto/rng';
import { A, ATTR_BY_ID, CLASS, KEY_TYPE, type AttrValue } from './attributes';
import { refusalCode, wrappingKeyRefusal, type WrappingNeeds } from './keys';
import type { CliRefusal } from './ops/cli-refusal';
import { keyAllows } from './policy';
import type { KeyRecord } from './model';
import { manageQuorum } from './quorum';
import type { Hsm } from './world';
import type { AsymOptions, HashName, RsaEncryption } from '../crypto/asym/types';

export type MechanismFamily = 'aes-kw-pkcs5' | 'aes-kw' | 'aes-kwp' | 'aes-gcm' | 'aes-gcm-iv-prefixed' | 'rsa';

export interface Mechanism {
  m: number;
  name: string;
  family: MechanismFamily;
  /** Where the number comes from (attributes.md §4.5, A7). */
  source: string;
}

/** `-m` of wrapKey / unWrapKey (kmu-commands.md §3.4, attributes.md §4.5). */
export const MECHANISMS: readonly Mechanism[] = [
  { m: 4, name: 'AES_KEY_WRAP_PAD_PKCS5', family: 'aes-kw-pkcs5', source: 'AES key-wrapping page, m = 4' },
  { m: 5, name: 'NIST_AES_WRAP_NO_PAD', family: 'aes-kw', source: 'AES key-wrapping page, m = 5' },
  { m: 6, name: 'NIST_AES_WRAP_PAD', family: 'aes-kwp', source: 'AES key-wrapping page, m = 6' },
  { m: 7, name: 'RSA_AES', family: 'rsa', source: '2019 wrapKey page' },
  { m: 8, name: 'RSA_OAEP', family: 'rsa', source: '2019 wrapKey page' },
  { m: 10, name: 'AES_GCM', family: 'aes-gcm', source: 'unverified (A7)' },
  { m: 11, name: 'CLOUDHSM_AES_GCM', family: 'aes-gcm-iv-prefixed', source: 'unverified (A7)' },
  { m: 12, name: 'RSA_PKCS', family: 'rsa', source: 'unverified (A7)' },
];
export const MECHANISM_BY_NUMBER: ReadonlyMap<number, Mechanism> = new Map(MECHANISMS.map((x) => [x.m, x]));
export const isGcm = (m: Mechanism) => m.family === 'aes-gcm' || m.family === 'aes-gcm-iv-prefixed';
/** The AES key-wrap families the key-wrap view traces (issue 13), by the view's name; GCM and RSA are not traced. */
export const TRACED_VARIANT: Readonly<Partial<Record<MechanismFamily, 'rfc3394' | 'rfc5649' | 'pkcs5'>>> = {
  'aes-kw': 'rfc3394', 'aes-kwp': 'rfc5649', 'aes-kw-pkcs5': 'pkcs5',
};

/** The only IV the AES key-wrap mechanisms accept explicitly (§3.4 IV rules). */
export const DEFAULT_KW_IV_HEX = 'a6a6a6a6a6a6a6a6';
const GCM_IV_BYTES = 12;
export const DEFAULT_TAG_BYTES = 16;

// ---------------------------------------------------------------------------------------------
// Header format (G-26, emulator-defined). All integers big-endian.
//
//   offset 0   8 bytes  magic "KMUWRAP1"
//   offset 8   u32      H = length of the header, i.e. offset of the wrapped bytes
//   offset 12  u32      mechanism number (-m)
//   offset 16  u32      n = number of entries
//   offset 20  n × { u32 attribute id, u32 value length, value }   (exactly filling up to H)
//   offset H   the mechanism's output, as written with -noheader, to the end of the file
//
// Values: booleans and CLASS/KEY_TYPE 1 byte, VALUE_LEN 4 bytes, LABEL/ID UTF-8. Two vendor ids
// (PKCS #11 CKA_VENDOR_DEFINED range) carry the GCM parameters of mechanism 10.
// ---------------------------------------------------------------------------------------------
const HEADER_MAGIC = 'KMUWRAP1';
export const HDR_GCM_IV = 0x80000001;
export const HDR_GCM_TAG_BYTES = 0x80000002;

/** Attributes a header carries, in this order (the key's class, type, names and usage). */
const HEADER_ATTRS: readonly number[] = [
  A.CLASS, A.KEY_TYPE, A.LABEL, A.ID, A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP, A.SIGN, A.VERIFY, A.DERIVE,
  A.EXTRACTABLE, A.WRAP_WITH_TRUSTED, A.VALUE_LEN,
];
const REQUIRED_IN_HEADER = new Set(HEADER_ATTRS);

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

function encodeValue(id: number, v: AttrValue): Uint8Array {
  const kind = ATTR_BY_ID.get(id)?.kind;
  if (typeof v === 'string') return utf8.encode(v);
  if (v instanceof Uint8Array) return v.slice();
  if (kind === 'int32' || id === HDR_GCM_TAG_BYTES) return Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  return Uint8Array.of(v & 255);
}

function encodeEntries(entries: ReadonlyArray<readonly [number, AttrValue]>): Uint8Array {
  const parts = entries.map(([id, v]) => [id, encodeValue(id, v)] as const);
  const out = new Uint8Array(4 + parts.reduce((s, [, b]) => s + 8 + b.length, 0));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, parts.length);
  let off = 4;
  for (const [id, b] of parts) {
    dv.setUint32(off, id);
    dv.setUint32(off + 4, b.length);
    out.set(b, off + 8);
    off += 8 + b.length;
  }
  return out;
}

/** Entries of an encoded list (count + entries, filling `bytes` exactly), or undefined if malformed. */
export function decodeEntries(bytes: Uint8Array): Map<number, AttrValue> | undefined {
  if (bytes.length < 4) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getUint32(0);
  const out = new Map<number, AttrValue>();
  let off = 4;
  for (let i = 0; i < n; i++) {
    if (off + 8 > bytes.length) return undefined;
    const id = dv.getUint32(off);
    const len = dv.getUint32(off + 4);
    off += 8;
    if (off + len > bytes.length || out.has(id)) return undefined;
    const raw = bytes.subarray(off, off + len);
    off += len;
    const kind = ATTR_BY_ID.get(id)?.kind;
    if (id === HDR_GCM_IV) {
      if (len === 0) return undefined;
      out.set(id, raw.slice());
    } else if (id === HDR_GCM_TAG_BYTES || kind === 'int32') {
      if (len !== 4) return undefined;
      out.set(id, new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0));
    } else if (kind === 'bool' || kind === 'class') {
      if (len !== 1 || (kind === 'bool' && raw[0]! > 1)) return undefined;
      out.set(id, raw[0]!);
    } else if (kind === 'text') {
      try {
        out.set(id, fromUtf8.decode(raw));
      } catch {
        return undefined;
      }
    } else {
      return undefined; // nothing else may travel in a header or template
    }
  }
  return off === bytes.length ? out : undefined;
}

export function encodeHeader(key: KeyRecord, mechanism: number, gcm?: { iv: Uint8Array; tagBytes: number }): Uint8Array {
  const entries: Array<[number, AttrValue]> = HEADER_ATTRS.map((id) => [id, key.attrs[id] ?? 0]);
  if (gcm) entries.push([HDR_GCM_IV, gcm.iv], [HDR_GCM_TAG_BYTES, gcm.tagBytes]);
  const body = encodeEntries(entries);
  const out = new Uint8Array(16 + body.length);
  out.set(utf8.encode(HEADER_MAGIC));
  const dv = new DataView(out.buffer);
  dv.setUint32(8, out.length);
  dv.setUint32(12, mechanism);
  out.set(body, 16);
  return out;
}

export interface ParsedHeader {
  mechanism: number;
  attrs: Map<number, AttrValue>;
  wrapped: Uint8Array;
}

export function parseWrappedFile(file: Uint8Array): ParsedHeader | undefined {
  if (file.length < 20 || new TextDecoder().decode(file.subarray(0, 8)) !== HEADER_MAGIC) return undefined;
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const h = dv.getUint32(8);
  if (h < 20 || h > file.length) return undefined;
  const attrs = decodeEntries(file.subarray(16, h));
  if (!attrs || ![...REQUIRED_IN_HEADER].every((id) => attrs.has(id))) return undefined;
  return { mechanism: dv.getUint32(12), attrs, wrapped: file.slice(h) };
}

// ---------------------------------------------------------------------------------------------
// The mechanisms themselves.
// ---------------------------------------------------------------------------------------------

/** Whether a key of `length` bytes can be wrapped with the mechanism (else 0xc6, errors.md §4.2). */
export function mechanismFits(mech: Mechanism, length: number): boolean {
  switch (mech.family) {
    case 'aes-kw-pkcs5':
      return length >= 8; // PKCS #5 pads to at least the two semiblocks KW needs
    case 'aes-kw':
      return length >= 16 && length % 8 === 0; // RFC 3394: block-aligned keys only
    default:
      return length >= 1;
  }
}

export interface GcmParams {
  aad: Uint8Array;
  tagBytes: number;
}

/** The mechanism's output for `value` (what -noheader writes) and, for m 10, the generated IV. */
export function aesWrapWith(hsm: Hsm, mech: Mechanism, kek: Uint8Array, value: Uint8Array, gcm: GcmParams): { wrapped: Uint8Array; iv?: Uint8Array } {
  switch (mech.family) {
    case 'aes-kw-pkcs5':
      return { wrapped: aesPkcs5Wrap(kek, value) };
    case 'aes-kw':
      return { wrapped: aesKwWrap(kek, value) };
    case 'aes-kwp':
      return { wrapped: aesKwpWrap(kek, value) };
    case 'aes-gcm': {
      const iv = randomBytes(hsm.deps.rng, GCM_IV_BYTES);
      return { wrapped: aesGcmEncrypt(kek, iv, value, gcm.aad, gcm.tagBytes), iv };
    }
    case 'aes-gcm-iv-prefixed': {
      const iv = randomBytes(hsm.deps.rng, GCM_IV_BYTES);
      const sealed = aesGcmEncrypt(kek, iv, value, gcm.aad, gcm.tagBytes);
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return { wrapped: out };
    }
    case 'rsa':
      throw new Error('RSA mechanisms need an RSA wrapping key');
  }
}

/** Inverse of aesWrapWith; throws CryptoError on any integrity failure. */
export function aesUnwrapWith(mech: Mechanism, kek: Uint8Array, wrapped: Uint8Array, gcm: GcmParams & { iv?: Uint8Array }): Uint8Array {
  switch (mech.family) {
    case 'aes-kw-pkcs5':
      return aesPkcs5Unwrap(kek, wrapped);
    case 'aes-kw':
      return aesKwUnwrap(kek, wrapped);
    case 'aes-kwp':
      return aesKwpUnwrap(kek, wrapped);
    case 'aes-gcm':
      if (!gcm.iv) throw new CryptoError();
      return aesGcmDecrypt(kek, gcm.iv, wrapped, gcm.aad, gcm.tagBytes);
    case 'aes-gcm-iv-prefixed':
      if (wrapped.length < GCM_IV_BYTES + gcm.tagBytes) throw new CryptoError();
      return aesGcmDecrypt(kek, wrapped.subarray(0, GCM_IV_BYTES), wrapped.subarray(GCM_IV_BYTES), gcm.aad, gcm.tagBytes);
    case 'rsa':
      throw new CryptoError();
  }
}

/**
 * A wrapping/unwrapping key for `mech` (errors.md §4.2): the AES mechanisms need an AES key with the
 * needed flag (wrappingKeyCode); the RSA ones an RSA key of the right pair half (G-52: wrap with the
 * PUBLIC key, WRAP 1; unwrap with the PRIVATE key, UNWRAP 1) the user may use — else 0xc6 — and
 * no quorum on it (0xe7).
 */
export function wrappingCode(mech: Mechanism, key: KeyRecord, me: number, needs: { wrap?: boolean; unwrap?: boolean }): number {
  return refusalCode(wrappingRefusal(mech, key, me, needs));
}

/** wrappingCode's rule with its reason (the CloudHSM CLI words each one): null, or the first check that fails. */
export function wrappingRefusal(mech: Mechanism, key: KeyRecord, me: number, needs: WrappingNeeds): CliRefusal | null {
  if (mech.family !== 'rsa') return wrappingKeyRefusal(key, me, needs);
  if (!keyAllows(key, me, 'use')) return { error: 'access-denied' };
  if (key.attrs[A.KEY_TYPE] !== KEY_TYPE.RSA) return { error: 'wrong-key-kind' };
  if (needs.wrap && key.attrs[A.CLASS] !== CLASS.PUBLIC) return { error: 'wrong-key-kind' };
  if (needs.wrap && key.attrs[A.WRAP] !== 1) return { error: 'attribute-false', name: 'wrap' };
  if (needs.unwrap && key.attrs[A.CLASS] !== CLASS.PRIVATE) return { error: 'wrong-key-kind' };
  if (needs.unwrap && key.attrs[A.UNWRAP] !== 1) return { error: 'attribute-false', name: 'unwrap' };
  if (!needs.quorumLater && manageQuorum(key) > 0) return { error: 'quorum' };
  return null;
}

// ---------------------------------------------------------------------------------------------
// The RSA mechanisms (attributes.md §4.5–4.6): -m 8 RSA_OAEP (MGF1 with the same hash, empty
// label), -m 12 RSA_PKCS (PKCS #1 v1.5 encryption: WebCrypto has none, the facade's JavaScript RSA
// does it), -m 7 RSA_AES = PKCS #11 CKM_RSA_AES_KEY_WRAP: a fresh AES-256 key wrapped with
// RSA-OAEP, then the target wrapped under it with RFC 5649 (KWP); output RSA block ‖ KWP block.
// ---------------------------------------------------------------------------------------------

/** `-t` of the RSA mechanisms (attributes.md §4.6). */
export const HASH_TYPES: ReadonlyMap<number, { hash: HashName; bytes: number }> = new Map([
  [2, { hash: 'SHA-1', bytes: 20 }], [3, { hash: 'SHA-256', bytes: 32 }], [4, { hash: 'SHA-384', bytes: 48 }],
  [5, { hash: 'SHA-512', bytes: 64 }], [6, { hash: 'SHA-224', bytes: 28 }],
] as const);
export const DEFAULT_HASH_TYPE = 2;
/** RSA_AES's ephemeral AES key (bytes). */
export const RSA_AES_KEY_BYTES = 32;

/** The RSA encryption under mechanism `mech` with hash type `hashType` (-t). */
export function rsaEncryptionOf(mech: Mechanism, hashType: number): RsaEncryption {
  if (mech.m === 12) return { scheme: 'pkcs1' };
  return { scheme: 'oaep', hash: (HASH_TYPES.get(hashType) ?? HASH_TYPES.get(DEFAULT_HASH_TYPE)!).hash };
}

/** The modulus length in bytes of an RSA key record (its MODULUS_BITS attribute). */
export function modulusBytes(key: KeyRecord): number {
  const bits = key.attrs[A.MODULUS_BITS];
  return typeof bits === 'number' ? Math.ceil(bits / 8) : 0;
}

/** Largest target an RSA mechanism wraps directly (OAEP k − 2·hLen − 2, PKCS #1 k − 11); RSA_AES any. */
export function rsaLimit(mech: Mechanism, k: number, hashType: number): number {
  if (mech.m === 7) return Number.MAX_SAFE_INTEGER;
  if (mech.m === 12) return k - 11;
  return k - 2 * (HASH_TYPES.get(hashType) ?? HASH_TYPES.get(DEFAULT_HASH_TYPE)!).bytes - 2;
}

/** Options for the crypto facade: the seeded rng only in seeded mode (spec README decision 3), and the CryptoKey cache's name. */
export function asymOptions(hsm: Hsm, cacheKey?: string): AsymOptions {
  return { ...(hsm.seeded ? { rng: hsm.deps.rng } : {}), ...(cacheKey === undefined ? {} : { cacheKey }) };
}

/** What the RSA mechanism writes for `value` (what -noheader writes). RangeError when it does not fit. */
export async function rsaWrapWith(hsm: Hsm, mech: Mechanism, hashType: number, spki: Uint8Array, value: Uint8Array, cacheKey?: string): Promise<Uint8Array> {
  const asym = await import('../crypto/asym/lite');
  const enc = rsaEncryptionOf(mech, hashType);
  const opts = asymOptions(hsm, cacheKey);
  if (mech.m !== 7) return asym.rsaEncrypt(spki, enc, value, opts);
  const ephemeral = randomBytes(hsm.deps.rng, RSA_AES_KEY_BYTES);
  try {
    const head = await asym.rsaEncrypt(spki, enc, ephemeral, opts);
    const body = aesKwpWrap(ephemeral, value);
    const out = new Uint8Array(head.length + body.length);
    out.set(head);
    out.set(body, head.length);
    return out;
  } finally {
    ephemeral.fill(0);
  }
}

/** Inverse of rsaWrapWith with the PKCS #8 private key of modulus length `k`; CryptoError on any failure. */
export async function rsaUnwrapWith(hsm: Hsm, mech: Mechanism, hashType: number, pkcs8: Uint8Array, k: number, wrapped: Uint8Array, cacheKey?: string): Promise<Uint8Array> {
  const asym = await import('../crypto/asym/lite');
  const enc = rsaEncryptionOf(mech, hashType);
  const opts = asymOptions(hsm, cacheKey);
  const decrypt = async (data: Uint8Array) => {
    if (data.length !== k) throw new CryptoError();
    try {
      return await asym.rsaDecrypt(pkcs8, enc, data, opts);
    } catch (e) {
      if (e instanceof RangeError || e instanceof CryptoError || (e instanceof Error && e.name === 'CryptoError')) throw new CryptoError();
      throw e;
    }
  };
  if (mech.m !== 7) return decrypt(wrapped);
  if (wrapped.length < k + 16) throw new CryptoError();
  const ephemeral = await decrypt(wrapped.subarray(0, k));
  if (ephemeral.length !== 16 && ephemeral.length !== 24 && ephemeral.length !== 32) throw new CryptoError();
  try {
    return aesKwpUnwrap(ephemeral, wrapped.subarray(k));
  } finally {
    ephemeral.fill(0);
  }
}

/** Lengths a secret key of each type may have (as genSymKey/imSymKey accept them). */
export { secretLengthOk } from './attributes';

export const USAGE_FROM_HEADER = [A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP, A.SIGN, A.VERIFY, A.DERIVE, A.WRAP_WITH_TRUSTED];
