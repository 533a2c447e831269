/**
 * The AES-KW / KWP benchmark itself, environment-agnostic: the same code runs in Node (under
 * Vitest, bench/aeskw.bench.ts) and in headless Chromium (bench/browser/, built by Vite and
 * driven by playwright-core from the same bench file).
 *
 * Implementations: the product's wasm core through src/crypto (key schedule per call, both AES
 * cores selected with setAesCore), @noble/ciphers 2.4.0, and WebCrypto AES-KW (CryptoKeys held,
 * and raw bytes in/out via importKey/exportKey). WebCrypto has no KWP; Chromium refuses 192-bit
 * AES keys (the KEK here is 256-bit, so only the RFC 3394 4.2/4.4 gate vectors are skipped).
 *
 * Method: correctness gate first (RFC 3394 §4, RFC 5649 §6, seeded random inputs: every
 * implementation must agree, and every timed case's output is checked once), then for each
 * scenario a calibration/warm-up of every case, then SAMPLES rounds in which every case of the
 * scenario takes one sample of >= sampleMs (order rotated each round), each right after an
 * untimed re-warm-up of 1/8 of its iterations. Reported: median ops/s, MB/s of payload,
 * spread = half of (max - min) / median, and the fastest sample. No timing is ever asserted.
 */
import { aeskw, aeskwp } from '@noble/ciphers/aes.js';
import {
  initCrypto, setAesCore, getAesCore, aesKwWrap, aesKwUnwrap, aesKwpWrap, aesKwpUnwrap, type AesCoreName,
} from '../src/crypto/index';

export interface BenchOptions {
  samples: number;
  sampleMs: number;
  /** bytes of the build initCrypto() loads here, for the start-up measurement */
  wasmBytes: Uint8Array;
  /** which build that is: release.wasm ('simd') or release-relaxed.wasm ('relaxed') */
  wasmVariant: 'simd' | 'relaxed';
  /** substring filter on scenario ids (quick runs); empty = all */
  only?: string;
  /** substring filter on implementation names (experiments); empty = all */
  impls?: string;
  log?: (line: string) => void;
}

export interface CaseResult {
  impl: string;
  anchor?: string;
  opsPerSec: number;
  usPerOp: number;
  mbPerSec: number;
  spreadPct: number;
  /** the fastest sample: least disturbed by other load on the machine */
  bestUsPerOp: number;
  samples: number[];
}

export interface ScenarioResult {
  id: string;
  title: string;
  bytes: number;
  cases: CaseResult[];
}

export interface StartupResult {
  variant: string;
  bytes: number;
  runs: number;
  compileMs: number;
  instantiateMs: number;
  totalMs: number;
  firstWrapMs: number;
}

export interface BenchResult {
  gateChecks: number;
  gateSkipped: string[];
  scenarios: ScenarioResult[];
  startup: StartupResult;
}

// ---- helpers ---------------------------------------------------------------------------------

const subtle = globalThis.crypto.subtle;
const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string): Uint8Array => {
  const t = s.replace(/\s+/g, '');
  return Uint8Array.from({ length: t.length / 2 }, (_, i) => parseInt(t.slice(2 * i, 2 * i + 2), 16));
};

