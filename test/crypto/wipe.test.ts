/**
 * Secret hygiene: after every call, successful or not, the wasm secret region (KEK, IV,
 * encryption and decryption key schedules) is all zero, and so is the IO
 * buffer the call used. Read through the test-only `__TESTS` hook.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  initCrypto, __TESTS, aesEncryptBlock, aesDecryptBlock, aesKwWrap, aesKwUnwrap, aesKwpWrap, aesKwpUnwrap,
  aesPkcs5Wrap, aesPkcs5Unwrap,
} from '../../src/crypto/index';
import { bytes, seededRng, outcome } from './helpers';
import { CORES, useCore } from './cores';

beforeAll(() => initCrypto());

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

describe.each(CORES)('core $name', (config) => {
  useCore(config);

  describe('wiping', () => {
    it('the secret region covers KEK, IV and both schedules', () => {
      const r = __TESTS.regions();
      const end = r.SECRET_START + r.SECRET_SIZE;
      for (const [at, size] of [[r.KEK, 32], [r.IV, 8], [r.RK_ENC, 240], [r.RK_DEC, 240]] as const) {
        expect(at).toBeGreaterThanOrEqual(r.SECRET_START);
        expect(at + size).toBeLessThanOrEqual(end);
      }
      expect(r.OUT_LEN >= end || r.OUT_LEN + 4 <= r.SECRET_START).toBe(true);
      expect(r.IO >= end).toBe(true);
    });

    const rng = seededRng(0x3173);
    const kek = bytes(rng, 32);
    const data = bytes(rng, 40);
    // built on first use: describe bodies run before beforeAll's initCrypto()
    let cached: { kw: Uint8Array; kwp: Uint8Array; m4: Uint8Array } | undefined;
    const blobs = () => (cached ??= { kw: aesKwWrap(kek, data), kwp: aesKwpWrap(kek, data), m4: aesPkcs5Wrap(kek, data) });
    const bad = (b: Uint8Array) => { const t = b.slice(); t[5]! ^= 1; return t; };

    const calls: Array<[string, () => unknown]> = [
      ['aesEncryptBlock', () => aesEncryptBlock(kek, data.subarray(0, 32))],
      ['aesDecryptBlock', () => aesDecryptBlock(kek, data.subarray(0, 32))],
      ['aesKwWrap', () => aesKwWrap(kek, data)],
      ['aesKwWrap custom IV', () => aesKwWrap(kek, data, data.subarray(0, 8))],
      ['aesKwUnwrap ok', () => aesKwUnwrap(kek, blobs().kw)],
      ['aesKwUnwrap failing', () => aesKwUnwrap(kek, bad(blobs().kw))],
      ['aesKwUnwrap bad length', () => aesKwUnwrap(kek, blobs().kw.subarray(0, 20))],
      ['aesKwpWrap', () => aesKwpWrap(kek, data)],
      ['aesKwpUnwrap ok', () => aesKwpUnwrap(kek, blobs().kwp)],
      ['aesKwpUnwrap failing', () => aesKwpUnwrap(kek, bad(blobs().kwp))],
      ['aesPkcs5Wrap', () => aesPkcs5Wrap(kek, data)],
      ['aesPkcs5Unwrap ok', () => aesPkcs5Unwrap(kek, blobs().m4)],
      ['aesPkcs5Unwrap failing', () => aesPkcs5Unwrap(kek, bad(blobs().m4))],
    ];

    it.each(calls)('%s leaves the secret region and the IO buffer zeroed', (_name, call) => {
      outcome(call);
      expect(allZero(__TESTS.secretRegion())).toBe(true);
      expect(allZero(__TESTS.ioRegion(4096))).toBe(true);
    });

    it('a failed unwrap leaves no partial plaintext anywhere in the IO buffer (large blob)', () => {
      const big = bytes(rng, 8192);
      const w = bad(aesKwWrap(kek, big));
      expect(outcome(() => aesKwUnwrap(kek, w))).toBe('integrity');
      expect(allZero(__TESTS.ioRegion(8192 + 64))).toBe(true);
      expect(allZero(__TESTS.secretRegion())).toBe(true);
    });
  });
});
