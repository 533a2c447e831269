/**
 * `-text` of openssl pkey / rsa / ec / genpkey: the key's parts as OpenSSL 3.0's key-to-text
 * encoder prints them (providers/implementations/encode_decode/encode_key2text.c): a
 * `Private-Key: (2048 bit, 2 primes)` or `Public-Key: (256 bit)` line, then each number in lines
 * of 15 colon-separated bytes indented by four blanks (a leading 00 when the top bit is set; a
 * number of 8 bytes or fewer inline, `65537 (0x10001)`), an EC key's curve by its OID name and
 * NIST name. The keys' parts come from the crypto layer's key parser (src/crypto/asym/keys.ts).
 */
import type { CurveName } from './openssl-curves';
import { CURVES } from './openssl-curves';
import type { AsymCrypto } from './tools';

// ---- the keys' parts (read by the crypto layer's key parser, through the host-tools module) ------

/** What the parts need of the asymmetric crypto facade (tools.ts asymCrypto). */
type KeyParser = Pick<AsymCrypto, 'parsePkcs8' | 'parseSpki'>;

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

/** The parts of a key, from its PKCS #8 or SPKI DER. */
export type KeyParts =
  | { kind: 'rsa'; n: bigint; e: bigint; d?: bigint; p?: bigint; q?: bigint; dp?: bigint; dq?: bigint; qi?: bigint }
  | { kind: 'ec'; curve: CurveName; priv?: Uint8Array; pub: Uint8Array }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint; x?: bigint };

/** The parts of a SubjectPublicKeyInfo (FormatError when it is none). */
export function publicParts(asym: KeyParser, spki: Uint8Array): KeyParts {
  const m = asym.parseSpki(spki);
  if (m.kind === 'rsa') return { kind: 'rsa', n: m.key.n, e: m.key.e };
  if (m.kind === 'ec') return { kind: 'ec', curve: m.key.curve, pub: m.key.point };
  return { kind: 'dsa', p: m.key.p, q: m.key.q, g: m.key.g, y: m.key.y };
}

/** The parts of a PKCS #8 private key (and its public half: `spki` gives an EC point the key leaves out). */
export function privateParts(asym: KeyParser, pkcs8: Uint8Array, spki: Uint8Array): KeyParts {
  const m = asym.parsePkcs8(pkcs8);
  if (m.kind === 'rsa') return { kind: 'rsa', ...m.key };
  if (m.kind === 'ec') {
    const pub = publicParts(asym, spki);
    const bytes = Math.ceil((CURVES.find((c) => c.name === m.key.curve)?.bits ?? 0) / 8);
    return { kind: 'ec', curve: m.key.curve, priv: bytesOfBig(m.key.d, bytes), pub: pub.kind === 'ec' ? pub.pub : new Uint8Array(0) };
  }
  const { p, q, g, x } = m.key;
  return { kind: 'dsa', p, q, g, x, y: modPow(g, x, p) };
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
