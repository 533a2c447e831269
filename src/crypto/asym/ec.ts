/**
 * Elliptic curves in JavaScript (@noble/curves 2.4.0's short Weierstrass arithmetic and ECDSA):
 * P-224, P-256, P-384, P-521 and secp256k1, all from curves.ts's parameters (noble 2.x has no
 * P-224 at all). Key generation draws the private scalar from a caller's random source
 * (uniform in [1, n − 1] by rejection); ECDSA signs with RFC 6979 deterministic nonces (HMAC with the mechanism's hash) and
 * verifies with lowS: false (OpenSSL's signatures are not normalized, toolchain.md §15).
 */
import { type ECDSA, ecdsa, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { bigIntToBytes, bitLength, bytesToBigInt } from './bigint';
import { CURVES } from './curves';
import { hasher, hashLength } from './hash';
import { curveBytes, decodeSignature, encodeSignature } from './keys';
import type { CurveName, HashName } from './types';

type PointCons = ECDSA['Point'];

/**
 * Point constructors of the five curves, built from curves.ts's SEC 2 / FIPS 186 parameters (a as
 * an element of GF(p)) rather than imported from noble's nist.js / secp256k1.js, whose modules
 * also carry hash-to-curve, OPRF, FROST and Schnorr: ≈ 1.7 kB gzip less (secp256k1 loses its GLV
 * speed-up, which a teaching HSM does not need).
 */
const points = new Map<CurveName, PointCons>();

function pointOf(curve: CurveName): PointCons {
  let point = points.get(curve);
  if (point === undefined) {
    const c = CURVES.find((x) => x.name === curve);
    if (c === undefined) throw new RangeError(`unsupported curve ${String(curve)}`);
    point = weierstrass({ p: c.p, n: c.n, h: 1n, a: ((c.a % c.p) + c.p) % c.p, b: c.b, Gx: c.gx, Gy: c.gy });
    points.set(curve, point);
  }
  return point;
}

/** ECDSA instances per curve and hash (RFC 6979 uses HMAC with the message's hash). */
const instances = new Map<string, ECDSA>();

function ecdsaOf(curve: CurveName, hash: HashName): ECDSA {
  const id = `${curve}/${hash}`;
  let inst = instances.get(id);
  if (inst === undefined) {
    inst = ecdsa(pointOf(curve), hasher(hash), { lowS: false });
    instances.set(id, inst);
  }
  return inst;
}

/** The group order n. */
export function curveOrder(curve: CurveName): bigint {
  return pointOf(curve).Fn.ORDER;
}

/** The uncompressed public point 04 ‖ X ‖ Y of private scalar d. */
export function publicPoint(curve: CurveName, d: bigint): Uint8Array {
  const n = curveOrder(curve);
  if (d <= 0n || d >= n) throw new RangeError('EC private key out of range');
  return pointOf(curve).BASE.multiply(d).toBytes(false);
}

/** Whether `point` is a valid point of `curve` (any SEC 1 encoding, not infinity). */
export function isValidPoint(curve: CurveName, point: Uint8Array): boolean {
  try {
    pointOf(curve).fromBytes(point).assertValidity();
    return true;
  } catch {
    return false;
  }
}

/** A private scalar uniform in [1, n − 1] (draw the order's bit length, reject) and its public point. */
export function generateEcKey(curve: CurveName, random: (n: number) => Uint8Array): { d: bigint; point: Uint8Array } {
  const n = curveOrder(curve);
  const nBits = bitLength(n);
  const nBytes = Math.ceil(nBits / 8);
  const mask = (1n << BigInt(nBits)) - 1n;
  for (;;) {
    const d = bytesToBigInt(random(nBytes)) & mask;
    if (d >= 1n && d < n) return { d, point: publicPoint(curve, d) };
  }
}

/** ECDSA over `data` hashed with `hash`; RFC 6979 nonce; DER SEQUENCE { r, s }. */
/** `prehashed`: `data` is the hash itself (its length must be the hash's), not the message. */
export function ecdsaSign(curve: CurveName, d: bigint, hash: HashName, data: Uint8Array, prehashed = false): Uint8Array {
  if (prehashed && data.length !== hashLength(hash)) throw new RangeError('digest length does not fit the hash');
  const sig = ecdsaOf(curve, hash).sign(data, bigIntToBytes(d, curveBytes(curve)), { prehash: !prehashed, lowS: false, format: 'compact' });
  const half = sig.length / 2;
  return encodeSignature(bytesToBigInt(sig.subarray(0, half)), bytesToBigInt(sig.subarray(half)));
}

/** Verify a DER ECDSA signature; false for anything malformed, out of range or invalid. */
export function ecdsaVerify(curve: CurveName, point: Uint8Array, hash: HashName, data: Uint8Array, signature: Uint8Array, prehashed = false): boolean {
  if (prehashed && data.length !== hashLength(hash)) return false;
  const rs = decodeSignature(signature);
  if (rs === undefined) return false;
  const n = curveOrder(curve);
  if (rs.r <= 0n || rs.r >= n || rs.s <= 0n || rs.s >= n) return false;
  const len = curveBytes(curve);
  const compact = new Uint8Array(2 * len);
  compact.set(bigIntToBytes(rs.r, len), 0);
  compact.set(bigIntToBytes(rs.s, len), len);
  try {
    return ecdsaOf(curve, hash).verify(compact, data, point, { prehash: !prehashed, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

export { derToRaw, rawToDer } from './sig-der';
