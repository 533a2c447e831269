/**
 * `-text` of openssl pkey / rsa / ec / genpkey: the key's parts as OpenSSL 3.0's key-to-text
 * encoder prints them (providers/implementations/encode_decode/encode_key2text.c): a
 * `Private-Key: (2048 bit, 2 primes)` or `Public-Key: (256 bit)` line, then each number in lines
 * of 15 colon-separated bytes indented by four blanks (a leading 00 when the top bit is set; a
 * number of 8 bytes or fewer inline, `65537 (0x10001)`), an EC key's curve by its OID name and
 * NIST name. Also the little DER reading the host's openssl needs for the keys' parts.
 */
import type { CurveName } from './openssl-curves';
import { CURVES } from './openssl-curves';

// ---- DER reading -------------------------------------------------------------------------

export interface Tlv {
  tag: number;
  /** The contents. */
  body: Uint8Array;
  /** The whole element. */
  all: Uint8Array;
}

export class DerError extends Error {}

/** The element at `at` (definite lengths only). */
export function tlv(data: Uint8Array, at = 0): Tlv {
  const tag = data[at];
  let len = data[at + 1];
  if (tag === undefined || len === undefined) throw new DerError('truncated');
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError('bad length');
    len = 0;
    for (let k = 0; k < n; k++) {
      const b = data[off++];
      if (b === undefined) throw new DerError('truncated');
      len = len * 256 + b;
    }
  }
  if (off + len > data.length) throw new DerError('truncated');
  return { tag, body: data.subarray(off, off + len), all: data.subarray(at, off + len) };
}

/** The elements inside a constructed one. */
export function children(body: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < body.length) {
    const t = tlv(body, at);
    out.push(t);
    at += t.all.length;
  }
  return out;
}

/** An INTEGER's (non-negative) value. */
export function bigOf(t: Tlv | undefined): bigint {
  if (!t || t.tag !== 0x02) throw new DerError('not an INTEGER');
  let v = 0n;
  for (const b of t.body) v = (v << 8n) | BigInt(b);
  return v;
}

export function bytesOfBig(v: bigint, length?: number): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  if (length !== undefined && bytes.length < length) {
    const padded = new Uint8Array(length);
    padded.set(bytes, length - bytes.length);
    bytes = padded;
  }
  return bytes;
}

export const bitLength = (v: bigint) => (v === 0n ? 0 : v.toString(2).length);

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return r;
}

const OID_RSA = '2a864886f70d010101';
const OID_EC = '2a8648ce3d0201';
const OID_DSA = '2a8648ce380401';
const hexOf = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** The parts of a key, from its PKCS #8 or SPKI DER. */
export type KeyParts =
  | { kind: 'rsa'; n: bigint; e: bigint; d?: bigint; p?: bigint; q?: bigint; dp?: bigint; dq?: bigint; qi?: bigint }
  | { kind: 'ec'; curve: CurveName; priv?: Uint8Array; pub: Uint8Array }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint; x?: bigint };

function algorithm(alg: Tlv): { oid: string; params?: Tlv } {
  const [oid, params] = children(alg.body);
  if (!oid || oid.tag !== 0x06) throw new DerError('no algorithm');
  return { oid: hexOf(oid.body), ...(params ? { params } : {}) };
}

function curveOf(params: Tlv | undefined): CurveName {
  const hex = params && params.tag === 0x06 ? hexOf(params.all) : '';
  const c = CURVES.find((x) => hexOf(x.oid) === hex);
  if (!c) throw new DerError('unknown curve');
  return c.name;
}

/** The parts of a SubjectPublicKeyInfo. */
export function publicParts(spki: Uint8Array): KeyParts {
  const [alg, bits] = children(tlv(spki).body);
  if (!alg || !bits || bits.tag !== 0x03) throw new DerError('not an SPKI');
  const { oid, params } = algorithm(alg);
  const key = bits.body.subarray(1);
  if (oid === OID_RSA) {
    const [n, e] = children(tlv(key).body);
    return { kind: 'rsa', n: bigOf(n), e: bigOf(e) };
  }
  if (oid === OID_EC) return { kind: 'ec', curve: curveOf(params), pub: key };
  if (oid === OID_DSA && params) {
    const [p, q, g] = children(params.body);
    return { kind: 'dsa', p: bigOf(p), q: bigOf(q), g: bigOf(g), y: bigOf(tlv(key)) };
  }
  throw new DerError('unknown key type');
}

