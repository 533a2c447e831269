/**
 * WebCrypto ECDSA signatures are raw r ‖ s; files hold DER. rawToDer (byte work, on every warm
 * signature) against the generic DER encoder, and derToRaw's round trip and refusals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curveOrder, derToRaw, rawToDer } from '../../../src/crypto/asym/ec';
import { encodeSignature } from '../../../src/crypto/asym/keys';
import type { CurveName } from '../../../src/crypto/asym/types';

const LEN: Record<CurveName, number> = { 'P-224': 28, 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };
const big = (b: Uint8Array): bigint => b.reduce((a, x) => (a << 8n) | BigInt(x), 0n);

describe('raw r ‖ s ↔ DER', () => {
  it('rawToDer equals the DER encoder for any bytes, leading zeros and high bits included; derToRaw inverts it below n', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(LEN) as CurveName[]), fc.uint8Array({ minLength: 132, maxLength: 132 }), fc.nat(70), fc.nat(70), (curve, bytes, zr, zs) => {
      const len = LEN[curve];
      const raw = bytes.slice(0, 2 * len);
      raw.fill(0, 0, Math.min(zr, len));
      raw.fill(0, len, len + Math.min(zs, len));
      const r = big(raw.subarray(0, len));
      const s = big(raw.subarray(len));
      const der = rawToDer(raw);
      expect(der).toEqual(encodeSignature(r, s));
      const n = curveOrder(curve);
      expect(derToRaw(curve, der)).toEqual(r > 0n && r < n && s > 0n && s < n ? raw : undefined);
    }), { numRuns: 1000 });
  });

  it('derToRaw refuses malformed DER and values that do not fit', () => {
    const good = encodeSignature(5n, 7n);
    expect(derToRaw('P-256', good)).toEqual(Uint8Array.from([...new Array(31).fill(0), 5, ...new Array(31).fill(0), 7]));
    for (const bad of [new Uint8Array(0), Uint8Array.of(0x30, 0), Uint8Array.of(...good, 0), good.subarray(0, good.length - 1),
      Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x87), // negative s
      Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x07), // non-minimal r
      encodeSignature(curveOrder('P-256'), 1n), encodeSignature(1n, 1n << 300n)]) {
      expect(derToRaw('P-256', bad)).toBeUndefined();
    }
  });
});
