// The key-wrap TRACE (issue 13, "inside a key wrap"): the same KW / KWP / PKCS#5-KW wraps and
// unwraps as index.ts, run step by step with every intermediate value written to the fixed trace
// region — for the learner's view of what W and W^-1 do. It is SEPARATE from the fused hot path:
// wrapW / unwrapW / wrapWCt / unwrapWCt (kw.ts) and the exported kwWrap … pkcs5Unwrap (index.ts)
// are not touched and call nothing here. The trace always runs on the constant-time core
// (aes-ct.ts; both cores give identical results), one block at a time through a scratch block.
//
// Trace region (TRACE, memory.ts), all integers little-endian, 64-bit registers as the bytes
// they are in the wrap (so a u64 load/store moves the 8 bytes unchanged):
//   TRACE + 0    u32  total steps run (6·n, or 1 for RFC 5649's single-block case)
//   TRACE + 4    u32  steps recorded (min(total, TRACE_CAP))
//   TRACE + 8    u32  n, the number of 64-bit semiblocks of the (padded) plaintext
//   TRACE + 12   u32  kind: variant (0 KW, 1 KWP, 2 PKCS#5-KW) | direction << 8 (0 wrap, 1 unwrap) | single << 16
//   TRACE + 16   8 B  A before the first step (IV / AIV on wrap, C[0] on unwrap)
//   TRACE + 24   8 B  A after the last step (C[0] on wrap; the recovered A on unwrap, even when it fails)
//   TRACE + 32   8 B  the last semiblock of the padded plaintext (wrap: as padded; unwrap: as recovered)
//   TRACE + 40   u32  status (as returned)
//   TRACE + 44   u32  padding octets added (wrap) or found (unwrap, 0 when it failed)
//   TRACE + 48   16 B scratch block fed to AES
//   TRACE + 64   R[1..min(n, TRACE_START_CAP)] before the first step, 8 B each
//   TRACE_STEPS  TRACE_CAP records of TRACE_STEP_BYTES:
//     +0 u32 t  +4 u16 j  +6 u16 i  +8 A before  +16 R[i] before  +24 AES input (16 B)
//     +40 AES output (16 B)  +56 A after;  R[i] after = the last 8 bytes of the AES output.
// Steps 0 .. TRACE_CAP-2 go to their own slots; every later step overwrites the last slot, so
// the last slot always holds the final step (the rest are counted, not recorded).
//
// The region holds intermediate values of key material: the caller reads it and wipes it (the
// JS side, src/crypto/aeskw-trace.ts). Key, IV and schedules are wiped like every other export.

import { KEK, IV, IO, OUT_LEN, MAX_INPUT, MAX_WRAPPED, wipeSecrets, TRACE, TRACE_CAP, TRACE_START_CAP, TRACE_STEPS, TRACE_STEP_BYTES } from './memory';
import { roundsFor } from './aes';
import { ctExpandKey, ctEncryptAt, ctDecryptAt } from './aes-ct';

const STATUS_OK: i32 = 0;
const STATUS_FAIL: i32 = 1;
const STATUS_BAD_ARG: i32 = 2;
const AIV_HI: u32 = 0xa65959a6;
const ICV1: u64 = 0xa6a6a6a6a6a6a6a6;

const SCRATCH: u32 = TRACE + 48;

/** t as RFC 3394's 64-bit big-endian integer, in the byte order of a little-endian u64 load. */
// @ts-ignore: decorator
@inline function tWord(t: u32): u64 {
  return <u64>bswap<u32>(t) << 32;
}

/** The slot of step number s (0-based): its own below the cap, else the last one. */
// @ts-ignore: decorator
@inline function slot(s: u32): u32 {
  return TRACE_STEPS + (s < TRACE_CAP - 1 ? s : TRACE_CAP - 1) * TRACE_STEP_BYTES;
}

/** Reset the header and record the starting register A | R[1..n] (at IO). */
function begin(n: u32, kind: u32): void {
  memory.fill(TRACE, 0, 64);
  const total: u32 = kind & 0x10000 ? 1 : 6 * n;
  store<u32>(TRACE, total);
  store<u32>(TRACE, total < TRACE_CAP ? total : TRACE_CAP, 4);
  store<u32>(TRACE, n, 8);
  store<u32>(TRACE, kind, 12);
  store<u64>(TRACE, load<u64>(IO), 16);
  memory.copy(TRACE + 64, IO + 8, (n < TRACE_START_CAP ? n : TRACE_START_CAP) << 3);
}

