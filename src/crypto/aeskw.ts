/**
 * Synchronous binding over one instance of the wasm AES / AES-KW core.
 *
 * Every call copies its inputs into the fixed wasm regions, runs one export (which schedules
 * the key, works in place and wipes key + schedule before returning), copies the output out
 * with `slice` (never a view into wasm memory) and zeroes the IO bytes it used. Caller buffers
 * are never written.
 */
import type { AesKwExports } from './wasm';
import { CryptoError, abytes, abytesOf, abytesRange } from './errors';

/** RFC 3394 §2.2.3.1 default initial value. */
export const DEFAULT_IV: Uint8Array = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);

const KEY_LENGTHS = [16, 24, 32] as const;

/** Offsets of the fixed regions, read once from the module's exported globals. */
export interface Regions {
  readonly KEK: number;
  readonly IV: number;
  readonly IO: number;
  readonly IO_SIZE: number;
  readonly OUT_LEN: number;
  readonly MAX_INPUT: number;
  readonly MAX_WRAPPED: number;
  readonly RK_ENC: number;
  readonly RK_DEC: number;
  readonly SECRET_START: number;
  readonly SECRET_SIZE: number;
}

/** The two AES cores in the wasm module: T-tables (fast, leaks cache timing) or constant-time vperm. */
export type AesCoreName = 'table' | 'ct';

type WrapOp = 'kwWrap' | 'kwpWrap' | 'pkcs5Wrap';
type UnwrapOp = 'kwUnwrap' | 'kwpUnwrap' | 'pkcs5Unwrap';

/** Plaintext length rule of each wrap: minimum, multiple, and the words of its RangeError (README "Length rules"). */
const WRAP_RULES: Readonly<Record<WrapOp, readonly [number, number, string]>> = {
  kwWrap: [16, 8, '>= 16 and a multiple of 8'],
  kwpWrap: [1, 1, '>= 1'],
  pkcs5Wrap: [8, 1, '>= 8'],
};

export class AesKwCore {
  readonly regions: Regions;
  readonly #x: AesKwExports;
  readonly #ok: number;
  readonly #fail: number;
  #u8: Uint8Array;
  #dv: DataView;
  #core: AesCoreName = 'table';

  constructor(exports: AesKwExports) {
    this.#x = exports;
    const g = (v: WebAssembly.Global): number => Number(v.value);
    this.regions = Object.freeze({
      KEK: g(exports.KEK), IV: g(exports.IV), IO: g(exports.IO), IO_SIZE: g(exports.IO_SIZE),
      OUT_LEN: g(exports.OUT_LEN), MAX_INPUT: g(exports.MAX_INPUT), MAX_WRAPPED: g(exports.MAX_WRAPPED),
      RK_ENC: g(exports.RK_ENC), RK_DEC: g(exports.RK_DEC),
      SECRET_START: g(exports.SECRET_START), SECRET_SIZE: g(exports.SECRET_SIZE),
    });
    this.#ok = g(exports.STATUS_OK);
    this.#fail = g(exports.STATUS_FAIL);
    this.#u8 = new Uint8Array(exports.memory.buffer);
    this.#dv = new DataView(exports.memory.buffer);
  }

  /** Select the AES core used by every later call on this instance. */
  setCore(core: AesCoreName): void {
    if (core !== 'table' && core !== 'ct') throw new TypeError(`unknown AES core ${String(core)}: expected 'table' or 'ct'`);
    this.#x.setCore(core === 'ct' ? 1 : 0);
    this.#core = core;
  }

  /** The AES core in use. */
  get core(): AesCoreName {
    return this.#core;
  }

  /** Current byte view of wasm memory (re-created if the buffer was ever detached by a grow). */
  memory(): Uint8Array {
    if (this.#u8.byteLength === 0) {
      this.#u8 = new Uint8Array(this.#x.memory.buffer);
      this.#dv = new DataView(this.#x.memory.buffer);
    }
    return this.#u8;
  }

