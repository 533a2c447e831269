/** Shared helpers for the crypto tests: hex, node:crypto oracles, seeded randomness. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoError } from '../../src/crypto/index';
import { seededRng, randomInt, type Rng } from '../../src/crypto/rng';

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

export const KW_DEFAULT_IV = unhex('a6a6a6a6a6a6a6a6');
const KWP_AIV = unhex('a65959a6');

const kwName = (kek: Uint8Array, pad: boolean) => `id-aes${kek.length * 8}-wrap${pad ? '-pad' : ''}`;

function run(cipher: { update(b: Uint8Array): Buffer; final(): Buffer }, data: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

/** node:crypto RFC 3394 wrap (OpenSSL id-aesN-wrap), explicit ICV. */
export function nodeKwWrap(kek: Uint8Array, data: Uint8Array, iv: Uint8Array = KW_DEFAULT_IV): Uint8Array {
  return run(createCipheriv(kwName(kek, false), kek, iv), data);
}
export function nodeKwUnwrap(kek: Uint8Array, wrapped: Uint8Array, iv: Uint8Array = KW_DEFAULT_IV): Uint8Array {
  return run(createDecipheriv(kwName(kek, false), kek, iv), wrapped);
}
/** node:crypto RFC 5649 wrap (OpenSSL id-aesN-wrap-pad). */
export function nodeKwpWrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
  return run(createCipheriv(kwName(kek, true), kek, KWP_AIV), data);
}
export function nodeKwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  return run(createDecipheriv(kwName(kek, true), kek, KWP_AIV), wrapped);
}

/** Mechanism 4 computed independently: PKCS#5 pad over 8-byte blocks, then node's id-aesN-wrap. */
export function pkcs5Pad8(data: Uint8Array): Uint8Array {
  const n = 8 - (data.length % 8);
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}
export function nodePkcs5Wrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
  return nodeKwWrap(kek, pkcs5Pad8(data));
}

export { seededRng, randomInt, type Rng };

export function bytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  rng.fill(out);
  return out;
}

export const KEK_SIZES = [16, 24, 32] as const;

/**
 * What fn threw, classified: 'integrity' for the one uniform CryptoError('integrity check
 * failed'), 'ok' if it returned, otherwise a description (so a loop can count and report).
 */
export function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof CryptoError && e.message === 'integrity check failed' && e.name === 'CryptoError') return 'integrity';
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
}
