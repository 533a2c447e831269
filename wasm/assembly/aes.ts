// AES block cipher, FIPS 197 (AES-128/192/256), table-driven.
//
// State words are little-endian column words: word c holds column c with row 0 in the low
// byte, exactly as `load<u32>` reads 4 consecutive bytes of the FIPS 197 §3.4 input order.
// Each round is SubBytes + ShiftRows + MixColumns + AddRoundKey fused into four 1 KiB
// T-table lookups per column (FIPS 197 §5.1, the "32-bit words" implementation suggested
// in the Rijndael proposal §5.2.1). Decryption uses the Equivalent Inverse Cipher
// (FIPS 197 §5.3.5) so it has the same shape.
//
// Security note: T-tables make memory addresses depend on key and data, so this core is
// NOT constant-time with respect to cache timing. That is acceptable for a playground that
// emulates an HSM for learning; it is not a production HSM.

import {
  TE0, TE1, TE2, TE3, TD0, TD1, TD2, TD3, SBOX, INV_SBOX, KEK, RK_ENC, RK_DEC, IO,
} from './memory';

/** Multiply by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS 197 §4.2.1 xtime). */
// @ts-ignore: decorator
@inline function xtime(b: u32): u32 {
  return ((b << 1) ^ (((b >>> 7) & 1) * 0x1b)) & 0xff;
}

/** GF(2^8) product (FIPS 197 §4.2), only used while building tables. */
function gmul(a: u32, b: u32): u32 {
  let r: u32 = 0;
  while (b != 0) {
    if (b & 1) r ^= a;
    a = xtime(a);
    b >>>= 1;
  }
  return r;
}

/**
 * Build the S-box (FIPS 197 §5.1.1: multiplicative inverse in GF(2^8) followed by the affine
 * transform with constant 0x63), its inverse (§5.3.2) and the eight T-tables. The inverse is
 * found by walking p over the powers of the generator 3 while q walks over the powers of
 * 3^-1, so q = p^-1 at every step.
 */
export function initTables(): void {
  let p: u32 = 1;
  let q: u32 = 1;
  do {
    // p *= 3
    p = (p ^ (p << 1) ^ (((p >>> 7) & 1) * 0x1b)) & 0xff;
    // q /= 3 (multiply by 0xf6 = 3^-1)
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    // affine transform (FIPS 197 eq. 5.1): b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63
    const x: u32 = q ^ (((q << 1) | (q >>> 7)) & 0xff) ^ (((q << 2) | (q >>> 6)) & 0xff)
      ^ (((q << 3) | (q >>> 5)) & 0xff) ^ (((q << 4) | (q >>> 4)) & 0xff);
    store<u8>(SBOX + p, <u8>(x ^ 0x63));
  } while (p != 1);
  store<u8>(SBOX, 0x63); // 0 has no inverse; FIPS 197 maps it to 0 before the affine step

  for (let i: u32 = 0; i < 256; i++) store<u8>(INV_SBOX + <u32>load<u8>(SBOX + i), <u8>i);

  for (let i: u32 = 0; i < 256; i++) {
    // MixColumns column of an input byte in row 0 is (02, 01, 01, 03) · s (FIPS 197 §5.1.3, eq. 5.6)
    const s: u32 = load<u8>(SBOX + i);
    const s2 = xtime(s);
    const te: u32 = s2 | (s << 8) | (s << 16) | ((s2 ^ s) << 24);
    store<u32>(TE0 + (i << 2), te);
    store<u32>(TE1 + (i << 2), rotl<u32>(te, 8));
    store<u32>(TE2 + (i << 2), rotl<u32>(te, 16));
    store<u32>(TE3 + (i << 2), rotl<u32>(te, 24));
    // InvMixColumns column of an input byte in row 0 is (0e, 09, 0d, 0b) · s' (FIPS 197 §5.3.3, eq. 5.10)
    const t: u32 = load<u8>(INV_SBOX + i);
    const td: u32 = gmul(t, 0x0e) | (gmul(t, 0x09) << 8) | (gmul(t, 0x0d) << 16) | (gmul(t, 0x0b) << 24);
    store<u32>(TD0 + (i << 2), td);
    store<u32>(TD1 + (i << 2), rotl<u32>(td, 8));
    store<u32>(TD2 + (i << 2), rotl<u32>(td, 16));
    store<u32>(TD3 + (i << 2), rotl<u32>(td, 24));
  }
}

