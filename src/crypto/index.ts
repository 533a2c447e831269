/**
 * Public surface of the crypto layer (pure TS + wasm, no DOM).
 *
 * `await initCrypto()` once; everything else is synchronous. All functions take and return
 * Uint8Array, copy their inputs in and their outputs out, and never write caller buffers.
 *
 * | function | spec |
 * |---|---|
 * | aesEncryptBlock / aesDecryptBlock | FIPS 197, ECB over whole 16-byte blocks |
 * | aesKwWrap / aesKwUnwrap | RFC 3394, SP 800-38F KW (data >= 16 bytes, multiple of 8) |
 * | aesKwpWrap / aesKwpUnwrap | RFC 5649, SP 800-38F KWP (data >= 1 byte) |
 * | aesPkcs5Wrap / aesPkcs5Unwrap | CloudHSM `-m 4`: PKCS#5 pad over 8-byte blocks, then KW, IV A6..A6 |
 * | tdesEncryptBlock | 3DES-EDE, one block, for key check values |
 * | ghash | SP 800-38D §6.4 GHASH with H = AES_K(0^128), constant-time (for gcm.ts) |
 *
 * Every unwrap failure throws `CryptoError('integrity check failed')`; wrong argument types
 * throw TypeError and wrong lengths RangeError. Inputs are limited to 1 MiB + 16 bytes.
 *
 * Two AES cores (README "Two AES cores, two builds"): `'ct'`, a constant-time vector-permute core
 * on wasm SIMD (the default: in Chromium it is about as fast as the T-table core and faster than
 * WebCrypto for single keys), and `'table'`, T-tables, which leak access timings. setAesCore()
 * switches between them; results are identical.
 */
import { AesKwCore, DEFAULT_IV, type AesCoreName } from './aeskw';
import { abytes, abytesOf } from './errors';
import { instantiateAesKw, type AesKwExports, type WasmVariant } from './wasm';

export { CryptoError } from './errors';
export type { AesCoreName } from './aeskw';
export { relaxedSimdSupported, type WasmVariant } from './wasm';
export { tdesEncryptBlock } from './tdes';

/** RFC 3394 §2.2.3.1 default IV A6A6A6A6A6A6A6A6 (a fresh copy each time). */
export function defaultKwIv(): Uint8Array {
  return DEFAULT_IV.slice();
}

let core: AesKwCore | undefined;
/** The raw exports behind `core` (the GHASH calls are not part of AesKwCore). */
let rawExports: AesKwExports | undefined;
let loading: Promise<void> | undefined;

/**
 * The AES core the product uses unless told otherwise: the constant-time one, since it met its
 * target (ISSUE 3: wrap and unwrap of a 32-byte key in Chromium >= 1.3x WebCrypto with CryptoKeys
 * held; bench/results/ from `npm run bench`).
 */
export const DEFAULT_AES_CORE: AesCoreName = 'ct';
let selected: AesCoreName = DEFAULT_AES_CORE;

/**
 * Select the AES implementation behind every AES / key-wrap function: `'table'` (T-tables,
 * fastest, leaks cache timing) or `'ct'` (constant-time vector-permute core on wasm SIMD).
 * Both give identical results. May be called before or after initCrypto().
 */
export function setAesCore(name: AesCoreName): void {
  if (name !== 'table' && name !== 'ct') throw new TypeError(`unknown AES core ${String(name)}: expected 'table' or 'ct'`);
  selected = name;
  core?.setCore(name);
}

/** The AES core in use (or that will be used once initCrypto() resolves). */
export function getAesCore(): AesCoreName {
  return selected;
}

/** Load the wasm core. Idempotent: concurrent and repeated calls share one instance. */
export function initCrypto(): Promise<void> {
  loading ??= instantiateAesKw().then(
    (exports) => { core = new AesKwCore(exports); core.setCore(selected); rawExports = exports; },
    (err: unknown) => { loading = undefined; throw err; },
  );
  return loading;
}

function ready(): AesKwCore {
  if (core === undefined) throw new Error('crypto not initialised: await initCrypto() before using src/crypto');
  return core;
}

/**
 * AES encryption (FIPS 197) of one or more 16-byte blocks, each independently (ECB).
 * @example aesEncryptBlock(key16, new Uint8Array(16))
 */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ready().aesEncryptBlocks(key, block);
}

/** AES decryption (FIPS 197) of one or more 16-byte blocks (ECB). */
export function aesDecryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ready().aesDecryptBlocks(key, block);
}

/**
 * RFC 3394 key wrap. `data` must be >= 16 bytes and a multiple of 8; `iv` (8 bytes) defaults
 * to A6A6A6A6A6A6A6A6. Returns data.length + 8 bytes.
 * @example const wrapped = aesKwWrap(kek32, key32) // 40 bytes
 */
