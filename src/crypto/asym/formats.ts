/**
 * DER and PEM encodings of asymmetric keys (issue 12): SubjectPublicKeyInfo, PKCS #8, PKCS #1
 * (RSA PRIVATE KEY / RSA PUBLIC KEY), SEC 1 (EC PRIVATE KEY), OpenSSL's traditional DSA PRIVATE
 * KEY, and PEM armour — byte-identical to OpenSSL 3.0's output for every key type and size.
 *
 * Every decode failure throws FormatError (never anything else) on any malformed input.
 *
 * Everything read is normalised to OpenSSL's own encoding: reading then writing gives exactly what
 * `openssl pkey -outform DER` / `-pubout` / `pkcs8 -topk8 -nocrypt` / `rsa -RSAPublicKey_out` give
 * (an EC PKCS #8 carries the public point and no parameters inside its SEC 1 structure; an EC point
 * is written uncompressed; the EC private scalar is padded to the order's byte length).
 */
import type { CurveName, KeyPairDer, PublicInfo } from './types';
import {
  FormatError, NULL_DER, OID, SEQ, bitLength, bitsDer, fail, fromBig, intDer, octetsDer, oidDer, only,
  seq, tlv, toBig, uintDer, DerReader,
} from './der';
import { CURVES, curveByOid, decodePoint, fieldBytes, modPow, publicPoint, type Curve } from './curves';
import { pemBlocks, pemEncode } from './pem';

export { FormatError };

// ---- the keys as numbers ----

type Pub =
  | { kind: 'rsa'; n: bigint; e: bigint }
  | { kind: 'ec'; curve: Curve; point: Uint8Array }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint };

type Priv =
  | { kind: 'rsa'; n: bigint; e: bigint; d: bigint; p: bigint; q: bigint; dp: bigint; dq: bigint; qi: bigint }
  | { kind: 'ec'; curve: Curve; d: bigint; point: Uint8Array | undefined }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; x: bigint };

/** getCaviumPrivKey's marker (src/hsm/private-key-file.ts): name a fake PEM as such, not as "bad key". */
const FAKE_MARKER = 'KMU-PLAYGROUND-HSM-KEY-HANDLE:';
function notFake(v: bigint): void {
  let s = '';
  for (const x of fromBig(v).subarray(0, FAKE_MARKER.length)) s += String.fromCharCode(x);
  if (s === FAKE_MARKER) fail('a fake PEM (a reference to an HSM key), not a private key');
}

const RSA = '1.2.840.113549.1.1.1';
const EC = '1.2.840.10045.2.1';
const DSA = '1.2.840.10040.4.1';

type Alg = { kind: 'rsa' } | { kind: 'ec'; curve: Curve } | { kind: 'dsa'; p: bigint; q: bigint; g: bigint };

const named = (oid: string): Curve => curveByOid(oid) ?? fail(`unsupported EC curve ${oid}`);

function readCurveParam(r: DerReader): Curve {
  const t = r.peek();
  if (t === OID) return named(r.oid('named curve'));
  if (t === SEQ) fail('explicit EC parameters are not supported (named curves only)');
  return fail('EC key without a named curve');
}

function readDsaParams(r: DerReader): { p: bigint; q: bigint; g: bigint } {
  const s = r.seq(SEQ, 'DSA parameters');
  const p = s.big('DSA p', 512);
  const q = s.big('DSA q', 64);
  const g = s.big('DSA g', 512);
  s.end('DSA parameters');
  checkDsaParams(p, q, g);
  return { p, q, g };
}

function checkDsaParams(p: bigint, q: bigint, g: bigint): void {
  const pb = bitLength(p);
  const qb = bitLength(q);
  if (pb < 512 || qb < 160 || !(p & 1n) || !(q & 1n) || q >= p || g <= 1n || g >= p) fail('bad DSA parameters');
}

/** AlgorithmIdentifier ::= SEQUENCE { OID, parameters } */
function readAlg(outer: DerReader): Alg {
  const r = outer.seq(SEQ, 'AlgorithmIdentifier');
  const oid = r.oid('algorithm');
  let alg: Alg;
  if (oid === RSA) {
    if (!r.done) r.nul();
    alg = { kind: 'rsa' };
  } else if (oid === EC) {
    alg = { kind: 'ec', curve: readCurveParam(r) };
  } else if (oid === DSA) {
    if (r.done) fail('DSA key without parameters');
    alg = { kind: 'dsa', ...readDsaParams(r) };
  } else {
    return fail(`unsupported key algorithm ${oid}`);
  }
  r.end('AlgorithmIdentifier');
  return alg;
}

