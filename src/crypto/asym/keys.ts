/**
 * Key material of the engines ↔ DER: PKCS #8 and SubjectPublicKeyInfo of RSA, EC and DSA keys in
 * exactly OpenSSL 3.0's encoding (`openssl pkcs8 -topk8 -nocrypt`, `openssl pkey -pubout`; an EC
 * PKCS #8 holds SEC 1 version 1 with the private scalar padded to the order's length, no
 * parameters and the public point), and the DER SEQUENCE { r, s } of ECDSA/DSA signatures.
 * Decoding is strict (definite minimal lengths, no trailing bytes) and throws FormatError only.
 */
import { bigIntToBytes } from './bigint';
import { curveByName, curveByOid, CURVES, fieldBytes } from './curves';
import {
  bitsDer, DerReader, fail, FormatError, intDer, NULL_DER, OID, octetsDer, oidDer, only, SEQ, seq, tlv, toBig,
} from './der';
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

// ---- algorithm identifiers ----
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const OID_DSA = '1.2.840.10040.4.1';

/** Bytes of a private scalar as OpenSSL writes it in SEC 1 (the order's length = the field's for these curves). */
export function curveBytes(curve: CurveName): number {
  const c = CURVES.find((x) => x.name === curve);
  if (c === undefined) throw new RangeError(`unsupported curve ${String(curve)}`);
  return fieldBytes(c);
}

function curveOfOid(oid: string): CurveName {
  return (curveByOid(oid) ?? fail('unsupported elliptic curve')).name;
}

type Alg = { kind: 'rsa' } | { kind: 'ec'; curve: CurveName } | { kind: 'dsa'; params: DsaParams | undefined };

function readAlg(r: DerReader): Alg {
  const a = r.seq();
  const id = a.oid();
  let alg: Alg;
  if (id === OID_RSA) {
    a.nul();
    alg = { kind: 'rsa' };
  } else if (id === OID_EC) {
    if (a.peek() !== OID) fail('EC key without a named curve');
    alg = { kind: 'ec', curve: curveOfOid(a.oid()) };
  } else if (id === OID_DSA) {
    if (a.done) alg = { kind: 'dsa', params: undefined };
    else {
      const p = a.seq();
      const params = { p: p.big(), q: p.big(), g: p.big() };
      p.end();
      alg = { kind: 'dsa', params };
    }
  } else return fail('unsupported key algorithm');
  a.end();
  return alg;
}

const oid = oidDer;
const int = intDer;
const octets = octetsDer;
const bits = bitsDer;

const rsaAlg = (): Uint8Array => seq(oid(OID_RSA), NULL_DER);
const ecAlg = (curve: CurveName): Uint8Array => seq(oid(OID_EC), oid(curveByName(curve).oid));
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

/** Run a decoder; anything but a FormatError (a RangeError from a bad index, say) becomes one. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(e instanceof Error ? e.message : 'malformed DER');
  }
}

export function parsePkcs8(der: Uint8Array): PrivateMaterial {
  return guard(() => {
    const r = only(der, SEQ, 'PrivateKeyInfo');
    const version = r.small();
    if (version !== 0 && version !== 1) fail('unsupported PKCS #8 version');
    const alg = readAlg(r);
    const body = r.octets('privateKey');
    // [0] attributes and (v2) [1] public key may follow; they are ignored.
    if (alg.kind === 'rsa') {
      const s = only(body, SEQ, 'RSAPrivateKey');
      if (s.small() !== 0) fail('unsupported RSAPrivateKey version');
      const key = { n: s.big(), e: s.big(), d: s.big(), p: s.big(), q: s.big(), dp: s.big(), dq: s.big(), qi: s.big() };
      s.end('RSAPrivateKey');
      if (key.n < 3n || key.e < 3n || key.p < 2n || key.q < 2n) fail('bad RSA private key');
      return { kind: 'rsa', key };
    }
    if (alg.kind === 'ec') {
      const s = only(body, SEQ, 'ECPrivateKey');
      if (s.small() !== 1) fail('unsupported ECPrivateKey version');
      const priv = s.octets('privateKey');
      if (priv.length === 0 || priv.length > curveBytes(alg.curve)) fail('bad EC private key length');
      let point: Uint8Array | undefined;
      const params = s.optional(0xa0);
      if (params !== undefined) {
        if (curveOfOid(params.oid()) !== alg.curve) fail('EC parameters disagree');
        params.end('EC parameters');
      }
      const pub = s.optional(0xa1);
      if (pub !== undefined) {
        point = pub.bits('publicKey').slice();
        pub.end('EC public key');
      }
      s.end('ECPrivateKey');
      return { kind: 'ec', key: { curve: alg.curve, d: toBig(priv), point } };
    }
    if (alg.params === undefined) fail('DSA private key without parameters');
    const inner = new DerReader(body);
    const x = inner.big('DSA private key');
    inner.end('DSA private key');
    return { kind: 'dsa', key: { ...alg.params!, x } };
  });
}

export function parseSpki(der: Uint8Array): PublicMaterial {
  return guard(() => {
    const r = only(der, SEQ, 'SubjectPublicKeyInfo');
    const alg = readAlg(r);
    const key = r.bits('subjectPublicKey');
    r.end('SubjectPublicKeyInfo');
    if (alg.kind === 'rsa') {
      const s = only(key, SEQ, 'RSAPublicKey');
      const k = { n: s.big(), e: s.big() };
      s.end('RSAPublicKey');
      if (k.n < 3n || k.e < 3n) fail('bad RSA public key');
      return { kind: 'rsa', key: k };
    }
    if (alg.kind === 'ec') return { kind: 'ec', key: { curve: alg.curve, point: key.slice() } };
    if (alg.params === undefined) fail('DSA public key without parameters');
    const inner = new DerReader(key);
    const y = inner.big('DSA public key');
    inner.end('DSA public key');
    return { kind: 'dsa', key: { ...alg.params!, y } };
  });
}

/** What a key is, read from its AlgorithmIdentifier (and RSA's modulus length) without converting any number. */
export type KeyShape = { kind: 'rsa'; modulusBytes: number } | { kind: 'ec'; curve: CurveName } | { kind: 'dsa' };

export function keyShape(der: Uint8Array, format: 'pkcs8' | 'spki'): KeyShape {
  return guard(() => {
    const r = only(der, SEQ, format === 'pkcs8' ? 'PrivateKeyInfo' : 'SubjectPublicKeyInfo');
    if (format === 'pkcs8') r.small();
    const alg = readAlg(r);
    if (alg.kind === 'ec') return { kind: 'ec', curve: alg.curve };
    if (alg.kind === 'dsa') return { kind: 'dsa' };
    const s = only(format === 'pkcs8' ? r.octets() : r.bits(), SEQ, 'RSA key');
    if (format === 'pkcs8') s.small();
    return { kind: 'rsa', modulusBytes: s.uint('modulus').length };
  });
}

// ---- ECDSA / DSA signatures ----
export function encodeSignature(r: bigint, s: bigint): Uint8Array {
  return seq(int(r), int(s));
}

/** DER SEQUENCE { r, s } → the two integers; undefined for anything malformed. */
export function decodeSignature(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    const q = only(der, SEQ, 'signature');
    const r = q.big();
    const s = q.big();
    q.end('signature');
    return { r, s };
  } catch (e) {
    if (e instanceof FormatError) return undefined;
    throw e;
  }
}
