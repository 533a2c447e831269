/**
 * Key material of the engines ↔ DER: PKCS #8 and SubjectPublicKeyInfo of RSA, EC and DSA keys in
 * exactly OpenSSL 3.0's encoding (`openssl pkcs8 -topk8 -nocrypt`, `openssl pkey -pubout`; an EC
 * PKCS #8 holds SEC 1 version 1 with the private scalar padded to the order's length, no
 * parameters and the public point), and the DER SEQUENCE { r, s } of ECDSA/DSA signatures.
 * Decoding is strict (definite minimal lengths, no trailing bytes) and throws FormatError only.
 */
import { bigIntToBytes, bytesToBigInt } from './bigint';
import { FormatError } from './formats';
import type { CurveName } from './types';

export interface RsaPublic { n: bigint; e: bigint }
export interface RsaPrivate extends RsaPublic { d: bigint; p: bigint; q: bigint; dp: bigint; dq: bigint; qi: bigint }
export interface EcPublic { curve: CurveName; point: Uint8Array }
/** `point` is undefined when the PKCS #8 omits the public key (the engine computes it). */
export interface EcPrivate { curve: CurveName; d: bigint; point: Uint8Array | undefined }
export interface DsaParams { p: bigint; q: bigint; g: bigint }
export interface DsaPublic extends DsaParams { y: bigint }
export interface DsaPrivate extends DsaParams { x: bigint }

export type PrivateMaterial = { kind: 'rsa'; key: RsaPrivate } | { kind: 'ec'; key: EcPrivate } | { kind: 'dsa'; key: DsaPrivate };
export type PublicMaterial = { kind: 'rsa'; key: RsaPublic } | { kind: 'ec'; key: EcPublic } | { kind: 'dsa'; key: DsaPublic };

// ---- OIDs (content bytes, hex) ----
const OID_RSA = '2a864886f70d010101';
const OID_EC = '2a8648ce3d0201';
const OID_DSA = '2a8648ce380401';
const CURVE_OIDS: ReadonlyMap<CurveName, string> = new Map<CurveName, string>([
  ['P-224', '2b81040021'], ['P-256', '2a8648ce3d030107'], ['P-384', '2b81040022'], ['P-521', '2b81040023'], ['secp256k1', '2b8104000a'],
]);
/** Bytes of the group order (the private scalar's length in SEC 1) and of a field element. */
const CURVE_BYTES: ReadonlyMap<CurveName, number> = new Map<CurveName, number>([
  ['P-224', 28], ['P-256', 32], ['P-384', 48], ['P-521', 66], ['secp256k1', 32],
]);

export function curveBytes(curve: CurveName): number {
  const n = CURVE_BYTES.get(curve);
  if (n === undefined) throw new RangeError(`unsupported curve ${String(curve)}`);
  return n;
}

function curveOfOid(hex: string): CurveName {
  for (const [name, oid] of CURVE_OIDS) if (oid === hex) return name;
  throw new FormatError('unsupported elliptic curve');
}

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

// ---- DER writer ----
const TAG = { INT: 0x02, BIT: 0x03, OCTET: 0x04, NULL: 0x05, OID: 0x06, SEQ: 0x30 } as const;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = [0x80 | bytes.length, ...bytes];
  }
  return concat([Uint8Array.of(tag, ...len), content]);
}

const seq = (...parts: Uint8Array[]): Uint8Array => tlv(TAG.SEQ, concat(parts));
const oid = (hex: string): Uint8Array => tlv(TAG.OID, fromHex(hex));
const octets = (b: Uint8Array): Uint8Array => tlv(TAG.OCTET, b);
const bits = (b: Uint8Array): Uint8Array => tlv(TAG.BIT, concat([Uint8Array.of(0), b]));
const NULL = Uint8Array.of(TAG.NULL, 0);

/** A non-negative INTEGER, minimal two's complement. */
function int(v: bigint): Uint8Array {
  if (v < 0n) throw new RangeError('negative INTEGER');
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  return tlv(TAG.INT, fromHex(hex));
}

// ---- DER reader ----
const MAX_DEPTH_BYTES = 1 << 20;

