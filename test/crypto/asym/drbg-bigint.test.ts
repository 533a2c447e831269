/**
 * HMAC_DRBG (SHA-256) against a straightforward SP 800-90A reference built on node:crypto's HMAC,
 * and the BigInt helpers (modPow, modInv, Miller–Rabin, the sieve) against plain definitions.
 */
import { createHmac, randomBytes as nodeRandom } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bigIntToBytes, bytesToBigInt, gcd, hasSmallFactor, isProbablePrime, lcm, millerRabin, modInv, modPow, SMALL_PRIMES,
} from '../../../src/crypto/asym/bigint';
import { HmacDrbg } from '../../../src/crypto/asym/drbg';

/** SP 800-90A §10.1.2, written out with node's HMAC. */
class ReferenceDrbg {
  k: Buffer = Buffer.alloc(32);
  v: Buffer = Buffer.alloc(32, 1);
  constructor(seedMaterial: Buffer) { this.update(seedMaterial); }
  hmac(key: Buffer, ...data: Buffer[]): Buffer { const h = createHmac('sha256', key); for (const d of data) h.update(d); return h.digest(); }
  update(provided: Buffer): void {
    this.k = this.hmac(this.k, this.v, Buffer.of(0), provided); this.v = this.hmac(this.k, this.v);
    if (provided.length === 0) return;
    this.k = this.hmac(this.k, this.v, Buffer.of(1), provided); this.v = this.hmac(this.k, this.v);
  }
  generate(n: number, additional = Buffer.alloc(0)): Buffer {
    if (additional.length) this.update(additional);
    const out: Buffer[] = [];
    let have = 0;
    while (have < n) { this.v = this.hmac(this.k, this.v); out.push(this.v); have += 32; }
    this.update(additional);
    return Buffer.concat(out).subarray(0, n);
  }
}

describe('HMAC_DRBG (SHA-256)', () => {
  it('matches the node:crypto reference for many seeds, lengths, personalizations and additional inputs', () => {
    for (let t = 0; t < 40; t++) {
      const entropy = nodeRandom(32);
      const nonce = nodeRandom(t % 3 === 0 ? 0 : 16);
      const pers = nodeRandom(t % 4 === 0 ? 0 : t);
      const ours = new HmacDrbg(entropy, nonce, pers);
      const ref = new ReferenceDrbg(Buffer.concat([entropy, nonce, pers]));
      for (const n of [0, 1, 31, 32, 33, 64, 100, 257]) {
        const add = t % 2 === 0 ? Buffer.alloc(0) : nodeRandom(n % 40);
        expect(Buffer.from(ours.generate(n, add))).toEqual(ref.generate(n, add));
      }
      const fill = new Uint8Array(1000);
      ours.fill(fill);
      expect(Buffer.from(fill)).toEqual(ref.generate(1000));
    }
  });

  it('NIST CAVP HMAC_DRBG.rsp, SHA-256, no prediction resistance, COUNT = 0 (generate twice, keep the second)', () => {
    const entropy = Buffer.from('ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488', 'hex');
    const nonce = Buffer.from('659ba96c601dc69fc902940805ec0ca8', 'hex');
    const d = new HmacDrbg(entropy, nonce);
    d.generate(128);
    expect(Buffer.from(d.generate(128)).toString('hex')).toBe(
      'e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc1'
      + '07694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8');
  });

  it('is deterministic, seed-sensitive, and refuses oversized requests', () => {
    const a = new HmacDrbg(new Uint8Array(32)).generate(64);
    expect(new HmacDrbg(new Uint8Array(32)).generate(64)).toEqual(a);
    expect(new HmacDrbg(Uint8Array.of(...new Uint8Array(31), 1)).generate(64)).not.toEqual(a);
    expect(() => new HmacDrbg(new Uint8Array(32)).generate(65537)).toThrow(RangeError);
    const big = new Uint8Array(70000);
    new HmacDrbg(new Uint8Array(32)).fill(big);
    expect(big.subarray(69000).some((b) => b !== 0)).toBe(true);
  });
});

describe('BigInt helpers', () => {
  const rnd = (n: number) => new Uint8Array(nodeRandom(n));
  it('bytes ↔ bigint', () => {
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(bytesToBigInt(Uint8Array.of(1, 0))).toBe(256n);
    expect(bigIntToBytes(256n, 3)).toEqual(Uint8Array.of(0, 1, 0));
    expect(() => bigIntToBytes(65536n, 2)).toThrow(RangeError);
    for (let i = 0; i < 50; i++) { const b = rnd(1 + i); b[0] = b[0]! | 1; expect(bigIntToBytes(bytesToBigInt(b), b.length)).toEqual(b); }
  });

  it('modPow against square-and-multiply, modInv, gcd, lcm', () => {
    const naive = (b: bigint, e: bigint, m: bigint): bigint => { let r = 1n; b %= m; for (; e > 0n; e >>= 1n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; } return r % m; };
    for (let i = 0; i < 200; i++) {
      const m = bytesToBigInt(rnd(1 + (i % 40))) | 1n;
      const b = bytesToBigInt(rnd(1 + (i % 50)));
      const e = bytesToBigInt(rnd(i % 33));
      expect(modPow(b, e, m)).toBe(naive(b, e, m));
      if (gcd(b, m) === 1n && m > 1n) expect((modInv(b, m) * b) % m).toBe(1n);
    }
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
    expect(() => modInv(6n, 9n)).toThrow(RangeError);
    expect(lcm(4n, 6n)).toBe(12n);
  });

  it('Miller–Rabin: known primes, Carmichael numbers and strong pseudoprimes', () => {
    for (const p of [2n ** 127n - 1n, 2n ** 521n - 1n, 2n ** 607n - 1n, 1000000007n, 65537n, 3n, 2n]) expect(isProbablePrime(p, 20, rnd)).toBe(true);
    for (const c of [561n, 41041n, 825265n, 321197185n, 2047n, 3215031751n, 3825123056546413051n, (2n ** 127n - 1n) * (2n ** 89n - 1n), 2n ** 128n + 1n, 1n, 0n, 9n]) {
      expect(isProbablePrime(c, 20, rnd)).toBe(false);
    }
    // a strong pseudoprime to bases 2..37 still fails with random bases
    expect(millerRabin(3317044064679887385961981n, 20, rnd)).toBe(false);
    expect(SMALL_PRIMES.slice(0, 5)).toEqual([3, 5, 7, 11, 13]);
    expect(SMALL_PRIMES.at(-1)).toBe(16381);
    expect(hasSmallFactor(16381n * 1000003n)).toBe(true);
    expect(hasSmallFactor(1000003n * 1000033n)).toBe(false);
  });
});