// Byte r of a column word, pre-scaled by 4 to index a u32 table.
// @ts-ignore: decorator
@inline function i0(w: u32): u32 { return (w << 2) & 0x3fc; }
// @ts-ignore: decorator
@inline function i1(w: u32): u32 { return (w >>> 6) & 0x3fc; }
// @ts-ignore: decorator
@inline function i2(w: u32): u32 { return (w >>> 14) & 0x3fc; }
// @ts-ignore: decorator
@inline function i3(w: u32): u32 { return (w >>> 24) << 2; }

// @ts-ignore: decorator
@inline function sub(w: u32): u32 {
  return <u32>load<u8>(SBOX + (w & 0xff))
    | (<u32>load<u8>(SBOX + ((w >>> 8) & 0xff)) << 8)
    | (<u32>load<u8>(SBOX + ((w >>> 16) & 0xff)) << 16)
    | (<u32>load<u8>(SBOX + (w >>> 24)) << 24);
}

/** Number of rounds Nr for a key of keyLen bytes (FIPS 197 §5, Fig. 4), or 0 if keyLen is illegal. */
export function roundsFor(keyLen: u32): u32 {
  return keyLen == 16 ? 10 : keyLen == 24 ? 12 : keyLen == 32 ? 14 : 0;
}

/**
 * KeyExpansion (FIPS 197 §5.2, Fig. 11) of the key at KEK into RK_ENC: 4·(Nr+1) words.
 * RotWord on a little-endian word is a rotate right by 8; Rcon[i] only touches byte 0.
 */
export function expandKey(keyLen: u32, nr: u32): void {
  const nk = keyLen >>> 2;
  const total = (nr + 1) << 2;
  memory.copy(RK_ENC, KEK, keyLen);
  let rcon: u32 = 1;
  for (let i = nk; i < total; i++) {
    let temp = load<u32>(RK_ENC + ((i - 1) << 2));
    const m = i % nk;
    if (m == 0) {
      temp = sub(rotr<u32>(temp, 8)) ^ rcon;
      rcon = xtime(rcon);
    } else if (nk > 6 && m == 4) {
      temp = sub(temp);
    }
    store<u32>(RK_ENC + (i << 2), load<u32>(RK_ENC + ((i - nk) << 2)) ^ temp);
  }
}

/**
 * Round keys for the Equivalent Inverse Cipher (FIPS 197 §5.3.5, Fig. 15): the encryption
 * schedule in reverse round order, with InvMixColumns applied to rounds 1..Nr-1. InvMixColumns
 * of a word is Td0[S[b0]] ^ Td1[S[b1]] ^ Td2[S[b2]] ^ Td3[S[b3]] (the S-box cancels Td's InvSubBytes).
 */
export function expandDecKey(nr: u32): void {
  memory.copy(RK_DEC, RK_ENC + (nr << 4), 16);
  memory.copy(RK_DEC + (nr << 4), RK_ENC, 16);
  for (let r: u32 = 1; r < nr; r++) {
    const src = RK_ENC + ((nr - r) << 4);
    const dst = RK_DEC + (r << 4);
    for (let c: u32 = 0; c < 16; c += 4) {
      const w = load<u32>(src + c);
      const v = load<u32>(TD0 + (<u32>load<u8>(SBOX + (w & 0xff)) << 2))
        ^ load<u32>(TD1 + (<u32>load<u8>(SBOX + ((w >>> 8) & 0xff)) << 2))
        ^ load<u32>(TD2 + (<u32>load<u8>(SBOX + ((w >>> 16) & 0xff)) << 2))
        ^ load<u32>(TD3 + (<u32>load<u8>(SBOX + (w >>> 24)) << 2));
      store<u32>(dst + c, v);
    }
  }
}