function checkRsaPublic(n: bigint, e: bigint): void {
  const bits = bitLength(n);
  if (bits < 512 || !(n & 1n)) fail('bad RSA modulus');
  if (e < 3n || !(e & 1n) || e >= n) fail('bad RSA public exponent');
}

/** RSAPublicKey ::= SEQUENCE { n, e } */
function readRsaPublic(der: Uint8Array): Pub {
  const r = only(der, SEQ, 'RSAPublicKey');
  const n = r.big('RSA modulus');
  const e = r.big('RSA exponent');
  r.end('RSAPublicKey');
  checkRsaPublic(n, e);
  return { kind: 'rsa', n, e };
}

function checkY(p: bigint, y: bigint): void {
  if (y <= 1n || y >= p) fail('bad DSA public key');
}

function readSpki(spki: Uint8Array): Pub {
  const r = only(spki, SEQ, 'SubjectPublicKeyInfo');
  const alg = readAlg(r);
  const key = r.bits('public key');
  r.end('SubjectPublicKeyInfo');
  if (alg.kind === 'rsa') return readRsaPublic(key);
  if (alg.kind === 'ec') {
    const [x, y] = decodePoint(alg.curve, key);
    return { kind: 'ec', curve: alg.curve, point: encodeXY(alg.curve, x, y) };
  }
  const y = readIntOnly(key, 'DSA public key');
  checkY(alg.p, y);
  return { kind: 'dsa', p: alg.p, q: alg.q, g: alg.g, y };
}

function encodeXY(c: Curve, x: bigint, y: bigint): Uint8Array {
  const L = fieldBytes(c);
  const out = new Uint8Array(1 + 2 * L);
  out[0] = 4;
  out.set(fromBig(x, L), 1);
  out.set(fromBig(y, L), 1 + L);
  return out;
}

/** A DER value that is exactly one non-negative INTEGER. */
function readIntOnly(der: Uint8Array, what: string): bigint {
  const r = new DerReader(der);
  const v = r.big(what, 512);
  r.end(what);
  return v;
}

/** RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dp, dq, qinv } */
function readRsaPrivate(der: Uint8Array): Priv {
  const r = only(der, SEQ, 'RSAPrivateKey');
  const v = r.small();
  if (v !== 0) fail(v === 1 ? 'multi-prime RSA keys are not supported' : 'bad RSAPrivateKey version');
  const [n, e, d, p, q, dp, dq, qi] = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qinv'].map((w) => r.big(`RSA ${w}`));
  r.end('RSAPrivateKey');
  checkRsaPublic(n!, e!);
  return { kind: 'rsa', n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! };
}

/**
 * ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL,
 * [1] publicKey BIT STRING OPTIONAL }; `curve` from the PKCS #8 AlgorithmIdentifier if any.
 */
function readEcPrivate(der: Uint8Array, curve: Curve | undefined): Priv {
  const r = only(der, SEQ, 'ECPrivateKey');
  if (r.small() !== 1) fail('bad ECPrivateKey version');
  const dBytes = r.octets('EC private key');
  const params = r.optional(0xa0);
  if (params) {
    const c = readCurveParam(params);
    params.end('EC parameters');
    if (curve && c !== curve) fail('EC private key parameters disagree with its algorithm');
    curve = c;
  }
  if (!curve) return fail('EC private key without a named curve');
  const pubR = r.optional(0xa1);
  let point: Uint8Array | undefined;
  if (pubR) {
    const [x, y] = decodePoint(curve, pubR.bits('EC public key'));
    pubR.end('EC public key');
    point = encodeXY(curve, x, y);
  }
  r.end('ECPrivateKey');
  notFake(toBig(dBytes));
  if (dBytes.length === 0 || dBytes.length > fieldBytes(curve)) fail('bad EC private key length');
  const d = toBig(dBytes);
  if (d < 1n || d >= curve.n) fail('EC private key out of range');
  return { kind: 'ec', curve, d, point };
}