/** xorshift32, seeded: reproducible inputs in both environments. */
function rngBytes(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// ---- implementations -------------------------------------------------------------------------

type Bytes = Uint8Array;
interface SyncImpl { name: string; core?: AesCoreName; wrap(k: Bytes, d: Bytes): Bytes; unwrap(k: Bytes, w: Bytes): Bytes }

const wasmKw = (core: AesCoreName): SyncImpl => ({
  name: `wasm ${core === 'table' ? 'T-table' : 'constant-time'} core (src/crypto, core '${core}')`,
  core, wrap: (k, d) => aesKwWrap(k, d), unwrap: (k, w) => aesKwUnwrap(k, w),
});
const wasmKwp = (core: AesCoreName): SyncImpl => ({
  name: `wasm ${core === 'table' ? 'T-table' : 'constant-time'} core (src/crypto, core '${core}')`,
  core, wrap: aesKwpWrap, unwrap: aesKwpUnwrap,
});
const NOBLE = '@noble/ciphers 2.4.0';
const nobleKw: SyncImpl = { name: NOBLE, wrap: (k, d) => aeskw(k).encrypt(d), unwrap: (k, w) => aeskw(k).decrypt(w) };
const nobleKwp: SyncImpl = { name: NOBLE, wrap: (k, d) => aeskwp(k).encrypt(d), unwrap: (k, w) => aeskwp(k).decrypt(w) };

export const WC_HELD = 'WebCrypto, CryptoKeys held (wrapKey / unwrapKey only)';
export const WC_RAW = 'WebCrypto, raw bytes in/out (importKey + wrapKey / importKey + unwrapKey + exportKey)';
export const TABLE = wasmKw('table').name;
export const CT = wasmKw('ct').name;
export { NOBLE };

const hmacFor = (len: number) => ({ name: 'HMAC', hash: 'SHA-256', length: len * 8 }) as const;
const importKek = (kek: Bytes) => subtle.importKey('raw', kek as BufferSource, 'AES-KW', false, ['wrapKey', 'unwrapKey']);
const importData = (d: Bytes) => subtle.importKey('raw', d as BufferSource, hmacFor(d.length), true, ['sign']);

async function wcWrapRaw(kek: Bytes, d: Bytes): Promise<Bytes> {
  const [k, key] = await Promise.all([importKek(kek), importData(d)]);
  return new Uint8Array(await subtle.wrapKey('raw', key, k, 'AES-KW'));
}
async function wcUnwrapRaw(kek: Bytes, w: Bytes): Promise<Bytes> {
  const k = await importKek(kek);
  const key = await subtle.unwrapKey('raw', w as BufferSource, k, 'AES-KW', hmacFor(w.length - 8), true, ['sign']);
  return new Uint8Array(await subtle.exportKey('raw', key));
}

// ---- correctness gate ------------------------------------------------------------------------

const K128 = '000102030405060708090A0B0C0D0E0F';
const K192 = `${K128}1011121314151617`;
const K256 = `${K128}101112131415161718191A1B1C1D1E1F`;
const D128 = '00112233445566778899AABBCCDDEEFF';
const RFC3394: Array<[string, string, string, string]> = [
  ['4.1', K128, D128, '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'],
  ['4.2', K192, D128, '96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D'],
  ['4.3', K256, D128, '64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7'],
  ['4.4', K192, `${D128}0001020304050607`, '031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2'],
  ['4.5', K256, `${D128}0001020304050607`, 'A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1'],
  ['4.6', K256, `${D128}000102030405060708090A0B0C0D0E0F`, '28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21'],
];
const RFC5649_KEK = '5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8';
const RFC5649: Array<[string, string, string]> = [
  ['§6 20 octets', 'c37b7e6492584340bed12207808941155068f738', '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a'],
  ['§6 7 octets', '466f7250617369', 'afbeb0f07dfbf5419200f2ccb50bb24f'],
];

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`bench correctness gate failed: ${what}`);
}

async function withCore<T>(core: AesCoreName | undefined, fn: () => T | Promise<T>): Promise<T> {
  const before = getAesCore();
  if (core) setAesCore(core);
  try { return await fn(); } finally { setAesCore(before); }
}

