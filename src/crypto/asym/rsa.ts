/**
 * RSA in JavaScript BigInt (RFC 8017): key generation FIPS 186-4 B.3.3-style from a random source,
 * the CRT private operation, RSASSA-PKCS1-v1_5 and RSASSA-PSS (MGF1 with the same hash, salt =
 * hash length), RSAES-OAEP (empty label) and RSAES-PKCS1-v1_5. Used for everything WebCrypto
 * cannot do (SHA-224, exponents other than 65537, PKCS #1 v1.5 encryption) and for every seeded
 * operation. Not constant-time (BigInt); the decryptions check their padding without an early
 * exit and fail with one CryptoError.
 */
import { CryptoError } from '../errors';
import {
  bigIntToBytes, bitLength, bytesToBigInt, gcd, lcm, millerRabin, modInv, modPow, SMALL_PRIMES, smallResidues,
} from './bigint';
import { hashBytes, hashLength } from './hash';
import type { RsaPrivate, RsaPublic } from './keys';
import type { HashName } from './types';

export type RandomBytes = (n: number) => Uint8Array;

// ---- key generation ----

/** Miller–Rabin rounds for a prime of `bits` bits: error < 2^−100 for random candidates ≥ 1024 bits (FIPS 186-4 C.3). */
function rounds(bits: number): number {
  return bits >= 1536 ? 4 : bits >= 1024 ? 5 : bits >= 512 ? 7 : 40;
}

/**
 * A random probable prime of exactly `bits` bits with its top two bits set (so p·q has exactly
 * 2·bits bits and p ≥ √2·2^(bits−1)) and gcd(e, p − 1) = 1: a random odd start, then an
 * incremental search sieved by the odd primes below 2^14.
 */
export function generatePrime(bits: number, e: bigint, random: RandomBytes, tick?: () => void): bigint {
  const nbytes = Math.ceil(bits / 8);
  const excess = BigInt(nbytes * 8 - bits);
  const top = 3n << BigInt(bits - 2);
  const limit = 1n << BigInt(bits);
  const mr = rounds(bits);
  for (;;) {
    let start = bytesToBigInt(random(nbytes)) >> excess;
    start |= top | 1n;
    const residues = smallResidues(start);
    const eSmall = e < 2n ** 32n ? Number(e) : 0;
    const eResidue = eSmall ? Number((start - 1n) % e) : 0;
    for (let delta = 0; delta < 1 << 16; delta += 2) {
      let sieved = false;
      for (let i = 0; i < residues.length; i++) {
        if ((residues[i]! + delta) % SMALL_PRIMES[i]! === 0) { sieved = true; break; }
      }
      if (sieved) continue;
      // e prime (65537 and most choices): gcd(e, c − 1) = 1 ⟺ e ∤ c − 1; checked fully below anyway.
      if (eSmall && (eResidue + delta) % eSmall === 0) continue;
      const c = start + BigInt(delta);
      if (c >= limit) break;
      tick?.();
      if (gcd(e, c - 1n) !== 1n) continue;
      if (millerRabin(c, mr, random)) return c;
    }
  }
}

export { validateRsaSpec } from './spec-check';

/**
 * An RSA key of `bits` bits (even) with public exponent `e` (odd, ≥ 3): p, q of bits/2 with the
 * top two bits set, |p − q| > 2^(bits/2 − 100), d = e^−1 mod lcm(p − 1, q − 1) > 2^(bits/2).
 * `progress` gets 0..1 estimates while the primes are searched.
 */
