/**
 * Known-answer tests: FIPS 197 Appendix C.1-C.3, RFC 3394 §4.1-4.6, RFC 5649 §6. Run against
 * the public API (release.wasm) and, to keep the assertion-enabled build honest, against a
 * core built from debug.wasm.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  initCrypto, aesEncryptBlock, aesDecryptBlock, aesKwWrap, aesKwUnwrap, aesKwpWrap, aesKwpUnwrap,
  aesPkcs5Wrap, aesPkcs5Unwrap, defaultKwIv,
} from '../../src/crypto/index';
import { AesKwCore } from '../../src/crypto/aeskw';
import { instantiateAesKwFrom } from '../../src/crypto/wasm';
import { hex, unhex, outcome } from './helpers';
import { CORES, useCore } from './cores';

// FIPS 197 Appendix C: plaintext 00112233445566778899aabbccddeeff, key 000102...
const FIPS197 = [
  { sec: 'C.1 AES-128', key: '000102030405060708090a0b0c0d0e0f', ct: '69c4e0d86a7b0430d8cdb78070b4c55a' },
  { sec: 'C.2 AES-192', key: '000102030405060708090a0b0c0d0e0f1011121314151617', ct: 'dda97ca4864cdfe06eaf70a0ec0d7191' },
  { sec: 'C.3 AES-256', key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', ct: '8ea2b7ca516745bfeafc49904b496089' },
];
const FIPS197_PT = '00112233445566778899aabbccddeeff';

const K128 = '000102030405060708090A0B0C0D0E0F';
const K192 = '000102030405060708090A0B0C0D0E0F1011121314151617';
const K256 = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
const D128 = '00112233445566778899AABBCCDDEEFF';
const D192 = '00112233445566778899AABBCCDDEEFF0001020304050607';
const D256 = '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F';
// RFC 3394 §4 "Test Vectors"
const RFC3394 = [
  { sec: '4.1', kek: K128, key: D128, ct: '1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5' },
  { sec: '4.2', kek: K192, key: D128, ct: '96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D' },
  { sec: '4.3', kek: K256, key: D128, ct: '64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7' },
  { sec: '4.4', kek: K192, key: D192, ct: '031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2' },
  { sec: '4.5', kek: K256, key: D192, ct: 'A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1' },
  { sec: '4.6', kek: K256, key: D256, ct: '28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21' },
];
// RFC 5649 §6 "Padded Key Wrap Examples"
const RFC5649_KEK = '5840df6e29b02af1 ab493b705bf16ea1 ae8338f4dcc176a8';
const RFC5649 = [
  { sec: '§6, 20 octets', key: 'c37b7e6492584340 bed1220780894115 5068f738', ct: '138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a' },
  { sec: '§6, 7 octets', key: '466f7250617369', ct: 'afbeb0f07dfbf541 9200f2ccb50bb24f' },
];

interface Impl {
  enc(k: Uint8Array, b: Uint8Array): Uint8Array;
  dec(k: Uint8Array, b: Uint8Array): Uint8Array;
  kw(k: Uint8Array, d: Uint8Array): Uint8Array;
  kwU(k: Uint8Array, w: Uint8Array): Uint8Array;
  kwp(k: Uint8Array, d: Uint8Array): Uint8Array;
  kwpU(k: Uint8Array, w: Uint8Array): Uint8Array;
}

const publicApi: Impl = {
  enc: aesEncryptBlock, dec: aesDecryptBlock, kw: (k, d) => aesKwWrap(k, d), kwU: (k, w) => aesKwUnwrap(k, w),
  kwp: aesKwpWrap, kwpU: aesKwpUnwrap,
};
let debugCore: AesKwCore;
const debugApi: Impl = {
  enc: (k, b) => debugCore.aesEncryptBlocks(k, b), dec: (k, b) => debugCore.aesDecryptBlocks(k, b),
  kw: (k, d) => debugCore.kwWrap(k, d), kwU: (k, w) => debugCore.kwUnwrap(k, w),
  kwp: (k, d) => debugCore.kwpWrap(k, d), kwpU: (k, w) => debugCore.kwpUnwrap(k, w),
};

beforeAll(async () => {
  await initCrypto();
  const bytes = readFileSync(new URL('../../wasm/build/debug.wasm', import.meta.url));
  debugCore = new AesKwCore(await instantiateAesKwFrom(bytes));
});

describe.each(CORES)('core $name', (config) => {
  useCore(config, (c) => { debugCore.setCore(c); });

  describe.each([['release (public API)', publicApi], ['debug.wasm', debugApi]] as const)('known answers: %s', (_n, impl) => {
    it.each(FIPS197)('FIPS 197 $sec', ({ key, ct }) => {
      expect(hex(impl.enc(unhex(key), unhex(FIPS197_PT)))).toBe(ct);
      expect(hex(impl.dec(unhex(key), unhex(ct)))).toBe(FIPS197_PT);
    });

    it('ECB over several blocks encrypts each block independently', () => {
      const key = unhex(FIPS197[2]!.key);
      const three = unhex(FIPS197_PT.repeat(3));
      expect(hex(impl.enc(key, three))).toBe(FIPS197[2]!.ct.repeat(3));
      expect(hex(impl.dec(key, unhex(FIPS197[2]!.ct.repeat(3))))).toBe(FIPS197_PT.repeat(3));
    });

    it.each(RFC3394)('RFC 3394 §$sec', ({ kek, key, ct }) => {
      expect(hex(impl.kw(unhex(kek), unhex(key)))).toBe(hex(unhex(ct)));
      expect(hex(impl.kwU(unhex(kek), unhex(ct)))).toBe(hex(unhex(key)));
    });

    it.each(RFC5649)('RFC 5649 $sec', ({ key, ct }) => {
      expect(hex(impl.kwp(unhex(RFC5649_KEK), unhex(key)))).toBe(hex(unhex(ct)));
      expect(hex(impl.kwpU(unhex(RFC5649_KEK), unhex(ct)))).toBe(hex(unhex(key)));
    });
  });

  describe('API contract', () => {
    const kek = unhex(K256);
    const key = unhex(D256);

    it('explicit default IV equals the implicit one; defaultKwIv() is a fresh copy', () => {
      const iv = defaultKwIv();
      expect(hex(iv)).toBe('a6a6a6a6a6a6a6a6');
      iv[0] = 0;
      expect(hex(defaultKwIv())).toBe('a6a6a6a6a6a6a6a6');
      expect(hex(aesKwWrap(kek, key, defaultKwIv()))).toBe(hex(aesKwWrap(kek, key)));
    });

    it('never mutates inputs and never returns views into wasm memory', () => {
      const k = kek.slice();
      const d = key.slice();
      const iv = unhex('0102030405060708');
      const outs = [
        aesKwWrap(k, d, iv), aesKwpWrap(k, d), aesPkcs5Wrap(k, d), aesEncryptBlock(k, d), aesDecryptBlock(k, d),
      ];
      const w = aesKwWrap(k, d, iv);
      outs.push(aesKwUnwrap(k, w, iv), aesKwpUnwrap(k, aesKwpWrap(k, d)), aesPkcs5Unwrap(k, aesPkcs5Wrap(k, d)));
      expect(hex(k)).toBe(hex(kek));
      expect(hex(d)).toBe(hex(key));
      expect(hex(iv)).toBe('0102030405060708');
      for (const o of outs) {
        expect(o).toBeInstanceOf(Uint8Array);
        expect(o.byteOffset).toBe(0);
        expect(o.buffer.byteLength).toBe(o.length); // an own buffer, not wasm memory
      }
      // the unwrap outputs are copies: scribbling on one does not affect the next call
      outs[5]!.fill(0);
      expect(hex(aesKwUnwrap(k, w, iv))).toBe(hex(key));
    });

    it('accepts Buffer and subarray views', () => {
      const big = new Uint8Array(100);
      big.set(kek, 3);
      big.set(key, 50);
      const w = aesKwWrap(big.subarray(3, 35), Buffer.from(key));
      expect(hex(w)).toBe(hex(unhex(RFC3394[5]!.ct)));
      expect(hex(aesKwUnwrap(Buffer.from(kek), w))).toBe(hex(key));
    });

    it('wrong types are TypeError, wrong lengths RangeError, with labelled messages', () => {
      const bad = (fn: () => unknown) => outcome(fn);
      expect(bad(() => aesKwWrap(new Uint8Array(10), key))).toBe(
        'RangeError: "kek" expected Uint8Array of length 16/24/32, got length=10');
      expect(bad(() => aesKwWrap('k' as unknown as Uint8Array, key))).toBe(
        'TypeError: "kek" expected Uint8Array, got type=string');
      expect(bad(() => aesKwWrap(kek, [1, 2] as unknown as Uint8Array))).toBe(
        'TypeError: "data" expected Uint8Array, got type=Array');
      expect(bad(() => aesKwWrap(kek, new Uint8Array(8)))).toBe(
        'RangeError: "data" expected Uint8Array of length >= 16 and a multiple of 8, got length=8');
      expect(bad(() => aesKwWrap(kek, new Uint8Array(20)))).toBe(
        'RangeError: "data" expected Uint8Array of length >= 16 and a multiple of 8, got length=20');
      expect(bad(() => aesKwWrap(kek, key, new Uint8Array(4)))).toBe(
        'RangeError: "iv" expected Uint8Array of length 8, got length=4');
      expect(bad(() => aesKwUnwrap(kek, new Uint8Array(40), new Uint8Array(16)))).toBe(
        'RangeError: "iv" expected Uint8Array of length 8, got length=16');
      expect(bad(() => aesKwpWrap(kek, new Uint8Array(0)))).toBe(
        'RangeError: "data" expected Uint8Array of length >= 1, got length=0');
      expect(bad(() => aesPkcs5Wrap(kek, new Uint8Array(7)))).toBe(
        'RangeError: "data" expected Uint8Array of length >= 8, got length=7');
      expect(bad(() => aesKwUnwrap(new Uint8Array(17), new Uint8Array(40)))).toBe(
        'RangeError: "kek" expected Uint8Array of length 16/24/32, got length=17');
      expect(bad(() => aesKwpUnwrap(kek, null as unknown as Uint8Array))).toBe(
        'TypeError: "wrapped" expected Uint8Array, got type=null');
      expect(bad(() => aesEncryptBlock(kek, new Uint8Array(15)))).toBe(
        'RangeError: "block" expected Uint8Array of length >= 16 and a multiple of 16, got length=15');
      expect(bad(() => aesDecryptBlock(new Uint8Array(8), new Uint8Array(16)))).toBe(
        'RangeError: "key" expected Uint8Array of length 16/24/32, got length=8');
      expect(bad(() => aesKwWrap(kek, new Uint8Array(1048576 + 24)))).toBe(
        'RangeError: "data" expected Uint8Array of length <= 1048592, got length=1048600');
      expect(bad(() => aesKwUnwrap(kek, new Uint8Array(1048576 + 40)))).toBe(
        'RangeError: "wrapped" expected Uint8Array of length <= 1048608, got length=1048616');
    });

    it('unwrap of an illegal length is the uniform integrity failure, not a RangeError', () => {
      for (const n of [0, 8, 16, 20, 33]) expect(outcome(() => aesKwUnwrap(kek, new Uint8Array(n)))).toBe('integrity');
      for (const n of [0, 8, 15, 17]) expect(outcome(() => aesKwpUnwrap(kek, new Uint8Array(n)))).toBe('integrity');
      for (const n of [0, 8, 16, 41]) expect(outcome(() => aesPkcs5Unwrap(kek, new Uint8Array(n)))).toBe('integrity');
    });

    it('handles the 1 MiB + 16 byte maximum (KW, KWP, PKCS#5)', () => {
      const big = new Uint8Array(1048576 + 16);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
      const w = aesKwWrap(kek, big);
      expect(w.length).toBe(big.length + 8);
      expect(Buffer.compare(aesKwUnwrap(kek, w), big)).toBe(0);
      const p = aesKwpWrap(kek, big.subarray(0, big.length - 3));
      expect(p.length).toBe(big.length + 8);
      expect(Buffer.compare(aesKwpUnwrap(kek, p), big.subarray(0, big.length - 3))).toBe(0);
      const m4 = aesPkcs5Wrap(kek, big);
      expect(m4.length).toBe(big.length + 16);
      expect(Buffer.compare(aesPkcs5Unwrap(kek, m4), big)).toBe(0);
      // every blob wrap can produce unwraps, up to 1 MiB + 32 bytes; anything longer is a RangeError
      expect(outcome(() => aesKwUnwrap(kek, new Uint8Array(1048576 + 32)))).toBe('integrity');
    });
  });
});
