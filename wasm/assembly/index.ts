// Exported surface of the AES / AES-KW core (see ../../src/crypto/wasm.ts for the JS side).
//
// Calling convention: the caller writes the key to KEK, the KW integrity value to IV (KW only)
// and its input to the IO buffer (at IO + 8 for the wrap functions, at IO for unwrap and ECB),
// then calls one function with the key length and input length. Every function returns an i32
// status and stores its output length at OUT_LEN; the output sits at IO (wrap, ECB) or IO + 8
// (unwrap). Before returning, every function wipes the key, IV and both key schedules; on a
// failed unwrap it also zeroes the IO bytes it touched, so no partial plaintext is ever left
// behind. Nothing is allocated.

import {
  KEK, IV, IO, IO_SIZE, OUT_LEN, MAX_INPUT, MAX_WRAPPED, RK_ENC, RK_DEC, SECRET_START, SECRET_SIZE,
  REGION_BASE, MEMORY_PAGES, wipeSecrets, GH_STATE, GH_STATE_SIZE,
} from './memory';
import { initTables, roundsFor, expandKey, expandDecKey, encryptChain, decryptChain } from './aes';
import { ctExpandKey, ctEncryptAt, ctDecryptAt } from './aes-ct';
import { wrapW, unwrapW, wrapWCt, unwrapWCt } from './kw';
import { ghashSetKey, ghashBlocks, ghashOut } from './ghash';
// (The key-wrap trace of issue 13 is a module of its own, ./trace.ts → build/trace.wasm, loaded
// only when a learner opens the view: this module, which every page loads, does not carry it.)

export {
  KEK, IV, IO, IO_SIZE, OUT_LEN, MAX_INPUT, MAX_WRAPPED, RK_ENC, RK_DEC, SECRET_START, SECRET_SIZE,
  GH_STATE, GH_STATE_SIZE,
};

/** Success. */
export const STATUS_OK: i32 = 0;
/** Unwrap refused: bad length, bad integrity value or bad padding alike (SP 800-38F §6: "FAIL"). */
export const STATUS_FAIL: i32 = 1;
/** Caller error on the wrap/ECB side: illegal key length or illegal input length. */
export const STATUS_BAD_ARG: i32 = 2;

// ---- start function: reserve the fixed regions and build the tables once -------------------
if (<u32>__heap_base > REGION_BASE) unreachable(); // static data must stay below the regions
{
  const have = memory.size();
  if (have < MEMORY_PAGES && memory.grow(MEMORY_PAGES - have) < 0) unreachable();
}
initTables();

// ---- core selection: 0 = T-table core (aes.ts), 1 = constant-time vperm core (aes-ct.ts) -------
// A public mode bit: every branch on it below is independent of keys and data.
let useCt: bool = false;

/** Select the AES core for all later calls: 0 = table, 1 = constant-time. Returns the old value. */
export function setCore(ct: i32): i32 {
  const old: i32 = useCt ? 1 : 0;
  useCt = ct != 0;
  return old;
}

/** Key schedule(s) for the selected core: encryption always, decryption if dec. */
// @ts-ignore: decorator
@inline function schedule(keyLen: u32, nr: u32, dec: bool): void {
  if (useCt) ctExpandKey(keyLen, !dec, dec);
  else {
    expandKey(keyLen, nr);
    if (dec) expandDecKey(nr);
  }
}
/** Encrypt the count whole blocks at IO in place (ECB). */
// @ts-ignore: decorator
@inline function encBlocks(nr: u32, count: u32): void {
  if (useCt) for (let p = IO; p < IO + (count << 4); p += 16) ctEncryptAt(nr, p, p);
  else encryptChain(nr, count, false);
}
/** Decrypt the count whole blocks at IO in place (ECB). */
// @ts-ignore: decorator
@inline function decBlocks(nr: u32, count: u32): void {
  if (useCt) for (let p = IO; p < IO + (count << 4); p += 16) ctDecryptAt(nr, p, p);
  else decryptChain(nr, count, false);
}
// @ts-ignore: decorator
@inline function W(nr: u32, n: u32): void {
  if (useCt) wrapWCt(nr, n); else wrapW(nr, n);
}
// @ts-ignore: decorator
@inline function Winv(nr: u32, n: u32): void {
  if (useCt) unwrapWCt(nr, n); else unwrapW(nr, n);
}

