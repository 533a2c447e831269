/** 3DES-EDE single block vs node:crypto des-ede3-ecb (no padding). */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tdesEncryptBlock } from '../../src/crypto/index';
import { hex, unhex, bytes, seededRng, outcome } from './helpers';

function nodeTdes(key24: Uint8Array, block8: Uint8Array): string {
  const c = createCipheriv('des-ede3-ecb', key24, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block8), c.final()]).toString('hex');
}

describe('tdesEncryptBlock', () => {
  it('matches node:crypto des-ede3-ecb on 500 seeded random keys and blocks', () => {
    const rng = seededRng(0x3de5);
    for (let i = 0; i < 500; i++) {
      const key = bytes(rng, 24);
      const block = bytes(rng, 8);
      const got = hex(tdesEncryptBlock(key, block));
      if (got !== nodeTdes(key, block)) expect.fail(`case ${i}: key ${hex(key)} block ${hex(block)}`);
    }
  });

  it('K1 = K2 = K3 reduces to single DES (FIPS 81 / classic DES vector)', () => {
    // DES key 133457799BBCDFF1, plaintext 0123456789ABCDEF -> 85E813540F0AB405 (the
    // widely used worked example of FIPS 46 by J. Orlin Grabbe); EDE with equal keys is DES.
    const k = unhex('133457799BBCDFF1'.repeat(3));
    expect(hex(tdesEncryptBlock(k, unhex('0123456789ABCDEF')))).toBe('85e813540f0ab405');
  });

  it('key check value: first 3 bytes of E(0^64)', () => {
    const key = unhex('0123456789abcdef23456789abcdef01456789abcdef0123');
    expect(hex(tdesEncryptBlock(key, new Uint8Array(8))).slice(0, 6)).toBe(nodeTdes(key, new Uint8Array(8)).slice(0, 6));
  });

  it('does not mutate inputs; checks lengths', () => {
    const key = bytes(seededRng(1), 24);
    const copy = key.slice();
    const block = new Uint8Array(8);
    tdesEncryptBlock(key, block);
    expect(hex(key)).toBe(hex(copy));
    expect(hex(block)).toBe('0000000000000000');
    expect(outcome(() => tdesEncryptBlock(new Uint8Array(16), block))).toBe(
      'RangeError: "key" expected Uint8Array of length 24, got length=16');
    expect(outcome(() => tdesEncryptBlock(key, new Uint8Array(16)))).toBe(
      'RangeError: "block" expected Uint8Array of length 8, got length=16');
  });
});
