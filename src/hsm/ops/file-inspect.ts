/**
 * What a file on the client host holds (issue 13, item 5: the host's `inspect FILE`): the analysis
 * only, as typed data — the host command (src/commands/host/inspect-run.ts) words it. It lives in
 * the operations layer because it knows what only the HSM model knows: the wrapped-file header of
 * wrapKey (../wrap.ts, G-26), the mechanisms and the lengths their outputs have, getAttribute's file
 * format and the attribute table (../attributes.ts, attributes.md §6.1), the key types and sizes,
 * the KCV rule (../kcv.ts), the masked-object layout (../masking.ts) and the fake PEM of
 * getCaviumPrivKey (../private-key-file.ts, G-20).
 *
 * Kinds, tried in this order: empty; the wrapped-key header (magic `KMUWRAP1`); a masked object
 * (`KMUMASK1`); text — a getAttribute file, PEM blocks, hex or Base64 text, other text; DER (one
 * value filling the file, tag SEQUENCE); anything else is binary data, explained both as key
 * material (which key types fit its length, their KCVs) and as wrapped bytes written with
 * `-noheader` (which mechanisms give an output of that length, and for which key lengths).
 *
 * Hostile input never throws and never costs more than a bounded walk: the DER walk stops at depth
 * 16 and after MAX_NODES values, values are returned as subarrays (the command caps what it shows).
 */
import { aesEncryptBlock, tdesEncryptBlock } from '../../crypto/index';
import { A, ATTR_BY_ID, ATTRIBUTES, CLASS, KEY_TYPE, type AttrValue } from '../attributes';
import { DEFAULT_TAG_BYTES, MECHANISM_BY_NUMBER, parseWrappedFile } from '../wrap';
import { fakePemMarker } from '../private-key-file';

// ---------------------------------------------------------------------------------------------
// Key material and wrapped bytes by their length
// ---------------------------------------------------------------------------------------------

/** A key type a file of raw bytes fits (genSymKey/imSymKey sizes, attributes.md §4.3). */
export type KeyFit =
  | { type: 'AES'; bits: number; kcv: Uint8Array }
  | { type: '3DES'; kcv: Uint8Array }
  | { type: 'GENERIC_SECRET' };

/** Largest GENERIC_SECRET key (attributes.md §4.3: "<3584" bytes). */
export const MAX_GENERIC_SECRET = 3583;

/** Which key types raw bytes of this length are, with the KCV they would have (attributes.md §5). */
export function keyFits(data: Uint8Array): KeyFit[] {
  const n = data.length;
  const out: KeyFit[] = [];
  if (n === 16 || n === 24 || n === 32) out.push({ type: 'AES', bits: n * 8, kcv: aesEncryptBlock(data, new Uint8Array(16)).slice(0, 3) });
  if (n === 24) out.push({ type: '3DES', kcv: tdesEncryptBlock(data, new Uint8Array(8)).slice(0, 3) });
  if (n >= 1 && n <= MAX_GENERIC_SECRET) out.push({ type: 'GENERIC_SECRET' });
  return out;
}

/**
 * A mechanism whose output (as `-noheader` writes it) can be this long, and the lengths of key it
 * then wraps. RSA: the modulus length in bits the output implies.
 */
export type BlobFit =
  | { m: 4 | 5 | 6; min: number; max: number }
  /** GCM: `withDefaultTag` the key length with the default 16-byte tag (undefined: none fits), `min`–`max` over -tag_size 16 … 8. */
  | { m: 10 | 11; withDefaultTag?: number; min: number; max: number }
  | { m: 8 | 12; modulusBits: number }
  | { m: 7; modulusBits: number; min: number; max: number };

const MIN_TAG = 8;
const GCM_IV_BYTES = 12;
/** RSA moduli the HSM generates: 2048–4096 bits in steps of 256 (attributes.md §4.3). */
const RSA_BYTES = Array.from({ length: 9 }, (_, i) => 256 + 32 * i);