/** RFC 5649 §3 Alternative Initial Value, first 32 bits A65959A6; bswap gives its big-endian byte order for a little-endian store. */
const AIV_HI: u32 = 0xa65959a6;
/** RFC 3394 §2.2.3.1 default IV A6A6A6A6A6A6A6A6, used by mechanism 4 (PKCS#5-padded KW). */
const ICV1: u64 = 0xa6a6a6a6a6a6a6a6;

// @ts-ignore: decorator
@inline function done(status: i32, outLen: u32): i32 {
  wipeSecrets();
  store<u32>(OUT_LEN, outLen);
  return status;
}

// @ts-ignore: decorator
@inline function refuse(touched: u32): i32 {
  memory.fill(IO, 0, touched);
  return done(STATUS_FAIL, 0);
}

// ---- raw AES (FIPS 197), ECB over whole blocks, in place at IO --------------------------------

/** Encrypt len bytes (a positive multiple of 16) at IO in place with the key at KEK. */
export function aesEncryptEcb(keyLen: u32, len: u32): i32 {
  const nr = roundsFor(keyLen);
  if (nr == 0 || len == 0 || (len & 15) != 0 || len > MAX_INPUT) return done(STATUS_BAD_ARG, 0);
  schedule(keyLen, nr, false);
  encBlocks(nr, len >>> 4);
  return done(STATUS_OK, len);
}

/** Decrypt len bytes (a positive multiple of 16) at IO in place with the key at KEK. */
export function aesDecryptEcb(keyLen: u32, len: u32): i32 {
  const nr = roundsFor(keyLen);
  if (nr == 0 || len == 0 || (len & 15) != 0 || len > MAX_INPUT) return done(STATUS_BAD_ARG, 0);
  schedule(keyLen, nr, true);
  decBlocks(nr, len >>> 4);
  return done(STATUS_OK, len);
}

// ---- KW: RFC 3394 / SP 800-38F §6.2 ------------------------------------------------------------

/**
 * KW-AE (SP 800-38F §6.2 Alg. 3) with the 8-byte ICV at IV (RFC 3394 §2.2.3: default
 * A6A6A6A6A6A6A6A6, or an alternative IV). Plaintext of len bytes at IO + 8; len must be a
 * multiple of 8 and at least 16 (SP 800-38F §5.3.1: 2 <= n semiblocks; RFC 3394 §2's
 * single-block case for 8-byte keys is not provided). Output: len + 8 bytes at IO.
 */
export function kwWrap(kekLen: u32, len: u32): i32 {
  const nr = roundsFor(kekLen);
  if (nr == 0 || len < 16 || (len & 7) != 0 || len > MAX_INPUT) return done(STATUS_BAD_ARG, 0);
  schedule(kekLen, nr, false);
  store<u64>(IO, load<u64>(IV));
  W(nr, len >>> 3);
  return done(STATUS_OK, len + 8);
}

/**
 * KW-AD (SP 800-38F §6.2 Alg. 4): wrapped blob of len bytes at IO; len must be a multiple of 8
 * and at least 24. Recovers A with W^-1 and compares it with the ICV at IV (RFC 3394 §2.2.3).
 * Output: len - 8 bytes at IO + 8. Every failure is the same STATUS_FAIL.
 */