/** OpenSSL's DSAPrivateKey ::= SEQUENCE { version 0, p, q, g, y, x } */
function readDsaTraditional(der: Uint8Array): Priv {
  const r = only(der, SEQ, 'DSAPrivateKey');
  if (r.small() !== 0) fail('bad DSAPrivateKey version');
  const p = r.big('DSA p', 512);
  const q = r.big('DSA q', 64);
  const g = r.big('DSA g', 512);
  const y = r.big('DSA y', 512);
  const x = r.big('DSA x', 64);
  r.end('DSAPrivateKey');
  checkDsaParams(p, q, g);
  checkY(p, y);
  notFake(x);
  if (x < 1n || x >= q) fail('DSA private key out of range');
  if (modPow(g, x, p) !== y) fail('DSA public key does not match the private key');
  return { kind: 'dsa', p, q, g, x };
}

/** PrivateKeyInfo / OneAsymmetricKey ::= SEQUENCE { version 0|1, alg, OCTET STRING, [0] attributes, [1] publicKey } */
function readPkcs8(der: Uint8Array): Priv {
  const r = only(der, SEQ, 'PrivateKeyInfo');
  const v = r.small();
  if (v !== 0 && v !== 1) fail('bad PrivateKeyInfo version');
  const alg = readAlg(r);
  const key = r.octets('private key');
  if (r.peek() === 0xa0) r.optional(0xa0);
  if (v === 1 && r.peek() === 0x81) r.read(0x81, 'public key');
  r.end('PrivateKeyInfo');
  if (alg.kind === 'rsa') return readRsaPrivate(key);
  if (alg.kind === 'ec') return readEcPrivate(key, alg.curve);
  const x = readIntOnly(key, 'DSA private key');
  notFake(x);
  if (x < 1n || x >= alg.q) fail('DSA private key out of range');
  return { kind: 'dsa', p: alg.p, q: alg.q, g: alg.g, x };
}

// ---- writers (OpenSSL's exact encodings) ----

const big = intDer;
const algDer = (k: Pub | Priv): Uint8Array =>
  k.kind === 'rsa' ? seq(oidDer(RSA), NULL_DER)
    : k.kind === 'ec' ? seq(oidDer(EC), oidDer(k.curve.oid))
      : seq(oidDer(DSA), seq(big(k.p), big(k.q), big(k.g)));

const ecPoint = (k: Extract<Priv, { kind: 'ec' }>): Uint8Array => k.point ?? (k.point = publicPoint(k.curve, k.d));

function publicOf(k: Priv): Pub {
  if (k.kind === 'rsa') return { kind: 'rsa', n: k.n, e: k.e };
  if (k.kind === 'ec') return { kind: 'ec', curve: k.curve, point: ecPoint(k) };
  return { kind: 'dsa', p: k.p, q: k.q, g: k.g, y: modPow(k.g, k.x, k.p) };
}

const rsaPublicDer = (k: { n: bigint; e: bigint }): Uint8Array => seq(big(k.n), big(k.e));

function spkiDer(k: Pub): Uint8Array {
  const key = k.kind === 'rsa' ? rsaPublicDer(k) : k.kind === 'ec' ? k.point : big(k.y);
  return seq(algDer(k), bitsDer(key));
}

const rsaPrivateDer = (k: Extract<Priv, { kind: 'rsa' }>): Uint8Array =>
  seq(big(0), ...[k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qi].map(big));

const ecScalar = (k: Extract<Priv, { kind: 'ec' }>): Uint8Array => octetsDer(fromBig(k.d, fieldBytes(k.curve)));

function pkcs8Der(k: Priv): Uint8Array {
  const inner = k.kind === 'rsa' ? rsaPrivateDer(k)
    : k.kind === 'ec' ? seq(big(1), ecScalar(k), tlv(0xa1, bitsDer(ecPoint(k))))
      : big(k.x);
  return seq(big(0), algDer(k), octetsDer(inner));
}

function traditionalDer(k: Priv): { label: string; der: Uint8Array } {
  if (k.kind === 'rsa') return { label: 'RSA PRIVATE KEY', der: rsaPrivateDer(k) };
  if (k.kind === 'ec') {
    return { label: 'EC PRIVATE KEY', der: seq(big(1), ecScalar(k), tlv(0xa0, oidDer(k.curve.oid)), tlv(0xa1, bitsDer(ecPoint(k)))) };
  }
  const y = modPow(k.g, k.x, k.p);
  return { label: 'DSA PRIVATE KEY', der: seq(big(0), big(k.p), big(k.q), big(k.g), big(y), big(k.x)) };
}