/** The mechanisms whose output has length `w` (RFC 3394, RFC 5649, PKCS #5 + RFC 3394, GCM, RSA). */
export function blobFits(w: number): BlobFit[] {
  const out: BlobFit[] = [];
  const aligned = w % 8 === 0;
  // -m 4: PKCS #5 pads a key of L ≥ 8 bytes to 8·⌊L/8⌋ + 8, RFC 3394 adds one 8-byte block
  if (aligned && w >= 24) out.push({ m: 4, min: w - 16, max: w - 9 });
  // -m 5: RFC 3394 of a key of n ≥ 2 blocks, plus the integrity block
  if (aligned && w >= 24) out.push({ m: 5, min: w - 8, max: w - 8 });
  // -m 6: RFC 5649 pads to whole blocks; 1–8 bytes are one AES block (16 bytes)
  if (w === 16) out.push({ m: 6, min: 1, max: 8 });
  else if (aligned && w >= 24) out.push({ m: 6, min: w - 15, max: w - 8 });
  // -m 10: ciphertext ‖ tag (the IV travels in -iv_file or in the header); -m 11: IV (12) ‖ ciphertext ‖ tag
  for (const [m, overhead] of [[10, 0], [11, GCM_IV_BYTES]] as const) {
    const max = w - overhead - MIN_TAG;
    if (max < 1) continue;
    const def = w - overhead - DEFAULT_TAG_BYTES;
    out.push({ m, ...(def >= 1 ? { withDefaultTag: def } : {}), min: Math.max(1, def), max });
  }
  // RSA: one block of the modulus length; RSA_AES (-m 7): that block, then RFC 5649 of the key
  if (RSA_BYTES.includes(w)) {
    out.push({ m: 8, modulusBits: w * 8 }, { m: 12, modulusBits: w * 8 });
  }
  const rest = w - 256;
  if (rest >= 16 && rest % 8 === 0) out.push({ m: 7, modulusBits: 2048, min: rest === 16 ? 1 : rest - 15, max: rest - 8 });
  // a block of exactly one modulus (GCM fits too) is listed; keep the table's order by -m
  return out.sort((a, b) => a.m - b.m);
}

/** The length of what mechanism `m` writes for a secret key of `len` bytes (undefined: it depends, or none). */
export function outputLength(m: number, len: number, tagBytes = DEFAULT_TAG_BYTES): number | undefined {
  switch (m) {
    case 4: return len >= 8 ? 8 * Math.floor(len / 8) + 16 : undefined;
    case 5: return len >= 16 && len % 8 === 0 ? len + 8 : undefined;
    case 6: return len <= 8 ? 16 : 8 * Math.ceil(len / 8) + 8;
    case 10: return len + tagBytes;
    case 11: return 12 + len + tagBytes;
    default: return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The wrapped-file header (G-26, ../wrap.ts)
// ---------------------------------------------------------------------------------------------

export interface HeaderEntry {
  offset: number;
  /** 8 (id, length) + the value's length. */
  length: number;
  id: number;
  /** The value as the header decodes it (number for class/bool/int32, text, bytes for the GCM IV). */
  value: AttrValue | undefined;
  /** The raw value (for an entry that does not decode). */
  raw: Uint8Array;
}

export interface HeaderAnalysis {
  kind: 'wrapped-header';
  size: number;
  /** Header length (offset of the wrapped bytes); may point outside the file when damaged. */
  headerLength: number;
  mechanism: number;
  entryCount: number;
  entries: HeaderEntry[];
  /** Where the entries' walk stopped, and why, when it did not fill the header exactly. */
  damage?: 'short-file' | 'header-length' | 'entry-overflow' | 'entries-short' | 'entries-long';
  /** unWrapKey would accept this header (../wrap.ts parseWrappedFile). */
  accepted: boolean;
  /** The wrapped bytes (offset headerLength to the end). */
  wrappedOffset: number;
  wrappedLength: number;
  /** What the header's mechanism writes for a key of its OBJ_ATTR_VALUE_LEN (secret keys), or undefined. */
  expectedLength?: number;
  /** The mechanisms whose output has the wrapped part's length. */
  fits: BlobFit[];
}

const HEADER_MAGIC = 'KMUWRAP1';
const ascii = (b: Uint8Array) => String.fromCharCode(...b);

function u32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

function decodeValue(id: number, raw: Uint8Array): AttrValue | undefined {
  const kind = ATTR_BY_ID.get(id)?.kind;
  if (kind === 'int32' || id === 0x80000002) return raw.length === 4 ? u32(raw, 0) : undefined;
  if (kind === 'bool' || kind === 'class') return raw.length === 1 ? raw[0]! : undefined;
  if (kind === 'text') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return undefined;
    }
  }
  return raw;
}

/** Read a file that starts with the header magic; every field reported with its offset. */
function analyseHeader(data: Uint8Array): HeaderAnalysis {
  const size = data.length;
  const base = { kind: 'wrapped-header' as const, size, accepted: parseWrappedFile(data) !== undefined };
  if (size < 20) {
    return { ...base, headerLength: 0, mechanism: 0, entryCount: 0, entries: [], damage: 'short-file', wrappedOffset: size, wrappedLength: 0, fits: [] };
  }
  const h = u32(data, 8);
  const mechanism = u32(data, 12);
  const entryCount = u32(data, 16);
  const entries: HeaderEntry[] = [];
  let damage: HeaderAnalysis['damage'];
  const end = Math.min(h, size);
  if (h < 20 || h > size) damage = 'header-length';
  let off = 20;
  for (let i = 0; i < entryCount && entries.length < 64; i++) {
    if (off + 8 > end) { damage ??= 'entries-short'; break; }
    const id = u32(data, off);
    const len = u32(data, off + 4);
    if (off + 8 + len > end) { damage ??= 'entry-overflow'; break; }
    const raw = data.subarray(off + 8, off + 8 + len);
    entries.push({ offset: off, length: 8 + len, id, value: decodeValue(id, raw), raw });
    off += 8 + len;
  }
  if (!damage && off !== end) damage = 'entries-long';
  const wrappedOffset = h >= 20 && h <= size ? h : size;
  const wrappedLength = size - wrappedOffset;
  const value = (id: number) => entries.find((e) => e.id === id)?.value;
  const cls = value(A.CLASS);
  const len = value(A.VALUE_LEN);
  const tag = value(0x80000002);
  const expectedLength = cls === CLASS.SECRET && typeof len === 'number'
    ? outputLength(mechanism, len, typeof tag === 'number' ? tag : DEFAULT_TAG_BYTES) : undefined;
  return {
    ...base, headerLength: h, mechanism, entryCount, entries, ...(damage ? { damage } : {}), wrappedOffset, wrappedLength,
    ...(expectedLength !== undefined ? { expectedLength } : {}), fits: blobFits(wrappedLength),
  };
}