export function generateRsaKey(bits: number, e: bigint, random: RandomBytes, progress?: (fraction: number) => void): RsaPrivate {
  if (!Number.isInteger(bits) || bits < 512 || bits % 2 !== 0) throw new RangeError(`bad RSA size ${bits}`);
  if (e < 3n || (e & 1n) === 0n) throw new RangeError('RSA exponent must be odd and ≥ 3');
  const half = bits / 2;
  // Expected candidates reaching Miller–Rabin per prime ≈ ln(2^half)/2 × Π(1 − 1/p) over the sieve.
  const expected = Math.max(4, half * Math.LN2 / 2 * 0.116);
  let found = 0;
  let tried = 0;
  const tick = progress === undefined ? undefined : () => {
    tried++;
    progress(Math.min(0.99, (found + Math.min(0.95, tried / (2 * expected))) / 2));
  };
  const minDiff = 1n << BigInt(half - 100);
  for (;;) {
    const p0 = generatePrime(half, e, random, tick);
    found = 1; tried = 0;
    let q0 = generatePrime(half, e, random, tick);
    while ((p0 > q0 ? p0 - q0 : q0 - p0) <= minDiff) q0 = generatePrime(half, e, random, tick);
    const [p, q] = p0 > q0 ? [p0, q0] : [q0, p0];
    const n = p * q;
    if (bitLength(n) !== bits) continue;
    const d = modInv(e, lcm(p - 1n, q - 1n));
    if (d <= 1n << BigInt(half)) { found = 0; continue; }
    progress?.(1);
    return { n, e, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qi: modInv(q, p) };
  }
}

// ---- primitives ----

export function modulusBytes(key: RsaPublic): number {
  return Math.ceil(bitLength(key.n) / 8);
}

function publicOp(key: RsaPublic, m: bigint): bigint {
  return modPow(m, key.e, key.n);
}

/** RSADP/RSASP1 with the CRT, checked by re-encryption (a wrong CRT value would otherwise leak a factor). */
function privateOp(key: RsaPrivate, c: bigint): bigint {
  const m1 = modPow(c % key.p, key.dp, key.p);
  const m2 = modPow(c % key.q, key.dq, key.q);
  let h = ((m1 - m2) * key.qi) % key.p;
  if (h < 0n) h += key.p;
  const m = m2 + h * key.q;
  if (publicOp(key, m) !== c) {
    const slow = modPow(c, key.d, key.n);
    if (publicOp(key, slow) !== c) throw new RangeError('inconsistent RSA private key');
    return slow;
  }
  return m;
}

function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  const hLen = hashLength(hash);
  for (let counter = 0, o = 0; o < length; counter++, o += hLen) {
    input[seed.length] = counter >>> 24; input[seed.length + 1] = (counter >>> 16) & 0xff;
    input[seed.length + 2] = (counter >>> 8) & 0xff; input[seed.length + 3] = counter & 0xff;
    const block = hashBytes(hash, input);
    out.set(block.subarray(0, Math.min(hLen, length - o)), o);
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1, SHA-224 from RFC 4055). */
const DIGEST_INFO: ReadonlyMap<HashName, Uint8Array> = new Map<HashName, Uint8Array>([
  ['SHA-1', hex('3021300906052b0e03021a05000414')],
  ['SHA-224', hex('302d300d06096086480165030402040500041c')],
  ['SHA-256', hex('3031300d060960864801650304020105000420')],
  ['SHA-384', hex('3041300d060960864801650304020205000430')],
  ['SHA-512', hex('3051300d060960864801650304020305000440')],
]);

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// ---- RSASSA-PKCS1-v1_5 ----

