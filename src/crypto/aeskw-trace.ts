/**
 * The key-wrap trace (issue 13, "inside a key wrap"): the intermediate values of an AES key wrap
 * or unwrap, read from the wasm core's trace exports (wasm/assembly/kw-trace.ts) into plain data.
 * Nothing here computes W: the core runs the steps and records them; this file copies the trace
 * region out and wipes it.
 *
 * - Separate from the hot path: a wasm module of its own (wasm/assembly/trace.ts → build/trace.wasm,
 *   about 10 kB), loaded on first use; the core every page loads (release.wasm) does not carry it,
 *   and nothing in the product's wrap calls it. This file is loaded lazily too
 *   (test/build/first-script.test.ts: LATER).
 * - Capped: at most `cap` steps (6·64) are recorded; for longer keys the first cap − 1 and the
 *   final step are, and `omitted` counts the rest. The starting register keeps R[1..64].
 * - Same rules and results as aesKwWrap / aesKwpWrap / aesPkcs5Wrap and their unwraps (the tests
 *   compare), except that a failed unwrap does not throw: it returns `ok: false` with the steps
 *   and the recovered A, so the view can show the integrity check that failed.
 */
import { abytes, abytesOf, abytesRange } from './errors';
import initTrace from '../../wasm/build/trace.wasm?init';

/** The trace module's exports (wasm/assembly/trace.ts). */
interface TraceExports {
  readonly memory: WebAssembly.Memory;
  readonly KEK: WebAssembly.Global;
  readonly IV: WebAssembly.Global;
  readonly IO: WebAssembly.Global;
  readonly OUT_LEN: WebAssembly.Global;
  readonly MAX_INPUT: WebAssembly.Global;
  readonly MAX_WRAPPED: WebAssembly.Global;
  readonly TRACE: WebAssembly.Global;
  readonly TRACE_SIZE: WebAssembly.Global;
  readonly TRACE_CAP: WebAssembly.Global;
  readonly TRACE_START_CAP: WebAssembly.Global;
  readonly TRACE_STEPS: WebAssembly.Global;
  readonly TRACE_STEP_BYTES: WebAssembly.Global;
  /** Traced wrap, variant 0 KW / 1 KWP / 2 PKCS#5-KW: as kwWrap / kwpWrap / pkcs5Wrap, steps to TRACE. */
  traceWrap(kekLen: number, len: number, variant: number): number;
  /** Traced unwrap, variants as traceWrap: as kwUnwrap / kwpUnwrap / pkcs5Unwrap, steps to TRACE. */
  traceUnwrap(kekLen: number, len: number, variant: number): number;
}

/** A fresh instance of the trace module (the release build imports nothing). */
async function instantiateTrace(): Promise<TraceExports> {
  return (await initTrace({})).exports as unknown as TraceExports; // the one cast across the boundary
}

/** KW = RFC 3394, KWP = RFC 5649, pkcs5 = CloudHSM -m 4 (PKCS#5 pad to 8 bytes, then KW). */
export type KwTraceVariant = 'kw' | 'kwp' | 'pkcs5';

const VARIANT_CODE: Readonly<Record<KwTraceVariant, number>> = { kw: 0, kwp: 1, pkcs5: 2 };
const KEY_LENGTHS = [16, 24, 32] as const;
const DEFAULT_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);
/** Plaintext rules of the wraps (as src/crypto/aeskw.ts). */
const WRAP_RULES: Readonly<Record<KwTraceVariant, readonly [number, number, string]>> = {
  kw: [16, 8, '>= 16 and a multiple of 8'],
  kwp: [1, 1, '>= 1'],
  pkcs5: [8, 1, '>= 8'],
};

/** One step of W (RFC 3394 §2.2.1) or W⁻¹ (§2.2.2); t = 0 for RFC 5649's single AES block. */
export interface KwTraceStep {
  /** 0-based number of the step in the order it ran. */
  index: number;
  t: number;
  j: number;
  i: number;
  /** A and R[i] before the step. */
  a: Uint8Array;
  r: Uint8Array;
  /** The 16-byte block fed to AES (wrap: A | R[i]; unwrap: (A ^ t) | R[i]) and what AES gave. */
  input: Uint8Array;
  output: Uint8Array;
  /** A and R[i] after the step. */
  aAfter: Uint8Array;
  rAfter: Uint8Array;
}

