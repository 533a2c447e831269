/**
 * The network build's grouping of the page's first-prompt modules (scripts/chunk-groups.ts), on one
 * real build: the page's first script is a handful of files (it had become 30, each compressed
 * alone), the embed's poster loads none of the grouped chunks, and no two chunks import each other
 * (a cycle between chunks would run a module before one it needs).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { productionBuild } from '../../bench/production-build';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** The chunks a chunk imports statically (`import … from "./x.js"` or `import "./x.js"`, minified). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => `assets/${m[1]!}`);
}

/** The scripts a page loads before it runs anything else: its entry, its modulepreloads, and what they import statically. */
function firstFiles(out: string, html: string): string[] {
  const page = readFileSync(join(out, html), 'utf8');
  const todo = [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...staticImports(readFileSync(join(out, f), 'utf8')));
  }
  return [...seen].sort();
}

const group = (file: string) => /^assets\/(terminal|engine|app)-[\w-]+\.js$/.exec(file)?.[1];

describe('the page\'s first-prompt chunks', () => {
  it('are a few files; the embed\'s poster loads none of them; no two chunks import each other', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kmu-chunks-'));
    dirs.push(out);
    await productionBuild({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const page = firstFiles(out, 'index.html');
    expect(page.map(group).filter(Boolean).sort()).toEqual(['app', 'engine', 'terminal']);
    expect(page.length).toBeLessThanOrEqual(8);
    const poster = firstFiles(out, 'embed.html');
    expect(poster.filter(group)).toEqual([]);
    // the static import graph of every chunk has no cycle
    const chunks = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
    const edges = new Map(chunks.map((c) => [c, staticImports(readFileSync(join(out, c), 'utf8'))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycle: string[] = [];
    const visit = (c: string, path: string[]): void => {
      if (state.get(c) === 'done' || cycle.length > 0) return;
      if (state.get(c) === 'open') { cycle.push(...path.slice(path.indexOf(c)), c); return; }
      state.set(c, 'open');
      for (const d of edges.get(c) ?? []) visit(d, [...path, c]);
      state.set(c, 'done');
    };
    for (const c of chunks) visit(c, []);
    expect(cycle).toEqual([]);
    const gz = (files: string[]) => (files.reduce((n, f) => n + gzipSync(readFileSync(join(out, f)), { level: 9 }).length, 0) / 1024).toFixed(1);
    console.log(`first script: the page ${page.length} files, ${gz(page)} kB gzip; the embed's poster ${poster.length} files, ${gz(poster)} kB gzip`);
  }, 180_000);
});