function pkcs1SignatureEncoding(hash: HashName, data: Uint8Array, k: number, prehashed = false): Uint8Array {
  const t = prehashed ? data : concat(DIGEST_INFO.get(hash)!, hashBytes(hash, data));
  if (k < t.length + 11) throw new RangeError('RSA modulus too short for this hash');
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0; em[1] = 1; em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

/** `prehashed`: `data` is the DER DigestInfo T itself (RFC 8017 §9.2 step 2 done by the caller). */
export function signPkcs1(key: RsaPrivate, hash: HashName, data: Uint8Array, prehashed = false): Uint8Array {
  const k = modulusBytes(key);
  const em = pkcs1SignatureEncoding(hash, data, k, prehashed);
  return bigIntToBytes(privateOp(key, bytesToBigInt(em)), k);
}

export function verifyPkcs1(key: RsaPublic, hash: HashName, data: Uint8Array, signature: Uint8Array, prehashed = false): boolean {
  const k = modulusBytes(key);
  if (signature.length !== k) return false;
  const s = bytesToBigInt(signature);
  if (s >= key.n) return false;
  let expected: Uint8Array;
  try { expected = pkcs1SignatureEncoding(hash, data, k, prehashed); } catch { return false; }
  return equalBytes(bigIntToBytes(publicOp(key, s), k), expected);
}

// ---- RSASSA-PSS (MGF1 with the same hash; salt length = hash length unless given) ----

/** mHash of RFC 8017 §9.1.1 step 2: the hash of the message, or the message itself when it is already one. */
function messageHash(hash: HashName, data: Uint8Array, prehashed: boolean): Uint8Array | undefined {
  if (!prehashed) return hashBytes(hash, data);
  return data.length === hashLength(hash) ? data : undefined;
}

export function signPss(key: RsaPrivate, hash: HashName, data: Uint8Array, random: RandomBytes, saltLength?: number, prehashed = false): Uint8Array {
  const k = modulusBytes(key);
  const emBits = bitLength(key.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = hashLength(hash);
  const sLen = saltLength ?? hLen;
  if (emLen < hLen + sLen + 2) throw new RangeError('RSA modulus too short for PSS with this hash and salt');
  const mHash = messageHash(hash, data, prehashed);
  if (!mHash) throw new RangeError('digest length does not fit the hash');
  const salt = random(sLen);
  const h = hashBytes(hash, concat(new Uint8Array(8), mHash, salt));
  const db = new Uint8Array(emLen - hLen - 1);
  db[emLen - sLen - hLen - 2] = 1;
  db.set(salt, emLen - sLen - hLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >>> (8 * emLen - emBits);
  const em = concat(db, h, Uint8Array.of(0xbc));
  return bigIntToBytes(privateOp(key, bytesToBigInt(em)), k);
}

export function verifyPss(key: RsaPublic, hash: HashName, data: Uint8Array, signature: Uint8Array, saltLength?: number, prehashed = false): boolean {
  const k = modulusBytes(key);
  if (signature.length !== k) return false;
  const s = bytesToBigInt(signature);
  if (s >= key.n) return false;
  const emBits = bitLength(key.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = hashLength(hash);
  const sLen = saltLength ?? hLen;
  if (emLen < hLen + sLen + 2) return false;
  const mHash = messageHash(hash, data, prehashed);
  if (!mHash) return false;
  const m = publicOp(key, s);
  if (bitLength(m) > emBits) return false;
  const em = bigIntToBytes(m, emLen);
  if (em[emLen - 1] !== 0xbc) return false;
  const db = em.slice(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((db[0]! & ~topMask) !== 0) return false;
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= topMask;
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 1) return false;
  const salt = db.subarray(db.length - sLen);
  return equalBytes(hashBytes(hash, concat(new Uint8Array(8), mHash, salt)), h);
}

// ---- RSAES-OAEP (empty label) ----

export function oaepMaxMessage(k: number, hash: HashName): number {
  return k - 2 * hashLength(hash) - 2;
}

export function encryptOaep(key: RsaPublic, hash: HashName, message: Uint8Array, random: RandomBytes): Uint8Array {
  const k = modulusBytes(key);
  const hLen = hashLength(hash);
  if (message.length > oaepMaxMessage(k, hash)) throw new RangeError(`message too long for RSA-OAEP: ${message.length} > ${Math.max(0, oaepMaxMessage(k, hash))} bytes`);
  const db = new Uint8Array(k - hLen - 1);
  db.set(hashBytes(hash, new Uint8Array(0)));
  db[db.length - message.length - 1] = 1;
  db.set(message, db.length - message.length);
  const seed = random(hLen).slice();
  const dbMask = mgf1(hash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= dbMask[i]!;
  const seedMask = mgf1(hash, db, hLen);
  for (let i = 0; i < hLen; i++) seed[i]! ^= seedMask[i]!;
  const em = concat(Uint8Array.of(0), seed, db);
  return bigIntToBytes(publicOp(key, bytesToBigInt(em)), k);
}

/** The private-key step shared by both decryptions: CryptoError unless 0 ≤ c < n and |c| = k. */
function decryptBlock(key: RsaPrivate, ciphertext: Uint8Array): Uint8Array {
  const k = modulusBytes(key);
  if (ciphertext.length !== k) throw new CryptoError();
  const c = bytesToBigInt(ciphertext);
  if (c >= key.n) throw new CryptoError();
  return bigIntToBytes(privateOp(key, c), k);
}

export function decryptOaep(key: RsaPrivate, hash: HashName, ciphertext: Uint8Array): Uint8Array {
  const k = modulusBytes(key);
  const hLen = hashLength(hash);
  if (k < 2 * hLen + 2) throw new CryptoError();
  const em = decryptBlock(key, ciphertext);
  const seed = em.slice(1, 1 + hLen);
  const db = em.slice(1 + hLen);
  const seedMask = mgf1(hash, db, hLen);
  for (let i = 0; i < hLen; i++) seed[i]! ^= seedMask[i]!;
  const dbMask = mgf1(hash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= dbMask[i]!;
  const lHash = hashBytes(hash, new Uint8Array(0));
  // One pass over everything, no early exit: bad = Y ≠ 0 or lHash' ≠ lHash or no 0x01 after the zeros.
  let bad = em[0]!;
  for (let i = 0; i < hLen; i++) bad |= db[i]! ^ lHash[i]!;
  let index = 0;
  let lookingForOne = 1;
  for (let i = hLen; i < db.length; i++) {
    const isOne = db[i] === 1 ? 1 : 0;
    const isZero = db[i] === 0 ? 1 : 0;
    if (lookingForOne & isOne) index = i;
    bad |= lookingForOne & (1 - isOne) & (1 - isZero);
    lookingForOne &= 1 - isOne;
  }
  bad |= lookingForOne;
  if (bad !== 0) throw new CryptoError();
  return db.slice(index + 1);
}

// ---- RSAES-PKCS1-v1_5 ----

export function encryptPkcs1(key: RsaPublic, message: Uint8Array, random: RandomBytes): Uint8Array {
  const k = modulusBytes(key);
  if (message.length > k - 11) throw new RangeError(`message too long for RSA PKCS #1 v1.5: ${message.length} > ${Math.max(0, k - 11)} bytes`);
  const psLen = k - message.length - 3;
  const ps = new Uint8Array(psLen);
  let filled = 0;
  while (filled < psLen) {
    const chunk = random(psLen - filled + 8);
    for (const b of chunk) if (b !== 0 && filled < psLen) ps[filled++] = b;
  }
  const em = concat(Uint8Array.of(0, 2), ps, Uint8Array.of(0), message);
  return bigIntToBytes(publicOp(key, bytesToBigInt(em)), k);
}

export function decryptPkcs1(key: RsaPrivate, ciphertext: Uint8Array): Uint8Array {
  const em = decryptBlock(key, ciphertext);
  let bad = em[0]! | (em[1]! ^ 2);
  let index = 0;
  let lookingForZero = 1;
  for (let i = 2; i < em.length; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    if (lookingForZero & isZero) index = i;
    lookingForZero &= 1 - isZero;
  }
  bad |= lookingForZero;
  bad |= index < 10 ? 1 : 0; // at least 8 bytes of padding
  if (bad !== 0) throw new CryptoError();
  return em.slice(index + 1);
}
