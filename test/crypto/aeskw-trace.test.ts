/**
 * The key-wrap trace of the wasm core (src/crypto/aeskw-trace.ts over wasm/assembly/kw-trace.ts):
 * - every intermediate value RFC 3394 §4 prints (test/vectors/rfc3394_intermediate.json, copied
 *   from the RFC's tables) for wrap and unwrap, step by step: t, A and R[i] before, the block fed
 *   to AES, what AES gave, A and R[i] after;
 * - RFC 5649 §6's two examples: the last step (and the output) equal the published ciphertext;
 * - -m 4 (PKCS #5 pad, then KW), failed unwraps (the integrity check the view shows), the cap;
 * - the trace's output equals the product's fused hot path on every variant and length tried;
 * - the trace region is wiped after every call.
 * Both builds of the module (release.wasm, release-relaxed.wasm).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  aesKwUnwrap, aesKwWrap, aesKwpWrap, aesPkcs5Wrap, initCrypto,
} from '../../src/crypto/index';
import {
  __traceRegionForTests, __traceUseModuleForTests, kwTraceLimits, traceKeyUnwrap, traceKeyWrap, type KwTrace, type KwTraceVariant,
} from '../../src/crypto/aeskw-trace';
import { seededRng } from '../../src/crypto/rng';
import { hex, unhex } from './helpers';
import './cores'; // turns on relaxed SIMD in Node 20, so both builds load

interface Rfc3394Vector { section: string; kek: string; keyData: string; ciphertext: string; wrap: string[]; unwrap: string[] }
const FIXTURE = JSON.parse(readFileSync(new URL('../vectors/rfc3394_intermediate.json', import.meta.url), 'utf8')) as { vectors: Rfc3394Vector[] };

/** One printed row: `t <Label> A R1..Rn <Label> … <Label> …` → t and the three register states (lower-case hex). */
function parseRow(row: string, labels: readonly [string, string, string], n: number): { t: number; states: string[][] } {
  const words = row.trim().split(/\s+/);
  const t = Number(words[0]);
  const states: string[][] = [];
  let at = 1;
  for (const label of labels) {
    expect(words[at], `row ${row}`).toBe(label);
    states.push(words.slice(at + 1, at + 2 + n).map((w) => w.toLowerCase()));
    at += 2 + n;
  }
  expect(at).toBe(words.length);
  return { t, states };
}

const RFC5649_KEK = '5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8';
const RFC5649 = [
  { name: '20 octets', key: 'c37b7e6492584340bed12207808941155068f738', ct: '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a', padding: 4 },
  { name: '7 octets', key: '466f7250617369', ct: 'afbeb0f07dfbf5419200f2ccb50bb24f', padding: 1 },
];

const zeroRegion = async () => expect((await __traceRegionForTests()).every((b) => b === 0)).toBe(true);

beforeAll(async () => {
  await initCrypto();
});