// ---- consistency ----


/** Does the private key hold together (its public half included)? FormatError if not. */
function checkConsistent(k: Priv): void {
  if (k.kind === 'rsa') {
    const { n, e, d, p, q, dp, dq, qi } = k;
    notFake(d);
    const ok = p > 1n && q > 1n && p * q === n && d > 1n && d < n && dp === d % (p - 1n) && dq === d % (q - 1n)
      && (qi * q) % p === 1n && (e * dp) % (p - 1n) === 1n && (e * dq) % (q - 1n) === 1n;
    if (!ok) fail('inconsistent RSA private key');
  } else if (k.kind === 'ec') {
    if (k.point) {
      const computed = publicPoint(k.curve, k.d);
      if (computed.some((b, i) => b !== k.point![i])) fail('EC public key does not match the private key');
    }
  }
  // DSA: readDsaTraditional checks y = g^x; PKCS #8 carries no y
}

function readPrivateDer(der: Uint8Array, label: string): Priv {
  if (label === 'PRIVATE KEY') return readPkcs8(der);
  if (label === 'RSA PRIVATE KEY') return readRsaPrivate(der);
  if (label === 'EC PRIVATE KEY') return readEcPrivate(der, undefined);
  if (label === 'DSA PRIVATE KEY') return readDsaTraditional(der);
  return fail(`unsupported private key type ${label}`);
}

// ---- the contract ----

/** Facts about a public key (SPKI DER) for the HSM's attributes. */
export function describePublicKey(spki: Uint8Array): PublicInfo {
  const k = readSpki(spki);
  if (k.kind === 'rsa') return { kind: 'rsa', bits: bitLength(k.n), modulus: fromBig(k.n), exponent: fromBig(k.e) };
  if (k.kind === 'ec') return { kind: 'ec', curve: k.curve.name, fieldBits: k.curve.bits, point: k.point.slice() };
  return { kind: 'dsa', bits: bitLength(k.p), p: fromBig(k.p), q: fromBig(k.q), g: fromBig(k.g), y: fromBig(k.y) };
}

/** The SPKI of a PKCS #8 private key's public half (RSA n,e; EC point; DSA y from p,q,g,x). */
export function publicKeyOf(pkcs8: Uint8Array): Uint8Array {
  return spkiDer(publicOf(readPkcs8(pkcs8)));
}

/** Check a PKCS #8 / SPKI structure fully (well-formed, supported algorithm and curve, consistent). */
export function checkPrivateKey(pkcs8: Uint8Array): void {
  checkConsistent(readPkcs8(pkcs8));
}
export function checkPublicKey(spki: Uint8Array): void {
  readSpki(spki);
}

/** The key kind of a PKCS #8 private key, and its curve for EC. */
export function privateKeyKind(pkcs8: Uint8Array): { kind: 'rsa' | 'ec' | 'dsa'; curve?: CurveName } {
  const k = readPkcs8(pkcs8);
  return k.kind === 'ec' ? { kind: 'ec', curve: k.curve.name } : { kind: k.kind };
}

/**
 * A PEM public key file → SPKI DER. Accepts `PUBLIC KEY` (SPKI) and `RSA PUBLIC KEY` (PKCS #1),
 * kmu-commands.md §5.4 G-50. Text around the block is ignored as OpenSSL ignores it.
 */
