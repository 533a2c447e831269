/**
 * CloudHSM mechanism 4 (`wrapKey -m 4`): PKCS#5 padding over 8-byte blocks, then RFC 3394 KW
 * with IV A6A6A6A6A6A6A6A6. The expected values are computed independently here: pad in the
 * test, then node:crypto id-aesN-wrap.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, aesPkcs5Wrap, aesPkcs5Unwrap, aesKwWrap } from '../../src/crypto/index';
import {
  hex, unhex, same, bytes, seededRng, randomInt, outcome, KEK_SIZES, nodeKwWrap, nodePkcs5Wrap, pkcs5Pad8,
} from './helpers';
import { CORES, useCore } from './cores';

beforeAll(() => initCrypto());

describe.each(CORES)('core $name', (config) => {
  useCore(config);

  describe('PKCS#5-padded KW (mechanism 4)', () => {
    it('pads a block-aligned key with a full block: a 32-byte key wraps to 48 bytes', () => {
      const kek = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
      const key = unhex('00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f');
      const w = aesPkcs5Wrap(kek, key);
      expect(w.length).toBe(48);
      expect(hex(w)).toBe(hex(nodePkcs5Wrap(kek, key)));
      // same as plain KW of key || 08 x 8
      expect(hex(w)).toBe(hex(aesKwWrap(kek, Uint8Array.from([...key, 8, 8, 8, 8, 8, 8, 8, 8]))));
      expect(hex(aesPkcs5Unwrap(kek, w))).toBe(hex(key));
    });

    it('known answers vs pad + node:crypto for every pad length and KEK size; roundtrip', () => {
      const rng = seededRng(0x4d34);
      let n = 0;
      for (const kekLen of KEK_SIZES) {
        for (let len = 8; len <= 80; len++) {
          const kek = bytes(rng, kekLen);
          const key = bytes(rng, len);
          const expected = nodePkcs5Wrap(kek, key);
          const w = aesPkcs5Wrap(kek, key);
          expect(w.length).toBe(len + (8 - (len % 8)) + 8);
          if (!same(w, expected)) expect.fail(`kek ${kekLen} len ${len}: ${hex(w)} != ${hex(expected)}`);
          if (!same(aesPkcs5Unwrap(kek, expected), key)) expect.fail(`kek ${kekLen} len ${len}: roundtrip`);
          n++;
        }
      }
      for (let i = 0; i < 300; i++) {
        const kek = bytes(rng, KEK_SIZES[i % 3]!);
        const key = bytes(rng, 8 + randomInt(rng, 4089));
        if (!same(aesPkcs5Wrap(kek, key), nodePkcs5Wrap(kek, key))) expect.fail(`random case ${i}`);
        if (!same(aesPkcs5Unwrap(kek, nodePkcs5Wrap(kek, key)), key)) expect.fail(`random case ${i} unwrap`);
        n++;
      }
      expect(n).toBe(3 * 73 + 300);
    });

    it('refuses every kind of bad padding with the uniform CryptoError', () => {
      const rng = seededRng(5);
      const kek = bytes(rng, 32);
      const body = bytes(rng, 16);
      const variants: Array<[string, number[]]> = [
        ['pad byte 0', [0, 0, 0, 0, 0, 0, 0, 0]],
        ['pad byte 9', [9, 9, 9, 9, 9, 9, 9, 9]],
        ['pad byte 0xff', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
        ['pad 8 with one wrong octet', [7, 8, 8, 8, 8, 8, 8, 8]],
        ['pad 3 with a wrong octet', [1, 2, 3, 4, 5, 3, 4, 3]],
        ['pad 2 with a wrong octet', [1, 2, 3, 4, 5, 6, 1, 2]],
        ['pad 5 with the first pad octet wrong', [1, 2, 3, 4, 5, 5, 5, 5]],
      ];
      for (const [label, last] of variants) {
        const padded = Uint8Array.from([...body, ...last]);
        const blob = nodeKwWrap(kek, padded); // correct IV, bad pad
        expect(outcome(() => aesPkcs5Unwrap(kek, blob)), label).toBe('integrity');
      }
      // sanity: the same construction with a good pad is accepted
      const good = nodeKwWrap(kek, Uint8Array.from([...body, 1, 2, 3, 4, 4, 4, 4, 4]));
      expect(hex(aesPkcs5Unwrap(kek, good))).toBe(hex(Uint8Array.from([...body, 1, 2, 3, 4])));
      // good pad, wrong IV: refused the same way
      const wrongIv = nodeKwWrap(kek, pkcs5Pad8(body), unhex('a6a6a6a6a6a6a6a7'));
      expect(outcome(() => aesPkcs5Unwrap(kek, wrongIv))).toBe('integrity');
      // a 16-byte blob (one semiblock of data) cannot be a mechanism-4 wrap
      expect(outcome(() => aesPkcs5Unwrap(kek, new Uint8Array(16)))).toBe('integrity');
    });
  });
});
