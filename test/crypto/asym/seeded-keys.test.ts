/**
 * generateKeyPairFromSeed (pure JavaScript, deterministic): every spec it supports loads in
 * node:crypto, node re-exports exactly our bytes (OpenSSL 3.0's encodings), the public halves match,
 * the RSA keys meet FIPS 186-4's shape rules, and the same seed gives the same bytes.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CurveName, generateKeyPairFromSeed, type KeyPairDer, type KeyPairSpec } from '../../../src/crypto/asym/index';
import { parsePkcs8 } from '../../../src/crypto/asym/keys';

const seed = (n: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 31 + n) & 0xff);
const message = new TextEncoder().encode('seeded key pairs\n');

function checkWithNode(pair: KeyPairDer) {
  const priv = createPrivateKey({ key: Buffer.from(pair.privateKey), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey({ key: Buffer.from(pair.publicKey), format: 'der', type: 'spki' });
  expect(Buffer.from(priv.export({ format: 'der', type: 'pkcs8' }))).toEqual(Buffer.from(pair.privateKey));
  expect(Buffer.from(pub.export({ format: 'der', type: 'spki' }))).toEqual(Buffer.from(pair.publicKey));
  // the public half is the private key's
  expect(Buffer.from(createPublicKey(priv).export({ format: 'der', type: 'spki' }))).toEqual(Buffer.from(pair.publicKey));
  // and it works: node signs with our private key, verifies with our public key
  expect(nodeVerify('sha256', message, pub, nodeSign('sha256', message, priv))).toBe(true);
  return { priv, pub };
}

const pairs = new Map<string, KeyPairDer>();
const progressCalls = new Map<string, number[]>();

function generate(label: string, spec: KeyPairSpec, s: Uint8Array): KeyPairDer {
  const calls: number[] = [];
  const pair = generateKeyPairFromSeed(spec, s, (f) => calls.push(f));
  pairs.set(label, pair);
  progressCalls.set(label, calls);
  return pair;
}

beforeAll(() => {
  generate('rsa2048', { kind: 'rsa', bits: 2048, exponent: 65537n }, seed(1));
  generate('rsa2304-e195193', { kind: 'rsa', bits: 2304, exponent: 195193n }, seed(2));
  generate('rsa3072', { kind: 'rsa', bits: 3072, exponent: 65537n }, seed(3));
  generate('dsa', { kind: 'dsa', bits: 2048 }, seed(4));
}, 120_000);

describe('RSA from a seed', () => {
  it.each([['rsa2048', 2048, 65537n], ['rsa2304-e195193', 2304, 195193n], ['rsa3072', 3072, 65537n]] as const)('%s: node loads it, re-exports our bytes, FIPS 186-4 shape', (label, bits, e) => {
    const pair = pairs.get(label)!;
    const { priv } = checkWithNode(pair);
    expect(priv.asymmetricKeyDetails).toMatchObject({ modulusLength: bits, publicExponent: e });
    const m = parsePkcs8(pair.privateKey);
    if (m.kind !== 'rsa') throw new Error('not RSA');
    const { n, d, p, q, dp, dq, qi } = m.key;
    const half = BigInt(bits / 2);
    expect(p * q).toBe(n);
    expect(p > q).toBe(true);
    for (const x of [p, q]) {
      expect(x >> (half - 2n)).toBe(3n); // exactly bits/2 bits, top two set
      expect((x - 1n) % e).not.toBe(0n);
    }
    expect(p - q > 1n << (half - 100n)).toBe(true);
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    const lcm = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    expect((d * e) % lcm).toBe(1n);
    expect(d < lcm).toBe(true);
    expect(d > 1n << half).toBe(true);
    expect(dp).toBe(d % (p - 1n));
    expect(dq).toBe(d % (q - 1n));
    expect((qi * q) % p).toBe(1n);
    const calls = progressCalls.get(label)!;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)).toBe(1);
    expect(calls.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= calls[i - 1]!))).toBe(true);
  });

  it('same seed and spec → same bytes; another seed or exponent → another key', () => {
    expect(generateKeyPairFromSeed({ kind: 'rsa', bits: 2048, exponent: 65537n }, seed(1))).toEqual(pairs.get('rsa2048'));
    const other = generateKeyPairFromSeed({ kind: 'rsa', bits: 2048, exponent: 65537n }, seed(5));
    expect(Buffer.from(other.publicKey)).not.toEqual(Buffer.from(pairs.get('rsa2048')!.publicKey));
    checkWithNode(other);
  }, 60_000);

  it('refuses what the HSM refuses: sizes outside 2048..4096 step 256, even or small exponents, a seed that is not 32 bytes', () => {
    for (const [bits, e] of [[1024, 65537n], [2047, 65537n], [2100, 65537n], [4352, 65537n], [2048, 3n], [2048, 65536n], [2048, 2n ** 32n + 1n]] as const) {
      expect(() => generateKeyPairFromSeed({ kind: 'rsa', bits, exponent: e }, seed(1))).toThrow(RangeError);
    }
    expect(() => generateKeyPairFromSeed({ kind: 'rsa', bits: 2048, exponent: 65537n }, new Uint8Array(31))).toThrow(RangeError);
    expect(() => generateKeyPairFromSeed({ kind: 'ec', curve: 'P-192' as CurveName }, seed(1))).toThrow(RangeError);
    expect(() => generateKeyPairFromSeed({ kind: 'dsa', bits: 1024 as 2048 }, seed(1))).toThrow(RangeError);
  });
});

describe('RSA-4096 from a seed (the one 4096-bit generation of this test set)', () => {
  it('node loads it and re-exports our bytes; progress is monotone, throttled, and ends at 1', () => {
    const pair = generate('rsa4096', { kind: 'rsa', bits: 4096, exponent: 65537n }, seed(6));
    const { priv } = checkWithNode(pair);
    expect(priv.asymmetricKeyDetails).toMatchObject({ modulusLength: 4096, publicExponent: 65537n });
    const calls = progressCalls.get('rsa4096')!;
    expect(calls.at(-1)).toBe(1);
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.length).toBeLessThanOrEqual(102);
    expect(calls.every((f, i) => i === 0 || f >= calls[i - 1]! + 0.01 || f === 1)).toBe(true);
  }, 300_000);
});

describe('EC from a seed', () => {
  const NODE_CURVE = { 'P-224': 'secp224r1', 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1' };
  const PKCS8_LEN = { 'P-224': 122, 'P-256': 138, 'P-384': 185, 'P-521': 241, secp256k1: 135 };
  it.each(Object.keys(NODE_CURVE) as CurveName[])('%s: node loads it, re-exports our bytes, deterministic', (curve) => {
    const pair = generateKeyPairFromSeed({ kind: 'ec', curve }, seed(10));
    const { priv } = checkWithNode(pair);
    expect(priv.asymmetricKeyDetails?.namedCurve).toBe(NODE_CURVE[curve]);
    expect(pair.privateKey.length).toBe(PKCS8_LEN[curve]);
    expect(generateKeyPairFromSeed({ kind: 'ec', curve }, seed(10))).toEqual(pair);
    expect(Buffer.from(generateKeyPairFromSeed({ kind: 'ec', curve }, seed(11)).privateKey)).not.toEqual(Buffer.from(pair.privateKey));
  });
});

describe('DSA from a seed', () => {
  it('FIPS 186-4 (2048, 256): node loads it, re-exports our bytes, parameters are consistent', () => {
    const pair = pairs.get('dsa')!;
    const { priv } = checkWithNode(pair);
    expect(priv.asymmetricKeyType).toBe('dsa');
    expect(priv.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, divisorLength: 256 });
    const m = parsePkcs8(pair.privateKey);
    if (m.kind !== 'dsa') throw new Error('not DSA');
    const { p, q, g, x } = m.key;
    expect((p - 1n) % q).toBe(0n);
    expect(p >> 2047n).toBe(1n);
    expect(q >> 255n).toBe(1n);
    expect(x > 0n && x < q).toBe(true);
    // g has order q: g^q mod p = 1
    let r = 1n; let b = g; for (let e = q; e > 0n; e >>= 1n) { if (e & 1n) r = (r * b) % p; b = (b * b) % p; }
    expect(r).toBe(1n);
    expect(g > 1n).toBe(true);
    const calls = progressCalls.get('dsa')!;
    expect(calls.at(-1)).toBe(1);
  });
});
