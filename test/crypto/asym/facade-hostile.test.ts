/**
 * Bad input never crashes the facade: random or bit-flipped signatures only ever verify false;
 * random ciphertexts only ever fail with the one CryptoError; damaged keys fail with FormatError
 * (unreadable) or RangeError (unusable) — never a TypeError or anything else — on both the
 * WebCrypto and the JavaScript paths.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FormatError, generateKeyPairFromSeed, type HashName, type KeyPairDer, rsaDecrypt, type SignMechanism, sign, verify,
} from '../../../src/crypto/asym/index';
import { CryptoError } from '../../../src/crypto/errors';
import { seededRng } from '../../../src/crypto/rng';

const HASHES: HashName[] = ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'];
const message = new TextEncoder().encode('hostile');
let rsa: KeyPairDer;
let p256: KeyPairDer;
let k1: KeyPairDer;
let dsa: KeyPairDer;

beforeAll(() => {
  const seed = new Uint8Array(32).fill(3);
  rsa = generateKeyPairFromSeed({ kind: 'rsa', bits: 2048, exponent: 65537n }, seed);
  p256 = generateKeyPairFromSeed({ kind: 'ec', curve: 'P-256' }, seed);
  k1 = generateKeyPairFromSeed({ kind: 'ec', curve: 'secp256k1' }, seed);
  dsa = generateKeyPairFromSeed({ kind: 'dsa', bits: 2048 }, seed);
}, 120_000);

const both = [{}, { rng: seededRng(1) }] as const;
const hash = fc.constantFrom(...HASHES);
const cases = (): [KeyPairDer, SignMechanism['scheme']][] => [[rsa, 'rsa-pkcs1'], [rsa, 'rsa-pss'], [p256, 'ecdsa'], [k1, 'ecdsa'], [dsa, 'dsa']];

describe('verify answers a boolean for any signature', () => {
  it('random bytes of any length', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(4), hash, fc.uint8Array({ maxLength: 600 }), fc.boolean(), async (i, h, sig, seeded) => {
      const [pair, scheme] = cases()[i]!;
      const ok = await verify(pair.publicKey, { scheme, hash: h }, message, sig, seeded ? both[1] : both[0]);
      expect(ok).toBe(false);
    }), { numRuns: 150 });
  });

  it('one bit flipped in a good signature', async () => {
    const sigs = new Map<string, Uint8Array>();
    for (const [pair, scheme] of cases()) for (const h of HASHES) sigs.set(`${scheme}${pair.publicKey.length}${h}`, await sign(pair.privateKey, { scheme, hash: h }, message, both[1]));
    await fc.assert(fc.asyncProperty(fc.nat(4), hash, fc.nat(), fc.nat(7), fc.boolean(), async (i, h, at, bit, seeded) => {
      const [pair, scheme] = cases()[i]!;
      const sig = sigs.get(`${scheme}${pair.publicKey.length}${h}`)!.slice();
      sig[at % sig.length]! ^= 1 << bit;
      expect(await verify(pair.publicKey, { scheme, hash: h }, message, sig, seeded ? both[1] : both[0])).toBe(false);
    }), { numRuns: 150 });
  });
});

describe('rsaDecrypt fails only with the one CryptoError', () => {
  it('random ciphertexts, OAEP with every hash and PKCS #1 v1.5', async () => {
    await fc.assert(fc.asyncProperty(fc.option(hash, { nil: undefined }), fc.uint8Array({ minLength: 250, maxLength: 260 }), fc.boolean(), async (h, ct, seeded) => {
      const enc = h === undefined ? { scheme: 'pkcs1' as const } : { scheme: 'oaep' as const, hash: h };
      const err = await rsaDecrypt(rsa.privateKey, enc, ct, seeded ? both[1] : both[0]).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(CryptoError);
      expect((err as Error).message).toBe('integrity check failed');
    }), { numRuns: 60 });
  });
});

describe('damaged keys', () => {
  const allowed = (e: unknown): boolean => e instanceof FormatError || e instanceof RangeError;
  it('a flipped byte in a private key: a signature, FormatError or RangeError — nothing else', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(4), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (i, at, x, seeded) => {
      const [pair, scheme] = cases()[i]!;
      const key = pair.privateKey.slice();
      key[at % key.length]! ^= x;
      try {
        const sig = await sign(key, { scheme, hash: 'SHA-256' }, message, seeded ? both[1] : both[0]);
        expect(sig).toBeInstanceOf(Uint8Array);
      } catch (e) {
        expect(allowed(e), String(e)).toBe(true);
      }
    }), { numRuns: 80 });
  });

  it('a flipped byte in a public key: a boolean, FormatError or RangeError — nothing else', async () => {
    const sigs = new Map<number, Uint8Array>();
    for (const [n, [pair, scheme]] of cases().entries()) sigs.set(n, await sign(pair.privateKey, { scheme, hash: 'SHA-256' }, message, both[1]));
    await fc.assert(fc.asyncProperty(fc.nat(4), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (i, at, x, seeded) => {
      const [pair, scheme] = cases()[i]!;
      const key = pair.publicKey.slice();
      key[at % key.length]! ^= x;
      try {
        expect(typeof await verify(key, { scheme, hash: 'SHA-256' }, message, sigs.get(i)!, seeded ? both[1] : both[0])).toBe('boolean');
      } catch (e) {
        expect(allowed(e), String(e)).toBe(true);
      }
    }), { numRuns: 80 });
  });

  it('an EC public key off its curve is a FormatError on both paths', async () => {
    const key = p256.publicKey.slice();
    key[key.length - 1]! ^= 1; // y changed: no longer on the curve
    const sig = await sign(p256.privateKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message);
    for (const o of both) await expect(verify(key, { scheme: 'ecdsa', hash: 'SHA-256' }, message, sig, o)).rejects.toThrow(FormatError);
  });
});