export function kwUnwrap(kekLen: u32, len: u32): i32 {
  const nr = roundsFor(kekLen);
  if (nr == 0) return done(STATUS_BAD_ARG, 0);
  if (len < 24 || (len & 7) != 0 || len > MAX_WRAPPED) return refuse(len > MAX_WRAPPED ? 0 : len);
  schedule(kekLen, nr, true);
  Winv(nr, (len >>> 3) - 1);
  if ((load<u64>(IO) ^ load<u64>(IV)) != 0) return refuse(len);
  store<u64>(IO, 0);
  return done(STATUS_OK, len - 8);
}

// ---- KWP: RFC 5649 / SP 800-38F §6.3 -----------------------------------------------------------

/**
 * KWP-AE (RFC 5649 §4.1, SP 800-38F §6.3 Alg. 5). Plaintext of len >= 1 bytes at IO + 8. It is
 * zero-padded to a multiple of 8 (§4.1 step 1), the AIV is A65959A6 || MLI (MLI = len as a
 * 32-bit big-endian integer, §3). One padded semiblock is encrypted as a single AES block
 * (§4.1 step 2, first case); longer inputs go through W with A = AIV. Output at IO.
 */
export function kwpWrap(kekLen: u32, len: u32): i32 {
  const nr = roundsFor(kekLen);
  if (nr == 0 || len == 0 || len > MAX_INPUT) return done(STATUS_BAD_ARG, 0);
  const padded = (len + 7) & ~7;
  memory.fill(IO + 8 + len, 0, padded - len);
  store<u64>(IO, <u64>bswap<u32>(AIV_HI) | (<u64>bswap<u32>(len) << 32));
  schedule(kekLen, nr, false);
  if (padded == 8) encBlocks(nr, 1);
  else W(nr, padded >>> 3);
  return done(STATUS_OK, padded + 8);
}

/**
 * KWP-AD (RFC 5649 §4.2, SP 800-38F §6.3 Alg. 6): wrapped blob of len bytes at IO, a multiple
 * of 8 and at least 16. Two semiblocks are one AES block decryption, more go through W^-1. The
 * recovered AIV must start with A65959A6, its MLI must satisfy 8·(n-1) < MLI <= 8·n, and the
 * 8·n - MLI pad octets must be zero (§3). Output: MLI bytes at IO + 8.
 */
export function kwpUnwrap(kekLen: u32, len: u32): i32 {
  const nr = roundsFor(kekLen);
  if (nr == 0) return done(STATUS_BAD_ARG, 0);
  if (len < 16 || (len & 7) != 0 || len > MAX_WRAPPED) return refuse(len > MAX_WRAPPED ? 0 : len);
  schedule(kekLen, nr, true);
  const n = (len >>> 3) - 1;
  if (n == 1) decBlocks(nr, 1);
  else Winv(nr, n);
  const a = load<u64>(IO);
  const mli = bswap<u32>(<u32>(a >>> 32));
  const plen = n << 3;
  let bad: u32 = (<u32>a ^ bswap<u32>(AIV_HI)) | <u32>(mli <= plen - 8) | <u32>(mli > plen);
  // The pad octets (the last plen - mli <= 7 of the final semiblock) must all be zero. All 8
  // octets are read and masked, whatever MLI is: no address or branch depends on the recovered
  // (secret until verified) MLI. Octet k is pad when k + (plen - mli) >= 8.
  const padLen = plen - mli;
  const last = IO + plen; // = IO + 8 + plen - 8, the final semiblock
  for (let k: u32 = 0; k < 8; k++) {
    bad |= (0 - <u32>(k + padLen >= 8)) & <u32>load<u8>(last + k);
  }
  if (bad != 0) return refuse(len);
  store<u64>(IO, 0);
  memory.fill(IO + 8 + mli, 0, plen - mli);
  return done(STATUS_OK, mli);
}

// ---- CloudHSM mechanism 4: PKCS#5-padded KW ----------------------------------------------------