export interface KwTrace {
  direction: 'wrap' | 'unwrap';
  variant: KwTraceVariant;
  /** Semiblocks of the (padded) plaintext. */
  n: number;
  /** RFC 5649 with n = 1: one AES block, no W. */
  singleBlock: boolean;
  /** A before the first step (wrap: the IV or RFC 5649's AIV; unwrap: C[0]). */
  aStart: Uint8Array;
  /** R[1..n] before the first step (wrap: the padded plaintext; unwrap: C[1..n]), at most `startCap`. */
  start: Uint8Array[];
  /** Semiblocks of the starting register not kept (n − startCap, or 0). */
  startOmitted: number;
  /** Steps recorded, in order; when `omitted` > 0 the last one is the final step and the gap precedes it. */
  steps: KwTraceStep[];
  /** Steps run in all, and how many were not recorded. */
  total: number;
  omitted: number;
  /** A after the last step (wrap: C[0]; unwrap: the recovered A, the integrity check's input). */
  aEnd: Uint8Array;
  /** The last semiblock of the padded plaintext (wrap: as padded; unwrap: as recovered, even on failure). */
  lastBlock: Uint8Array;
  /** Padding octets added (wrap) or removed (unwrap; 0 when it failed). */
  padding: number;
  /** Unwrap: whether the integrity check (and the padding check) passed; wrap: true. */
  ok: boolean;
  /** The ciphertext (wrap), the plaintext (unwrap that passed), or empty. */
  output: Uint8Array;
}

/** Limits of the trace region (read from the module). */
export interface KwTraceLimits {
  cap: number;
  startCap: number;
}

interface Bound {
  x: TraceExports;
  at: { KEK: number; IV: number; IO: number; OUT_LEN: number; MAX_INPUT: number; MAX_WRAPPED: number; TRACE: number; TRACE_SIZE: number; TRACE_CAP: number; TRACE_START_CAP: number; TRACE_STEPS: number; TRACE_STEP_BYTES: number };
}

let loading: Promise<Bound> | undefined;

function bind(x: TraceExports): Bound {
  const g = (v: WebAssembly.Global): number => Number(v.value);
  return {
    x,
    at: {
      KEK: g(x.KEK), IV: g(x.IV), IO: g(x.IO), OUT_LEN: g(x.OUT_LEN), MAX_INPUT: g(x.MAX_INPUT), MAX_WRAPPED: g(x.MAX_WRAPPED),
      TRACE: g(x.TRACE), TRACE_SIZE: g(x.TRACE_SIZE), TRACE_CAP: g(x.TRACE_CAP), TRACE_START_CAP: g(x.TRACE_START_CAP),
      TRACE_STEPS: g(x.TRACE_STEPS), TRACE_STEP_BYTES: g(x.TRACE_STEP_BYTES),
    },
  };
}

/** The trace's own instance of the core (one per page, made on first use). */
function core(): Promise<Bound> {
  loading ??= instantiateTrace().then(bind, (err: unknown) => { loading = undefined; throw err; });
  return loading;
}

/** The cap and the starting-register cap of the trace region. */
export async function kwTraceLimits(): Promise<KwTraceLimits> {
  const { at } = await core();
  return { cap: at.TRACE_CAP, startCap: at.TRACE_START_CAP };
}

function variantOf(v: unknown): number {
  if (typeof v !== 'string' || !Object.hasOwn(VARIANT_CODE, v)) throw new TypeError(`unknown key-wrap variant ${String(v)}: expected kw, kwp or pkcs5`);
  return VARIANT_CODE[v as KwTraceVariant];
}

/** Copy the trace region and the output out of wasm memory, then wipe IO and the trace region. */
function read(b: Bound, variant: KwTraceVariant, direction: 'wrap' | 'unwrap', status: number, touched: number): KwTrace {
  const { at } = b;
  const m = new Uint8Array(b.x.memory.buffer);
  const dv = new DataView(b.x.memory.buffer);
  try {
    const T = at.TRACE;
    const total = dv.getUint32(T, true);
    const recorded = dv.getUint32(T + 4, true);
    const n = dv.getUint32(T + 8, true);
    const kind = dv.getUint32(T + 12, true);
    const outLen = dv.getUint32(at.OUT_LEN, true);
    const bytes = (off: number, len: number) => m.slice(off, off + len);
    const keptStart = Math.min(n, at.TRACE_START_CAP);
    const steps: KwTraceStep[] = [];
    for (let s = 0; s < recorded; s++) {
      const rec = at.TRACE_STEPS + s * at.TRACE_STEP_BYTES;
      const output = bytes(rec + 40, 16);
      steps.push({
        index: s === at.TRACE_CAP - 1 ? total - 1 : s,
        t: dv.getUint32(rec, true), j: dv.getUint16(rec + 4, true), i: dv.getUint16(rec + 6, true),
        a: bytes(rec + 8, 8), r: bytes(rec + 16, 8), input: bytes(rec + 24, 16), output,
        aAfter: bytes(rec + 56, 8), rAfter: output.slice(8),
      });
    }
    const ok = status === 0;
    const output = !ok ? new Uint8Array(0) : direction === 'wrap' ? bytes(at.IO, outLen) : bytes(at.IO + 8, outLen);
    return {
      direction, variant, n, singleBlock: (kind & 0x10000) !== 0,
      aStart: bytes(T + 16, 8),
      start: Array.from({ length: keptStart }, (_, k) => bytes(T + 64 + 8 * k, 8)),
      startOmitted: n - keptStart,
      steps, total, omitted: total - recorded,
      aEnd: bytes(T + 24, 8), lastBlock: bytes(T + 32, 8),
      padding: dv.getUint32(T + 44, true), ok, output,
    };
  } finally {
    m.fill(0, at.IO, at.IO + touched);
    m.fill(0, at.TRACE, at.TRACE + at.TRACE_SIZE);
  }
}

