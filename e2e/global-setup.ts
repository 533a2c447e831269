/**
 * Vitest global setup of the e2e project: empties the timings file before the run, and at the
 * end prints, per engine, how many tests ran and how long its browsers took (from each browser's
 * start to its close — one per test file, three for a11y.e2e.ts — summed; no two browsers run at
 * the same time).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TIMINGS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'test-results', 'e2e-timings.jsonl');

interface Timing { file: string; engine: string; version: string; tests: number; ms: number }

export function setup(): void {
  rmSync(TIMINGS, { force: true });
}

export function teardown(): void {
  if (!existsSync(TIMINGS)) return;
  const rows = readFileSync(TIMINGS, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Timing);
  const engines = new Map<string, { version: string; files: number; tests: number; ms: number }>();
  for (const r of rows) {
    const e = engines.get(r.engine) ?? { version: r.version, files: 0, tests: 0, ms: 0 };
    e.files++;
    e.tests += r.tests;
    e.ms += r.ms;
    engines.set(r.engine, e);
  }
  const lines = [...engines].map(([name, e]) =>
    `  ${name.padEnd(9)} ${e.version.padEnd(28)} ${String(e.tests).padStart(3)} tests, ${String(e.files).padStart(2)} browser launches  ${(e.ms / 1000).toFixed(1)} s`);
  console.log(`\nend-to-end time per engine (browser start to close, summed over the launches):\n${lines.join('\n')}\n`);
}