export function parsePublicKeyPem(text: string): Uint8Array {
  const block = pemBlocks(text).find((b) => b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY');
  if (!block) return fail('no PUBLIC KEY block');
  if (block.headers) fail('PEM headers are not supported');
  return spkiDer(block.label === 'PUBLIC KEY' ? readSpki(block.der) : readRsaPublic(block.der));
}

const PRIVATE_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'];

/**
 * A PEM private key file → PKCS #8 DER. Accepts `RSA PRIVATE KEY`, `EC PRIVATE KEY`,
 * `DSA PRIVATE KEY` and unencrypted `PRIVATE KEY` (§5.6); refuses ENCRYPTED PRIVATE KEY and a
 * fake PEM (§5.10) with FormatError.
 */
export function parsePrivateKeyPem(text: string): Uint8Array {
  const block = pemBlocks(text).find((b) => PRIVATE_LABELS.includes(b.label));
  if (!block) return fail('no PRIVATE KEY block');
  if (block.label === 'ENCRYPTED PRIVATE KEY' || block.headers) fail('encrypted private keys are not supported');
  const k = readPrivateDer(block.der, block.label);
  checkConsistent(k);
  return pkcs8Der(k);
}

/** SPKI DER → `-----BEGIN PUBLIC KEY-----` PEM text (64-character lines, trailing newline). */
export function publicKeyPem(spki: Uint8Array): string {
  return pemEncode('PUBLIC KEY', spkiDer(readSpki(spki)));
}

/** PKCS #8 DER → the traditional PEM OpenSSL writes: RSA PRIVATE KEY / EC PRIVATE KEY / DSA PRIVATE KEY. */
export function traditionalPrivateKeyPem(pkcs8: Uint8Array): string {
  const t = traditionalDer(readPkcs8(pkcs8));
  return pemEncode(t.label, t.der);
}

/** PKCS #8 DER → `-----BEGIN PRIVATE KEY-----` PEM text. */
export function pkcs8Pem(pkcs8: Uint8Array): string {
  return pemEncode('PRIVATE KEY', pkcs8Der(readPkcs8(pkcs8)));
}

/**
 * The "fake PEM" of getCaviumPrivKey (kmu-commands.md §5.10, G-20; the format is described in
 * src/hsm/private-key-file.ts): the traditional PEM of `spki`'s key type (RSA PRIVATE KEY /
 * EC PRIVATE KEY) whose private value — RSA d (an INTEGER, CRT values 1), the EC private-key
 * OCTET STRING — holds `marker`'s bytes, with the real public part.
 * (A DSA key gives a DSA PRIVATE KEY whose x holds the marker, as private-key-file.ts reads it.)
 */
export function fakePrivateKeyPem(spki: Uint8Array, marker: Uint8Array): string {
  const k = readSpki(spki);
  const one = big(1);
  if (k.kind === 'rsa') return pemEncode('RSA PRIVATE KEY', seq(big(0), big(k.n), big(k.e), uintDer(marker), one, one, one, one, one));
  if (k.kind === 'ec') {
    return pemEncode('EC PRIVATE KEY', seq(big(1), octetsDer(marker), tlv(0xa0, oidDer(k.curve.oid)), tlv(0xa1, bitsDer(k.point))));
  }
  return pemEncode('DSA PRIVATE KEY', seq(big(0), big(k.p), big(k.q), big(k.g), big(k.y), uintDer(marker)));
}

/** A pair from its private key: { privateKey: pkcs8, publicKey: publicKeyOf(pkcs8) }. */
export function pairOf(pkcs8: Uint8Array): KeyPairDer { return { privateKey: pkcs8, publicKey: publicKeyOf(pkcs8) }; }

// ---- more forms, for the host's openssl (beyond the contract) ----

/** Every number of a private key (`openssl pkey -text`): unsigned magnitudes; the EC scalar padded to the order's length. */
export type PrivateInfo =
  | {
    kind: 'rsa'; bits: number; modulus: Uint8Array; publicExponent: Uint8Array; privateExponent: Uint8Array;
    prime1: Uint8Array; prime2: Uint8Array; exponent1: Uint8Array; exponent2: Uint8Array; coefficient: Uint8Array;
  }
  | { kind: 'ec'; curve: CurveName; fieldBits: number; privateKey: Uint8Array; point: Uint8Array }
  | { kind: 'dsa'; bits: number; p: Uint8Array; q: Uint8Array; g: Uint8Array; x: Uint8Array; y: Uint8Array };

export function describePrivateKey(pkcs8: Uint8Array): PrivateInfo {
  const k = readPkcs8(pkcs8);
  const m = (v: bigint) => fromBig(v);
  if (k.kind === 'rsa') {
    return {
      kind: 'rsa', bits: bitLength(k.n), modulus: m(k.n), publicExponent: m(k.e), privateExponent: m(k.d), prime1: m(k.p), prime2: m(k.q),
      exponent1: m(k.dp), exponent2: m(k.dq), coefficient: m(k.qi),
    };
  }
  if (k.kind === 'ec') {
    return { kind: 'ec', curve: k.curve.name, fieldBits: k.curve.bits, privateKey: fromBig(k.d, fieldBytes(k.curve)), point: ecPoint(k).slice() };
  }
  return { kind: 'dsa', bits: bitLength(k.p), p: m(k.p), q: m(k.q), g: m(k.g), x: m(k.x), y: m(modPow(k.g, k.x, k.p)) };
}

/**
 * A private key from its numbers → OpenSSL's PKCS #8 (for engines that generate keys themselves).
 * RSA: the CRT values are computed when absent (p and q are primes); EC: the public point is
 * computed when absent. The key is checked (FormatError if it does not hold together).
 */
export type PrivateNumbers =
  | { kind: 'rsa'; n: bigint; e: bigint; d: bigint; p: bigint; q: bigint; dp?: bigint; dq?: bigint; qi?: bigint }
  | { kind: 'ec'; curve: CurveName; d: bigint; point?: Uint8Array }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; x: bigint };