// ---------------------------------------------------------------------------------------------
// The masked object of extractMaskedObject (../masking.ts)
// ---------------------------------------------------------------------------------------------

export interface MaskedAnalysis {
  kind: 'masked';
  size: number;
  /** The backup lineage (in clear: it tells clusters apart), or undefined when the file is too short. */
  lineage?: string;
  lineageLength: number;
  ivOffset: number;
  /** AES-256-GCM ciphertext of the key object. */
  ciphertextOffset: number;
  ciphertextLength: number;
  tagOffset: number;
  complete: boolean;
}

const MASK_MAGIC = 'KMUMASK1';

function analyseMasked(data: Uint8Array): MaskedAnalysis {
  const size = data.length;
  const lineageLength = size >= 12 ? u32(data, 8) : 0;
  const ivOffset = 12 + lineageLength;
  const ciphertextOffset = ivOffset + 12;
  const tagOffset = size - 16;
  const complete = size >= 12 && ciphertextOffset + 16 <= size;
  let lineage: string | undefined;
  if (size >= 12 && 12 + lineageLength <= size) {
    try {
      lineage = new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(12, 12 + lineageLength));
    } catch {
      lineage = undefined;
    }
  }
  return {
    kind: 'masked', size, ...(lineage !== undefined ? { lineage } : {}), lineageLength, ivOffset, ciphertextOffset,
    ciphertextLength: complete ? tagOffset - ciphertextOffset : 0, tagOffset, complete,
  };
}

// ---------------------------------------------------------------------------------------------
// getAttribute's file (attributes.md §6.1; CMU's per-server form §6.2)
// ---------------------------------------------------------------------------------------------

export interface AttrFileRow {
  /** 1-based line of the name. */
  line: number;
  id: number;
  name: string;
  /** The value text as written (a modulus: its lines joined). */
  text: string;
  /** The value read back: number (class, bool, int), text, or bytes (KCV, modulus, exponent); undefined when malformed. */
  value: AttrValue | undefined;
  /** The MODULUS of an EC key holds its point (bare hex). */
  ecPoint?: boolean;
  /** cloudhsm_mgmt_util's form: the server whose value it is (`0(10.0.1.10)`). */
  server?: string;
}

export interface AttrFileAnalysis {
  kind: 'attributes';
  size: number;
  /** `-a 512` (2-digit booleans), one attribute (8-digit values), or cloudhsm_mgmt_util's per-server form. */
  form: 'dump' | 'single' | 'cmu';
  rows: AttrFileRow[];
  /** CMU: the servers named. */
  servers: string[];
  /** Lines that are neither a name, its value nor a server line. */
  stray: Array<{ line: number; text: string }>;
}

const BY_NAME: ReadonlyMap<string, number> = new Map(ATTRIBUTES.map((a) => [a.name, a.id]));
const HEX_VALUE = /^0x[0-9a-f]+$/;

function readAttrValue(id: number, text: string, ec: boolean): AttrValue | undefined {
  const kind = ATTR_BY_ID.get(id)!.kind;
  if (kind === 'text') return text;
  let hex: string;
  if (kind === 'modulus' && ec) hex = text;
  else if (HEX_VALUE.test(text)) hex = text.slice(2);
  else return undefined;
  if (!/^[0-9a-f]+$/.test(hex)) return undefined;
  if (kind === 'class' || kind === 'bool' || kind === 'int32') return hex.length <= 8 ? parseInt(hex, 16) : undefined;
  if (hex.length % 2 !== 0 || (kind === 'kcv' && hex.length !== 6)) return undefined;
  return Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16));
}

