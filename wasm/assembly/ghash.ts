// GHASH (NIST SP 800-38D §6.4), constant-time, for AES-GCM (src/crypto/gcm.ts).
//
// The multiplication in GF(2^128) is a carry-less multiplication built from ordinary integer
// multiplications on operands "with holes", the method T. Pornin describes for BearSSL
// (https://www.bearssl.org/constanttime.html, "GHASH for GCM"; BearSSL's ghash_ctmul64 and
// ghash_ctmul32). This is an independent implementation of that method, in the variant that
// needs no bit reversal (which would cost code size this module does not have):
//
// * bmul32(x, y): the exact 63-bit carry-less product of two 32-bit words, from sixteen 64-bit
//   multiplications. Each operand is split into four words that keep only every 4th bit
//   (masks 0x11111111, 0x22222222, 0x44444444, 0x88888888). In the integer product of two such
//   words, the bits that meet at one position p come from at most 8 pairs, so their sum fits in
//   bits p..p+2 and never reaches p+4, the next position of the same residue class mod 4: the
//   parity of every position, which is the carry-less product bit, survives. Products whose
//   classes add up to the same residue are XORed and masked to that class.
// * 64 x 64 -> 128 bits: Karatsuba over 32-bit halves (3 bmul32); 128 x 128 -> 256 bits:
//   Karatsuba over 64-bit halves (3 of those), so 9 bmul32 = 144 multiplications per block.
// * Bit order: GCM's blocks are "reflected" (the first bit of the block is the coefficient of
//   x^0, SP 800-38D §6.3). Reading the 16 bytes as one big-endian 128-bit integer puts the
//   coefficient of x^i at bit 127 - i; the integer carry-less product of two such values is the
//   reflected product over 255 bits, so it is shifted left by one, and its low 128 bits
//   (coefficients 128..254) are folded back with x^128 = x^7 + x^2 + x + 1 (in this bit order:
//   right shifts by 0, 1, 2 and 7), one 64-bit word at a time.
//
// Why it is constant-time. No branch and no memory address depends on H or on the data: the
// loop counts blocks (a public length), every load and store is at an offset fixed by the
// block position, and the arithmetic is and/or/xor/shift and i64.mul. A 64-bit multiply runs
// in a fixed time on the CPUs browsers run on (x86-64 `imul`, 64-bit ARM `mul`; BearSSL's page
// lists old or small cores where multiplications are not constant-time). The JIT and the
// garbage collector are outside any wasm module's control.
//
// State. H = E_K(0^128) and the running value Y sit at GH_H and GH_Y (memory.ts) in GCM byte
// order from ghashStart (index.ts) to ghashEnd, which copies Y out to IO and wipes both.

import { GH_H, GH_Y, IO } from './memory';

/** Exact carry-less product of two 32-bit values (held in u64), see the header. */
function bmul32(x: u64, y: u64): u64 {
  const x0 = x & 0x11111111;
  const x1 = x & 0x22222222;
  const x2 = x & 0x44444444;
  const x3 = x & 0x88888888;
  const y0 = y & 0x11111111;
  const y1 = y & 0x22222222;
  const y2 = y & 0x44444444;
  const y3 = y & 0x88888888;
  const z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
  const z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
  const z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
  const z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
  return (z0 & 0x1111111111111111) | (z1 & 0x2222222222222222) | (z2 & 0x4444444444444444) | (z3 & 0x8888888888888888);
}

/** High 64 bits of the last clmul64 (a second return value; wiped by ghashOut). */
let hi: u64 = 0;

/** Carry-less product of two 64-bit words: returns the low 64 bits, leaves the high ones in `hi`. */
function clmul64(a: u64, b: u64): u64 {
  const al = a & 0xffffffff;
  const bl = b & 0xffffffff;
  const ah = a >> 32;
  const bh = b >> 32;
  const ll = bmul32(al, bl);
  const hh = bmul32(ah, bh);
  const mm = bmul32(al ^ ah, bl ^ bh) ^ ll ^ hh;
  hi = hh ^ (mm >> 32);
  return ll ^ (mm << 32);
}

/** Big-endian 64-bit load / store (GCM's byte order; wasm memory is little-endian). */
// @ts-ignore: decorator
@inline function ld(p: u32): u64 {
  return bswap<u64>(load<u64>(p));
}
// @ts-ignore: decorator
@inline function st(p: u32, v: u64): void {
  store<u64>(p, bswap<u64>(v));
}

/** Take H from the 16 bytes at src (E_K(0^128) in GCM byte order) and start with Y = 0. */
export function ghashSetKey(src: u32): void {
  store<u64>(GH_H, load<u64>(src));
  store<u64>(GH_H, load<u64>(src, 8), 8);
  store<u64>(GH_Y, 0);
  store<u64>(GH_Y, 0, 8);
}

/**
 * Y := (Y xor X_i) · H for each of the len / 16 blocks X_i at IO (SP 800-38D §6.4, Algorithm 2,
 * steps 3-4). len is a multiple of 16 (the caller zero-pads each part).
 */
export function ghashBlocks(len: u32): void {
  const h1 = ld(GH_H);
  const h0 = ld(GH_H + 8);
  const h2 = h0 ^ h1;
  let y1 = ld(GH_Y);
  let y0 = ld(GH_Y + 8);
  for (let p = IO; p < IO + len; p += 16) {
    y1 ^= ld(p);
    y0 ^= ld(p + 8);
    // 128 x 128 -> 255-bit carry-less product, Karatsuba over the 64-bit halves
    const l0 = clmul64(y0, h0);
    const l1 = hi;
    const u0 = clmul64(y1, h1);
    const u1 = hi;
    const m0 = clmul64(y0 ^ y1, h2) ^ l0 ^ u0;
    const m1 = hi ^ l1 ^ u1;
    // the product as four words, d3 the most significant; then << 1 (reflected order)
    let d0 = l0;
    let d1 = l1 ^ m0;
    let d2 = u0 ^ m1;
    let d3 = u1;
    d3 = (d3 << 1) | (d2 >> 63);
    d2 = (d2 << 1) | (d1 >> 63);
    d1 = (d1 << 1) | (d0 >> 63);
    d0 <<= 1;
    // fold d0, then d1, into the high half: x^128 = 1 + x + x^2 + x^7
    d2 ^= d0 ^ (d0 >> 1) ^ (d0 >> 2) ^ (d0 >> 7);
    d1 ^= (d0 << 63) ^ (d0 << 62) ^ (d0 << 57);
    d3 ^= d1 ^ (d1 >> 1) ^ (d1 >> 2) ^ (d1 >> 7);
    d2 ^= (d1 << 63) ^ (d1 << 62) ^ (d1 << 57);
    y1 = d3;
    y0 = d2;
  }
  st(GH_Y, y1);
  st(GH_Y + 8, y0);
}

/** Copy Y (16 bytes, GCM byte order) to IO and wipe H and Y. */
export function ghashOut(): void {
  store<u64>(IO, load<u64>(GH_Y));
  store<u64>(IO, load<u64>(GH_Y, 8), 8);
  memory.fill(GH_H, 0, 16);
  memory.fill(GH_Y, 0, 16);
  hi = 0;
}