async function gate(): Promise<{ checks: number; skipped: string[] }> {
  let checks = 0;
  const skipped: string[] = [];
  const kwImpls = [wasmKw('table'), wasmKw('ct'), nobleKw];
  const kwpImpls = [wasmKwp('table'), wasmKwp('ct'), nobleKwp];
  for (const [sec, kek, key, ct] of RFC3394) {
    for (const impl of kwImpls) {
      await withCore(impl.core, () => {
        check(hexOf(impl.wrap(unhex(kek), unhex(key))) === ct.toLowerCase(), `${impl.name} RFC 3394 ${sec} wrap`);
        check(hexOf(impl.unwrap(unhex(kek), unhex(ct))) === key.toLowerCase(), `${impl.name} RFC 3394 ${sec} unwrap`);
      });
      checks++;
    }
    try {
      check(hexOf(await wcWrapRaw(unhex(kek), unhex(key))) === ct.toLowerCase(), `WebCrypto RFC 3394 ${sec} wrap`);
      check(hexOf(await wcUnwrapRaw(unhex(kek), unhex(ct))) === key.toLowerCase(), `WebCrypto RFC 3394 ${sec} unwrap`);
      checks++;
    } catch (e) {
      if (kek.length !== 48) throw e; // only 192-bit KEKs may be refused (Chromium)
      skipped.push(`WebCrypto RFC 3394 ${sec}: ${(e as Error).message}`);
    }
  }
  for (const [sec, key, ct] of RFC5649) {
    for (const impl of kwpImpls) {
      await withCore(impl.core, () => {
        check(hexOf(impl.wrap(unhex(RFC5649_KEK), unhex(key))) === ct, `${impl.name} RFC 5649 ${sec} wrap`);
        check(hexOf(impl.unwrap(unhex(RFC5649_KEK), unhex(ct))) === key, `${impl.name} RFC 5649 ${sec} unwrap`);
      });
      checks++;
    }
  }
  // random inputs: 256-bit KEKs (the benchmark's) and 128-bit ones, KW 16..1024 bytes, KWP 1..1000
  const rnd = rngBytes(0xbe7c);
  for (let i = 0; i < 120; i++) {
    const kek = rnd(i % 2 ? 32 : 16);
    const data = rnd(16 + 8 * ((i * 37) % 127));
    const ref = hexOf(await withCore('table', () => aesKwWrap(kek, data)));
    for (const impl of kwImpls) {
      await withCore(impl.core, () => {
        check(hexOf(impl.wrap(kek, data)) === ref, `${impl.name} random KW ${i} wrap`);
        check(hexOf(impl.unwrap(kek, unhex(ref))) === hexOf(data), `${impl.name} random KW ${i} unwrap`);
      });
      checks++;
    }
    check(hexOf(await wcWrapRaw(kek, data)) === ref, `WebCrypto random KW ${i} wrap`);
    check(hexOf(await wcUnwrapRaw(kek, unhex(ref))) === hexOf(data), `WebCrypto random KW ${i} unwrap`);
    checks++;
    const pdata = rnd(1 + ((i * 89) % 1000));
    const pref = hexOf(await withCore('table', () => aesKwpWrap(kek, pdata)));
    for (const impl of kwpImpls) {
      await withCore(impl.core, () => {
        check(hexOf(impl.wrap(kek, pdata)) === pref, `${impl.name} random KWP ${i} wrap`);
        check(hexOf(impl.unwrap(kek, unhex(pref))) === hexOf(pdata), `${impl.name} random KWP ${i} unwrap`);
      });
      checks++;
    }
  }
  return { checks, skipped };
}

// ---- timing ----------------------------------------------------------------------------------

interface Case {
  impl: string;
  anchor?: string;
  before?: () => void;
  /** sync op, or async op (WebCrypto) */
  run: () => unknown;
  async: boolean;
  check: () => Promise<void>;
  iterations: number;
  samples: number[];
}

let sink = 0;
const keep = (b: Bytes | ArrayBuffer | CryptoKey | undefined): void => {
  if (b instanceof Uint8Array) sink ^= b[0]!;
  else if (b instanceof ArrayBuffer) sink ^= b.byteLength;
  else sink ^= 1;
};

async function timeOnce(c: Case, iterations: number): Promise<number> {
  c.before?.();
  const t0 = performance.now();
  if (c.async) for (let i = 0; i < iterations; i++) keep((await c.run()) as Bytes);
  else for (let i = 0; i < iterations; i++) keep(c.run() as Bytes);
  return performance.now() - t0;
}

/** Iterations that take about ms milliseconds (doubles as warm-up / JIT tier-up). */
async function calibrate(c: Case, ms: number): Promise<number> {
  let n = 1;
  for (;;) {
    const dt = await timeOnce(c, n);
    if (dt >= ms / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * ms) / Math.max(dt, 0.001)));
    n *= 4;
  }
}

async function sample(c: Case, ms: number): Promise<number> {
  let ops = 0;
  let dt = 0;
  do {
    dt += await timeOnce(c, c.iterations);
    ops += c.iterations;
  } while (dt < ms);
  return (ops * 1000) / dt;
}

interface Scenario { id: string; title: string; bytes: number; cases: Case[] }

function syncCase(impl: SyncImpl, run: () => Bytes, expect: Bytes, anchor?: string): Case {
  const before = impl.core ? () => setAesCore(impl.core!) : undefined;
  return {
    impl: impl.name, anchor, before, run, async: false, iterations: 1, samples: [],
    check: async () => { before?.(); check(hexOf(run()) === hexOf(expect), `${impl.name} output`); },
  };
}

function asyncCase(impl: string, run: () => Promise<Bytes | CryptoKey>, verify: () => Promise<void>): Case {
  return { impl, anchor: impl, run, async: true, iterations: 1, samples: [], check: verify };
}