/** A getAttribute file: lines alternating NAME and value (a modulus over several lines). Undefined when it is not one. */
function analyseAttributes(text: string, size: number): AttrFileAnalysis | undefined {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const rows: AttrFileRow[] = [];
  const servers: string[] = [];
  const stray: AttrFileAnalysis['stray'] = [];
  let cmu = false;
  let keyType: AttrValue | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const server = /^Attribute Value on server (.*):$/.exec(line);
    if (server) { cmu = true; servers.push(server[1]!); continue; }
    const id = BY_NAME.get(line);
    if (id === undefined) {
      if (line.trim() !== '') stray.push({ line: i + 1, text: line });
      continue;
    }
    const def = ATTR_BY_ID.get(id)!;
    let value = lines[i + 1]?.replace(/\r$/, '') ?? '';
    const first = i + 1;
    i++;
    if (def.kind === 'modulus') {
      // the modulus goes on over lines of hex until the next attribute's name
      while (i + 1 < lines.length && /^[0-9a-f]+$/.test(lines[i + 1]!) && !BY_NAME.has(lines[i + 1]!)) value += lines[++i]!;
    }
    const ec = def.kind === 'modulus' && keyType === KEY_TYPE.EC;
    const parsed = readAttrValue(id, value, ec);
    if (id === A.KEY_TYPE) keyType = parsed;
    const on = servers.at(-1);
    rows.push({ line: first, id, name: def.name, text: value, value: parsed, ...(ec ? { ecPoint: true } : {}), ...(on !== undefined ? { server: on } : {}) });
  }
  // a few stray lines (a leading blank line, the `cat` echo) are fine; a text that is mostly other lines is no attribute file
  if (rows.length === 0 || stray.length > rows.length) return undefined;
  const form = cmu ? 'cmu' : rows.length === 1 ? 'single' : 'dump';
  return { kind: 'attributes', size, form, rows, servers, stray };
}

// ---------------------------------------------------------------------------------------------
// DER: a walk like `openssl asn1parse`, and what the structure is
// ---------------------------------------------------------------------------------------------

export interface DerNode {
  offset: number;
  depth: number;
  /** Header length (tag and length bytes). */
  hl: number;
  /** Content length. */
  length: number;
  constructed: boolean;
  /** 'universal' | 'application' | 'context' | 'private' */
  cls: 'universal' | 'application' | 'context' | 'private';
  /** Tag number (low tag numbers only: ≤ 30). */
  number: number;
  content: Uint8Array;
  children: DerNode[];
}

export interface DerWalk {
  nodes: DerNode[];
  /** The top-level values, in order. */
  top: DerNode[];
  /** Where the walk stopped, and why, when the bytes are not well-formed DER. */
  error?: { offset: number; depth: number; reason: 'truncated' | 'indefinite-length' | 'high-tag' | 'length-too-large' | 'too-deep' | 'too-many' };
  /** Bytes after the top-level value(s) the walk read. */
  trailing: number;
}

const MAX_DEPTH = 16;
/** Values listed at most (a certificate has about 60). */
export const MAX_NODES = 400;

/** Walk DER like openssl asn1parse: every value with its offset, depth, header and content length. */
export function walkDer(data: Uint8Array): DerWalk {
  const nodes: DerNode[] = [];
  const top: DerNode[] = [];
  let error: DerWalk['error'];
  const walk = (start: number, end: number, depth: number, into: DerNode[]): number => {
    let off = start;
    while (off < end && !error) {
      if (nodes.length >= MAX_NODES) { error = { offset: off, depth, reason: 'too-many' }; break; }
      if (off + 2 > end) { error = { offset: off, depth, reason: 'truncated' }; break; }
      const t = data[off]!;
      if ((t & 0x1f) === 0x1f) { error = { offset: off, depth, reason: 'high-tag' }; break; }
      let p = off + 1;
      let len = data[p++]!;
      if (len === 0x80) { error = { offset: off, depth, reason: 'indefinite-length' }; break; }
      if (len & 0x80) {
        const n = len & 0x7f;
        if (n > 4) { error = { offset: off, depth, reason: 'length-too-large' }; break; }
        if (p + n > end) { error = { offset: off, depth, reason: 'truncated' }; break; }
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + data[p + i]!;
        p += n;
      }
      if (p + len > end) { error = { offset: off, depth, reason: 'truncated' }; break; }
      const cls = (['universal', 'application', 'context', 'private'] as const)[t >> 6]!;
      const node: DerNode = {
        offset: off, depth, hl: p - off, length: len, constructed: (t & 0x20) !== 0, cls, number: t & 0x1f,
        content: data.subarray(p, p + len), children: [],
      };
      nodes.push(node);
      into.push(node);
      if (node.constructed) {
        if (depth + 1 > MAX_DEPTH) { error = { offset: p, depth: depth + 1, reason: 'too-deep' }; break; }
        walk(p, p + len, depth + 1, node.children);
      }
      off = p + len;
    }
    return off;
  };
  const end = walk(0, data.length, 0, top);
  return { nodes, top, ...(error ? { error } : {}), trailing: error ? 0 : data.length - end };
}

