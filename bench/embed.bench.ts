/**
 * Documentation embeds (issue 14) in Chromium: embed start-up — navigation start of `/embed.html`
 * (autorun, `load=now`) → the first line the autorun script prints, visible in the terminal's DOM
 * (a MutationObserver installed before the page's scripts notes the time) — on a fresh profile
 * each time, for two embeds: a short script (start key_mgmt_util, log in: its first output line is
 * the login's) and the docs page's first example (docs-site/embeds.html: a 35-line hidden preamble,
 * then imSymKey). Also the JavaScript: what the embed loaded before that first line and all it can
 * load (gzip -9), and the `<kmu-console>` script, /kmu-console.js (gzip -9).
 *
 * Self-contained: builds the site into node_modules/.cache/kmu-embed-bench (bench/production-build.ts),
 * serves it with vite preview, drives /usr/bin/chromium. Writes bench/results/embed.{md,json}. No
 * timing assertions: the targets (first output ≤ 300 ms, kmu-console.js < 3 kB gzip) are reported, not enforced.
 *
 * Where the time goes: the medians of the embed's performance marks (src/embed/main.ts, runtime.ts,
 * EmbedTerminal.svelte: the entry ran, the live console's parts asked for, the engine loaded, the
 * console ready off-screen, the first prompt), of the first paint and of when the page's files
 * arrived (their resource timing), each from navigation start. BENCH_SAMPLES=n: n loads per embed.
 * BENCH_EMBED_BASELINE=dir: also time the site built in `dir` (e.g. the main branch's), served beside
 * this one and loaded in turn with it (the same run, the same load on the machine), for a before/after.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { describe, expect, it } from 'vitest';
import { ARGS, CHROMIUM } from './chromium';
import { productionBuild } from './production-build';
import { docsExamples } from '../test/support/docs-examples';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'node_modules/.cache/kmu-embed-bench');
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 9);
const BASELINE = process.env['BENCH_EMBED_BASELINE'] || null;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => (n / 1024).toFixed(1);
const gz = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length;

/** The embed's URL fragment for a script, a preamble and settings (as kmu-console.js makes it). */
function fragment(o: { script: string[]; preamble?: string[]; seed?: number; handles?: string }): string {
  const p = new URLSearchParams();
  p.set('script', o.script.join('\n'));
  if (o.preamble?.length) p.set('preamble', o.preamble.join('\n'));
  p.set('autorun', '1');
  if (o.seed !== undefined) p.set('seed', String(o.seed));
  if (o.handles) p.set('handles', o.handles);
  // rows enough for the whole output: what is written in one frame and scrolled off at once is never in the DOM
  p.set('rows', '24');
  p.set('load', 'now');
  return p.toString();
}