async function buildScenarios(): Promise<Scenario[]> {
  const rnd = rngBytes(0x2024);
  const kek = rnd(32);
  const kekKey = await importKek(kek);
  const out: Scenario[] = [];
  const table = wasmKw('table');
  const ct = wasmKw('ct');
  for (const op of ['wrap', 'unwrap'] as const) {
    for (const len of [16, 24, 32]) {
      const data = rnd(len);
      const wrapped = await withCore('table', () => aesKwWrap(kek, data));
      const dataKey = await importData(data);
      const cases: Case[] = [];
      for (const impl of [table, ct, nobleKw]) {
        cases.push(op === 'wrap'
          ? syncCase(impl, () => impl.wrap(kek, data), wrapped, impl === nobleKw ? NOBLE : undefined)
          : syncCase(impl, () => impl.unwrap(kek, wrapped), data, impl === nobleKw ? NOBLE : undefined));
      }
      if (op === 'wrap') {
        const held = () => subtle.wrapKey('raw', dataKey, kekKey, 'AES-KW').then((b) => new Uint8Array(b));
        cases.push(asyncCase(WC_HELD, held, async () => check(hexOf(await held()) === hexOf(wrapped), 'WebCrypto held wrap')));
        const raw = () => wcWrapRaw(kek, data);
        cases.push(asyncCase(WC_RAW, raw, async () => check(hexOf(await raw()) === hexOf(wrapped), 'WebCrypto raw wrap')));
      } else {
        const held = () => subtle.unwrapKey('raw', wrapped as BufferSource, kekKey, 'AES-KW', hmacFor(len), true, ['sign']);
        cases.push(asyncCase(WC_HELD, held, async () => {
          check(hexOf(new Uint8Array(await subtle.exportKey('raw', await held()))) === hexOf(data), 'WebCrypto held unwrap');
        }));
        const raw = () => wcUnwrapRaw(kek, wrapped);
        cases.push(asyncCase(WC_RAW, raw, async () => check(hexOf(await raw()) === hexOf(data), 'WebCrypto raw unwrap')));
      }
      out.push({ id: `kw-${op}-${len}`, title: `AES-KW ${op} of a ${len}-byte key, 256-bit KEK (key schedule every call)`, bytes: len, cases });
    }
  }
  for (const mode of ['kw', 'kwp'] as const) {
    for (const op of ['wrap', 'unwrap'] as const) {
      for (const len of [4096, 65536, 1048576]) {
        const data = rnd(len);
        const impls = mode === 'kw' ? [table, ct, nobleKw] : [wasmKwp('table'), wasmKwp('ct'), nobleKwp];
        const wrapped = await withCore('table', () => impls[0]!.wrap(kek, data));
        const cases: Case[] = impls.map((impl) => (op === 'wrap'
          ? syncCase(impl, () => impl.wrap(kek, data), wrapped, impl.name === NOBLE ? NOBLE : undefined)
          : syncCase(impl, () => impl.unwrap(kek, wrapped), data, impl.name === NOBLE ? NOBLE : undefined)));
        if (mode === 'kw') {
          const dataKey = await importData(data);
          if (op === 'wrap') {
            const held = () => subtle.wrapKey('raw', dataKey, kekKey, 'AES-KW').then((b) => new Uint8Array(b));
            cases.push(asyncCase(WC_HELD, held, async () => check(hexOf(await held()) === hexOf(wrapped), 'WebCrypto held wrap (large)')));
          } else {
            const held = () => subtle.unwrapKey('raw', wrapped as BufferSource, kekKey, 'AES-KW', hmacFor(len), true, ['sign']);
            cases.push(asyncCase(WC_HELD, held, async () => {
              check(hexOf(new Uint8Array(await subtle.exportKey('raw', await held()))) === hexOf(data), 'WebCrypto held unwrap (large)');
            }));
          }
        }
        const size = len >= 1048576 ? `${len / 1048576} MiB` : `${len / 1024} KiB`;
        out.push({
          id: `${mode}-${op}-${len}`, bytes: len, cases,
          title: `AES-${mode.toUpperCase()} ${op}, ${size} payload, 256-bit KEK${mode === 'kwp' ? ' (WebCrypto has no KWP)' : ''}`,
        });
      }
    }
  }
  return out;
}