/** Dotted text of an OBJECT IDENTIFIER's content, or undefined when malformed. */
export function oidOf(c: Uint8Array): string | undefined {
  if (c.length === 0 || c.length > 64 || (c[c.length - 1]! & 0x80)) return undefined;
  const arcs: number[] = [];
  let v = 0;
  for (const x of c) {
    if (v > 2 ** 45) return undefined;
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) { arcs.push(v); v = 0; }
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** OpenSSL's long names of the objects the playground's files hold (what asn1parse prints). */
export const OID_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.113549.1.1.1', 'rsaEncryption'], ['1.2.840.10045.2.1', 'id-ecPublicKey'], ['1.2.840.10040.4.1', 'dsaEncryption'],
  ['1.2.840.10045.3.1.7', 'prime256v1'], ['1.3.132.0.33', 'secp224r1'], ['1.3.132.0.34', 'secp384r1'], ['1.3.132.0.35', 'secp521r1'],
  ['1.3.132.0.10', 'secp256k1'], ['1.2.840.113549.1.1.5', 'sha1WithRSAEncryption'], ['1.2.840.113549.1.1.11', 'sha256WithRSAEncryption'],
  ['1.2.840.113549.1.1.12', 'sha384WithRSAEncryption'], ['1.2.840.113549.1.1.13', 'sha512WithRSAEncryption'],
  ['1.2.840.113549.1.1.10', 'rsassaPss'], ['1.2.840.113549.1.1.7', 'rsaesOaep'],
  ['1.2.840.10045.4.3.2', 'ecdsa-with-SHA256'], ['1.2.840.10045.4.3.3', 'ecdsa-with-SHA384'], ['1.2.840.10045.4.3.4', 'ecdsa-with-SHA512'],
  ['2.5.4.3', 'commonName'], ['2.5.4.6', 'countryName'], ['2.5.4.7', 'localityName'], ['2.5.4.8', 'stateOrProvinceName'],
  ['2.5.4.10', 'organizationName'], ['2.5.4.11', 'organizationalUnitName'],
  ['2.5.29.14', 'X509v3 Subject Key Identifier'], ['2.5.29.15', 'X509v3 Key Usage'], ['2.5.29.17', 'X509v3 Subject Alternative Name'],
  ['2.5.29.19', 'X509v3 Basic Constraints'], ['2.5.29.35', 'X509v3 Authority Key Identifier'], ['2.5.29.37', 'X509v3 Extended Key Usage'],
  ['2.16.840.1.101.3.4.2.1', 'sha256'], ['2.16.840.1.101.3.4.2.2', 'sha384'], ['2.16.840.1.101.3.4.2.3', 'sha512'], ['1.3.14.3.2.26', 'sha1'],
]);

/** The playground's curves: OID → [the HSM's name, OpenSSL's name]. */
const CURVE_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10045.3.1.7', 'P-256'], ['1.3.132.0.33', 'P-224'], ['1.3.132.0.34', 'P-384'], ['1.3.132.0.35', 'P-521'], ['1.3.132.0.10', 'secp256k1'],
]);
const NAME_ATTRS: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'], ['2.5.4.6', 'C'], ['2.5.4.7', 'L'], ['2.5.4.8', 'ST'], ['2.5.4.10', 'O'], ['2.5.4.11', 'OU'],
]);

export interface Curve { oid: string; name?: string; openssl?: string }

/** What a DER structure is. */
export type DerIdentity =
  | { what: 'spki'; key: KeyDesc }
  | { what: 'pkcs8'; key: KeyDesc; fakeHandle?: number }
  | { what: 'rsa-private'; bits: number; fakeHandle?: number }
  | { what: 'rsa-public'; bits: number; exponent: bigint }
  | { what: 'ec-private'; curve?: Curve; fakeHandle?: number }
  | { what: 'dsa-private'; bits: number; fakeHandle?: number }
  | { what: 'ec-parameters'; curve: Curve }
  | { what: 'certificate'; subject: string; issuer: string; notBefore: string; notAfter: string; signature: string; key?: KeyDesc }
  | { what: 'signature'; rBits: number; sBits: number }
  | { what: 'unknown' };

export type KeyDesc =
  | { alg: 'rsa'; bits: number; exponent: bigint }
  | { alg: 'ec'; curve: Curve }
  | { alg: 'dsa'; bits: number }
  | { alg: 'other'; oid: string };

const U = (n: DerNode | undefined, number: number, constructed = false) =>
  n !== undefined && n.cls === 'universal' && n.number === number && n.constructed === constructed;
const isSeq = (n: DerNode | undefined): n is DerNode => U(n, 16, true);
const isInt = (n: DerNode | undefined): n is DerNode => U(n, 2);
const isOid = (n: DerNode | undefined): n is DerNode => U(n, 6);
const intIs = (n: DerNode | undefined, v: number) => isInt(n) && n!.content.length === 1 && n!.content[0] === v;