// ---- the rounds: one copy per direction, run over a chain of blocks ---------------------------
//
// The only callers are ECB (independent blocks) and AES-KW's W / W^-1 (a serial chain in which
// each block starts with the register A the previous block produced). Both run through the same
// loop so the rounds exist once per direction, while the KW register A and the whole block stay
// in locals: no call and no trip through memory per block. Measured in Chromium 156 (V8 15.6, the
// product's engine) against a call per block through a scratch block in memory: KW of 64 KiB
// 4.31 -> 3.80 ms (-12%), wrap of a 32-byte key 2.23 -> 1.98 us. Node 20's older V8 (11.3) goes
// the other way, ~5% slower (2.02 -> 2.14 us, 3.80 -> 4.06 ms). The `kw` flag is a public mode:
// every branch on it, and on the loop counters, is independent of keys and data.
//
// Block layout in a chain: the first half of block k is at r - 8, the second half at r. ECB: r
// walks the blocks at IO + 8, + 24, ... KW: the first half is A (in locals; at IO between calls),
// the second half is R[i] at r = IO + 8i, i = 1..n, as RFC 3394 §2.2 lays them out.

/**
 * Cipher (FIPS 197 §5.1, Fig. 5) with the schedule at RK_ENC, over a chain:
 * - kw = false: n blocks of 16 bytes at IO, each replaced by its ciphertext (ECB).
 * - kw = true: W (RFC 3394 §2.2.1, SP 800-38F Alg. 1 step 2) over the n >= 2 semiblocks at IO + 8
 *   with A at IO: for t = 1..6n, i = ((t - 1) mod n) + 1: B = AES(K, A | R[i]); A = MSB64(B) ^ t;
 *   R[i] = LSB64(B). t < 2^32 (n <= 2^17), so only the low four bytes of the 64-bit big-endian
 *   counter are non-zero: they are the high word of A as a little-endian load sees it.
 * Rounds 1..Nr-1 use the T-tables; the final round (no MixColumns) uses the S-box.
 */
export function encryptChain(nr: u32, n: u32, kw: bool): void {
  const end = RK_ENC + (nr << 4);
  const steps: u32 = kw ? 6 * n : n;
  const lastR = IO + (n << 3);
  let a0 = load<u32>(IO);
  let a1 = load<u32>(IO, 4);
  let r = IO + 8;
  for (let t: u32 = 1; t <= steps; t++) {
    if (!kw) {
      a0 = load<u32>(r - 8);
      a1 = load<u32>(r - 4);
    }
    let s0 = a0 ^ load<u32>(RK_ENC);
    let s1 = a1 ^ load<u32>(RK_ENC, 4);
    let s2 = load<u32>(r) ^ load<u32>(RK_ENC, 8);
    let s3 = load<u32>(r, 4) ^ load<u32>(RK_ENC, 12);
    let rk = RK_ENC + 16;
    // ShiftRows (§5.1.2): column c takes row r from column c + r.
    while (rk < end) {
      const t0 = load<u32>(i0(s0), TE0) ^ load<u32>(i1(s1), TE1) ^ load<u32>(i2(s2), TE2) ^ load<u32>(i3(s3), TE3) ^ load<u32>(rk);
      const t1 = load<u32>(i0(s1), TE0) ^ load<u32>(i1(s2), TE1) ^ load<u32>(i2(s3), TE2) ^ load<u32>(i3(s0), TE3) ^ load<u32>(rk, 4);
      const t2 = load<u32>(i0(s2), TE0) ^ load<u32>(i1(s3), TE1) ^ load<u32>(i2(s0), TE2) ^ load<u32>(i3(s1), TE3) ^ load<u32>(rk, 8);
      const t3 = load<u32>(i0(s3), TE0) ^ load<u32>(i1(s0), TE1) ^ load<u32>(i2(s1), TE2) ^ load<u32>(i3(s2), TE3) ^ load<u32>(rk, 12);
      s0 = t0; s1 = t1; s2 = t2; s3 = t3;
      rk += 16;
    }
    a0 = lastEnc(s0, s1, s2, s3) ^ load<u32>(rk);
    a1 = lastEnc(s1, s2, s3, s0) ^ load<u32>(rk, 4);
    store<u32>(r, lastEnc(s2, s3, s0, s1) ^ load<u32>(rk, 8));
    store<u32>(r, lastEnc(s3, s0, s1, s2) ^ load<u32>(rk, 12), 4);
    if (kw) {
      a1 ^= bswap<u32>(t);
      r = r == lastR ? IO + 8 : r + 8;
    } else {
      store<u32>(r - 8, a0);
      store<u32>(r - 4, a1);
      r += 16;
    }
  }
  if (kw) {
    store<u32>(IO, a0);
    store<u32>(IO, a1, 4);
  }
}