/**
 * The wrap used by key_mgmt_util `-m 4`: pad the key with PKCS#5 over 8-byte blocks (PKCS #5
 * v2.1 / RFC 8018 §6.1.1 step 4, with the block size 8: 1..8 octets of value n, a full 8 when the
 * key is already aligned), then KW-AE (RFC 3394 §2.2.1) with IV A6A6A6A6A6A6A6A6. Plaintext of
 * len >= 8 bytes at IO + 8 (so the padded input has the 2 semiblocks SP 800-38F requires).
 */
export function pkcs5Wrap(kekLen: u32, len: u32): i32 {
  const nr = roundsFor(kekLen);
  if (nr == 0 || len < 8 || len > MAX_INPUT) return done(STATUS_BAD_ARG, 0);
  const pad: u32 = 8 - (len & 7);
  memory.fill(IO + 8 + len, <u8>pad, pad);
  const padded = len + pad;
  store<u64>(IO, ICV1);
  schedule(kekLen, nr, false);
  W(nr, padded >>> 3);
  return done(STATUS_OK, padded + 8);
}

/**
 * Inverse of pkcs5Wrap: KW-AD with IV A6A6A6A6A6A6A6A6, then check and strip the PKCS#5 pad
 * (last octet n in 1..8, the last n octets all equal to n). A wrong IV and a wrong pad give
 * the same STATUS_FAIL. Output at IO + 8.
 */
export function pkcs5Unwrap(kekLen: u32, len: u32): i32 {
  const nr = roundsFor(kekLen);
  if (nr == 0) return done(STATUS_BAD_ARG, 0);
  if (len < 24 || (len & 7) != 0 || len > MAX_WRAPPED) return refuse(len > MAX_WRAPPED ? 0 : len);
  schedule(kekLen, nr, true);
  Winv(nr, (len >>> 3) - 1);
  const plen = len - 8;
  const last = IO + 8 + plen - 8; // the final semiblock holds the whole pad
  const pad: u32 = load<u8>(last, 7);
  let bad: u32 = <u32>(load<u64>(IO) != ICV1) | <u32>(pad - 1 > 7); // pad in 1..8 (unsigned wrap)
  // compare all 8 octets of the last semiblock; octet k belongs to the pad when k >= 8 - pad
  for (let k: u32 = 0; k < 8; k++) {
    const inPad: u32 = <u32>(k + pad >= 8);
    bad |= inPad & <u32>(<u32>load<u8>(last + k) != pad);
  }
  if (bad != 0) return refuse(len);
  store<u64>(IO, 0);
  memory.fill(IO + 8 + plen - pad, 0, pad);
  return done(STATUS_OK, plen - pad);
}

// ---- GHASH for AES-GCM (SP 800-38D §6.4; ghash.ts) ---------------------------------------------
//
// Three calls: ghashStart(keyLen) with the key at KEK; ghashUpdate(len) any number of times with
// whole zero-padded blocks at IO; ghashEnd() leaves GHASH_H(blocks) at IO (16 bytes) and wipes
// H and Y. The counter mode itself is aesEncryptEcb over counter blocks (src/crypto/gcm.ts).

/** H = E_K(0^128) with the selected core (via a zero block at IO, zeroed again), Y = 0. */
export function ghashStart(keyLen: u32): i32 {
  const nr = roundsFor(keyLen);
  if (nr == 0) return done(STATUS_BAD_ARG, 0);
  schedule(keyLen, nr, false);
  memory.fill(IO, 0, 16);
  encBlocks(nr, 1);
  ghashSetKey(IO);
  memory.fill(IO, 0, 16);
  return done(STATUS_OK, 0);
}

/** Absorb the len / 16 blocks at IO (len a multiple of 16, at most IO_SIZE). */
export function ghashUpdate(len: u32): i32 {
  if ((len & 15) != 0 || len > IO_SIZE) return done(STATUS_BAD_ARG, 0);
  ghashBlocks(len);
  return done(STATUS_OK, 0);
}

/** Write Y to IO (16 bytes) and wipe the GHASH state. */
export function ghashEnd(): i32 {
  ghashOut();
  return done(STATUS_OK, 16);
}
