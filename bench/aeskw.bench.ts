/**
 * AES-KW benchmark: wrap and unwrap of a 32-byte key under a 256-bit KEK, key schedule on
 * every call, through the public src/crypto API (exactly how the product calls it), side by
 * side with @noble/ciphers `aeskw` (and node:crypto as a reference row).
 *
 * Run with `npm run bench`. Correctness gate first (every implementation agrees on the RFC 3394
 * §4 vectors and on seeded random inputs), then interleaved timed samples: each sample runs one
 * implementation for >= SAMPLE_MS, implementations take turns (rotating order), and the table
 * reports the median of SAMPLES samples. Prints a Markdown table and writes it plus JSON to
 * bench/results/. No timing assertions: the numbers depend on the machine and its load.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { aeskw } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { initCrypto, aesKwWrap, aesKwUnwrap } from '../src/crypto/index';
import { seededRng } from '../src/crypto/rng';

const SAMPLES = 9;
const SAMPLE_MS = 60;
const IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

type Fn = (kek: Uint8Array, data: Uint8Array) => Uint8Array;
interface Impl { name: string; wrap: Fn; unwrap: Fn }

const IMPLS: Impl[] = [
  { name: 'kmu wasm core (src/crypto)', wrap: (k, d) => aesKwWrap(k, d), unwrap: (k, w) => aesKwUnwrap(k, w) },
  { name: '@noble/ciphers 2.4.0 aeskw', wrap: (k, d) => aeskw(k).encrypt(d), unwrap: (k, w) => aeskw(k).decrypt(w) },
  {
    name: 'node:crypto id-aes256-wrap (reference)',
    wrap: (k, d) => { const c = createCipheriv('id-aes256-wrap', k, IV); return Buffer.concat([c.update(d), c.final()]); },
    unwrap: (k, w) => { const c = createDecipheriv('id-aes256-wrap', k, IV); return Buffer.concat([c.update(w), c.final()]); },
  },
];

const h = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** RFC 3394 §4.1-4.6 */
const RFC3394 = [
  ['000102030405060708090A0B0C0D0E0F', '00112233445566778899AABBCCDDEEFF', '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'],
  ['000102030405060708090A0B0C0D0E0F1011121314151617', '00112233445566778899AABBCCDDEEFF', '96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D'],
  ['000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', '00112233445566778899AABBCCDDEEFF', '64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7'],
  ['000102030405060708090A0B0C0D0E0F1011121314151617', '00112233445566778899AABBCCDDEEFF0001020304050607', '031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2'],
  ['000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', '00112233445566778899AABBCCDDEEFF0001020304050607', 'A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1'],
  ['000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F', '28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21'],
] as const;

/** Correctness gate: "verify that things we bench actually work". */
function crossValidate(): number {
  let checks = 0;
  for (const impl of IMPLS) {
    for (const [kek, key, ct] of RFC3394) {
      if (kek.length !== 64 && impl.name.startsWith('node')) continue; // the node row is bound to AES-256
      expect(hex(impl.wrap(h(kek), h(key))), `${impl.name} RFC 3394`).toBe(ct.toLowerCase());
      expect(hex(impl.unwrap(h(kek), h(ct))), `${impl.name} RFC 3394`).toBe(key.toLowerCase());
      checks++;
    }
  }
  const rng = seededRng(0xbe7c);
  for (let i = 0; i < 200; i++) {
    const kek = new Uint8Array(32);
    rng.fill(kek);
    const key = new Uint8Array(16 + 8 * (i % 32));
    rng.fill(key);
    const ref = hex(IMPLS[0]!.wrap(kek, key));
    for (const impl of IMPLS) {
      expect(hex(impl.wrap(kek, key)), `${impl.name} random ${i}`).toBe(ref);
      expect(hex(impl.unwrap(kek, h(ref))), `${impl.name} random ${i}`).toBe(hex(key));
      checks++;
    }
  }
  return checks;
}

/** Iterations that take roughly `ms` milliseconds. */
function calibrate(run: () => void, ms: number): number {
  let n = 64;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) run();
    const dt = performance.now() - t0;
    if (dt >= ms / 4) return Math.max(1, Math.ceil((n * ms) / dt));
    n *= 4;
  }
}