/** The unsigned value of an INTEGER's content. */
export function bigOf(c: Uint8Array): bigint {
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  return v;
}
const bitsOf = (c: Uint8Array) => bigOf(c).toString(2).length - (bigOf(c) === 0n ? 1 : 0);

function curveOf(oid: string): Curve {
  return { oid, ...(CURVE_NAMES.has(oid) ? { name: CURVE_NAMES.get(oid)! } : {}), ...(OID_NAMES.has(oid) ? { openssl: OID_NAMES.get(oid)! } : {}) };
}

const FAKE_PREFIX = ascii(fakePemMarker(0)).slice(0, -1);
/** The HSM key handle a fake PEM's private value names (private-key-file.ts, G-20), or undefined. */
export function fakeHandleOf(value: Uint8Array): number | undefined {
  const s = ascii(value.length > 80 ? value.subarray(0, 80) : value).replace(/^\x00/, '');
  if (!s.startsWith(FAKE_PREFIX)) return undefined;
  const m = /^(\d{1,10})$/.exec(s.slice(FAKE_PREFIX.length));
  return m ? Number(m[1]) : undefined;
}
const withFake = (h: number | undefined) => (h === undefined ? {} : { fakeHandle: h });

/** An inner DER value filling `bytes` exactly (the key inside a BIT STRING or OCTET STRING), or undefined. */
function inner(bytes: Uint8Array): DerNode | undefined {
  const w = walkDer(bytes);
  return !w.error && w.trailing === 0 && w.top.length === 1 ? w.top[0] : undefined;
}

/** AlgorithmIdentifier + the public key's bytes → what key it is. */
function keyDesc(alg: DerNode, publicBits: Uint8Array | undefined): KeyDesc | undefined {
  const [oidNode, params] = alg.children;
  if (!isOid(oidNode)) return undefined;
  const oid = oidOf(oidNode.content);
  if (!oid) return undefined;
  if (oid === '1.2.840.113549.1.1.1') {
    const rsa = publicBits && inner(publicBits);
    const [n, e] = rsa?.children ?? [];
    return isSeq(rsa) && isInt(n) && isInt(e) ? { alg: 'rsa', bits: bitsOf(n.content), exponent: bigOf(e.content) } : { alg: 'rsa', bits: 0, exponent: 0n };
  }
  if (oid === '1.2.840.10045.2.1') {
    const c = isOid(params) ? oidOf(params.content) : undefined;
    return { alg: 'ec', curve: curveOf(c ?? '?') };
  }
  if (oid === '1.2.840.10040.4.1') {
    const p = isSeq(params) ? params.children[0] : undefined;
    return { alg: 'dsa', bits: isInt(p) ? bitsOf(p.content) : 0 };
  }
  return { alg: 'other', oid };
}

function nameText(name: DerNode | undefined): string {
  if (!isSeq(name)) return '?';
  const parts: string[] = [];
  for (const set of name.children) {
    for (const atv of set.children) {
      const [t, v] = atv.children;
      const oid = isOid(t) ? oidOf(t.content) ?? '?' : '?';
      parts.push(`${NAME_ATTRS.get(oid) ?? oid}=${v ? new TextDecoder().decode(v.content) : ''}`);
    }
  }
  return parts.join(', ');
}

