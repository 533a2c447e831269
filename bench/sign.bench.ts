/**
 * `npm run bench` (issue 12): RSA-2048 and P-256 sign and verify per second through the operation
 * (CryptoKey cache warm) beside the crypto layer and WebCrypto called directly, and the whole
 * `sign`/`verify` line through the console — in Node and in headless Debian Chromium (the
 * scenarios are in bench/sign-scenarios.ts) — then, in the real page in Chromium, the `sign`
 * command's Enter-to-next-prompt (keydown of Enter to the `Command: ` prompt shown with the cursor,
 * as bench/page-commands.bench.ts measures it). Writes bench/results/sign.{md,json} (gitignored).
 * No timing is asserted. Knobs: BENCH_ENV=node|chromium|both, BENCH_SAMPLES (default 11),
 * BENCH_SAMPLE_MS (default 100), BENCH_PAGE=0 skips the page part.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { productionBuild } from './production-build';
import { describe, expect, it } from 'vitest';
import { ARGS, CHROMIUM } from './chromium';
import { instrument, sampleLine, typeLine } from './enter-to-prompt';
import { runSignBench, type SignBenchResult } from './sign-scenarios';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 11);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 100);
const ENV = process.env.BENCH_ENV ?? 'both';
const PAGE = process.env.BENCH_PAGE !== '0';
const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface EnvRun { env: string; version: string; load: string; result: SignBenchResult }

async function runChromium(): Promise<EnvRun> {
  const outDir = mkdtempSync(join(os.tmpdir(), 'sign-bench-'));
  try {
    await productionBuild({
      configFile: false, root: join(root, 'bench/sign-browser'), base: './', logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
    const server = await preview({
      configFile: false, root: join(root, 'bench/sign-browser'), logLevel: 'warn',
      build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const page = await browser.newPage();
      page.on('console', (m) => console.log(`[chromium] ${m.text()}`));
      page.on('pageerror', (e) => console.log(`[chromium] page error: ${e.message}`));
      await page.goto(server.resolvedUrls!.local[0]!);
      await page.waitForFunction(() => window.signBenchReady === true);
      const { userAgent, ...result } = await page.evaluate((o) => window.runSignBench(o), { samples: SAMPLES, sampleMs: SAMPLE_MS });
      void userAgent;
      return { env: 'chromium', version: `Chromium ${browser.version()}`, load: os.loadavg()[0]!.toFixed(2), result };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---- the real page: Enter → next prompt of `sign` (as bench/page-commands.bench.ts) -------------


async function runPage(): Promise<Array<{ command: string; ms: number[] }>> {
  const outDir = join(root, 'node_modules/.cache/kmu-sign-bench');
  await productionBuild({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await ctx.addInitScript(instrument);
    const p = await ctx.newPage();
    await p.goto(server.resolvedUrls!.local[0]!);
    await p.waitForFunction(() => performance.getEntriesByName('kmu:prompt-ready').length > 0, undefined, { timeout: 30_000 });
    await typeLine(p, 'openssl rand -out msg 256', '$ ');
    await typeLine(p, 'key_mgmt_util', 'Command: ');
    await typeLine(p, 'loginHSM -u CU -s example_user -p example_pwd', 'Cfm3LoginHSM returned: 0x00');
    const handles = async (line: string) => {
      const out = await typeLine(p, line, 'private key handle:');
      const m = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(out)!;
      await p.keyboard.press('Control+L');
      return { pub: Number(m[1]), priv: Number(m[2]) };
    };
    const rsa = await handles('genRSAKeyPair -m 2048 -e 65537 -l bench-rsa');
    const ec = await handles('genECCKeyPair -i 2 -l bench-ec');
    const rows: Array<{ command: string; ms: number[] }> = [];
    const lines = [
      `sign -f msg -k ${rsa.priv} -m 1 -out s1`, `verify -f msg -s s1 -k ${rsa.pub} -m 1`,
      `sign -f msg -k ${ec.priv} -m 17 -out s17`, `verify -f msg -s s17 -k ${ec.pub} -m 17`, 'Error2String -r 0x00',
    ];
    for (const line of lines) {
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++) ms.push(await sampleLine(p, line));
      rows.push({ command: line.replace(/-k \d+/, '-k <h>'), ms });
    }
    const check = await typeLine(p, `verify -f msg -s s1 -k ${rsa.pub} -m 1`, 'Cfm3Verify returned');
    expect(check).toContain('Signature verification successful');
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function table(run: EnvRun): string[] {
  const lines = [`### ${run.env} — ${run.version} (load ${run.load})`, '',
    `Key generation through the commands: RSA-2048 ${fmt(run.result.generateMs.rsa2048)} ms, P-256 ${fmt(run.result.generateMs.p256)} ms.`, ''];
  for (const s of run.result.scenarios) {
    const wc = s.cases.find((c) => c.impl.startsWith('WebCrypto'))!;
    lines.push(`#### ${s.title}`, '', '| path | ops/s | µs/op | over WebCrypto | over WebCrypto, paired | spread |', '|---|---:|---:|---:|---:|---:|');
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x, 1)}%`;
    for (const c of s.cases) {
      const over = c === wc ? '—' : pct(((c.usPerOp - wc.usPerOp) / wc.usPerOp) * 100);
      const paired = c === wc ? '—' : pct(c.pairedPct);
      lines.push(`| ${c.impl} | ${fmt(c.opsPerSec)} | ${fmt(c.usPerOp, 1)} | ${over} | ${paired} | ±${fmt(c.spreadPct)}% |`);
    }
    lines.push('');
  }
  return lines;
}

describe('sign and verify', () => {
  it('RSA-2048 and P-256 through the operation, the crypto layer, WebCrypto and the command; writes bench/results/sign.{md,json}', async () => {
    const runs: EnvRun[] = [];
    if (ENV !== 'chromium') {
      const result = await runSignBench({ samples: SAMPLES, sampleMs: SAMPLE_MS, log: (l) => console.log(`[node] ${l}`) });
      runs.push({ env: 'node', version: `Node ${process.version}`, load: os.loadavg()[0]!.toFixed(2), result });
    }
    const chrome = existsSync(CHROMIUM);
    if (ENV !== 'node' && chrome) runs.push(await runChromium());
    const page = ENV !== 'node' && chrome && PAGE ? await runPage() : [];
    const commit = (() => { try { return execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim(); } catch { return ''; } })();
    const md = [
      `# Signatures: RSA-2048 and P-256 sign/verify (issue 12)`, '',
      `commit ${commit}; ${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}; median of ${SAMPLES} interleaved samples of ≥ ${SAMPLE_MS} ms; ${new Date().toISOString()}`, '',
      ...runs.flatMap(table),
      ...(page.length ? [
        '### The real page in Chromium: Enter → next prompt (vite preview of a production build)', '',
        '| command | median | min–max |', '|---|---:|---:|',
        ...page.map((r) => `| \`${r.command}\` | ${fmt(median(r.ms), 1)} ms | ${fmt(Math.min(...r.ms), 1)}–${fmt(Math.max(...r.ms), 1)} ms |`), '',
      ] : []),
    ].join('\n');
    console.log(`\n${md}`);
    const dir = join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'sign.md'), md);
    writeFileSync(join(dir, 'sign.json'), JSON.stringify({ commit, runs, page }, null, 2) + '\n');
    expect(runs.length).toBeGreaterThan(0);
  });
});
