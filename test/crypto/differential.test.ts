/**
 * Randomized differential tests against node:crypto (OpenSSL id-aesN-wrap / id-aesN-wrap-pad,
 * and aes-N-ecb for raw AES), in both directions: our wrap -> node unwrap and node wrap -> our
 * unwrap, all KEK sizes.
 * Seeded (reproducible): a failure message names the case index; rerun with the same SEED.
 *
 * Lengths: KW 16..4096 (multiples of 8), KWP 1..4096. The distribution leans towards small
 * keys (the product's case) but always includes both ends. node:crypto accepts an empty
 * ciphertext without error, so it is never asked about that case (we never generate one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { initCrypto, aesKwWrap, aesKwUnwrap, aesKwpWrap, aesKwpUnwrap, aesEncryptBlock, aesDecryptBlock } from '../../src/crypto/index';
import {
  hex, same, bytes, seededRng, randomInt, type Rng, KEK_SIZES,
  nodeKwWrap, nodeKwUnwrap, nodeKwpWrap, nodeKwpUnwrap,
} from './helpers';
import { CORES, useCore } from './cores';

const SEED = 0x5eed_3394;
const KW_CASES = 4500; // default IV
const KW_IV_CASES = 1500; // caller-chosen IV
const KWP_CASES = 4500;
const ECB_CASES = 500; // not counted in the KW/KWP total

/** OpenSSL's raw AES-N-ECB, no padding. */
function nodeEcb(encrypt: boolean, key: Uint8Array, data: Uint8Array): Uint8Array {
  const name = `aes-${key.length * 8}-ecb`;
  const c = encrypt ? createCipheriv(name, key, null) : createDecipheriv(name, key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

beforeAll(() => initCrypto());

let totalRan = 0; // summed by each test; checked by the last one

/** Length in [min, max] in steps of `step`: 60% up to 64 bytes, 30% up to 512, 10% anywhere. */
function length(rng: Rng, min: number, max: number, step: number): number {
  const r = randomInt(rng, 10);
  const top = r < 6 ? Math.min(64, max) : r < 9 ? Math.min(512, max) : max;
  const slots = Math.floor((top - min) / step) + 1;
  return min + step * randomInt(rng, slots);
}

function lengths(rng: Rng, count: number, min: number, max: number, step: number): number[] {
  const out = [min, max, min + step, max - step];
  while (out.length < count) out.push(length(rng, min, max, step));
  return out;
}

describe.each(CORES)('core $name', (config) => {
  useCore(config, () => { totalRan = 0; });

  describe('differential vs node:crypto', () => {
    it(`KW default IV: ${KW_CASES} cases, both directions`, () => {
      const rng = seededRng(SEED);
      let ran = 0;
      for (const [i, len] of lengths(rng, KW_CASES, 16, 4096, 8).entries()) {
        const kek = bytes(rng, KEK_SIZES[i % 3]!);
        const data = bytes(rng, len);
        const ours = aesKwWrap(kek, data);
        const theirs = nodeKwWrap(kek, data);
        if (!same(ours, theirs)) expect.fail(`KW case ${i} (kek ${kek.length}, len ${len}): wrap differs`);
        if (!same(nodeKwUnwrap(kek, ours), data)) expect.fail(`KW case ${i}: node cannot unwrap ours`);
        if (!same(aesKwUnwrap(kek, theirs), data)) expect.fail(`KW case ${i}: we cannot unwrap node's`);
        ran++;
      }
      expect(ran).toBe(KW_CASES);
      totalRan += ran;
    });

    it(`KW caller-chosen IV: ${KW_IV_CASES} cases against node's wrap with an explicit IV`, () => {
      const rng = seededRng(SEED + 1);
      let ran = 0;
      for (const [i, len] of lengths(rng, KW_IV_CASES, 16, 4096, 8).entries()) {
        const kek = bytes(rng, KEK_SIZES[i % 3]!);
        const iv = bytes(rng, 8);
        const data = bytes(rng, len);
        const ours = aesKwWrap(kek, data, iv);
        const theirs = nodeKwWrap(kek, data, iv);
        if (!same(ours, theirs)) expect.fail(`KW/IV case ${i} (iv ${hex(iv)}): wrap differs`);
        if (!same(nodeKwUnwrap(kek, ours, iv), data)) expect.fail(`KW/IV case ${i}: node cannot unwrap ours`);
        if (!same(aesKwUnwrap(kek, theirs, iv), data)) expect.fail(`KW/IV case ${i}: we cannot unwrap node's`);
        ran++;
      }
      expect(ran).toBe(KW_IV_CASES);
      totalRan += ran;
    });

    it(`KWP: ${KWP_CASES} cases, both directions`, () => {
      const rng = seededRng(SEED + 2);
      let ran = 0;
      const small = Array.from({ length: 24 }, (_, k) => k + 1); // every length 1..24 (1-3 semiblocks)
      const all = [...small, ...lengths(rng, KWP_CASES - small.length, 1, 4096, 1)];
      for (const [i, len] of all.entries()) {
        const kek = bytes(rng, KEK_SIZES[i % 3]!);
        const data = bytes(rng, len);
        const ours = aesKwpWrap(kek, data);
        const theirs = nodeKwpWrap(kek, data);
        if (!same(ours, theirs)) expect.fail(`KWP case ${i} (kek ${kek.length}, len ${len}): wrap differs`);
        if (!same(nodeKwpUnwrap(kek, ours), data)) expect.fail(`KWP case ${i}: node cannot unwrap ours`);
        if (!same(aesKwpUnwrap(kek, theirs), data)) expect.fail(`KWP case ${i}: we cannot unwrap node's`);
        ran++;
      }
      expect(ran).toBe(KWP_CASES);
      totalRan += ran;
    });

    it('ran at least 10,000 randomized cases in total', () => {
      expect(totalRan).toBe(KW_CASES + KW_IV_CASES + KWP_CASES);
      expect(totalRan).toBeGreaterThanOrEqual(10_000);
    });

    // Raw AES over many blocks (the ECB path of each core; the table core runs it through the same
    // chain loop as KW, stepping 16 bytes a block), both directions, against OpenSSL's aes-N-ecb.
    it(`AES-ECB: ${ECB_CASES} cases of 1..256 blocks, both directions`, () => {
      const rng = seededRng(SEED + 3);
      let ran = 0;
      for (const [i, len] of lengths(rng, ECB_CASES, 16, 4096, 16).entries()) {
        const key = bytes(rng, KEK_SIZES[i % 3]!);
        const blocks = bytes(rng, len);
        const ours = aesEncryptBlock(key, blocks);
        if (!same(ours, nodeEcb(true, key, blocks))) expect.fail(`ECB case ${i} (key ${key.length}, ${len / 16} blocks): encrypt differs`);
        if (!same(aesDecryptBlock(key, blocks), nodeEcb(false, key, blocks))) expect.fail(`ECB case ${i}: decrypt differs`);
        if (!same(aesDecryptBlock(key, ours), blocks)) expect.fail(`ECB case ${i}: no round trip`);
        ran++;
      }
      expect(ran).toBe(ECB_CASES);
    });
  });
});