  #outLen(): number {
    this.memory();
    return this.#dv.getUint32(this.regions.OUT_LEN, true);
  }

  /** Maps a non-OK status on the wrap/ECB side: validation should have caught it, so it is a bug. */
  #internal(op: string, status: number): Error {
    return new Error(`internal error: wasm ${op} returned status ${status}`);
  }

  #ecb(op: 'aesEncryptEcb' | 'aesDecryptEcb', key: unknown, blocks: unknown): Uint8Array {
    abytesOf(key, 'key', KEY_LENGTHS);
    abytesRange(blocks, 'block', 16, this.regions.MAX_INPUT, 16, '>= 16 and a multiple of 16');
    const { KEK, IO } = this.regions;
    const m = this.memory();
    m.set(key, KEK);
    m.set(blocks, IO);
    const status = this.#x[op](key.length, blocks.length);
    try {
      if (status !== this.#ok) throw this.#internal(op, status);
      return m.slice(IO, IO + blocks.length);
    } finally {
      m.fill(0, IO, IO + blocks.length);
    }
  }

  aesEncryptBlocks(key: Uint8Array, blocks: Uint8Array): Uint8Array {
    return this.#ecb('aesEncryptEcb', key, blocks);
  }

  aesDecryptBlocks(key: Uint8Array, blocks: Uint8Array): Uint8Array {
    return this.#ecb('aesDecryptEcb', key, blocks);
  }

  #wrap(op: WrapOp, kek: unknown, data: unknown, iv?: Uint8Array): Uint8Array {
    abytesOf(kek, 'kek', KEY_LENGTHS);
    const [min, multiple, rule] = WRAP_RULES[op];
    abytesRange(data, 'data', min, this.regions.MAX_INPUT, multiple, rule);
    if (iv !== undefined) abytesOf(iv, 'iv', [8]);
    const { KEK, IV, IO } = this.regions;
    const m = this.memory();
    m.set(kek, KEK);
    if (iv) m.set(iv, IV);
    m.set(data, IO + 8);
    const status = this.#x[op](kek.length, data.length);
    const n = this.#outLen();
    try {
      if (status !== this.#ok) throw this.#internal(op, status);
      return m.slice(IO, IO + n);
    } finally {
      m.fill(0, IO, IO + data.length + 24);
    }
  }

  #unwrap(op: UnwrapOp, kek: unknown, wrapped: unknown, iv?: Uint8Array): Uint8Array {
    abytesOf(kek, 'kek', KEY_LENGTHS);
    abytes(wrapped, 'wrapped');
    if (iv !== undefined) abytesOf(iv, 'iv', [8]);
    const { KEK, IV, IO, MAX_WRAPPED } = this.regions;
    if (wrapped.length > MAX_WRAPPED) {
      throw new RangeError(`"wrapped" expected Uint8Array of length <= ${MAX_WRAPPED}, got length=${wrapped.length}`);
    }
    const m = this.memory();
    m.set(kek, KEK);
    if (iv) m.set(iv, IV);
    m.set(wrapped, IO);
    const status = this.#x[op](kek.length, wrapped.length);
    const n = this.#outLen();
    try {
      if (status === this.#fail) throw new CryptoError();
      if (status !== this.#ok) throw this.#internal(op, status);
      return m.slice(IO + 8, IO + 8 + n);
    } finally {
      m.fill(0, IO, IO + wrapped.length);
    }
  }

  /** RFC 3394 / SP 800-38F KW-AE. */
  kwWrap(kek: Uint8Array, data: Uint8Array, iv: Uint8Array = DEFAULT_IV): Uint8Array {
    return this.#wrap('kwWrap', kek, data, iv);
  }

  /** RFC 3394 / SP 800-38F KW-AD. */
  kwUnwrap(kek: Uint8Array, wrapped: Uint8Array, iv: Uint8Array = DEFAULT_IV): Uint8Array {
    return this.#unwrap('kwUnwrap', kek, wrapped, iv);
  }

  /** RFC 5649 / SP 800-38F KWP-AE. */
  kwpWrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#wrap('kwpWrap', kek, data);
  }

  /** RFC 5649 / SP 800-38F KWP-AD. */
  kwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
    return this.#unwrap('kwpUnwrap', kek, wrapped);
  }

  /** CloudHSM mechanism 4: PKCS#5 pad to 8 bytes, then KW with IV A6A6A6A6A6A6A6A6. */
  pkcs5Wrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#wrap('pkcs5Wrap', kek, data);
  }

  /** Inverse of pkcs5Wrap: KW-AD with the default IV, then check and strip the PKCS#5 pad. */
  pkcs5Unwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
    return this.#unwrap('pkcs5Unwrap', kek, wrapped);
  }
}
