/**
 * ECDSA signatures between WebCrypto's raw r ‖ s and DER SEQUENCE { r, s }: byte work only, no
 * curve arithmetic, so the WebCrypto route (lite.ts) does not load @noble/curves (ec.ts re-exports them).
 */
import { bigIntToBytes } from './bigint';
import { curveByName } from './curves';
import { FormatError, only, SEQ } from './der';
import { curveBytes } from './keys';
import type { CurveName } from './types';

/** WebCrypto's raw r ‖ s → DER SEQUENCE { r, s } (byte work only: this runs on every warm WebCrypto ECDSA signature). */
export function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length >> 1;
  // each INTEGER: leading zero bytes dropped (one kept for zero), a 00 added before a high bit
  let r0 = 0;
  while (r0 < half - 1 && raw[r0] === 0) r0++;
  let s0 = half;
  while (s0 < raw.length - 1 && raw[s0] === 0) s0++;
  const rPad = raw[r0]! & 0x80 ? 1 : 0;
  const sPad = raw[s0]! & 0x80 ? 1 : 0;
  const rLen = half - r0 + rPad;
  const sLen = raw.length - s0 + sPad;
  const body = 4 + rLen + sLen;
  const head = body < 0x80 ? 2 : 3;
  const out = new Uint8Array(head + body);
  let o = 0;
  out[o++] = 0x30;
  if (head === 3) out[o++] = 0x81;
  out[o++] = body;
  // (byte loops: two subarray views cost more than copying 64 bytes)
  out[o++] = 0x02; out[o++] = rLen; o += rPad;
  for (let i = r0; i < half; i++) out[o++] = raw[i]!;
  out[o++] = 0x02; out[o++] = sLen; o += sPad;
  for (let i = s0; i < raw.length; i++) out[o++] = raw[i]!;
  return out;
}

/** The order n of each curve as fixed-length bytes, for range checks without BigInt. */
const orderBytes = new Map<CurveName, Uint8Array>();

/** a < b for equal-length big-endian byte strings. */
function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** DER → WebCrypto's raw r ‖ s for `curve`; undefined when malformed or r, s ∉ [1, n − 1]. */
export function derToRaw(curve: CurveName, der: Uint8Array): Uint8Array | undefined {
  const len = curveBytes(curve);
  let n = orderBytes.get(curve);
  if (n === undefined) orderBytes.set(curve, (n = bigIntToBytes(curveByName(curve).n, len)));
  let r: Uint8Array;
  let s: Uint8Array;
  try {
    const q = only(der, SEQ, 'signature');
    r = q.uint();
    s = q.uint();
    q.end('signature');
  } catch (e) {
    if (e instanceof FormatError) return undefined;
    throw e;
  }
  if (r.length > len || s.length > len) return undefined;
  const raw = new Uint8Array(2 * len);
  raw.set(r, len - r.length);
  raw.set(s, 2 * len - s.length);
  const rr = raw.subarray(0, len);
  const ss = raw.subarray(len);
  if (rr.every((b) => b === 0) || ss.every((b) => b === 0) || !lessThan(rr, n) || !lessThan(ss, n)) return undefined;
  return raw;
}