/** What a DER value is, by its shape (the label of its PEM block, if any, decides between look-alikes). */
export function identifyDer(top: DerNode, label?: string): DerIdentity {
  if (U(top, 6)) {
    const oid = oidOf(top.content);
    return oid && CURVE_NAMES.has(oid) ? { what: 'ec-parameters', curve: curveOf(oid) } : { what: 'unknown' };
  }
  if (!U(top, 16, true)) return { what: 'unknown' };
  const c = top.children;
  // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }
  if (c.length === 2 && isSeq(c[0]) && U(c[1], 3)) {
    const key = keyDesc(c[0], c[1]!.content.subarray(1));
    if (key) return { what: 'spki', key };
  }
  // PrivateKeyInfo ::= SEQUENCE { version 0|1, AlgorithmIdentifier, OCTET STRING, ... }
  if (c.length >= 3 && (intIs(c[0], 0) || intIs(c[0], 1)) && isSeq(c[1]) && U(c[2], 4)) {
    const inside = inner(c[2]!.content);
    const alg = oidOf(c[1].children[0]?.content ?? new Uint8Array(0));
    if (alg === '1.2.840.113549.1.1.1' && isSeq(inside) && inside.children.length === 9) {
      const [, n, e, d] = inside.children;
      return { what: 'pkcs8', key: { alg: 'rsa', bits: bitsOf(n!.content), exponent: bigOf(e!.content) }, ...withFake(fakeHandleOf(d!.content)) };
    }
    if (alg === '1.2.840.10045.2.1') {
      const param = c[1].children[1];
      const ec = isSeq(inside) ? inside.children : [];
      const curve = isOid(param) ? oidOf(param.content) : undefined;
      return { what: 'pkcs8', key: { alg: 'ec', curve: curveOf(curve ?? '?') }, ...withFake(U(ec[1], 4) ? fakeHandleOf(ec[1]!.content) : undefined) };
    }
    if (alg === '1.2.840.10040.4.1') {
      const p = c[1].children[1]?.children[0];
      return { what: 'pkcs8', key: { alg: 'dsa', bits: isInt(p) ? bitsOf(p.content) : 0 }, ...withFake(isInt(inside) ? fakeHandleOf(inside.content) : undefined) };
    }
    const key = keyDesc(c[1], undefined);
    if (key) return { what: 'pkcs8', key };
  }
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
  if (c.length === 3 && isSeq(c[0]) && isSeq(c[1]) && U(c[2], 3)) {
    const t = c[0].children;
    const v = t[0]?.cls === 'context' && t[0].number === 0 ? 1 : 0;
    const [, sigAlg, issuer, validity, subject, spki] = [t[v], t[v + 1], t[v + 2], t[v + 3], t[v + 4], t[v + 5]];
    if (isSeq(sigAlg) && isSeq(validity) && isSeq(spki)) {
      const sigOid = oidOf(c[1].children[0]?.content ?? new Uint8Array(0)) ?? '?';
      const time = (n: DerNode | undefined) => (n ? new TextDecoder().decode(n.content) : '?');
      const key = isSeq(spki.children[0]) && U(spki.children[1], 3) ? keyDesc(spki.children[0], spki.children[1]!.content.subarray(1)) : undefined;
      return {
        what: 'certificate', subject: nameText(subject), issuer: nameText(issuer), notBefore: time(validity.children[0]), notAfter: time(validity.children[1]),
        signature: OID_NAMES.get(sigOid) ?? sigOid, ...(key ? { key } : {}),
      };
    }
  }
  // RSAPrivateKey (PKCS #1) ::= SEQUENCE { 0, n, e, d, p, q, dp, dq, qinv }
  if (c.length === 9 && intIs(c[0], 0) && c.every((x) => isInt(x))) return { what: 'rsa-private', bits: bitsOf(c[1]!.content), ...withFake(fakeHandleOf(c[3]!.content)) };
  // DSAPrivateKey (OpenSSL) ::= SEQUENCE { 0, p, q, g, y, x }
  if (c.length === 6 && intIs(c[0], 0) && c.every((x) => isInt(x))) return { what: 'dsa-private', bits: bitsOf(c[1]!.content), ...withFake(fakeHandleOf(c[5]!.content)) };
  // ECPrivateKey (SEC 1) ::= SEQUENCE { 1, OCTET STRING, [0] curve OPTIONAL, [1] point OPTIONAL }
  if (c.length >= 2 && c.length <= 4 && intIs(c[0], 1) && U(c[1], 4)) {
    const p = c.find((x) => x.cls === 'context' && x.number === 0)?.children[0];
    const curve = isOid(p) ? oidOf(p.content) : undefined;
    return { what: 'ec-private', ...(curve ? { curve: curveOf(curve) } : {}), ...withFake(fakeHandleOf(c[1]!.content)) };
  }
  // two INTEGERs: an RSAPublicKey (a big modulus, a small exponent) or an (EC)DSA signature (r, s)
  if (c.length === 2 && isInt(c[0]) && isInt(c[1])) {
    const a = bitsOf(c[0].content);
    const b = bitsOf(c[1].content);
    if (label === 'RSA PUBLIC KEY' || (a >= 1024 && b <= 64)) return { what: 'rsa-public', bits: a, exponent: bigOf(c[1].content) };
    return { what: 'signature', rBits: a, sBits: b };
  }
  return { what: 'unknown' };
}

export interface DerAnalysis {
  walk: DerWalk;
  identity: DerIdentity;
  /**
   * The key inside a SubjectPublicKeyInfo's BIT STRING (an RSAPublicKey) or a PKCS #8 OCTET STRING
   * (the algorithm's private key), walked on its own as `openssl asn1parse -strparse OFFSET` does:
   * `at` is the offset of the BIT/OCTET STRING, the walk's offsets start at 0 in its content.
   */
  inner?: { at: number; container: 'BIT STRING' | 'OCTET STRING'; walk: DerWalk };
}

function analyseDer(der: Uint8Array, label?: string): DerAnalysis {
  const walk = walkDer(der);
  const identity = !walk.error && walk.top.length === 1 && walk.trailing === 0 ? identifyDer(walk.top[0]!, label) : { what: 'unknown' as const };
  const holder = identity.what === 'spki' ? walk.top[0]!.children[1] : identity.what === 'pkcs8' ? walk.top[0]!.children[2] : undefined;
  if (holder) {
    const bits = identity.what === 'spki';
    const inside = walkDer(bits ? holder.content.subarray(1) : holder.content);
    if (!inside.error && inside.trailing === 0 && inside.top.length === 1) {
      return { walk, identity, inner: { at: holder.offset, container: bits ? 'BIT STRING' : 'OCTET STRING', walk: inside } };
    }
  }
  return { walk, identity };
}