describe('the key-wrap trace (its own module, build/trace.wasm)', () => {
  beforeAll(async () => {
    await __traceUseModuleForTests();
  });

  describe.each(FIXTURE.vectors)('RFC 3394 §$section', (v) => {
    const kek = unhex(v.kek);
    const data = unhex(v.keyData);
    const n = data.length / 8;

    it('wrap: every step is the row the RFC prints', async () => {
      const tr = await traceKeyWrap('kw', kek, data);
      expect(v.wrap).toHaveLength(6 * n);
      expect(tr).toMatchObject({ direction: 'wrap', variant: 'kw', n, total: 6 * n, omitted: 0, singleBlock: false, ok: true, padding: 0 });
      const first = parseRow(v.wrap[0]!, ['In', 'Enc', 'XorT'], n);
      expect(hex(tr.aStart)).toBe(first.states[0]![0]);
      expect(tr.start.map(hex)).toEqual(first.states[0]!.slice(1));
      expect(tr.steps).toHaveLength(6 * n);
      v.wrap.forEach((row, s) => {
        const { t, states: [inp, enc, xort] } = parseRow(row, ['In', 'Enc', 'XorT'], n);
        const step = tr.steps[s]!;
        const i = ((t - 1) % n) + 1;
        expect({ t: step.t, j: step.j, i: step.i, index: step.index }).toEqual({ t, j: Math.floor((t - 1) / n), i, index: t - 1 });
        expect(hex(step.a)).toBe(inp![0]);
        expect(hex(step.r)).toBe(inp![i]);
        expect(hex(step.input)).toBe(inp![0]! + inp![i]!);
        expect(hex(step.output)).toBe(enc![0]! + enc![i]!);
        expect(hex(step.aAfter)).toBe(xort![0]);
        expect(hex(step.rAfter)).toBe(xort![i]);
      });
      expect(hex(tr.output)).toBe(v.ciphertext.replace(/\s+/g, '').toLowerCase());
      expect(hex(tr.aEnd)).toBe(hex(tr.output.subarray(0, 8)));
      expect(tr.output).toEqual(aesKwWrap(kek, data)); // the product's hot path
      await zeroRegion();
    });

    it('unwrap: every step is the row the RFC prints, and the check passes', async () => {
      const ct = unhex(v.ciphertext);
      const tr = await traceKeyUnwrap('kw', kek, ct);
      expect(v.unwrap).toHaveLength(6 * n);
      expect(tr).toMatchObject({ direction: 'unwrap', variant: 'kw', n, total: 6 * n, omitted: 0, ok: true });
      expect(hex(tr.aStart)).toBe(hex(ct.subarray(0, 8)));
      expect(tr.start.map(hex)).toEqual(Array.from({ length: n }, (_, k) => hex(ct.subarray(8 + 8 * k, 16 + 8 * k))));
      v.unwrap.forEach((row, s) => {
        const { t, states: [inp, xort, dec] } = parseRow(row, ['In', 'XorT', 'Dec'], n);
        const step = tr.steps[s]!;
        const i = ((t - 1) % n) + 1;
        expect({ t: step.t, j: step.j, i: step.i }).toEqual({ t, j: Math.floor((t - 1) / n), i });
        expect(hex(step.a)).toBe(inp![0]);
        expect(hex(step.r)).toBe(inp![i]);
        expect(hex(step.input)).toBe(xort![0]! + xort![i]!);
        expect(hex(step.output)).toBe(dec![0]! + dec![i]!);
        expect(hex(step.aAfter)).toBe(dec![0]);
        expect(hex(step.rAfter)).toBe(dec![i]);
      });
      expect(hex(tr.aEnd)).toBe('a6a6a6a6a6a6a6a6');
      expect(hex(tr.output)).toBe(v.keyData.toLowerCase());
      await zeroRegion();
    });
  });

  describe.each(RFC5649)('RFC 5649 §6, $name', (x) => {
    const kek = unhex(RFC5649_KEK);
    const key = unhex(x.key);

    it('wrap: the AIV carries the length, the padding is zero, the last step is the published output', async () => {
      const tr = await traceKeyWrap('kwp', kek, key);
      const padded = key.length + x.padding;
      const n = padded / 8;
      expect(tr).toMatchObject({ variant: 'kwp', n, padding: x.padding, singleBlock: n === 1, ok: true });
      expect(hex(tr.aStart)).toBe(`a65959a6${key.length.toString(16).padStart(8, '0')}`);
      expect(hex(tr.lastBlock).slice(16 - 2 * x.padding)).toBe('00'.repeat(x.padding));
      expect(hex(tr.output)).toBe(x.ct);
      const last = tr.steps.at(-1)!;
      if (n === 1) {
        expect(tr.total).toBe(1);
        expect(hex(last.input)).toBe(hex(tr.aStart) + hex(tr.start[0]!));
        expect(hex(last.output)).toBe(x.ct); // one AES block is the whole wrap
      } else {
        expect(tr.total).toBe(6 * n);
        expect(last.t).toBe(6 * n);
        expect(hex(last.aAfter)).toBe(x.ct.slice(0, 16));
        expect(hex(last.rAfter)).toBe(x.ct.slice(-16));
      }
      expect(tr.output).toEqual(aesKwpWrap(kek, key));
      await zeroRegion();
    });

    it('unwrap: recovers the AIV, the length and the key', async () => {
      const tr = await traceKeyUnwrap('kwp', kek, unhex(x.ct));
      expect(tr.ok).toBe(true);
      expect(hex(tr.aEnd)).toBe(`a65959a6${key.length.toString(16).padStart(8, '0')}`);
      expect(tr.padding).toBe(x.padding);
      expect(hex(tr.output)).toBe(x.key);
      await zeroRegion();
    });
  });

  it('-m 4: the PKCS #5 pad is traced, and the output is the product\'s', async () => {
    const kek = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    for (const len of [8, 13, 16, 24, 32]) {
      const key = Uint8Array.from({ length: len }, (_, k) => k * 7);
      const tr = await traceKeyWrap('pkcs5', kek, key);
      const pad = 8 - (len % 8);
      expect(tr.padding).toBe(pad);
      expect(hex(tr.aStart)).toBe('a6a6a6a6a6a6a6a6');
      expect(hex(tr.lastBlock).slice(16 - 2 * pad)).toBe(pad.toString(16).padStart(2, '0').repeat(pad));
      expect(tr.output).toEqual(aesPkcs5Wrap(kek, key));
      const back = await traceKeyUnwrap('pkcs5', kek, tr.output);
      expect(back).toMatchObject({ ok: true, padding: pad });
      expect(back.output).toEqual(key);
    }
    await zeroRegion();
  });

  it('a blob that fails its check keeps its steps and the A that failed, and no plaintext', async () => {
    const kek = unhex(FIXTURE.vectors[0]!.kek);
    const ct = unhex(FIXTURE.vectors[0]!.ciphertext);
    ct[ct.length - 1]! ^= 1;
    const tr = await traceKeyUnwrap('kw', kek, ct);
    expect(tr.ok).toBe(false);
    expect(tr.output).toHaveLength(0);
    expect(tr.steps).toHaveLength(12);
    expect(hex(tr.aEnd)).not.toBe('a6a6a6a6a6a6a6a6');
    expect(hex(tr.aEnd)).toBe(hex(tr.steps.at(-1)!.aAfter));
    expect(() => aesKwUnwrap(kek, ct)).toThrow('integrity check failed');
    const kwp = await traceKeyUnwrap('kwp', kek, unhex('1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'));
    expect(kwp).toMatchObject({ ok: false, padding: 0 });
    await zeroRegion();
  });

  it('a long key: capped at 6·64 steps, the last kept is the final step, the rest counted', async () => {
    const { cap, startCap } = await kwTraceLimits();
    expect({ cap, startCap }).toEqual({ cap: 384, startCap: 64 });
    const kek = unhex('000102030405060708090a0b0c0d0e0f');
    const key = Uint8Array.from({ length: 1024 }, (_, k) => (k * 31) & 255);
    const tr = await traceKeyWrap('kw', kek, key);
    const n = 128;
    expect(tr).toMatchObject({ n, total: 6 * n, omitted: 6 * n - cap, startOmitted: n - startCap });
    expect(tr.steps).toHaveLength(cap);
    expect(tr.start).toHaveLength(startCap);
    expect(tr.steps.slice(0, -1).map((s) => s.t)).toEqual(Array.from({ length: cap - 1 }, (_, k) => k + 1));
    const last = tr.steps.at(-1)!;
    expect({ t: last.t, j: last.j, i: last.i, index: last.index }).toEqual({ t: 6 * n, j: 5, i: n, index: 6 * n - 1 });
    expect(tr.output).toEqual(aesKwWrap(kek, key));
    expect(hex(last.aAfter)).toBe(hex(tr.output.subarray(0, 8)));
    expect(hex(last.rAfter)).toBe(hex(tr.output.subarray(-8)));
    const back = await traceKeyUnwrap('kw', kek, tr.output);
    expect(back.ok).toBe(true);
    expect(back.output).toEqual(key);
    expect(back.steps.at(-1)!.t).toBe(1);
    await zeroRegion();
  });

  it('equals the hot path on every variant, KEK size and a spread of lengths', async () => {
    const rng = seededRng(13);
    const bytes = (len: number) => { const b = new Uint8Array(len); rng.fill(b); return b; };
    const hot: Record<KwTraceVariant, (k: Uint8Array, d: Uint8Array) => Uint8Array> = { kw: aesKwWrap, kwp: aesKwpWrap, pkcs5: aesPkcs5Wrap };
    for (const kekLen of [16, 24, 32]) {
      for (const variant of ['kw', 'kwp', 'pkcs5'] as const) {
        for (const len of [1, 7, 8, 9, 16, 20, 24, 31, 32, 40, 64, 100, 512, 600]) {
          if ((variant === 'kw' && (len < 16 || len % 8 !== 0)) || (variant === 'pkcs5' && len < 8)) continue;
          const kek = bytes(kekLen);
          const data = bytes(len);
          const tr: KwTrace = await traceKeyWrap(variant, kek, data);
          expect(hex(tr.output), `${variant} ${kekLen} ${len}`).toBe(hex(hot[variant](kek, data)));
          const back = await traceKeyUnwrap(variant, kek, tr.output);
          expect(back.ok).toBe(true);
          expect(hex(back.output)).toBe(hex(data));
        }
      }
    }
    await zeroRegion();
  });

  it('refuses what the product refuses, with the same errors', async () => {
    const kek = new Uint8Array(16);
    await expect(traceKeyWrap('kw', kek, new Uint8Array(12))).rejects.toThrow(RangeError);
    await expect(traceKeyWrap('kwp', kek, new Uint8Array(0))).rejects.toThrow(RangeError);
    await expect(traceKeyWrap('pkcs5', kek, new Uint8Array(7))).rejects.toThrow(RangeError);
    await expect(traceKeyWrap('kw', new Uint8Array(15), new Uint8Array(16))).rejects.toThrow(RangeError);
    await expect(traceKeyUnwrap('kw', kek, new Uint8Array(20))).rejects.toThrow(RangeError);
    await expect(traceKeyWrap('gcm' as KwTraceVariant, kek, new Uint8Array(16))).rejects.toThrow(TypeError);
    await expect(traceKeyWrap('__proto__' as KwTraceVariant, kek, new Uint8Array(16))).rejects.toThrow(TypeError);
    await expect(traceKeyWrap('kw', 'key' as unknown as Uint8Array, new Uint8Array(16))).rejects.toThrow(TypeError);
    await zeroRegion();
  });
});