/** A copy of the module with a unique custom section, so no engine-level module cache can answer. */
function uniqueModule(bytes: Uint8Array, n: number): Uint8Array {
  const name = new TextEncoder().encode(`bench${n}`);
  const body = [name.length, ...name];
  const out = new Uint8Array(bytes.length + 2 + body.length);
  out.set(bytes);
  out.set([0, body.length, ...body], bytes.length); // custom section id 0, size < 128
  return out;
}

async function startup(bytes: Uint8Array, variant: string, runs: number): Promise<StartupResult> {
  const compile: number[] = [];
  const inst: number[] = [];
  const first: number[] = [];
  const imports = { env: { abort: () => { throw new Error('abort'); } } };
  for (let i = 0; i < runs; i++) {
    const b = uniqueModule(bytes, i);
    const t0 = performance.now();
    const mod = await WebAssembly.compile(b as BufferSource);
    const t1 = performance.now();
    const instance = await WebAssembly.instantiate(mod, imports);
    const t2 = performance.now();
    const x = instance.exports as Record<string, unknown>;
    const mem = new Uint8Array((x.memory as WebAssembly.Memory).buffer);
    mem.fill(7, Number((x.KEK as WebAssembly.Global).value), Number((x.KEK as WebAssembly.Global).value) + 32);
    (x.kwWrap as (a: number, b: number) => number)(32, 32);
    const t3 = performance.now();
    compile.push(t1 - t0); inst.push(t2 - t1); first.push(t3 - t2);
  }
  const c = median(compile);
  const n = median(inst);
  return { variant, bytes: bytes.length, runs, compileMs: c, instantiateMs: n, totalMs: median(compile.map((v, i) => v + inst[i]!)), firstWrapMs: median(first) };
}

/**
 * Let the previous scenario's garbage be collected before the next one starts. Without this, in
 * Chromium the second scenario of a run (wrap and unwrap of a 24-byte key) came out up to 1.5x
 * slower for every implementation than when it ran first (noble 8.05 vs 5.00 us, WebCrypto 5.84
 * vs 3.99 us): the garbage of the scenario before (CryptoKeys, noble's per-call schedules) is
 * collected on the same 2 vCPUs. A full GC where the engine exposes one (the bench starts
 * Chromium with --expose-gc), then a short idle pause.
 */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const log = opts.log ?? (() => {});
  await initCrypto();
  const coreBefore = getAesCore();
  const st = await startup(opts.wasmBytes, opts.wasmVariant, 25);
  log(`start-up: compile ${st.compileMs.toFixed(3)} ms + instantiate ${st.instantiateMs.toFixed(3)} ms`);
  const g = await gate();
  log(`correctness gate: ${g.checks} checks passed${g.skipped.length ? `, skipped: ${g.skipped.join('; ')}` : ''}`);
  const all = await buildScenarios();
  const scenarios = all.filter((s) => !opts.only || opts.only.split(',').some((o) => s.id.includes(o)));
  if (opts.impls) for (const s of scenarios) s.cases = s.cases.filter((c) => opts.impls!.split(',').some((i) => c.impl.includes(i)));
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    await settle();
    for (const c of s.cases) await c.check();
    for (const c of s.cases) { await calibrate(c, 20); c.iterations = await calibrate(c, opts.sampleMs); }
    for (let r = 0; r < opts.samples; r++) {
      for (let k = 0; k < s.cases.length; k++) {
        const c = s.cases[(k + r) % s.cases.length]!;
        await timeOnce(c, Math.max(1, c.iterations >> 3)); // untimed re-warm-up right before the sample
        c.samples.push(await sample(c, opts.sampleMs));
      }
    }
    const cases = s.cases.map((c): CaseResult => {
      const med = median(c.samples);
      return {
        impl: c.impl, anchor: c.anchor, opsPerSec: med, usPerOp: 1e6 / med, mbPerSec: (med * s.bytes) / 1e6,
        spreadPct: ((Math.max(...c.samples) - Math.min(...c.samples)) / 2 / med) * 100,
        bestUsPerOp: 1e6 / Math.max(...c.samples), samples: c.samples,
      };
    });
    results.push({ id: s.id, title: s.title, bytes: s.bytes, cases });
    log(`${s.id}: ${cases.map((c) => `${c.impl.split(' (')[0]} ${c.usPerOp.toFixed(2)} µs`).join(' | ')}`);
  }
  setAesCore(coreBefore);
  if (sink === 0.5) log('unreachable');
  return { gateChecks: g.checks, gateSkipped: g.skipped, scenarios: results, startup: st };
}
