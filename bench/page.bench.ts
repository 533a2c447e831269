/**
 * Page start-up in Chromium: navigation start → a prompt that accepts input (the page's
 * `kmu:prompt-ready` mark, set once the welcome and the first prompt are written and the line
 * editor is attached), on a first visit (fresh profile: empty cache, empty IndexedDB, so the
 * fresh playground is created) and on a repeat visit (same profile: cached files, existing
 * playground). Also the JavaScript the page ships, gzip -9: what loads before the prompt, and all
 * of it (the side panels and the explanations load lazily).
 *
 * Self-contained: builds the site into node_modules/.cache/kmu-page-bench (vite build), serves it
 * with vite preview, drives /usr/bin/chromium. Writes bench/results/page.{md,json}. No timing
 * assertions: targets (prompt ≤ 300 ms, JS < 150 kB gzip) are reported, not enforced.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { productionBuild } from './production-build';
import { describe, expect, it } from 'vitest';
import { ARGS, CHROMIUM } from './chromium';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'node_modules/.cache/kmu-page-bench');
const SAMPLES = 9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => (n / 1024).toFixed(1);

describe.skipIf(!existsSync(CHROMIUM))('page start-up', () => {
  it('measures first and repeat visits and the JavaScript bytes; writes bench/results/page.{md,json}', async () => {
    await productionBuild({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
    const assets = join(OUT, 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const gz = new Map(js.map((f) => [f, gzipSync(readFileSync(join(assets, f)), { level: 9 }).length]));
    const raw = new Map(js.map((f) => [f, readFileSync(join(assets, f)).length]));

    const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    const url = server.resolvedUrls!.local[0]!;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const first: number[] = [];
    const repeat: number[] = [];
    let initial: string[] = [];
    try {
      const readyAt = async (page: import('playwright-core').Page) => {
        await page.waitForFunction(() => performance.getEntriesByName('kmu:prompt-ready').length > 0, undefined, { timeout: 20_000 });
        return page.evaluate(() => performance.getEntriesByName('kmu:prompt-ready')[0]!.startTime);
      };
      for (let i = 0; i < SAMPLES; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await ctx.newPage();
        await page.goto(url);
        first.push(await readyAt(page));
        if (i === 0) {
          initial = await page.evaluate(() => {
            const mark = performance.getEntriesByName('kmu:prompt-ready')[0]!.startTime;
            return performance.getEntriesByType('resource')
              .filter((r) => r.name.endsWith('.js') && r.startTime < mark).map((r) => r.name.slice(r.name.lastIndexOf('/') + 1));
          });
          // the prompt really accepts input
          await page.keyboard.type('ls');
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => (document.querySelector('.xterm-rows')?.textContent ?? '').includes('$ ls'));
        }
        await page.reload();
        repeat.push(await readyAt(page));
        await ctx.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
    expect(initial.length).toBeGreaterThan(0);
    const sum = (files: Iterable<string>, m: Map<string, number>) => [...files].reduce((a, f) => a + (m.get(f) ?? 0), 0);
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(2)}`,
      samples: SAMPLES,
      firstVisitMs: { median: median(first), min: Math.min(...first), max: Math.max(...first) },
      repeatVisitMs: { median: median(repeat), min: Math.min(...repeat), max: Math.max(...repeat) },
      jsBeforePrompt: { files: initial, gzip: sum(initial, gz), raw: sum(initial, raw) },
      jsAll: { files: js, gzip: sum(js, gz), raw: sum(js, raw) },
    };
    const ms = (x: { median: number; min: number; max: number }) => `${x.median.toFixed(0)} ms (${x.min.toFixed(0)}–${x.max.toFixed(0)})`;
    const md = [
      '# Page start-up (Chromium, vite preview of a production build)', '',
      `${result.machine}; median (min–max) of ${SAMPLES} visits; ${result.date}`, '',
      '| measure | value | target |', '| --- | --- | --- |',
      `| first visit: navigation → prompt accepting input | ${ms(result.firstVisitMs)} | ≤ 300 ms |`,
      `| repeat visit (reload, same profile) | ${ms(result.repeatVisitMs)} | ≤ 300 ms |`,
      `| JavaScript loaded before the prompt, gzip -9 | ${kb(result.jsBeforePrompt.gzip)} kB (${kb(result.jsBeforePrompt.raw)} kB raw, ${initial.length} file${initial.length > 1 ? 's' : ''}) | < 150 kB |`,
      `| all JavaScript of the page, gzip -9 (panels and explanations load lazily) | ${kb(result.jsAll.gzip)} kB (${kb(result.jsAll.raw)} kB raw, ${js.length} files) | — |`,
      '',
    ].join('\n');
    console.log(`\n${md}`);
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'page.md'), md);
    writeFileSync(join(dir, 'page.json'), JSON.stringify(result, null, 2) + '\n');
  });
});
