/**
 * src/crypto/gcm.ts (constant-time GHASH in wasm) on every AES core and build: the GCM
 * specification's Test Cases 1-18 (test/vectors/gcm_spec_test_cases.json), a differential
 * against node:crypto (OpenSSL) with random keys, IVs of 12 and other lengths, AAD and
 * plaintexts, at every tag length 4 and 8..16, single-bit tampering of ciphertext, tag, IV and
 * AAD, inputs larger than the wasm IO buffer, and wiping of the GHASH state.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, CryptoError, __TESTS } from '../../src/crypto/index';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../src/crypto/gcm';
import { bytes, hex, unhex, outcome, randomInt, seededRng } from './helpers';
import { CORES, useCore } from './cores';

interface SpecCase { tc: number; key: string; pt: string; aad: string; iv: string; ct: string; tag: string }
const SPEC = (JSON.parse(readFileSync(new URL('../vectors/gcm_spec_test_cases.json', import.meta.url), 'utf8')) as { tests: SpecCase[] }).tests;

/** Tag lengths node:crypto's aes-N-gcm accepts for authTagLength. */
const NODE_TAGS = new Set([4, 8, 12, 13, 14, 15, 16]);

/** node:crypto seal with the full 16-byte tag, truncated to tagLength (MSB_t), and open at tagLength where node supports it. */
function nodeSeal(key: Uint8Array, iv: Uint8Array, pt: Uint8Array, aad: Uint8Array, tagLength: number): Uint8Array {
  const c = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: NODE_TAGS.has(tagLength) ? tagLength : 16 });
  c.setAAD(aad);
  const out = Buffer.concat([c.update(pt), c.final()]);
  return new Uint8Array(Buffer.concat([out, c.getAuthTag().subarray(0, tagLength)]));
}
function nodeOpen(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array, tagLength: number): Uint8Array {
  const d = createDecipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: tagLength });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - tagLength));
  return new Uint8Array(Buffer.concat([d.update(sealed.subarray(0, sealed.length - tagLength)), d.final()]));
}

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

beforeAll(() => initCrypto());

