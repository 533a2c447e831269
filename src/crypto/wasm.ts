/**
 * Loader and typed boundary of the AssemblyScript AES / AES-KW core (wasm/assembly/).
 *
 * One loader for the browser and for Node/Vitest: Vite's `?init` helper fetches (or, in the
 * single-file build, decodes) the module in the browser and reads it from disk under Vitest
 * (toolchain.md §4, option B). This file holds the only cast from `WebAssembly.Exports`.
 */
import initWasm from '../../wasm/build/release.wasm?init';

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
  readonly SCRATCH: WebAssembly.Global;
  readonly RK_ENC: WebAssembly.Global;
  readonly RK_DEC: WebAssembly.Global;
  readonly SECRET_START: WebAssembly.Global;
  readonly SECRET_SIZE: WebAssembly.Global;
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
}

/** The debug build imports env.abort; the release build imports nothing (extra imports are ignored). */
export const wasmImports: WebAssembly.Imports = {
  env: {
    abort(_msg: number, _file: number, line: number, col: number): never {
      throw new Error(`aes-kw wasm abort at ${line}:${col}`);
    },
  },
};

function exportsOf(instance: WebAssembly.Instance): AesKwExports {
  return instance.exports as unknown as AesKwExports; // the one cast across the boundary
}

/** Instantiate the release module. Each call makes a fresh instance (callers cache it). */
export async function instantiateAesKw(): Promise<AesKwExports> {
  return exportsOf(await initWasm(wasmImports));
}

/** Instantiate from raw bytes (e.g. debug.wasm read from disk in a test). */
export async function instantiateAesKwFrom(bytes: BufferSource): Promise<AesKwExports> {
  return exportsOf((await WebAssembly.instantiate(bytes, wasmImports)).instance);
}