/** Record the step's counters, A and R[i] before it, and the block about to go through AES (at SCRATCH). */
// @ts-ignore: decorator
@inline function recordIn(rec: u32, t: u32, j: u32, i: u32, a: u64, r: u64): void {
  store<u32>(rec, t);
  store<u16>(rec, <u16>j, 4);
  store<u16>(rec, <u16>i, 6);
  store<u64>(rec, a, 8);
  store<u64>(rec, r, 16);
  memory.copy(rec + 24, SCRATCH, 16);
}

/** Record what AES gave (at SCRATCH) and A after the step. */
// @ts-ignore: decorator
@inline function recordOut(rec: u32, a: u64): void {
  memory.copy(rec + 40, SCRATCH, 16);
  store<u64>(rec, a, 56);
}

/** W, step by step (RFC 3394 §2.2.1): A at IO, R[1..n] at IO + 8; the schedule at RK_ENC. */
function tracedW(nr: u32, n: u32): void {
  let a = load<u64>(IO);
  let t: u32 = 0;
  let s: u32 = 0;
  for (let j: u32 = 0; j < 6; j++) {
    for (let i: u32 = 1; i <= n; i++) {
      t++;
      const r = IO + (i << 3);
      const rec = slot(s++);
      store<u64>(SCRATCH, a);
      store<u64>(SCRATCH, load<u64>(r), 8);
      recordIn(rec, t, j, i, a, load<u64>(r));
      ctEncryptAt(nr, SCRATCH, SCRATCH);
      a = load<u64>(SCRATCH) ^ tWord(t);
      store<u64>(r, load<u64>(SCRATCH, 8));
      recordOut(rec, a);
    }
  }
  store<u64>(IO, a);
}

/** W^-1, step by step (RFC 3394 §2.2.2): C[0] at IO, C[1..n] at IO + 8; the schedule at RK_DEC. */
function tracedWinv(nr: u32, n: u32): void {
  let a = load<u64>(IO);
  let t: u32 = 6 * n;
  let s: u32 = 0;
  for (let jj: i32 = 5; jj >= 0; jj--) {
    for (let i: u32 = n; i >= 1; i--) {
      const r = IO + (i << 3);
      const rec = slot(s++);
      store<u64>(SCRATCH, a ^ tWord(t));
      store<u64>(SCRATCH, load<u64>(r), 8);
      recordIn(rec, t, <u32>jj, i, a, load<u64>(r));
      ctDecryptAt(nr, SCRATCH, SCRATCH);
      a = load<u64>(SCRATCH);
      store<u64>(r, load<u64>(SCRATCH, 8));
      recordOut(rec, a);
      t--;
    }
  }
  store<u64>(IO, a);
}

/** RFC 5649 §4.1 / §4.2 with n = 1: one AES block over A | P (wrap) or C (unwrap), recorded as step t = 0. */
function tracedBlock(nr: u32, dec: bool): void {
  const rec = slot(0);
  memory.copy(SCRATCH, IO, 16);
  recordIn(rec, 0, 0, 1, load<u64>(IO), load<u64>(IO, 8));
  if (dec) ctDecryptAt(nr, SCRATCH, SCRATCH);
  else ctEncryptAt(nr, SCRATCH, SCRATCH);
  memory.copy(IO, SCRATCH, 16);
  recordOut(rec, load<u64>(IO));
}

// @ts-ignore: decorator
@inline function finish(status: i32, outLen: u32, pad: u32): i32 {
  store<u32>(TRACE, <u32>status, 40);
  store<u32>(TRACE, pad, 44);
  memory.fill(SCRATCH, 0, 16);
  wipeSecrets();
  store<u32>(OUT_LEN, outLen);
  return status;
}

/**
 * Traced wrap, variant 0 = KW (RFC 3394, ICV at IV), 1 = KWP (RFC 5649), 2 = CloudHSM -m 4
 * (PKCS#5 pad, then KW with A6A6A6A6A6A6A6A6). Same arguments, rules, status and output (at IO)
 * as kwWrap / kwpWrap / pkcs5Wrap; the steps go to the trace region.
 */