describe.each(CORES)('core $name', (config) => {
  useCore(config);

  it('GCM spec Test Cases 1-18: ciphertext and tag, and back, at every tag length 8..16', () => {
    expect(SPEC.map((c) => c.tc)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    for (const c of SPEC) {
      const [key, iv, aad, pt] = [unhex(c.key), unhex(c.iv), unhex(c.aad), unhex(c.pt)];
      expect(hex(aesGcmEncrypt(key, iv, pt, aad)), `TC${c.tc}`).toBe(c.ct + c.tag);
      for (let t = 8; t <= 16; t++) {
        const want = c.ct + c.tag.slice(0, 2 * t);
        expect(hex(aesGcmEncrypt(key, iv, pt, aad, t)), `TC${c.tc} tag ${t}`).toBe(want);
        expect(hex(aesGcmDecrypt(key, iv, unhex(want), aad, t)), `TC${c.tc} tag ${t}`).toBe(c.pt);
      }
    }
  });

  it('matches node:crypto both ways: 1,200 random cases, keys 16/24/32, IVs 1..128 bytes (node:crypto takes at most 128) (a third of them 12), tags 4 and 8..16', () => {
    const rng = seededRng(0x6c3d);
    const tags = [4, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    for (let i = 0; i < 1200; i++) {
      const key = bytes(rng, [16, 24, 32][i % 3]!);
      const iv = bytes(rng, i % 3 === 0 ? 12 : 1 + randomInt(rng, 128));
      const pt = bytes(rng, i % 50 === 0 ? 1000 + randomInt(rng, 3000) : randomInt(rng, 100));
      const aad = bytes(rng, i % 4 === 0 ? 0 : randomInt(rng, 70));
      const t = tags[i % tags.length]!;
      const label = `case ${i}: key ${key.length} iv ${iv.length} pt ${pt.length} aad ${aad.length} tag ${t}`;
      const mine = aesGcmEncrypt(key, iv, pt, aad, t);
      expect(hex(mine), label).toBe(hex(nodeSeal(key, iv, pt, aad, t)));
      expect(hex(aesGcmDecrypt(key, iv, mine, aad, t)), label).toBe(hex(pt));
      if (NODE_TAGS.has(t)) expect(hex(nodeOpen(key, iv, mine, aad, t)), label).toBe(hex(pt));
    }
  });

  it('inputs larger than the wasm IO buffer (AAD and plaintext > 1 MiB) match node:crypto', () => {
    const rng = seededRng(0x51de);
    const key = bytes(rng, 32);
    const iv = bytes(rng, 12);
    const aad = bytes(rng, 1048576 + 100);
    const pt = bytes(rng, 1048576 + 40);
    const mine = aesGcmEncrypt(key, iv, pt, aad, 16);
    expect(hex(mine.subarray(-16))).toBe(hex(nodeSeal(key, iv, pt, aad, 16).subarray(-16)));
    expect(Buffer.compare(mine, nodeSeal(key, iv, pt, aad, 16))).toBe(0);
    expect(Buffer.compare(aesGcmDecrypt(key, iv, mine, aad, 16), pt)).toBe(0);
  });

  it('every single flipped bit of ciphertext, tag, IV or AAD is refused with CryptoError and no plaintext', () => {
    const rng = seededRng(0x7a3b);
    let refused = 0;
    for (const [ivLen, t] of [[12, 16], [12, 8], [16, 12], [7, 13]] as const) {
      const key = bytes(rng, 32);
      const iv = bytes(rng, ivLen);
      const aad = bytes(rng, 5);
      const sealed = aesGcmEncrypt(key, iv, bytes(rng, 32), aad, t);
      const flips: Array<() => unknown> = [];
      for (let bit = 0; bit < sealed.length * 8; bit++) {
        const bad = sealed.slice();
        bad[bit >> 3]! ^= 1 << (bit & 7);
        flips.push(() => aesGcmDecrypt(key, iv, bad, aad, t));
      }
      for (let bit = 0; bit < iv.length * 8; bit++) {
        const bad = iv.slice();
        bad[bit >> 3]! ^= 1 << (bit & 7);
        flips.push(() => aesGcmDecrypt(key, bad, sealed, aad, t));
      }
      for (let bit = 0; bit < aad.length * 8; bit++) {
        const bad = aad.slice();
        bad[bit >> 3]! ^= 1 << (bit & 7);
        flips.push(() => aesGcmDecrypt(key, iv, sealed, bad, t));
      }
      for (const f of flips) {
        expect(outcome(f)).toBe('integrity');
        refused++;
      }
      expect(outcome(() => aesGcmDecrypt(key, iv, sealed.subarray(0, t - 1), aad, t))).toBe('integrity');
      expect(outcome(() => aesGcmDecrypt(bytes(rng, 32), iv, sealed, aad, t))).toBe('integrity');
      expect(outcome(() => aesGcmDecrypt(key, iv, sealed, aad, t))).toBe('ok');
    }
    expect(refused).toBeGreaterThan(1500);
  });

  it('leaves the secret region, the GHASH state and the IO buffer zeroed, on success and on failure', () => {
    const rng = seededRng(0x1e1e);
    const key = bytes(rng, 32);
    for (const iv of [bytes(rng, 12), bytes(rng, 20)]) {
      const sealed = aesGcmEncrypt(key, iv, bytes(rng, 40), bytes(rng, 9), 12);
      const bad = sealed.slice();
      bad[3]! ^= 1;
      for (const call of [() => aesGcmEncrypt(key, iv, bytes(rng, 40)), () => aesGcmDecrypt(key, iv, sealed, undefined, 12), () => aesGcmDecrypt(key, iv, bad, undefined, 12)]) {
        outcome(call);
        expect(allZero(__TESTS.secretRegion())).toBe(true);
        expect(allZero(__TESTS.ghashState())).toBe(true);
        expect(allZero(__TESTS.ioRegion(4096))).toBe(true);
      }
    }
    expect(__TESTS.ghashState().length).toBe(32);
  });
});

describe('AES-GCM arguments', () => {
  it('argument mistakes are RangeErrors; a sealed blob shorter than the tag is a CryptoError', () => {
    expect(() => aesGcmEncrypt(new Uint8Array(10), new Uint8Array(12), new Uint8Array(1))).toThrow(RangeError);
    expect(() => aesGcmEncrypt(new Uint8Array(16), new Uint8Array(0), new Uint8Array(1))).toThrow(RangeError);
    expect(() => aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1), undefined, 17)).toThrow(RangeError);
    expect(() => aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1), undefined, 3)).toThrow(RangeError);
    expect(() => aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(7), undefined, 8)).toThrow(CryptoError);
  });
});
