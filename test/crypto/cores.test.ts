/**
 * The constant-time core against the T-table core: same outputs on seeded random inputs for
 * every operation and KEK size, plus the setAesCore / getAesCore contract. (Each core is also
 * run separately through every known-answer, Wycheproof, differential and tampering suite.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initCrypto, setAesCore, getAesCore, DEFAULT_AES_CORE, aesEncryptBlock, aesDecryptBlock, aesKwWrap, aesKwUnwrap,
  aesKwpWrap, aesKwpUnwrap, aesPkcs5Wrap, aesPkcs5Unwrap, type AesCoreName,
} from '../../src/crypto/index';
import { hex, bytes, seededRng, randomInt, outcome, KEK_SIZES } from './helpers';
import { CORES } from './cores';
import { __TESTS, relaxedSimdSupported } from '../../src/crypto/index';

beforeAll(() => initCrypto());
afterAll(() => setAesCore(DEFAULT_AES_CORE));

function on<T>(core: AesCoreName, fn: () => T): T {
  setAesCore(core);
  return fn();
}

describe.each(['simd', 'relaxed'] as const)('constant-time core vs T-table core, %s build', (variant) => {
  beforeAll(() => __TESTS.useModule(variant));

  it('ECB: 3,000 random multi-block inputs encrypt and decrypt identically', () => {
    const rng = seededRng(0xc0de1);
    for (let i = 0; i < 3000; i++) {
      const key = bytes(rng, KEK_SIZES[i % 3]!);
      const blocks = bytes(rng, 16 * (1 + randomInt(rng, 8)));
      const t = on('table', () => aesEncryptBlock(key, blocks));
      const c = on('ct', () => aesEncryptBlock(key, blocks));
      if (hex(t) !== hex(c)) expect.fail(`ECB encrypt case ${i}`);
      const dt = on('table', () => aesDecryptBlock(key, blocks));
      const dc = on('ct', () => aesDecryptBlock(key, blocks));
      if (hex(dt) !== hex(dc)) expect.fail(`ECB decrypt case ${i}`);
      if (hex(on('ct', () => aesDecryptBlock(key, c))) !== hex(blocks)) expect.fail(`ECB roundtrip case ${i}`);
    }
  });

  it('KW (random IVs), KWP and PKCS#5 KW: 3,000 random inputs wrap identically and cross-unwrap', () => {
    const rng = seededRng(0xc0de2);
    for (let i = 0; i < 3000; i++) {
      const kek = bytes(rng, KEK_SIZES[i % 3]!);
      const len = randomInt(rng, 10) < 7 ? 8 + randomInt(rng, 57) : 8 + randomInt(rng, 2041);
      const data = bytes(rng, len);
      const iv = bytes(rng, 8);
      const kwData = data.subarray(0, Math.max(16, len - (len % 8)));
      const ops: Array<[string, (d: Uint8Array) => Uint8Array, (w: Uint8Array) => Uint8Array, Uint8Array]> = [
        ['KW', (d) => aesKwWrap(kek, d, iv), (w) => aesKwUnwrap(kek, w, iv), kwData.length >= 16 ? kwData : bytes(rng, 16)],
        ['KWP', (d) => aesKwpWrap(kek, d), (w) => aesKwpUnwrap(kek, w), data.subarray(0, 1 + (i % len))],
        ['PKCS#5', (d) => aesPkcs5Wrap(kek, d), (w) => aesPkcs5Unwrap(kek, w), data],
      ];
      for (const [name, wrap, unwrap, d] of ops) {
        const t = on('table', () => wrap(d));
        const c = on('ct', () => wrap(d));
        if (hex(t) !== hex(c)) expect.fail(`${name} case ${i} (kek ${kek.length}, len ${d.length}): wraps differ`);
        if (hex(on('ct', () => unwrap(t))) !== hex(d)) expect.fail(`${name} case ${i}: ct cannot unwrap table's blob`);
        if (hex(on('table', () => unwrap(c))) !== hex(d)) expect.fail(`${name} case ${i}: table cannot unwrap ct's blob`);
        const bad = c.slice();
        bad[i % bad.length]! ^= 1 << (i % 8);
        if (outcome(() => on('ct', () => unwrap(bad))) !== 'integrity') expect.fail(`${name} case ${i}: ct accepted a tampered blob`);
      }
    }
  }, 60_000); // (CPU-bound: a busy machine stretches it; no timing is asserted)
});

describe('setAesCore / getAesCore', () => {
  it('the test matrix covers both cores and both builds; relaxed SIMD is available here', () => {
    expect(CORES.map((c) => `${c.core}/${c.module}`)).toEqual(['table/simd', 'ct/simd', 'ct/relaxed']);
    expect(relaxedSimdSupported()).toBe(true); // cores.ts turns on Node 20's flag
  });

  it('defaults to the documented core and switches at run time', () => {
    expect(DEFAULT_AES_CORE === 'table' || DEFAULT_AES_CORE === 'ct').toBe(true);
    setAesCore('ct');
    expect(getAesCore()).toBe('ct');
    setAesCore('table');
    expect(getAesCore()).toBe('table');
  });

  it('refuses an unknown core name with a TypeError and keeps the current one', () => {
    setAesCore('ct');
    expect(outcome(() => setAesCore('fast' as AesCoreName))).toBe("TypeError: unknown AES core fast: expected 'table' or 'ct'");
    expect(getAesCore()).toBe('ct');
  });
});
