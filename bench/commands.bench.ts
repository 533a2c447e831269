/**
 * Commands over a full cluster, in Node (no page): the console engine over the memory backend
 * (optionally behind the caching layer, as the page wires it), with 30 and 3,300 keys in the cluster.
 * Per command: median wall time of the console's submit, and the store commits and reads it costs.
 * Numbers only, no assertions. BENCH_SAMPLES (default 9), BENCH_CACHE=0 leaves the cache out.
 * Writes bench/results/commands-{cached,uncached}.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { describe, it } from 'vitest';
import { openTerminal } from '../test/support/transcript';
import { createMemoryBackend } from '../src/hsm/memory-backend';
import type { Backend } from '../src/hsm/store';
import type { Scenario, ScenarioKey } from '../src/hsm/scenario';

const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function counting(inner: Backend) {
  const n = { gets: 0, lists: 0, commits: 0 };
  const b: Backend = {
    kind: inner.kind,
    get: (s, id) => { n.gets++; return inner.get(s, id); },
    list: (s, p) => { n.lists++; return inner.list(s, p); },
    commit: (w, g) => { n.commits++; return inner.commit(w, g); },
    clear: () => inner.clear(),
    close: () => inner.close(),
  };
  return { b, n };
}

function scenario(count: number): Scenario {
  const keys: ScenarioKey[] = [];
  for (let i = 0; i < count; i++) {
    keys.push({ handle: 6 + i, keyType: 'AES', value: '000102030405060708090a0b0c0d0e0f', label: `k${i}`, owner: 3 });
  }
  return { keys, handles: 'simple' };
}

let wrap: ((b: Backend) => Backend) | undefined;
if (process.env['BENCH_CACHE'] !== '0') try {
  const m = await import('../src/hsm/cached-backend' as string);
  wrap = (b) => m.cachedBackend(b);
} catch {
  wrap = undefined;
}

describe('commands over a full cluster (Node)', () => {
  it('times genSymKey, findKey and getAttribute with 30 and 3,300 keys', async () => {
    const rows: string[] = [];
    for (const count of [30 - SAMPLES, 3300 - SAMPLES]) {
      const { b, n } = counting(createMemoryBackend());
      const backend = wrap ? wrap(b) : b;
      const t = await openTerminal({ backend, scenario: scenario(count) });
      await t.type('key_mgmt_util');
      await t.type('loginHSM -u CU -s example_user -p example_pwd');
      const lines: Record<string, string> = {
        genSymKey: 'genSymKey -t 31 -s 16 -l b',
        findKey: 'findKey',
        getAttribute: 'getAttribute -o 6 -a 512 -out a.txt',
      };
      for (const [name, line] of Object.entries(lines)) {
        const ms: number[] = [];
        let per = { gets: 0, lists: 0, commits: 0 };
        for (let i = 0; i < SAMPLES; i++) {
          const before = { ...n };
          const t0 = performance.now();
          await t.type(line);
          ms.push(performance.now() - t0);
          per = { gets: n.gets - before.gets, lists: n.lists - before.lists, commits: n.commits - before.commits };
        }
        rows.push(`| ${name} | ${count}–${count + SAMPLES} | ${median(ms).toFixed(2)} ms | ${per.commits} | ${per.gets} | ${per.lists} |`);
      }
    }
    const md = [`# Commands in Node over the memory backend, ${wrap ? 'behind the cache' : 'without the cache'}`, '',
      `${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(2)}; median of ${SAMPLES}; ${new Date().toISOString()}`, '',
      '| command | keys | median | commits | storage gets | storage lists |', '| --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
    console.log(md);
    mkdirSync(new URL('results/', import.meta.url), { recursive: true });
    writeFileSync(new URL(`results/commands-${wrap ? 'cached' : 'uncached'}.md`, import.meta.url), md);
  });
});