export function pkcs8FromNumbers(k: PrivateNumbers): Uint8Array {
  let key: Priv;
  if (k.kind === 'rsa') {
    checkRsaPublic(k.n, k.e);
    if (k.p <= 1n || k.q <= 1n) fail('inconsistent RSA private key');
    key = {
      kind: 'rsa', n: k.n, e: k.e, d: k.d, p: k.p, q: k.q,
      dp: k.dp ?? k.d % (k.p - 1n), dq: k.dq ?? k.d % (k.q - 1n), qi: k.qi ?? modPow(k.q, k.p - 2n, k.p),
    };
  } else if (k.kind === 'ec') {
    const curve = CURVES.find((c) => c.name === k.curve) ?? fail(`unsupported EC curve ${k.curve}`);
    if (k.d < 1n || k.d >= curve.n) fail('EC private key out of range');
    let point: Uint8Array | undefined;
    if (k.point) {
      const [x, y] = decodePoint(curve, k.point);
      point = encodeXY(curve, x, y);
    }
    key = { kind: 'ec', curve, d: k.d, point };
  } else {
    checkDsaParams(k.p, k.q, k.g);
    if (k.x < 1n || k.x >= k.q) fail('DSA private key out of range');
    key = { ...k };
  }
  checkConsistent(key);
  return pkcs8Der(key);
}

/** PKCS #8 DER → its traditional DER (PKCS #1 / SEC 1 / DSA) and PEM label. */
export function traditionalPrivateKeyDer(pkcs8: Uint8Array): { label: string; der: Uint8Array } {
  return traditionalDer(readPkcs8(pkcs8));
}

/** SPKI DER (RSA) → PKCS #1 RSAPublicKey DER (`openssl rsa -RSAPublicKey_out -outform DER`). */
export function rsaPublicKeyDer(spki: Uint8Array): Uint8Array {
  const k = readSpki(spki);
  if (k.kind !== 'rsa') return fail('not an RSA public key');
  return rsaPublicDer(k);
}

/** SPKI DER (RSA) → `-----BEGIN RSA PUBLIC KEY-----` PEM. */
export function rsaPublicKeyPem(spki: Uint8Array): string {
  return pemEncode('RSA PUBLIC KEY', rsaPublicKeyDer(spki));
}

/** A DER private key in any accepted form (PKCS #8, PKCS #1, SEC 1, DSA) → canonical PKCS #8, checked. */
export function privateKeyFromDer(der: Uint8Array): Uint8Array {
  let first: unknown;
  for (const label of PRIVATE_LABELS.slice(0, 4)) {
    try {
      const k = readPrivateDer(der, label);
      checkConsistent(k);
      return pkcs8Der(k);
    } catch (e) {
      first ??= e;
    }
  }
  throw first instanceof FormatError ? first : new FormatError('not a private key');
}

/** A DER public key (SPKI, or PKCS #1 RSAPublicKey) → canonical SPKI. */
export function publicKeyFromDer(der: Uint8Array): Uint8Array {
  try {
    return spkiDer(readSpki(der));
  } catch (e) {
    try { return spkiDer(readRsaPublic(der)); } catch { throw e; }
  }
}