/** One timed sample of at least SAMPLE_MS; returns ops/s. */
function sample(run: () => void, iterations: number): number {
  let ops = 0;
  const t0 = performance.now();
  let dt = 0;
  do {
    for (let i = 0; i < iterations; i++) run();
    ops += iterations;
    dt = performance.now() - t0;
  } while (dt < SAMPLE_MS);
  return (ops * 1000) / dt;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };

interface Row { op: 'wrap' | 'unwrap'; impl: string; opsPerSec: number; usPerOp: number; bestUsPerOp: number; ratioVsNoble: number; spreadPct: number; samples: number[] }

describe('AES-KW benchmark (32-byte key, 256-bit KEK, key schedule per call)', () => {
  it('gates on correctness, then times interleaved samples and writes bench/results/', async () => {
    await initCrypto();
    const checks = crossValidate();
    expect(checks).toBe(6 * 2 + 3 + 200 * IMPLS.length);

    const rng = seededRng(0x2024);
    const kek = new Uint8Array(32);
    const key = new Uint8Array(32);
    rng.fill(kek);
    rng.fill(key);
    const wrapped = IMPLS[0]!.wrap(kek, key);
    let sink = 0; // keeps results alive so nothing is optimised away
    const jobs = (['wrap', 'unwrap'] as const).flatMap((op) => IMPLS.map((impl) => {
      const run = op === 'wrap'
        ? () => { sink ^= impl.wrap(kek, key)[7]!; }
        : () => { sink ^= impl.unwrap(kek, wrapped)[7]!; };
      return { op, impl: impl.name, run, iterations: 0, samples: [] as number[] };
    }));

    for (const j of jobs) { for (let w = 0; w < 3; w++) calibrate(j.run, 20); j.iterations = calibrate(j.run, SAMPLE_MS); } // warm-up
    const loadBefore = os.loadavg();
    for (let s = 0; s < SAMPLES; s++) {
      for (let k = 0; k < jobs.length; k++) {
        const j = jobs[(k + s) % jobs.length]!; // rotate who goes first
        j.samples.push(sample(j.run, j.iterations));
      }
    }
    const loadAfter = os.loadavg();
    expect(sink).toBeGreaterThanOrEqual(0);

    const rows: Row[] = jobs.map((j) => {
      const med = median(j.samples);
      const spread = ((Math.max(...j.samples) - Math.min(...j.samples)) / 2 / med) * 100;
      return { op: j.op, impl: j.impl, opsPerSec: med, usPerOp: 1e6 / med, bestUsPerOp: 1e6 / Math.max(...j.samples), ratioVsNoble: 0, spreadPct: spread, samples: j.samples };
    });
    for (const r of rows) {
      const noble = rows.find((x) => x.op === r.op && x.impl.startsWith('@noble'))!;
      r.ratioVsNoble = r.opsPerSec / noble.opsPerSec;
    }

    const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    const when = new Date().toISOString();
    const lines = [
      `### AES-KW, 32-byte key, 256-bit KEK, key schedule every call (${when})`,
      '',
      `Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} x${os.cpus().length}; median of ${SAMPLES} interleaved samples of >= ${SAMPLE_MS} ms; spread = half of (max-min)/median; best = fastest sample (less sensitive to other load on the machine).`,
      '',
      '| operation | implementation | ops/s | µs/op | × noble | spread | best µs/op |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.op} | ${r.impl} | ${fmt(r.opsPerSec)} | ${fmt(r.usPerOp, 2)} | ${fmt(r.ratioVsNoble, 2)}× | ±${fmt(r.spreadPct, 0)}% | ${fmt(r.bestUsPerOp, 2)} |`),
      '',
      `os.loadavg() before: ${load(loadBefore)}; after: ${load(loadAfter)}`,
      '',
    ];
    const table = lines.join('\n');
    console.log(`\n${table}`);

    const dir = new URL('./results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('aeskw.md', dir), table);
    writeFileSync(new URL('aeskw.json', dir), `${JSON.stringify({
      when, node: process.version, cpu: os.cpus()[0]?.model, cpus: os.cpus().length,
      samples: SAMPLES, sampleMs: SAMPLE_MS, loadavgBefore: loadBefore, loadavgAfter: loadAfter, rows,
    }, null, 2)}\n`);
  });
});