/**
 * Wrap `data` under `kek` with the trace on. `iv` (KW only, 8 bytes) defaults to A6A6A6A6A6A6A6A6.
 * Same rules as aesKwWrap / aesKwpWrap / aesPkcs5Wrap (TypeError, RangeError).
 */
export async function traceKeyWrap(variant: KwTraceVariant, kek: Uint8Array, data: Uint8Array, iv?: Uint8Array): Promise<KwTrace> {
  const code = variantOf(variant);
  const b = await core();
  abytesOf(kek, 'kek', KEY_LENGTHS);
  const [min, multiple, rule] = WRAP_RULES[variant];
  abytesRange(data, 'data', min, b.at.MAX_INPUT, multiple, rule);
  if (iv !== undefined) abytesOf(iv, 'iv', [8]);
  const m = new Uint8Array(b.x.memory.buffer);
  m.set(kek, b.at.KEK);
  m.set(variant === 'kw' ? (iv ?? DEFAULT_IV) : DEFAULT_IV, b.at.IV);
  m.set(data, b.at.IO + 8);
  const status = b.x.traceWrap(kek.length, data.length, code);
  if (status !== 0) {
    m.fill(0, b.at.IO, b.at.IO + data.length + 24);
    m.fill(0, b.at.TRACE, b.at.TRACE + b.at.TRACE_SIZE);
    throw new Error(`internal error: wasm traceWrap returned status ${status}`);
  }
  return read(b, variant, 'wrap', status, data.length + 24);
}

/**
 * Unwrap `wrapped` under `kek` with the trace on. Never throws for a blob that fails its
 * integrity check (ok: false, output empty, the steps and the recovered A kept); throws
 * RangeError for a length no wrap can give (no step would run), TypeError for wrong types.
 */
export async function traceKeyUnwrap(variant: KwTraceVariant, kek: Uint8Array, wrapped: Uint8Array, iv?: Uint8Array): Promise<KwTrace> {
  const code = variantOf(variant);
  const b = await core();
  abytesOf(kek, 'kek', KEY_LENGTHS);
  abytes(wrapped, 'wrapped');
  const min = variant === 'kwp' ? 16 : 24;
  abytesRange(wrapped, 'wrapped', min, b.at.MAX_WRAPPED, 8, `>= ${min} and a multiple of 8`);
  if (iv !== undefined) abytesOf(iv, 'iv', [8]);
  const m = new Uint8Array(b.x.memory.buffer);
  m.set(kek, b.at.KEK);
  m.set(variant === 'kw' ? (iv ?? DEFAULT_IV) : DEFAULT_IV, b.at.IV);
  m.set(wrapped, b.at.IO);
  const status = b.x.traceUnwrap(kek.length, wrapped.length, code);
  if (status !== 0 && status !== 1) {
    m.fill(0, b.at.IO, b.at.IO + wrapped.length);
    m.fill(0, b.at.TRACE, b.at.TRACE + b.at.TRACE_SIZE);
    throw new Error(`internal error: wasm traceUnwrap returned status ${status}`);
  }
  return read(b, variant, 'unwrap', status, wrapped.length);
}

/** Test-only: replace the trace's instance by a fresh one. */
export async function __traceUseModuleForTests(): Promise<void> {
  const next = bind(await instantiateTrace());
  loading = Promise.resolve(next);
}

/** Test-only: a copy of the trace region of the trace's instance (every call leaves it zeroed). */
export async function __traceRegionForTests(): Promise<Uint8Array> {
  const b = await core();
  return new Uint8Array(b.x.memory.buffer).slice(b.at.TRACE, b.at.TRACE + b.at.TRACE_SIZE);
}
