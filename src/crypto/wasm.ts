/**
 * Loader and typed boundary of the AssemblyScript AES / AES-KW / GHASH core (wasm/assembly/).
 *
 * One loader for the browser and for Node/Vitest: Vite's `?init` helper fetches (or, in the
 * single-file build, decodes) the module in the browser and reads it from disk under Vitest
 * (toolchain.md §4, option B). This file holds the only cast from `WebAssembly.Exports`.
 *
 * Two builds of the same source: `release.wasm` (wasm SIMD) and `release-relaxed.wasm`, whose
 * constant-time AES core uses `i8x16.relaxed_swizzle` (identical results, see aes-ct.ts `tab`).
 * The relaxed build is used wherever the engine validates relaxed SIMD (Chromium ≥ 114, Node ≥ 22),
 * the plain one elsewhere (Node 20). Only the chosen file is fetched.
 */
import initSimd from '../../wasm/build/release.wasm?init';
import initRelaxed from '../../wasm/build/release-relaxed.wasm?init';

/** Which build of the core: plain wasm SIMD, or with relaxed SIMD. */
export type WasmVariant = 'simd' | 'relaxed';

/** The smallest module using i8x16.relaxed_swizzle: (func (result v128) (i8x16.relaxed_swizzle (v128.const 0) (v128.const 0))). */
const RELAXED_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x2b, 0x01, 0x29, 0x00, // code section, one body, no locals
  0xfd, 0x0c, ...new Array<number>(16).fill(0), // v128.const 0
  0xfd, 0x0c, ...new Array<number>(16).fill(0), // v128.const 0
  0xfd, 0x80, 0x02, 0x0b, // i8x16.relaxed_swizzle, end
);

/** Whether this engine accepts relaxed SIMD (decides which build initCrypto loads). */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** Every export of wasm/assembly/index.ts. Offsets are immutable globals. */
export interface AesKwExports {
  readonly memory: WebAssembly.Memory;
  readonly STATUS_OK: WebAssembly.Global;
  readonly STATUS_FAIL: WebAssembly.Global;
  readonly STATUS_BAD_ARG: WebAssembly.Global;
  readonly KEK: WebAssembly.Global;
  readonly IV: WebAssembly.Global;
  readonly IO: WebAssembly.Global;
  readonly IO_SIZE: WebAssembly.Global;
  readonly OUT_LEN: WebAssembly.Global;
  readonly MAX_INPUT: WebAssembly.Global;
  readonly MAX_WRAPPED: WebAssembly.Global;
  readonly RK_ENC: WebAssembly.Global;
  readonly RK_DEC: WebAssembly.Global;
  readonly SECRET_START: WebAssembly.Global;
  readonly SECRET_SIZE: WebAssembly.Global;
  /** GHASH state (H and Y, 32 bytes): kept from ghashStart to ghashEnd, wiped by ghashEnd. */
  readonly GH_STATE: WebAssembly.Global;
  readonly GH_STATE_SIZE: WebAssembly.Global;
  aesEncryptEcb(keyLen: number, len: number): number;
  aesDecryptEcb(keyLen: number, len: number): number;
  kwWrap(kekLen: number, len: number): number;
  kwUnwrap(kekLen: number, len: number): number;
  kwpWrap(kekLen: number, len: number): number;
  kwpUnwrap(kekLen: number, len: number): number;
  pkcs5Wrap(kekLen: number, len: number): number;
  pkcs5Unwrap(kekLen: number, len: number): number;
  /** 0 = T-table core, 1 = constant-time core; returns the previous selection. */
  setCore(ct: number): number;
  /** GHASH (SP 800-38D §6.4, constant-time): H = E_K(0^128) from the key at KEK, Y = 0. */
  ghashStart(keyLen: number): number;
  /** Absorb len bytes (whole blocks, zero-padded by the caller) at IO into Y. */
  ghashUpdate(len: number): number;
  /** Y to IO (16 bytes); wipes H and Y. */
  ghashEnd(): number;
}

/** The debug build imports env.abort; the release build imports nothing (extra imports are ignored). */
const wasmImports: WebAssembly.Imports = {
  env: {
    abort(_msg: number, _file: number, line: number, col: number): never {
      throw new Error(`aes-kw wasm abort at ${line}:${col}`);
    },
  },
};

function exportsOf(instance: WebAssembly.Instance): AesKwExports {
  return instance.exports as unknown as AesKwExports; // the one cast across the boundary
}

/**
 * Instantiate a release build (default: the best the engine supports). Each call makes a fresh
 * instance (callers cache it).
 */
export async function instantiateAesKw(variant: WasmVariant = relaxedSimdSupported() ? 'relaxed' : 'simd'): Promise<AesKwExports> {
  return exportsOf(await (variant === 'relaxed' ? initRelaxed : initSimd)(wasmImports));
}

/** Instantiate from raw bytes (e.g. debug.wasm read from disk in a test). */
export async function instantiateAesKwFrom(bytes: BufferSource): Promise<AesKwExports> {
  return exportsOf((await WebAssembly.instantiate(bytes, wasmImports)).instance);
}