// @ts-ignore: decorator
@inline function lastEnc(a: u32, b: u32, c: u32, d: u32): u32 {
  return <u32>load<u8>(SBOX + (a & 0xff))
    | (<u32>load<u8>(SBOX + ((b >>> 8) & 0xff)) << 8)
    | (<u32>load<u8>(SBOX + ((c >>> 16) & 0xff)) << 16)
    | (<u32>load<u8>(SBOX + (d >>> 24)) << 24);
}

/**
 * Equivalent Inverse Cipher (FIPS 197 §5.3.5, Fig. 15) with the schedule at RK_DEC, over a chain:
 * - kw = false: n blocks of 16 bytes at IO, each replaced by its plaintext (ECB).
 * - kw = true: W^-1 (RFC 3394 §2.2.2, SP 800-38F Alg. 2 step 2) over the n >= 2 semiblocks at
 *   IO + 8 with A at IO: for t = 6n..1, i = n..1 (cyclically): B = AES-1(K, (A ^ t) | R[i]);
 *   A = MSB64(B); R[i] = LSB64(B). Leaves the recovered A at IO; the caller checks it.
 * InvShiftRows (§5.3.1): column c takes row r from column c - r.
 */
export function decryptChain(nr: u32, n: u32, kw: bool): void {
  const end = RK_DEC + (nr << 4);
  const lastR = IO + (n << 3);
  let a0 = load<u32>(IO);
  let a1 = load<u32>(IO, 4);
  let r = kw ? lastR : IO + 8;
  for (let t: u32 = kw ? 6 * n : n; t > 0; t--) {
    if (kw) a1 ^= bswap<u32>(t);
    else {
      a0 = load<u32>(r - 8);
      a1 = load<u32>(r - 4);
    }
    let s0 = a0 ^ load<u32>(RK_DEC);
    let s1 = a1 ^ load<u32>(RK_DEC, 4);
    let s2 = load<u32>(r) ^ load<u32>(RK_DEC, 8);
    let s3 = load<u32>(r, 4) ^ load<u32>(RK_DEC, 12);
    let rk = RK_DEC + 16;
    // Rounds 1..Nr-1 are an odd count (9, 11, 13): one round, then pairs, so the loop body needs
    // no state copies (measured in Node 20: unwrap of a 32-byte key 2.55 -> 2.15 us; the same
    // change made encryption ~4% slower, so encryptChain keeps the one-round loop).
    let t0 = load<u32>(i0(s0), TD0) ^ load<u32>(i1(s3), TD1) ^ load<u32>(i2(s2), TD2) ^ load<u32>(i3(s1), TD3) ^ load<u32>(rk);
    let t1 = load<u32>(i0(s1), TD0) ^ load<u32>(i1(s0), TD1) ^ load<u32>(i2(s3), TD2) ^ load<u32>(i3(s2), TD3) ^ load<u32>(rk, 4);
    let t2 = load<u32>(i0(s2), TD0) ^ load<u32>(i1(s1), TD1) ^ load<u32>(i2(s0), TD2) ^ load<u32>(i3(s3), TD3) ^ load<u32>(rk, 8);
    let t3 = load<u32>(i0(s3), TD0) ^ load<u32>(i1(s2), TD1) ^ load<u32>(i2(s1), TD2) ^ load<u32>(i3(s0), TD3) ^ load<u32>(rk, 12);
    rk += 16;
    while (rk < end) {
      s0 = load<u32>(i0(t0), TD0) ^ load<u32>(i1(t3), TD1) ^ load<u32>(i2(t2), TD2) ^ load<u32>(i3(t1), TD3) ^ load<u32>(rk);
      s1 = load<u32>(i0(t1), TD0) ^ load<u32>(i1(t0), TD1) ^ load<u32>(i2(t3), TD2) ^ load<u32>(i3(t2), TD3) ^ load<u32>(rk, 4);
      s2 = load<u32>(i0(t2), TD0) ^ load<u32>(i1(t1), TD1) ^ load<u32>(i2(t0), TD2) ^ load<u32>(i3(t3), TD3) ^ load<u32>(rk, 8);
      s3 = load<u32>(i0(t3), TD0) ^ load<u32>(i1(t2), TD1) ^ load<u32>(i2(t1), TD2) ^ load<u32>(i3(t0), TD3) ^ load<u32>(rk, 12);
      t0 = load<u32>(i0(s0), TD0) ^ load<u32>(i1(s3), TD1) ^ load<u32>(i2(s2), TD2) ^ load<u32>(i3(s1), TD3) ^ load<u32>(rk, 16);
      t1 = load<u32>(i0(s1), TD0) ^ load<u32>(i1(s0), TD1) ^ load<u32>(i2(s3), TD2) ^ load<u32>(i3(s2), TD3) ^ load<u32>(rk, 20);
      t2 = load<u32>(i0(s2), TD0) ^ load<u32>(i1(s1), TD1) ^ load<u32>(i2(s0), TD2) ^ load<u32>(i3(s3), TD3) ^ load<u32>(rk, 24);
      t3 = load<u32>(i0(s3), TD0) ^ load<u32>(i1(s2), TD1) ^ load<u32>(i2(s1), TD2) ^ load<u32>(i3(s0), TD3) ^ load<u32>(rk, 28);
      rk += 32;
    }
    a0 = lastDec(t0, t3, t2, t1) ^ load<u32>(rk);
    a1 = lastDec(t1, t0, t3, t2) ^ load<u32>(rk, 4);
    store<u32>(r, lastDec(t2, t1, t0, t3) ^ load<u32>(rk, 8));
    store<u32>(r, lastDec(t3, t2, t1, t0) ^ load<u32>(rk, 12), 4);
    if (kw) r = r == IO + 8 ? lastR : r - 8;
    else {
      store<u32>(r - 8, a0);
      store<u32>(r - 4, a1);
      r += 16;
    }
  }
  if (kw) {
    store<u32>(IO, a0);
    store<u32>(IO, a1, 4);
  }
}

// @ts-ignore: decorator
@inline function lastDec(a: u32, b: u32, c: u32, d: u32): u32 {
  return <u32>load<u8>(INV_SBOX + (a & 0xff))
    | (<u32>load<u8>(INV_SBOX + ((b >>> 8) & 0xff)) << 8)
    | (<u32>load<u8>(INV_SBOX + ((c >>> 16) & 0xff)) << 16)
    | (<u32>load<u8>(INV_SBOX + (d >>> 24)) << 24);
}
