/** initCrypto contract: a clear Error before init, idempotent init, synchronous afterwards. */
import { describe, expect, it } from 'vitest';
import * as crypto from '../../src/crypto/index';

describe('initCrypto', () => {
  it('every wasm-backed function throws a clear Error before init', () => {
    const k = new Uint8Array(16);
    const d = new Uint8Array(16);
    const calls: Array<() => unknown> = [
      () => crypto.aesEncryptBlock(k, d), () => crypto.aesDecryptBlock(k, d),
      () => crypto.aesKwWrap(k, d), () => crypto.aesKwUnwrap(k, d),
      () => crypto.aesKwpWrap(k, d), () => crypto.aesKwpUnwrap(k, d),
      () => crypto.aesPkcs5Wrap(k, d), () => crypto.aesPkcs5Unwrap(k, d),
    ];
    for (const call of calls) expect(call).toThrowError(/^crypto not initialised: await initCrypto\(\)/);
  });

  it('3DES needs no init (pure TS)', () => {
    expect(crypto.tdesEncryptBlock(new Uint8Array(24), new Uint8Array(8)).length).toBe(8);
  });

  it('is idempotent and shares one load between concurrent callers', async () => {
    const a = crypto.initCrypto();
    const b = crypto.initCrypto();
    expect(a).toBe(b);
    await Promise.all([a, b]);
    await crypto.initCrypto();
    const w = crypto.aesKwWrap(new Uint8Array(16), new Uint8Array(16));
    expect(w.length).toBe(24);
  });
});