class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  done(): boolean { return this.pos >= this.buf.length; }

  end(): void {
    if (this.pos !== this.buf.length) throw new FormatError('trailing data in DER');
  }

  peekTag(): number | undefined { return this.done() ? undefined : this.buf[this.pos]; }

  next(tag: number): Uint8Array {
    const b = this.buf;
    if (this.pos + 2 > b.length) throw new FormatError('truncated DER');
    if (b[this.pos] !== tag) throw new FormatError(`unexpected DER tag 0x${(b[this.pos] ?? 0).toString(16)}`);
    let p = this.pos + 1;
    let len = b[p++]!;
    if (len & 0x80) {
      const count = len & 0x7f;
      if (count === 0 || count > 3) throw new FormatError('bad DER length');
      if (p + count > b.length) throw new FormatError('truncated DER');
      if (b[p] === 0) throw new FormatError('non-minimal DER length');
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + b[p++]!;
      if (len < 0x80) throw new FormatError('non-minimal DER length');
    }
    if (len > MAX_DEPTH_BYTES || p + len > b.length) throw new FormatError('truncated DER');
    this.pos = p + len;
    return b.subarray(p, p + len);
  }

  seq(): Reader { return new Reader(this.next(TAG.SEQ)); }

  /** A non-negative INTEGER with a minimal encoding. */
  uint(): bigint {
    const c = this.next(TAG.INT);
    if (c.length === 0) throw new FormatError('empty INTEGER');
    if (c[0]! & 0x80) throw new FormatError('negative INTEGER');
    if (c.length > 1 && c[0] === 0 && !(c[1]! & 0x80)) throw new FormatError('non-minimal INTEGER');
    return bytesToBigInt(c);
  }

  /** An INTEGER's magnitude bytes without converting (a leading 00 dropped). */
  uintBytes(): Uint8Array {
    const c = this.next(TAG.INT);
    if (c.length === 0 || c[0]! & 0x80) throw new FormatError('bad INTEGER');
    return c.length > 1 && c[0] === 0 ? c.subarray(1) : c;
  }

  oid(): string { return hexOf(this.next(TAG.OID)); }

  octets(): Uint8Array { return this.next(TAG.OCTET); }

  /** A BIT STRING without unused bits. */
  bits(): Uint8Array {
    const c = this.next(TAG.BIT);
    if (c.length === 0 || c[0] !== 0) throw new FormatError('bad BIT STRING');
    return c.subarray(1);
  }

  null(): void {
    if (this.next(TAG.NULL).length !== 0) throw new FormatError('bad NULL');
  }
}

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(e instanceof Error ? e.message : 'malformed DER');
  }
}

// ---- algorithm identifiers ----
type Alg = { kind: 'rsa' } | { kind: 'ec'; curve: CurveName } | { kind: 'dsa'; params: DsaParams | undefined };

function readAlg(r: Reader): Alg {
  const a = r.seq();
  const id = a.oid();
  let alg: Alg;
  if (id === OID_RSA) {
    a.null();
    alg = { kind: 'rsa' };
  } else if (id === OID_EC) {
    if (a.peekTag() !== TAG.OID) throw new FormatError('EC key without a named curve');
    alg = { kind: 'ec', curve: curveOfOid(a.oid()) };
  } else if (id === OID_DSA) {
    if (a.done()) alg = { kind: 'dsa', params: undefined };
    else {
      const p = a.seq();
      const params = { p: p.uint(), q: p.uint(), g: p.uint() };
      p.end();
      alg = { kind: 'dsa', params };
    }
  } else throw new FormatError('unsupported key algorithm');
  a.end();
  return alg;
}

const rsaAlg = (): Uint8Array => seq(oid(OID_RSA), NULL);
const ecAlg = (curve: CurveName): Uint8Array => seq(oid(OID_EC), oid(CURVE_OIDS.get(curve)!));
const dsaAlg = (k: DsaParams): Uint8Array => seq(oid(OID_DSA), seq(int(k.p), int(k.q), int(k.g)));

// ---- encoders ----
export function rsaPkcs8(k: RsaPrivate): Uint8Array {
  const inner = seq(int(0n), int(k.n), int(k.e), int(k.d), int(k.p), int(k.q), int(k.dp), int(k.dq), int(k.qi));
  return seq(int(0n), rsaAlg(), octets(inner));
}

export function rsaSpki(k: RsaPublic): Uint8Array {
  return seq(rsaAlg(), bits(seq(int(k.n), int(k.e))));
}

/** `point`: the uncompressed public point 04 ‖ X ‖ Y. */
export function ecPkcs8(curve: CurveName, d: bigint, point: Uint8Array): Uint8Array {
  const inner = seq(int(1n), octets(bigIntToBytes(d, curveBytes(curve))), tlv(0xa1, bits(point)));
  return seq(int(0n), ecAlg(curve), octets(inner));
}

export function ecSpki(curve: CurveName, point: Uint8Array): Uint8Array {
  return seq(ecAlg(curve), bits(point));
}

export function dsaPkcs8(k: DsaPrivate): Uint8Array {
  return seq(int(0n), dsaAlg(k), octets(int(k.x)));
}

