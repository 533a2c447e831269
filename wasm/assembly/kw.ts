// AES Key Wrap core: the wrapping function W and its inverse W^-1.
//
// RFC 3394 §2.2.1 (index-based wrap) and §2.2.2 (index-based unwrap); NIST SP 800-38F §6.1,
// Algorithm 1 (W) and Algorithm 2 (W^-1). Both run in place on the IO buffer laid out as
//   IO + 0 : A   (8 bytes, the integrity register)
//   IO + 8 : R[1..n] (n semiblocks of 8 bytes)
// The caller sets up A and the schedule; these functions only iterate 6·n block operations.

import { IO } from './memory';
import { encryptChain, decryptChain } from './aes';
import { ctEncrypt, ctDecrypt } from './aes-ct';

/**
 * W (RFC 3394 §2.2.1, SP 800-38F Alg. 1 step 2), n >= 2 semiblocks, A initial value at IO, over
 * the table core (schedule at RK_ENC). For j = 0..5, i = 1..n:  B = AES(K, A | R[i]);
 * A = MSB64(B) ^ t;  R[i] = LSB64(B), with t = n·j + i as a 64-bit big-endian integer.
 * Result C = A | R[1..n] stays at IO. The loop lives in aes.ts (encryptChain) so that the
 * rounds run inline with A in registers.
 */
// @ts-ignore: decorator
@inline export function wrapW(nr: u32, n: u32): void {
  encryptChain(nr, n, true);
}

/**
 * W^-1 (RFC 3394 §2.2.2, SP 800-38F Alg. 2 step 2), n >= 2 semiblocks, C at IO, over the table
 * core (schedule at RK_DEC). For j = 5..0, i = n..1:  B = AES-1(K, (A ^ t) | R[i]);
 * A = MSB64(B);  R[i] = LSB64(B). Leaves the recovered A at IO and the plaintext semiblocks at
 * IO + 8; the caller checks A.
 */
// @ts-ignore: decorator
@inline export function unwrapW(nr: u32, n: u32): void {
  decryptChain(nr, n, true);
}

// ---- the same two loops over the constant-time core (aes-ct.ts) ----------------------------
// The 16-byte block A | R[i] is assembled in a v128 register (A in lane 0, R[i] loaded into
// lane 1), so nothing but the semiblocks R[i] themselves goes through memory. Loop bounds
// depend on n only (public); the counter t is public.

/** W over the constant-time core; same contract as wrapW (schedule at RK_ENC from ctExpandKey). */
export function wrapWCt(nr: u32, n: u32): void {
  let b = v128.load64_zero(IO);
  let t: u32 = 0;
  for (let j = 0; j < 6; j++) {
    let r = IO + 8;
    for (let i: u32 = 0; i < n; i++) {
      b = ctEncrypt(nr, v128.load64_lane(r, b, 1));
      v128.store64_lane(r, b, 1);
      t++;
      b = v128.xor(b, i64x2.replace_lane(i64x2.splat(0), 0, <u64>bswap<u32>(t) << 32));
      r += 8;
    }
  }
  v128.store64_lane(IO, b, 0);
}

/** W^-1 over the constant-time core; same contract as unwrapW (schedule at RK_DEC). */
export function unwrapWCt(nr: u32, n: u32): void {
  let b = v128.load64_zero(IO);
  let t: u32 = 6 * n;
  for (let j = 0; j < 6; j++) {
    let r = IO + (n << 3);
    for (let i: u32 = 0; i < n; i++) {
      b = v128.xor(b, i64x2.replace_lane(i64x2.splat(0), 0, <u64>bswap<u32>(t) << 32));
      b = ctDecrypt(nr, v128.load64_lane(r, b, 1));
      v128.store64_lane(r, b, 1);
      t--;
      r -= 8;
    }
  }
  v128.store64_lane(IO, b, 0);
}