export function aesKwWrap(kek: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  return ready().kwWrap(kek, data, iv);
}

/** RFC 3394 key unwrap; throws CryptoError('integrity check failed') on any failure. */
export function aesKwUnwrap(kek: Uint8Array, wrapped: Uint8Array, iv?: Uint8Array): Uint8Array {
  return ready().kwUnwrap(kek, wrapped, iv);
}

/** RFC 5649 key wrap with padding; `data` is 1 byte or more. */
export function aesKwpWrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
  return ready().kwpWrap(kek, data);
}

/** RFC 5649 key unwrap; throws CryptoError('integrity check failed') on any failure. */
export function aesKwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  return ready().kwpUnwrap(kek, wrapped);
}

/**
 * CloudHSM mechanism 4 (AES key wrap, PKCS#5 padding): pad with 1..8 bytes of value n to a
 * multiple of 8, then RFC 3394 with IV A6A6A6A6A6A6A6A6. `data` must be >= 8 bytes (so the
 * padded input has the two semiblocks KW needs). A 32-byte key wraps to 48 bytes.
 */
export function aesPkcs5Wrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
  return ready().pkcs5Wrap(kek, data);
}

/** Inverse of aesPkcs5Wrap; throws CryptoError('integrity check failed') on any failure. */
export function aesPkcs5Unwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  return ready().pkcs5Unwrap(kek, wrapped);
}

/**
 * GHASH_H (NIST SP 800-38D §6.4, Algorithm 2) over `parts`, each zero-padded to whole 16-byte
 * blocks, in order, with H = AES_K(0^128) (FIPS 197; the selected AES core). H never leaves wasm;
 * the multiplication is constant-time (wasm/assembly/ghash.ts). Parts of any length are fed
 * through the IO buffer in chunks. Returns the 16-byte result. Used by gcm.ts, which appends
 * the lengths block itself.
 */
export function ghash(key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  abytesOf(key, 'key', [16, 24, 32]);
  for (const part of parts) abytes(part, 'part');
  const c = ready();
  const x = rawExports!;
  const { KEK, IO, IO_SIZE } = c.regions;
  const check = (op: string, status: number) => {
    if (status !== 0) throw new Error(`internal error: wasm ${op} returned status ${status}`);
  };
  const m = c.memory();
  let fill = 0;
  let touched = 0;
  const flush = () => {
    check('ghashUpdate', x.ghashUpdate(fill));
    touched = Math.max(touched, fill);
    fill = 0;
  };
  m.set(key, KEK);
  try {
    check('ghashStart', x.ghashStart(key.length));
    for (const part of parts) {
      for (let off = 0; off < part.length;) {
        const n = Math.min(part.length - off, IO_SIZE - fill);
        m.set(part.subarray(off, off + n), IO + fill);
        fill += n;
        off += n;
        if (fill === IO_SIZE) flush();
      }
      const pad = -fill & 15;
      m.fill(0, IO + fill, IO + fill + pad);
      fill += pad;
      if (fill === IO_SIZE) flush();
    }
    if (fill > 0) flush();
    check('ghashEnd', x.ghashEnd());
    return m.slice(IO, IO + 16);
  } finally {
    x.ghashEnd(); // wipes H and Y (and the key) on every path
    m.fill(0, IO, IO + Math.max(touched, fill, 16));
  }
}

/**
 * Test-only hooks (architecture.md §1.8): read-only access to the wasm regions so tests can
 * check that key material is wiped. Not for product code.
 */
export const __TESTS = Object.freeze({
  /**
   * Replace the loaded module by a fresh instance of one build (as-sha256's reinitialize
   * pattern), keeping the selected AES core, so suites can run against both builds.
   */
  useModule: async (variant: WasmVariant): Promise<void> => {
    await initCrypto();
    const exports = await instantiateAesKw(variant);
    const next = new AesKwCore(exports);
    next.setCore(selected);
    core = next;
    rawExports = exports;
  },
  /** Region offsets of the loaded core. */
  regions: () => ready().regions,
  /** A copy of the secret region (KEK, IV, both key schedules). */
  secretRegion: (): Uint8Array => {
    const c = ready();
    const { SECRET_START, SECRET_SIZE } = c.regions;
    return c.memory().slice(SECRET_START, SECRET_START + SECRET_SIZE);
  },
  /** A copy of the GHASH state (H and Y), which every ghash() call leaves zeroed. */
  ghashState: (): Uint8Array => {
    const c = ready();
    const at = Number(rawExports!.GH_STATE.value);
    return c.memory().slice(at, at + Number(rawExports!.GH_STATE_SIZE.value));
  },
  /** A copy of `len` bytes of the IO buffer. */
  ioRegion: (len: number): Uint8Array => {
    const c = ready();
    return c.memory().slice(c.regions.IO, c.regions.IO + len);
  },
});
