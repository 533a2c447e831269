/**
 * RSA-2048 key-pair generation in Chromium (issue 12, acceptance "npm run bench"): through the
 * operation — `genRSAKeyPair -m 2048 -e 65537 -l b` typed into the real page, Enter to the next
 * prompt (WebCrypto generates, then the pair is exported as DER, described, its KCV hashed and both
 * halves committed to IndexedDB) — next to WebCrypto called directly in the same page
 * (`crypto.subtle.generateKey`, and generateKey + exporting PKCS #8 and SPKI, which the operation
 * needs). RSA generation time varies widely with the primes found, so medians over many samples.
 * Also the seeded path (the keygen worker, pure JavaScript) for scale.
 *
 * Self-contained like page-commands.bench.ts: builds the site into node_modules/.cache/kmu-keygen-bench,
 * serves it with vite preview, drives /usr/bin/chromium. Writes bench/results/keygen.{md,json}
 * (BENCH_SAMPLES, default 15). No assertions on timing.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { productionBuild } from './production-build';
import { describe, expect, it } from 'vitest';
import { ARGS, CHROMIUM } from './chromium';
import { instrument, sampleLine, typeLine } from './enter-to-prompt';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'node_modules/.cache/kmu-keygen-bench');
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 15);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** WebCrypto directly: generateKey alone, and generateKey + export of PKCS #8 and SPKI. */
function direct(n: number): Promise<{ gen: number[]; genExport: number[] }> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  return (async () => {
    const gen: number[] = [];
    const genExport: number[] = [];
    for (let i = 0; i < n; i++) {
      let t0 = performance.now();
      await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
      gen.push(performance.now() - t0);
      t0 = performance.now();
      const k = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
      await crypto.subtle.exportKey('pkcs8', k.privateKey);
      await crypto.subtle.exportKey('spki', k.publicKey);
      genExport.push(performance.now() - t0);
    }
    return { gen, genExport };
  })();
}

describe.skipIf(!existsSync(CHROMIUM))('RSA-2048 generation', () => {
  it('through the operation vs WebCrypto directly; writes bench/results/keygen.{md,json}', async () => {
    await productionBuild({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
    const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    const url = server.resolvedUrls!.local[0]!;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const rows: Array<{ what: string; ms: number[] }> = [];
    try {
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await ctx.addInitScript(instrument);
      const p = await ctx.newPage();
      await p.goto(url);
      await p.waitForFunction(() => performance.getEntriesByName('kmu:prompt-ready').length > 0, undefined, { timeout: 30_000 });
      const d = await p.evaluate(direct, SAMPLES);
      rows.push({ what: 'WebCrypto generateKey (RSASSA-PKCS1-v1_5, 2048, e = 65537)', ms: d.gen });
      rows.push({ what: 'WebCrypto generateKey + exportKey pkcs8 + spki', ms: d.genExport });
      await typeLine(p, 'key_mgmt_util', 'Command: ', 120_000);
      await typeLine(p, 'loginHSM -u CU -s example_user -p example_pwd', 'Cfm3LoginHSM returned: 0x00', 120_000);
      await p.keyboard.press('Control+L');
      const op: number[] = [];
      for (let i = 0; i < SAMPLES; i++) op.push(await sampleLine(p, 'genRSAKeyPair -m 2048 -e 65537 -l b', 300_000));
      rows.push({ what: '`genRSAKeyPair -m 2048 -e 65537 -l b`, Enter → next prompt (WebCrypto path)', ms: op });
      const floor: number[] = [];
      for (let i = 0; i < 5; i++) floor.push(await sampleLine(p, 'Error2String -r 0x00', 300_000));
      rows.push({ what: '`Error2String -r 0x00`, Enter → next prompt (the terminal\'s floor)', ms: floor });
      // the seeded path (pure JavaScript in the keygen worker), a few samples for scale
      await typeLine(p, 'exit', '$ ', 120_000);
      await typeLine(p, 'settings seed 1', 'seed', 120_000);
      await typeLine(p, 'key_mgmt_util', 'Command: ', 120_000);
      await typeLine(p, 'loginHSM -u CU -s example_user -p example_pwd', 'Cfm3LoginHSM returned: 0x00', 120_000);
      await p.keyboard.press('Control+L');
      const seeded: number[] = [];
      for (let i = 0; i < 5; i++) seeded.push(await sampleLine(p, 'genRSAKeyPair -m 2048 -e 65537 -l s', 300_000));
      rows.push({ what: '`genRSAKeyPair -m 2048 -e 65537 -l s` seeded (JavaScript in the keygen worker)', ms: seeded });
      const screen = await p.evaluate(() => document.querySelector('.xterm-rows')?.textContent ?? '');
      expect(screen).not.toContain('returned: 0x3'); // (the last sample succeeded)
      await ctx.close();
    } finally {
      await browser.close();
      await server.close();
    }
    const opMedian = median(rows[2]!.ms);
    const result = {
      date: new Date().toISOString(),
      commit: (() => { try { return execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim(); } catch { return ''; } })(),
      machine: `${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(2)}`,
      samples: SAMPLES,
      rows: rows.map((r) => ({ ...r, medianMs: median(r.ms), minMs: Math.min(...r.ms), maxMs: Math.max(...r.ms) })),
      ratioOperationToGenerateKey: opMedian / median(rows[0]!.ms),
      ratioOperationToGenerateAndExport: opMedian / median(rows[1]!.ms),
    };
    const md = [
      '# RSA-2048 generation in Chromium: the operation vs WebCrypto directly', '',
      `commit ${result.commit}; ${result.machine}; median (min–max); ${result.date}`, '',
      '| what | samples | median (min–max) |', '| --- | --- | --- |',
      ...result.rows.map((r) => `| ${r.what} | ${r.ms.length} | ${r.medianMs.toFixed(1)} ms (${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)}) |`),
      '',
      `Ratio of medians, operation / generateKey: ${result.ratioOperationToGenerateKey.toFixed(2)}; ` +
        `operation / (generateKey + export): ${result.ratioOperationToGenerateAndExport.toFixed(2)}.`,
      '',
    ].join('\n');
    console.log(`\n${md}`);
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keygen.md'), md);
    writeFileSync(join(dir, 'keygen.json'), JSON.stringify(result, null, 2) + '\n');
  });
});