export function dsaSpki(k: DsaPublic): Uint8Array {
  return seq(dsaAlg(k), bits(int(k.y)));
}

// ---- decoders ----
export function parsePkcs8(der: Uint8Array): PrivateMaterial {
  return guard(() => {
    const top = new Reader(der);
    const r = top.seq();
    top.end();
    const version = r.uint();
    if (version !== 0n && version !== 1n) throw new FormatError('unsupported PKCS #8 version');
    const alg = readAlg(r);
    const body = r.octets();
    // [0] attributes and (v2) [1] public key may follow; they are ignored.
    const inner = new Reader(body);
    if (alg.kind === 'rsa') {
      const s = inner.seq();
      inner.end();
      if (s.uint() !== 0n) throw new FormatError('unsupported RSAPrivateKey version');
      const key = { n: s.uint(), e: s.uint(), d: s.uint(), p: s.uint(), q: s.uint(), dp: s.uint(), dq: s.uint(), qi: s.uint() };
      s.end();
      if (key.n < 3n || key.e < 3n || key.p < 2n || key.q < 2n) throw new FormatError('bad RSA private key');
      return { kind: 'rsa', key };
    }
    if (alg.kind === 'ec') {
      const s = inner.seq();
      inner.end();
      if (s.uint() !== 1n) throw new FormatError('unsupported ECPrivateKey version');
      const priv = s.octets();
      if (priv.length === 0 || priv.length > curveBytes(alg.curve)) throw new FormatError('bad EC private key length');
      let point: Uint8Array | undefined;
      if (s.peekTag() === 0xa0) {
        const params = new Reader(s.next(0xa0));
        if (curveOfOid(params.oid()) !== alg.curve) throw new FormatError('EC parameters disagree');
        params.end();
      }
      if (s.peekTag() === 0xa1) {
        const pub = new Reader(s.next(0xa1));
        point = pub.bits();
        pub.end();
      }
      s.end();
      return { kind: 'ec', key: { curve: alg.curve, d: bytesToBigInt(priv), point } };
    }
    if (alg.params === undefined) throw new FormatError('DSA private key without parameters');
    const x = inner.uint();
    inner.end();
    return { kind: 'dsa', key: { ...alg.params, x } };
  });
}

export function parseSpki(der: Uint8Array): PublicMaterial {
  return guard(() => {
    const top = new Reader(der);
    const r = top.seq();
    top.end();
    const alg = readAlg(r);
    const key = r.bits();
    r.end();
    if (alg.kind === 'rsa') {
      const outer = new Reader(key);
      const s = outer.seq();
      outer.end();
      const k = { n: s.uint(), e: s.uint() };
      s.end();
      if (k.n < 3n || k.e < 3n) throw new FormatError('bad RSA public key');
      return { kind: 'rsa', key: k };
    }
    if (alg.kind === 'ec') return { kind: 'ec', key: { curve: alg.curve, point: key.slice() } };
    if (alg.params === undefined) throw new FormatError('DSA public key without parameters');
    const outer = new Reader(key);
    const y = outer.uint();
    outer.end();
    return { kind: 'dsa', key: { ...alg.params, y } };
  });
}

/** What a key is, read from its AlgorithmIdentifier (and RSA's modulus length) without converting any number. */
export type KeyShape = { kind: 'rsa'; modulusBytes: number } | { kind: 'ec'; curve: CurveName } | { kind: 'dsa' };

export function keyShape(der: Uint8Array, format: 'pkcs8' | 'spki'): KeyShape {
  return guard(() => {
    const top = new Reader(der);
    const r = top.seq();
    top.end();
    if (format === 'pkcs8') r.uint();
    const alg = readAlg(r);
    if (alg.kind === 'ec') return { kind: 'ec', curve: alg.curve };
    if (alg.kind === 'dsa') return { kind: 'dsa' };
    const body = new Reader(format === 'pkcs8' ? r.octets() : r.bits());
    const s = body.seq();
    if (format === 'pkcs8') s.uint();
    return { kind: 'rsa', modulusBytes: s.uintBytes().length };
  });
}

// ---- ECDSA / DSA signatures ----
export function encodeSignature(r: bigint, s: bigint): Uint8Array {
  return seq(int(r), int(s));
}

/** DER SEQUENCE { r, s } → the two integers; undefined for anything malformed. */
export function decodeSignature(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    const top = new Reader(der);
    const q = top.seq();
    top.end();
    const r = q.uint();
    const s = q.uint();
    q.end();
    return { r, s };
  } catch (e) {
    if (e instanceof FormatError) return undefined;
    throw e;
  }
}
