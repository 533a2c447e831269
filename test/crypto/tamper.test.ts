/**
 * Single-bit tampering: every bit of wrapped blobs (KW, KWP, PKCS#5 KW) for a spread of key
 * sizes and all KEK sizes is flipped in turn; each variant must be refused with the one
 * uniform CryptoError. Also truncation, extension and a wrong KEK.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  initCrypto, aesKwWrap, aesKwUnwrap, aesKwpWrap, aesKwpUnwrap, aesPkcs5Wrap, aesPkcs5Unwrap,
} from '../../src/crypto/index';
import { bytes, seededRng, outcome, KEK_SIZES } from './helpers';
import { CORES, useCore } from './cores';

beforeAll(() => initCrypto());

interface Mode {
  name: string;
  sizes: number[];
  wrap(k: Uint8Array, d: Uint8Array): Uint8Array;
  unwrap(k: Uint8Array, w: Uint8Array): Uint8Array;
}

const MODES: Mode[] = [
  { name: 'KW', sizes: [16, 24, 32, 64], wrap: (k, d) => aesKwWrap(k, d), unwrap: (k, w) => aesKwUnwrap(k, w) },
  { name: 'KW custom IV', sizes: [16, 32], wrap: (k, d) => aesKwWrap(k, d, IV), unwrap: (k, w) => aesKwUnwrap(k, w, IV) },
  { name: 'KWP', sizes: [1, 7, 8, 9, 20, 32, 64], wrap: aesKwpWrap, unwrap: aesKwpUnwrap },
  { name: 'PKCS#5 KW (mechanism 4)', sizes: [8, 15, 16, 24, 32, 64], wrap: aesPkcs5Wrap, unwrap: aesPkcs5Unwrap },
];
const IV = Uint8Array.of(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

describe.each(CORES)('core $name', (config) => {
  useCore(config);

  describe.each(MODES)('tampering: $name', (mode) => {
    it('every single-bit flip of every blob is refused', () => {
      const rng = seededRng(0x7a3e + mode.sizes.length);
      let flips = 0;
      const wrong: string[] = [];
      for (const kekLen of KEK_SIZES) {
        for (const size of mode.sizes) {
          const kek = bytes(rng, kekLen);
          const data = bytes(rng, size);
          const blob = mode.wrap(kek, data);
          expect(Buffer.compare(mode.unwrap(kek, blob), data)).toBe(0);
          for (let bit = 0; bit < blob.length * 8; bit++) {
            const t = blob.slice();
            t[bit >>> 3]! ^= 1 << (bit & 7);
            const o = outcome(() => mode.unwrap(kek, t));
            if (o !== 'integrity') wrong.push(`kek ${kekLen} size ${size} bit ${bit}: ${o}`);
            flips++;
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(flips).toBeGreaterThan(1000);
    });

    it('truncation, extension and a wrong KEK are refused the same way', () => {
      const rng = seededRng(99);
      for (const kekLen of KEK_SIZES) {
        const kek = bytes(rng, kekLen);
        const blob = mode.wrap(kek, bytes(rng, mode.sizes[mode.sizes.length - 1]!));
        for (const t of [blob.subarray(0, blob.length - 8), blob.subarray(8), blob.subarray(0, blob.length - 1)]) {
          expect(outcome(() => mode.unwrap(kek, t))).toBe('integrity');
        }
        const longer = new Uint8Array(blob.length + 8);
        longer.set(blob);
        expect(outcome(() => mode.unwrap(kek, longer))).toBe('integrity');
        const other = kek.slice();
        other[0]! ^= 0x80;
        expect(outcome(() => mode.unwrap(other, blob))).toBe('integrity');
      }
    });
  });

  describe('garbage and mismatched parameters', () => {
    it('2,000 seeded random blobs of every legal-looking length are refused (never a crash, never output)', () => {
      const rng = seededRng(0x6a7b);
      const unwraps = [
        (k: Uint8Array, w: Uint8Array) => aesKwUnwrap(k, w),
        aesKwpUnwrap,
        aesPkcs5Unwrap,
      ];
      const wrong: string[] = [];
      for (let i = 0; i < 2000; i++) {
        const kek = bytes(rng, KEK_SIZES[i % 3]!);
        const blob = bytes(rng, 8 * (i % 40)); // 0..312 bytes, multiples of 8 (the lengths that reach W^-1)
        const o = outcome(() => unwraps[i % 3]!(kek, blob));
        if (o !== 'integrity') wrong.push(`case ${i} len ${blob.length}: ${o}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a KW blob made with one IV is refused under another, and KW/KWP/PKCS#5 blobs are not interchangeable', () => {
      const rng = seededRng(0x1111);
      const kek = bytes(rng, 32);
      const key = bytes(rng, 32);
      const custom = aesKwWrap(kek, key, IV);
      expect(outcome(() => aesKwUnwrap(kek, custom))).toBe('integrity');
      expect(outcome(() => aesKwUnwrap(kek, aesKwWrap(kek, key), IV))).toBe('integrity');
      const kw = aesKwWrap(kek, key);
      const kwp = aesKwpWrap(kek, key);
      const m4 = aesPkcs5Wrap(kek, key);
      expect(outcome(() => aesKwpUnwrap(kek, kw))).toBe('integrity');
      expect(outcome(() => aesPkcs5Unwrap(kek, kw))).toBe('integrity');
      expect(outcome(() => aesKwUnwrap(kek, kwp))).toBe('integrity');
      expect(outcome(() => aesPkcs5Unwrap(kek, kwp))).toBe('integrity');
      expect(outcome(() => aesKwpUnwrap(kek, m4))).toBe('integrity');
      // plain KW of a mechanism-4 blob succeeds (same IV) and shows the PKCS#5 pad: 8 x 0x08
      expect(Buffer.from(aesKwUnwrap(kek, m4).subarray(32)).toString('hex')).toBe('0808080808080808');
    });
  });
});