export function traceWrap(kekLen: u32, len: u32, variant: u32): i32 {
  const nr = roundsFor(kekLen);
  memory.fill(TRACE, 0, 64);
  if (nr == 0 || variant > 2 || len > MAX_INPUT) return finish(STATUS_BAD_ARG, 0, 0);
  let padded = len;
  let pad: u32 = 0;
  if (variant == 0) {
    if (len < 16 || (len & 7) != 0) return finish(STATUS_BAD_ARG, 0, 0);
    store<u64>(IO, load<u64>(IV));
  } else if (variant == 1) {
    if (len == 0) return finish(STATUS_BAD_ARG, 0, 0);
    padded = (len + 7) & ~7;
    pad = padded - len;
    memory.fill(IO + 8 + len, 0, pad);
    store<u64>(IO, <u64>bswap<u32>(AIV_HI) | (<u64>bswap<u32>(len) << 32));
  } else {
    if (len < 8) return finish(STATUS_BAD_ARG, 0, 0);
    pad = 8 - (len & 7);
    memory.fill(IO + 8 + len, <u8>pad, pad);
    padded = len + pad;
    store<u64>(IO, ICV1);
  }
  const n = padded >>> 3;
  const single = variant == 1 && n == 1;
  begin(n, variant | (single ? 0x10000 : 0));
  store<u64>(TRACE, load<u64>(IO + padded), 32);
  ctExpandKey(kekLen, true, false);
  if (single) tracedBlock(nr, false);
  else tracedW(nr, n);
  store<u64>(TRACE, load<u64>(IO), 24);
  return finish(STATUS_OK, padded + 8, pad);
}

/**
 * Traced unwrap, variants as traceWrap; same arguments, rules, status and output (at IO + 8) as
 * kwUnwrap / kwpUnwrap / pkcs5Unwrap. On failure the IO bytes are zeroed as there, but the
 * trace region keeps the steps and the recovered A (the integrity check the view shows).
 */
export function traceUnwrap(kekLen: u32, len: u32, variant: u32): i32 {
  const nr = roundsFor(kekLen);
  memory.fill(TRACE, 0, 64);
  if (nr == 0 || variant > 2) return finish(STATUS_BAD_ARG, 0, 0);
  const min: u32 = variant == 1 ? 16 : 24;
  if (len < min || (len & 7) != 0 || len > MAX_WRAPPED) {
    memory.fill(IO, 0, len > MAX_WRAPPED ? 0 : len);
    return finish(STATUS_FAIL, 0, 0);
  }
  const n = (len >>> 3) - 1;
  const single = variant == 1 && n == 1;
  begin(n, variant | 0x100 | (single ? 0x10000 : 0));
  ctExpandKey(kekLen, false, true);
  if (single) tracedBlock(nr, true);
  else tracedWinv(nr, n);
  const a = load<u64>(IO);
  const plen = n << 3;
  const last = IO + plen; // the final semiblock
  store<u64>(TRACE, a, 24);
  store<u64>(TRACE, load<u64>(last), 32);
  let bad: u32 = 0;
  let outLen: u32 = plen;
  if (variant == 0) {
    bad = <u32>(a != load<u64>(IV));
  } else if (variant == 1) {
    const mli = bswap<u32>(<u32>(a >>> 32));
    bad = (<u32>a ^ bswap<u32>(AIV_HI)) | <u32>(mli <= plen - 8) | <u32>(mli > plen);
    const padLen = plen - mli;
    for (let k: u32 = 0; k < 8; k++) bad |= (0 - <u32>(k + padLen >= 8)) & <u32>load<u8>(last + k);
    outLen = mli;
  } else {
    const pad: u32 = load<u8>(last, 7);
    bad = <u32>(a != ICV1) | <u32>(pad - 1 > 7);
    for (let k: u32 = 0; k < 8; k++) bad |= <u32>(k + pad >= 8) & <u32>(<u32>load<u8>(last + k) != pad);
    outLen = plen - pad;
  }
  if (bad != 0) {
    memory.fill(IO, 0, len);
    return finish(STATUS_FAIL, 0, 0);
  }
  store<u64>(IO, 0);
  memory.fill(IO + 8 + outLen, 0, plen - outLen);
  return finish(STATUS_OK, outLen, plen - outLen);
}
