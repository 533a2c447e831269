/**
 * Elliptic curves in JavaScript (@noble/curves 2.4.0): P-256, P-384, P-521 and secp256k1 from
 * noble, P-224 (secp224r1) defined here from SEC 2 v2 §2.4.2 since noble 2.x dropped it. Key
 * generation draws the private scalar from a caller's random source (uniform in [1, n − 1] by
 * rejection); ECDSA signs with RFC 6979 deterministic nonces (HMAC with the mechanism's hash) and
 * verifies with lowS: false (OpenSSL's signatures are not normalized, toolchain.md §15).
 */
import { type ECDSA, ecdsa, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bigIntToBytes, bitLength, bytesToBigInt } from './bigint';
import { hasher } from './hash';
import { curveBytes, decodeSignature, encodeSignature } from './keys';
import type { CurveName, HashName } from './types';

type PointCons = ECDSA['Point'];

/** secp224r1 (SEC 2 v2 §2.4.2; FIPS 186-4 D.1.2.2 P-224). */
const P224 = {
  p: 0xffffffffffffffffffffffffffffffff000000000000000000000001n,
  n: 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn,
  h: 1n,
  a: 0xfffffffffffffffffffffffffffffffefffffffffffffffffffffffen,
  b: 0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4n,
  Gx: 0xb70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21n,
  Gy: 0xbd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34n,
};

let p224Point: PointCons | undefined;

function pointOf(curve: CurveName): PointCons {
  switch (curve) {
    case 'P-224': return (p224Point ??= weierstrass(P224));
    case 'P-256': return p256.Point;
    case 'P-384': return p384.Point;
    case 'P-521': return p521.Point;
    case 'secp256k1': return secp256k1.Point;
    default: throw new RangeError(`unsupported curve ${String(curve)}`);
  }
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
export function ecdsaSign(curve: CurveName, d: bigint, hash: HashName, data: Uint8Array): Uint8Array {
  const sig = ecdsaOf(curve, hash).sign(data, bigIntToBytes(d, curveBytes(curve)), { prehash: true, lowS: false, format: 'compact' });
  const half = sig.length / 2;
  return encodeSignature(bytesToBigInt(sig.subarray(0, half)), bytesToBigInt(sig.subarray(half)));
}

/** Verify a DER ECDSA signature; false for anything malformed, out of range or invalid. */
export function ecdsaVerify(curve: CurveName, point: Uint8Array, hash: HashName, data: Uint8Array, signature: Uint8Array): boolean {
  const rs = decodeSignature(signature);
  if (rs === undefined) return false;
  const n = curveOrder(curve);
  if (rs.r <= 0n || rs.r >= n || rs.s <= 0n || rs.s >= n) return false;
  const len = curveBytes(curve);
  const compact = new Uint8Array(2 * len);
  compact.set(bigIntToBytes(rs.r, len), 0);
  compact.set(bigIntToBytes(rs.s, len), len);
  try {
    return ecdsaOf(curve, hash).verify(compact, data, point, { prehash: true, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/** WebCrypto's raw r ‖ s → DER. */
export function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return encodeSignature(bytesToBigInt(raw.subarray(0, half)), bytesToBigInt(raw.subarray(half)));
}

/** DER → WebCrypto's raw r ‖ s for `curve`; undefined when malformed or out of range. */
export function derToRaw(curve: CurveName, der: Uint8Array): Uint8Array | undefined {
  const rs = decodeSignature(der);
  if (rs === undefined) return undefined;
  const n = curveOrder(curve);
  if (rs.r <= 0n || rs.r >= n || rs.s <= 0n || rs.s >= n) return undefined;
  const len = curveBytes(curve);
  const raw = new Uint8Array(2 * len);
  raw.set(bigIntToBytes(rs.r, len), 0);
  raw.set(bigIntToBytes(rs.s, len), len);
  return raw;
}
