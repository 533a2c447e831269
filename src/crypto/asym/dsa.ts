/**
 * DSA in JavaScript BigInt (FIPS 186-4): domain parameters L = 2048, N = 256 by A.1.1.2 (probable
 * primes from SHA-256 of a seed drawn from the caller's random source), g by A.2.1, x by B.1.2,
 * signatures with RFC 6979 deterministic k (HMAC_DRBG with the message's hash, §3.2) and DER
 * SEQUENCE { r, s } as OpenSSL writes them.
 */
import { bigIntToBytes, bitLength, bytesToBigInt, hasSmallFactor, millerRabin, modInv, modPow } from './bigint';
import { hashBytes, hashLength, hmac } from './hash';
import { decodeSignature, encodeSignature, type DsaParams, type DsaPrivate, type DsaPublic } from './keys';
import type { HashName } from './types';

export type RandomBytes = (n: number) => Uint8Array;

/** Miller–Rabin rounds of FIPS 186-4 Table C.1 for (L, N) = (2048, 256). */
const ROUNDS_P = 56;
const ROUNDS_Q = 64;

/**
 * FIPS 186-4 A.1.1.2 with SHA-256 (outlen = seedlen = N = 256), then g by A.2.1 (h = 2, 3, …).
 * `progress` gets 0..1 estimates.
 */
export function generateDsaParams(L: number, N: number, random: RandomBytes, progress?: (fraction: number) => void): DsaParams & { seed: Uint8Array; counter: number } {
  if (!(L === 2048 && N === 256)) throw new RangeError(`unsupported DSA size (${L}, ${N})`);
  const outlen = 256;
  const seedlen = N;
  const seedBytes = seedlen / 8;
  const n = Math.ceil(L / outlen) - 1;
  const b = L - 1 - n * outlen;
  const seedMod = 1n << BigInt(seedlen);
  const twoL1 = 1n << BigInt(L - 1);
  const H = (v: bigint): bigint => bytesToBigInt(hashBytes('SHA-256', bigIntToBytes(v % seedMod, seedBytes)));
  let tried = 0;
  // ≈ 2048·ln 2 / 2 ≈ 710 odd candidates per prime; report against that.
  const tick = (): void => { tried++; progress?.(Math.min(0.95, tried / 1400)); };
  for (;;) {
    const seedBuf = random(seedBytes).slice();
    const seed = bytesToBigInt(seedBuf);
    const U = H(seed) % (1n << BigInt(N - 1));
    const q = (1n << BigInt(N - 1)) + U + 1n - (U % 2n);
    if (hasSmallFactor(q) || !millerRabin(q, ROUNDS_Q, random)) continue;
    let offset = 1n;
    for (let counter = 0; counter <= 4 * L - 1; counter++) {
      let W = 0n;
      for (let j = 0; j <= n; j++) {
        let V = H(seed + offset + BigInt(j));
        if (j === n) V %= 1n << BigInt(b);
        W += V << BigInt(j * outlen);
      }
      const X = W + twoL1;
      const c = X % (2n * q);
      const p = X - (c - 1n);
      offset += BigInt(n + 1);
      if (p < twoL1) continue;
      tick();
      if (hasSmallFactor(p) || !millerRabin(p, ROUNDS_P, random)) continue;
      const e = (p - 1n) / q;
      let g = 1n;
      for (let h = 2n; g === 1n; h++) g = modPow(h, e, p);
      progress?.(1);
      return { p, q, g, seed: seedBuf, counter };
    }
  }
}

/** x by FIPS 186-4 B.1.2 (testing candidates) and y = g^x mod p. */
export function generateDsaKey(params: DsaParams, random: RandomBytes): DsaPrivate & { y: bigint } {
  const N = bitLength(params.q);
  const nBytes = Math.ceil(N / 8);
  const mask = (1n << BigInt(N)) - 1n;
  for (;;) {
    const c = bytesToBigInt(random(nBytes)) & mask;
    if (c > params.q - 2n) continue;
    const x = c + 1n;
    return { p: params.p, q: params.q, g: params.g, x, y: modPow(params.g, x, params.p) };
  }
}

/** RFC 6979 §2.3.2 bits2int for qlen = bitLength(q). */
function bits2int(b: Uint8Array, qlen: number): bigint {
  const v = bytesToBigInt(b);
  const blen = b.length * 8;
  return blen > qlen ? v >> BigInt(blen - qlen) : v;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** RFC 6979 §3.2: the deterministic nonces for private key x and message hash h1, in order. */
export function* rfc6979Nonces(hash: HashName, q: bigint, x: bigint, h1: Uint8Array): Generator<bigint> {
  const qlen = bitLength(q);
  const rlen = Math.ceil(qlen / 8);
  const hlen = hashLength(hash);
  let z = bits2int(h1, qlen);
  if (z >= q) z -= q;
  const xo = bigIntToBytes(x, rlen);
  const ho = bigIntToBytes(z, rlen);
  let V: Uint8Array = new Uint8Array(hlen).fill(1);
  let K: Uint8Array = new Uint8Array(hlen);
  K = hmac(hash, K, concat(V, Uint8Array.of(0), xo, ho));
  V = hmac(hash, K, V);
  K = hmac(hash, K, concat(V, Uint8Array.of(1), xo, ho));
  V = hmac(hash, K, V);
  for (;;) {
    let T: Uint8Array = new Uint8Array(0);
    while (T.length * 8 < qlen) {
      V = hmac(hash, K, V);
      T = concat(T, V);
    }
    const k = bits2int(T, qlen);
    if (k >= 1n && k < q) yield k;
    K = hmac(hash, K, concat(V, Uint8Array.of(0)));
    V = hmac(hash, K, V);
  }
}

/** DSA signature over `data` hashed with `hash`, nonce by RFC 6979; DER SEQUENCE { r, s }. */
export function dsaSign(key: DsaPrivate, hash: HashName, data: Uint8Array): Uint8Array {
  const { p, q, g, x } = key;
  if (x <= 0n || x >= q) throw new RangeError('DSA private key out of range');
  const h1 = hashBytes(hash, data);
  const z = bits2int(h1, bitLength(q));
  for (const k of rfc6979Nonces(hash, q, x, h1)) {
    const r = modPow(g, k, p) % q;
    if (r === 0n) continue;
    const s = (modInv(k, q) * ((z + x * r) % q)) % q;
    if (s === 0n) continue;
    return encodeSignature(r, s);
  }
  throw new Error('unreachable');
}

/** Verify a DER DSA signature; false for anything malformed or invalid. */
export function dsaVerify(key: DsaPublic, hash: HashName, data: Uint8Array, signature: Uint8Array): boolean {
  const { p, q, g, y } = key;
  const rs = decodeSignature(signature);
  if (rs === undefined) return false;
  const { r, s } = rs;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  if (q < 2n || p < 3n || (p - 1n) % q !== 0n || g <= 1n || g >= p || y <= 1n || y >= p) return false;
  const z = bits2int(hashBytes(hash, data), bitLength(q));
  const w = modInv(s, q);
  const u1 = (z * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}
