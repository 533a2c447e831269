/**
 * The five curves of the HSM (attributes.md §4.4): names, OIDs, sizes and SEC 2 / FIPS 186
 * domain parameters (y² = x³ + ax + b over GF(p), base point G of order n, cofactor 1), and the
 * little BigInt point arithmetic the key formats need: decompressing a point, checking that a point
 * lies on its curve, and d·G for a PKCS #8 that lacks its public key. Not constant-time: the
 * signing engines use @noble/curves; this runs only when a key is read.
 */
import type { CurveName } from './types';
import { fail } from './der';

export interface Curve {
  name: CurveName;
  /** Dotted named-curve OID. */
  oid: string;
  /** OpenSSL's name (`openssl ecparam -name`). */
  openssl: string;
  /** Field size in bits (the HSM's fieldBits); bytes = ceil(bits / 8). */
  bits: number;
  p: bigint;
  a: bigint;
  b: bigint;
  gx: bigint;
  gy: bigint;
  n: bigint;
}

const h = (s: string) => BigInt('0x' + s);
const two = (e: number) => 1n << BigInt(e);

export const CURVES: readonly Curve[] = [
  {
    name: 'P-224', oid: '1.3.132.0.33', openssl: 'secp224r1', bits: 224, p: two(224) - two(96) + 1n, a: -3n,
    b: h('b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4'),
    gx: h('b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21'),
    gy: h('bd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34'),
    n: h('ffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d'),
  },
  {
    name: 'P-256', oid: '1.2.840.10045.3.1.7', openssl: 'prime256v1', bits: 256,
    p: two(256) - two(224) + two(192) + two(96) - 1n, a: -3n,
    b: h('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
    gx: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  },
  {
    name: 'P-384', oid: '1.3.132.0.34', openssl: 'secp384r1', bits: 384, p: two(384) - two(128) - two(96) + two(32) - 1n, a: -3n,
    b: h('b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef'),
    gx: h('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: h('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
    n: h('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
  },
  {
    name: 'P-521', oid: '1.3.132.0.35', openssl: 'secp521r1', bits: 521, p: two(521) - 1n, a: -3n,
    b: h('51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00'),
    gx: h('c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66'),
    gy: h('11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650'),
    n: h('1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'),
  },
  {
    name: 'secp256k1', oid: '1.3.132.0.10', openssl: 'secp256k1', bits: 256, p: two(256) - two(32) - 977n, a: 0n, b: 7n,
    gx: h('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'),
    gy: h('483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8'),
    n: h('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
  },
];

export const curveByName = (name: CurveName): Curve => CURVES.find((c) => c.name === name)!;
export const curveByOid = (oid: string): Curve | undefined => CURVES.find((c) => c.oid === oid);

/** Bytes of one coordinate (and of the private scalar, as OpenSSL writes it: the order's byte length). */
export const fieldBytes = (c: Curve): number => (c.bits + 7) >> 3;
/** Length of the uncompressed point 04‖X‖Y: 57 / 65 / 97 / 133 / 65. */
export const pointLength = (c: Curve): number => 1 + 2 * fieldBytes(c);

const mod = (a: bigint, m: bigint): bigint => { const r = a % m; return r < 0n ? r + m : r; };

export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  base = mod(base, m);
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % m;
    base = (base * base) % m;
    exp >>= 1n;
  }
  return r % m;
}

const inv = (a: bigint, p: bigint): bigint => modPow(a, p - 2n, p);

/** Reduction mod p: P-521's p = 2^521 − 1 folds (≈ 3× faster than %), the others divide. */
function reducer(p: bigint): (a: bigint) => bigint {
  if (p !== (1n << 521n) - 1n) return (a) => mod(a, p);
  const fold = (a: bigint) => {
    while (a >> 521n) a = (a & p) + (a >> 521n);
    return a === p ? 0n : a;
  };
  return (a) => {
    if (a >= 0n) return fold(a);
    const r = fold(-a);
    return r === 0n ? 0n : p - r;
  };
}

const rhs = (c: Curve, x: bigint): bigint => mod(x * x * x + c.a * x + c.b, c.p);

export function onCurve(c: Curve, x: bigint, y: bigint): boolean {
  return x >= 0n && x < c.p && y >= 0n && y < c.p && mod(y * y, c.p) === rhs(c, x);
}

/** Square root mod a prime p (Tonelli–Shanks; one exponentiation when p ≡ 3 mod 4), or undefined. */
function sqrt(a: bigint, p: bigint): bigint | undefined {
  if (a === 0n) return 0n;
  if (modPow(a, (p - 1n) / 2n, p) !== 1n) return undefined;
  if (p % 4n === 3n) return modPow(a, (p + 1n) / 4n, p);
  let q = p - 1n;
  let s = 0n;
  while (!(q & 1n)) { q >>= 1n; s++; }
  let z = 2n;
  while (modPow(z, (p - 1n) / 2n, p) !== p - 1n) z++;
  let m = s;
  let cc = modPow(z, q, p);
  let t = modPow(a, q, p);
  let r = modPow(a, (q + 1n) / 2n, p);
  while (t !== 1n) {
    let i = 0n;
    for (let t2 = t; t2 !== 1n; t2 = (t2 * t2) % p) i++;
    const b = modPow(cc, 1n << (m - i - 1n), p);
    m = i;
    cc = (b * b) % p;
    t = (t * cc) % p;
    r = (r * b) % p;
  }
  return r;
}

/** A point on `c` (02/03 compressed or 04 uncompressed) → [x, y], checked to lie on the curve. */
export function decodePoint(c: Curve, pt: Uint8Array): [bigint, bigint] {
  const L = fieldBytes(c);
  const big = (b: Uint8Array) => { let v = 0n; for (const x of b) v = (v << 8n) | BigInt(x); return v; };
  let x: bigint;
  let y: bigint;
  if (pt.length === 1 + 2 * L && pt[0] === 4) {
    x = big(pt.subarray(1, 1 + L));
    y = big(pt.subarray(1 + L));
  } else if (pt.length === 1 + L && (pt[0] === 2 || pt[0] === 3)) {
    x = big(pt.subarray(1));
    if (x >= c.p) fail('EC point not on its curve');
    const r = sqrt(rhs(c, x), c.p);
    if (r === undefined) return fail('EC point not on its curve');
    y = (r & 1n) === BigInt(pt[0]! & 1) ? r : mod(-r, c.p);
  } else {
    return fail(`EC point of ${c.name} has a bad length or form`);
  }
  if (!onCurve(c, x, y)) fail('EC point not on its curve');
  return [x, y];
}

/** [x, y] → 04‖X‖Y. */
export function encodePoint(c: Curve, x: bigint, y: bigint): Uint8Array {
  const L = fieldBytes(c);
  const hex = x.toString(16).padStart(2 * L, '0') + y.toString(16).padStart(2 * L, '0');
  const out = new Uint8Array(1 + 2 * L);
  out[0] = 4;
  for (let i = 0; i < 2 * L; i++) out[1 + i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

/** d·G as an uncompressed point (Jacobian double-and-add; 1 ≤ d < n is the caller's check). */
export function publicPoint(c: Curve, d: bigint): Uint8Array {
  const { p, a, gx, gy } = c;
  const red = reducer(p);
  // Jacobian (X, Y, Z) with x = X/Z², y = Y/Z³; Z = 0 is the point at infinity
  let X = 0n, Y = 1n, Z = 0n;
  const double = () => {
    if (Z === 0n || Y === 0n) { Z = 0n; return; }
    const YY = red(Y * Y);
    const S = red(4n * X * YY);
    const ZZ = red(Z * Z);
    const M = red(3n * X * X + a * ZZ * ZZ);
    const X3 = red(M * M - 2n * S);
    const Y3 = red(M * (S - X3) - 8n * YY * YY);
    Z = red(2n * Y * Z);
    X = X3;
    Y = Y3;
  };
  const addG = () => {
    if (Z === 0n) { X = gx; Y = gy; Z = 1n; return; }
    const ZZ = red(Z * Z);
    const U2 = red(gx * ZZ);
    const S2 = red(gy * ZZ * Z);
    if (U2 === X) {
      if (S2 === Y) double();
      else Z = 0n;
      return;
    }
    const H = red(U2 - X);
    const R = red(S2 - Y);
    const HH = red(H * H);
    const HHH = red(HH * H);
    const V = red(X * HH);
    const X3 = red(R * R - HHH - 2n * V);
    Y = red(R * (V - X3) - Y * HHH);
    X = X3;
    Z = red(Z * H);
  };
  const bits = d.toString(2);
  for (const bit of bits) {
    double();
    if (bit === '1') addG();
  }
  if (Z === 0n) return fail('EC private key gives the point at infinity');
  const zi = inv(Z, p);
  const zi2 = red(zi * zi);
  return encodePoint(c, red(X * zi2), red(Y * zi2 * zi));
}