/** Before the page's scripts: note when the terminal first shows `marker`. */
const watchFor = (marker: string) => `(() => {
  const marker = ${JSON.stringify(marker)};
  const check = () => {
    const rows = document.querySelector('.xterm-rows');
    if (rows && rows.textContent.replace(/\\u00a0/g, ' ').includes(marker)) {
      window.__firstOutput = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

interface Case { name: string; hash: string; marker: string }

describe.skipIf(!existsSync(CHROMIUM))('embed start-up', () => {
  it('measures navigation → first autorun output, the embed\'s JavaScript and kmu-console.js; writes bench/results/embed.{md,json}', async () => {
    await productionBuild({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
    expect(existsSync(join(OUT, 'embed.html')), 'the build has embed.html').toBe(true);
    expect(existsSync(join(OUT, 'kmu-console.js')), 'the build has kmu-console.js').toBe(true);
    const assets = join(OUT, 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const gzOf = new Map(js.map((f) => [f, gz(readFileSync(join(assets, f)))]));
    const rawOf = new Map(js.map((f) => [f, readFileSync(join(assets, f)).length]));
    const kmuConsole = readFileSync(join(OUT, 'kmu-console.js'));

    const example = docsExamples()[0]!;
    const cases: Case[] = [
      {
        name: 'a short script (key_mgmt_util, loginHSM)',
        hash: fragment({ script: ['key_mgmt_util', 'loginHSM -u CU -s example_user -p example_pwd'] }),
        marker: 'Cfm3LoginHSM returned: 0x00',
      },
      {
        name: `the docs page's first example (${example.preamble.length}-line hidden preamble, then imSymKey)`,
        hash: fragment({ script: example.script, preamble: example.preamble, seed: example.seed, handles: example.handles }),
        marker: 'Cfm3WrapHostKey returned: 0x00',
      },
    ];

    const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    const url = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const baseServer = BASELINE ? await preview({ root: ROOT, logLevel: 'warn', build: { outDir: BASELINE }, preview: { host: '127.0.0.1', port: 0, strictPort: false } }) : null;
    const baseUrl = baseServer?.resolvedUrls!.local[0]!.replace(/\/$/, '') ?? null;
    const baseTimes = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    /** Per embed: per mark or file, its time in each load (ms from navigation start). */
    const steps = new Map<string, Map<string, number[]>>(cases.map((c) => [c.name, new Map()]));
    const loaded = new Map<string, string[]>();
    try {
      const firstOutput = async (page: Page) => {
        await page.waitForFunction(() => (window as unknown as { __firstOutput?: number }).__firstOutput !== undefined, undefined, { timeout: 30_000 });
        return page.evaluate(() => (window as unknown as { __firstOutput: number }).__firstOutput);
      };
      /** One load of `c` from the site at `at` (fresh profile): its first output's time. */
      const loadOnce = async (at: string, c: Case) => {
        const ctx = await browser.newContext({ viewport: { width: 900, height: 700 } });
        await ctx.addInitScript(watchFor(c.marker));
        const page = await ctx.newPage();
        await page.goto(`${at}/embed.html#${c.hash}`);
        const t = await firstOutput(page);
        await ctx.close();
        return t;
      };
      for (let i = 0; i < SAMPLES; i++) {
        for (const c of cases) {
          // (the baseline before this build's load in every other round, after it in the rest)
          if (baseUrl && i % 2 === 0) baseTimes.get(c.name)!.push(await loadOnce(baseUrl, c));
          const ctx = await browser.newContext({ viewport: { width: 900, height: 700 } });
          await ctx.addInitScript(watchFor(c.marker));
          const page = await ctx.newPage();
          await page.goto(`${url}/embed.html#${c.hash}`);
          const at = await firstOutput(page);
          times.get(c.name)!.push(at);
          const seen = await page.evaluate(() => [
            ...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kmu:')).map((m) => [m.name, m.startTime] as const),
            ...performance.getEntriesByType('paint').map((p) => [p.name, p.startTime] as const),
            ...performance.getEntriesByType('navigation').map((n) => ['html arrived', (n as PerformanceNavigationTiming).responseEnd] as const),
            ...performance.getEntriesByType('resource').filter((r) => /\.(js|wasm|css)$/.test(r.name))
              .map((r) => [`${r.name.slice(r.name.lastIndexOf('/') + 1).replace(/-[A-Za-z0-9_-]{8}(?=\.)/, '')} arrived`, (r as PerformanceResourceTiming).responseEnd] as const),
          ]);
          const mine = steps.get(c.name)!;
          const once = new Map<string, number>();
          for (const [step, t] of seen) {
            // (two files of one name without their hashes: the second is `name #2`)
            const k = (once.get(step) ?? 0) + 1;
            once.set(step, k);
            const name = k === 1 ? step : `${step} #${k}`;
            if (!mine.has(name)) mine.set(name, []);
            mine.get(name)!.push(t);
          }
          if (i === 0) {
            loaded.set(c.name, await page.evaluate((mark) => performance.getEntriesByType('resource')
              .filter((r) => r.name.endsWith('.js') && r.startTime < mark).map((r) => r.name.slice(r.name.lastIndexOf('/') + 1)), at));
          }
          await ctx.close();
          if (baseUrl && i % 2 === 1) baseTimes.get(c.name)!.push(await loadOnce(baseUrl, c));
        }
      }
    } finally {
      await browser.close();
      await server.close();
      await baseServer?.close();
    }

    // every chunk the embed's entry can reach (static and dynamic imports), from the built page and the chunks' own imports
    const entry = [...readFileSync(join(OUT, 'embed.html'), 'utf8').matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const reach = new Set<string>();
    const todo = [...entry];
    while (todo.length) {
      const f = todo.pop()!;
      if (reach.has(f) || !rawOf.has(f)) continue;
      reach.add(f);
      const code = readFileSync(join(assets, f), 'utf8');
      for (const m of code.matchAll(/["'`](?:\.\/|\/?assets\/)([A-Za-z0-9_.-]+\.js)["'`]/g)) todo.push(m[1]!);
    }
    const sum = (files: Iterable<string>, m: Map<string, number>) => [...files].reduce((a, f) => a + (m.get(f) ?? 0), 0);
    const stat = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(2)}`,
      samples: SAMPLES,
      startup: cases.map((c) => ({
        name: c.name, firstOutputMs: stat(times.get(c.name)!),
        ...(BASELINE ? { baseline: { dir: BASELINE, firstOutputMs: stat(baseTimes.get(c.name)!) } } : {}),
        // (a step in fewer than half the loads is left out: a file the cache or a race sometimes skips)
        steps: [...steps.get(c.name)!].filter(([, xs]) => xs.length * 2 > SAMPLES).map(([step, xs]) => ({ step, medianMs: median(xs), n: xs.length }))
          .filter((x) => x.medianMs <= median(times.get(c.name)!)).sort((a, b) => a.medianMs - b.medianMs),
        js: loaded.get(c.name) ?? [], jsGzip: sum(loaded.get(c.name) ?? [], gzOf), jsRaw: sum(loaded.get(c.name) ?? [], rawOf) })),
      embedJsAll: { files: [...reach].sort(), gzip: sum(reach, gzOf), raw: sum(reach, rawOf) },
      kmuConsole: { gzip: gz(kmuConsole), raw: kmuConsole.length },
    };
    for (const s of result.startup) expect(s.js.length, s.name).toBeGreaterThan(0);
    const ms = (x: { median: number; min: number; max: number }) => `${x.median.toFixed(0)} ms (${x.min.toFixed(0)}–${x.max.toFixed(0)})`;
    const md = [
      '# Embed start-up (Chromium, vite preview of a production build)', '',
      `${result.machine}; median (min–max) of ${SAMPLES} loads, each in a fresh profile; ${result.date}`, '',
      '| measure | value | target |', '| --- | --- | --- |',
      ...result.startup.flatMap((s) => [
        `| ${s.name}: navigation → first autorun output line | ${ms(s.firstOutputMs)} | ≤ 300 ms |`,
        ...(s.baseline ? [`| the same, the baseline build (${s.baseline.dir}), loaded in turn with it | ${ms(s.baseline.firstOutputMs)} | — |`] : []),
      ]),
      ...result.startup.map((s) => `| ${s.name}: JavaScript loaded before it, gzip -9 | ${kb(s.jsGzip)} kB (${kb(s.jsRaw)} kB raw, ${s.js.length} files) | — |`),
      `| all JavaScript the embed can load, gzip -9 (panels load lazily) | ${kb(result.embedJsAll.gzip)} kB (${kb(result.embedJsAll.raw)} kB raw, ${reach.size} files) | — |`,
      `| /kmu-console.js (the host page's script), gzip -9 | ${(result.kmuConsole.gzip / 1024).toFixed(2)} kB (${kb(result.kmuConsole.raw)} kB raw) | < 3 kB |`,
      '',
      ...result.startup.flatMap((s) => [
        `## Where the time goes: ${s.name} (medians, ms from navigation start, up to the first output line)`, '',
        '| step | median |', '| --- | --- |',
        ...s.steps.map((x) => `| ${x.step}${x.n < SAMPLES ? ` (${x.n} of ${SAMPLES} loads)` : ''} | ${x.medianMs.toFixed(0)} |`),
        `| first autorun output line | ${s.firstOutputMs.median.toFixed(0)} |`, '',
      ]),
    ].join('\n');
    console.log(`\n${md}`);
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'embed.md'), md);
    writeFileSync(join(dir, 'embed.json'), JSON.stringify(result, null, 2) + '\n');
  });
});