// ---------------------------------------------------------------------------------------------
// PEM and other text
// ---------------------------------------------------------------------------------------------

export interface PemBlockAnalysis {
  label: string;
  /** 1-based line of BEGIN. */
  line: number;
  /** The DER, or why there is none. */
  der?: Uint8Array;
  problem?: 'not-closed' | 'bad-base64' | 'headers';
  analysis?: DerAnalysis;
}

export interface PemAnalysis {
  kind: 'pem';
  size: number;
  blocks: PemBlockAnalysis[];
}

const MAX_PEM_BLOCKS = 16;

function base64Bytes(text: string): Uint8Array | undefined {
  const clean = text.replace(/[ \t\r\n]+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(clean), (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function analysePem(text: string, size: number): PemAnalysis | undefined {
  const lines = text.split('\n').map((l) => l.replace(/[ \t\r]+$/, ''));
  const blocks: PemBlockAnalysis[] = [];
  for (let i = 0; i < lines.length && blocks.length < MAX_PEM_BLOCKS; i++) {
    const m = /^-----BEGIN ([A-Z0-9 ]{1,40})-----$/.exec(lines[i]!);
    if (!m) continue;
    const label = m[1]!;
    const end = lines.indexOf(`-----END ${label}-----`, i + 1);
    if (end < 0) { blocks.push({ label, line: i + 1, problem: 'not-closed' }); break; }
    const body = lines.slice(i + 1, end);
    if (body.some((l) => l.includes(':'))) {
      blocks.push({ label, line: i + 1, problem: 'headers' });
    } else {
      const der = base64Bytes(body.join(''));
      blocks.push(der ? { label, line: i + 1, der, analysis: analyseDer(der, label) } : { label, line: i + 1, problem: 'bad-base64' });
    }
    i = end;
  }
  return blocks.length ? { kind: 'pem', size, blocks } : undefined;
}

export interface TextAnalysis {
  kind: 'text';
  size: number;
  lines: number;
  /** The text is only hex digits (an even number of them: the bytes they spell). */
  hexDigits?: number;
  /** The text is Base64 (its decoded length). */
  base64Bytes?: number;
  /** The first line (at most 200 characters). */
  first: string;
}

export interface DataAnalysis {
  kind: 'data';
  size: number;
  head: Uint8Array;
  keys: KeyFit[];
  blobs: BlobFit[];
}

export interface DerFileAnalysis extends DerAnalysis {
  kind: 'der';
  size: number;
}

export type FileAnalysis =
  | { kind: 'empty' }
  | HeaderAnalysis
  | MaskedAnalysis
  | AttrFileAnalysis
  | PemAnalysis
  | DerFileAnalysis
  | TextAnalysis
  | DataAnalysis;

/** Text we treat as text: UTF-8 without control characters other than tab, CR and LF. */
function textOf(data: Uint8Array): string | undefined {
  try {
    const t = new TextDecoder('utf-8', { fatal: true }).decode(data);
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(t) ? undefined : t;
  } catch {
    return undefined;
  }
}

/** What the bytes of a file are (see the header comment for the order of the kinds). */
export function inspectFile(data: Uint8Array): FileAnalysis {
  const size = data.length;
  if (size === 0) return { kind: 'empty' };
  const magic = ascii(data.subarray(0, 8));
  if (magic === HEADER_MAGIC) return analyseHeader(data);
  if (magic === MASK_MAGIC) return analyseMasked(data);
  const text = textOf(data);
  if (text !== undefined) {
    const attrs = analyseAttributes(text, size);
    if (attrs) return attrs;
    const pem = text.includes('-----BEGIN ') ? analysePem(text, size) : undefined;
    if (pem) return pem;
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const first = text.split('\n')[0]!.slice(0, 200);
    const compact = text.replace(/\s+/g, '');
    if (/^[0-9a-fA-F]+$/.test(compact) && compact.length % 2 === 0) return { kind: 'text', size, lines, hexDigits: compact.length, first };
    const b64 = /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0 && compact.length >= 8 ? base64Bytes(compact) : undefined;
    return { kind: 'text', size, lines, ...(b64 ? { base64Bytes: b64.length } : {}), first };
  }
  if (data[0] === 0x30) {
    const der = analyseDer(data);
    if (!der.walk.error && der.walk.trailing === 0 && der.walk.top.length === 1) return { kind: 'der', size, ...der };
  }
  return { kind: 'data', size, head: data.subarray(0, 16), keys: keyFits(data), blobs: blobFits(size) };
}

/** The mechanism's table name for -m (../wrap.ts MECHANISMS). */
export const mechanismName = (m: number): string | undefined => MECHANISM_BY_NUMBER.get(m)?.name;