/** The parts of a PKCS #8 private key (and its public half: `spki` gives an EC point the key leaves out). */
export function privateParts(pkcs8: Uint8Array, spki: Uint8Array): KeyParts {
  const [, alg, octets] = children(tlv(pkcs8).body);
  if (!alg || !octets || octets.tag !== 0x04) throw new DerError('not a PKCS #8');
  const { oid, params } = algorithm(alg);
  if (oid === OID_RSA) {
    const [, n, e, d, p, q, dp, dq, qi] = children(tlv(octets.body).body);
    return { kind: 'rsa', n: bigOf(n), e: bigOf(e), d: bigOf(d), p: bigOf(p), q: bigOf(q), dp: bigOf(dp), dq: bigOf(dq), qi: bigOf(qi) };
  }
  if (oid === OID_EC) {
    const curve = curveOf(params);
    const [, priv] = children(tlv(octets.body).body);
    if (!priv || priv.tag !== 0x04) throw new DerError('no EC private key');
    const pub = publicParts(spki);
    return { kind: 'ec', curve, priv: priv.body, pub: pub.kind === 'ec' ? pub.pub : new Uint8Array(0) };
  }
  if (oid === OID_DSA && params) {
    const [p, q, g] = children(params.body);
    const x = bigOf(tlv(octets.body));
    const P = bigOf(p);
    const G = bigOf(g);
    return { kind: 'dsa', p: P, q: bigOf(q), g: G, x, y: modPow(G, x, P) };
  }
  throw new DerError('unknown key type');
}

// ---- text ----------------------------------------------------------------------------------

/** Bytes in OpenSSL's layout: 15 a line, `xx:` each, the last without its colon, indented by four. */
function byteLines(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 15) {
    const row = hex.slice(i, i + 15).join(':');
    lines.push(`    ${row}${i + 15 < hex.length ? ':' : ''}`);
  }
  return lines.map((l) => l + '\n').join('');
}

/** print_labeled_bignum: inline when it fits in 8 bytes, else bytes (00 first when the top bit is set). */
function bignum(label: string, v: bigint): string {
  if (v === 0n) return `${label} 0\n`;
  if (v < 1n << 64n) return `${label} ${v} (0x${v.toString(16)})\n`;
  let bytes = bytesOfBig(v);
  if (bytes[0]! & 0x80) bytes = Uint8Array.from([0, ...bytes]);
  return `${label}\n${byteLines(bytes)}`;
}

/** print_labeled_buf: the bytes as they are. */
const buf = (label: string, bytes: Uint8Array) => `${label}\n${byteLines(bytes)}`;

/** The `-text` of a key (`publicOnly`: -pubout / -text_pub / a public key). */
export function keyText(parts: KeyParts, publicOnly: boolean): string {
  if (parts.kind === 'rsa') {
    const bits = bitLength(parts.n);
    if (publicOnly || parts.d === undefined) return `Public-Key: (${bits} bit)\n${bignum('Modulus:', parts.n)}${bignum('Exponent:', parts.e)}`;
    return `Private-Key: (${bits} bit, 2 primes)\n${bignum('modulus:', parts.n)}${bignum('publicExponent:', parts.e)}`
      + `${bignum('privateExponent:', parts.d)}${bignum('prime1:', parts.p!)}${bignum('prime2:', parts.q!)}`
      + `${bignum('exponent1:', parts.dp!)}${bignum('exponent2:', parts.dq!)}${bignum('coefficient:', parts.qi!)}`;
  }
  if (parts.kind === 'ec') {
    const c = CURVES.find((x) => x.name === parts.curve)!;
    const head = publicOnly || !parts.priv ? `Public-Key: (${c.bits} bit)\n` : `Private-Key: (${c.bits} bit)\n${buf('priv:', parts.priv)}`;
    return `${head}${buf('pub:', parts.pub)}ASN1 OID: ${c.oidName}\n${c.nist ? `NIST CURVE: ${c.nist}\n` : ''}`;
  }
  const bits = bitLength(parts.p);
  const head = publicOnly || parts.x === undefined ? `Public-Key: (${bits} bit)\n` : `Private-Key: (${bits} bit)\n${bignum('priv:', parts.x)}`;
  return `${head}${bignum('pub: ', parts.y)}${bignum('P:   ', parts.p)}${bignum('Q:   ', parts.q)}${bignum('G:   ', parts.g)}`;
}
