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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionBuild } from '../../bench/production-build';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** The chunks a chunk imports statically (`import … from "./x.js"` or `import "./x.js"`, minified). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => `assets/${m[1]!}`);
}

/** The files these chunks need before they run: themselves and what they import statically, transitively. */
function closureOf(out: string, files: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...files];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...staticImports(readFileSync(join(out, f), 'utf8')));
  }
  return seen;
}

/** The scripts a page loads before it runs anything else: its entry, its modulepreloads, and what they import statically. */
function firstFiles(out: string, html: string): string[] {
  const page = readFileSync(join(out, html), 'utf8');
  return [...closureOf(out, [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!))].sort();
}

const group = (file: string) => /^assets\/(terminal|engine|app)-[\w-]+\.js$/.exec(file)?.[1];

/**
 * Each preload call of the built chunks (`__vite__mapDeps([…])`, the files fetched beside a dynamic
 * import) with the local chunks the `import()`s it wraps load, and the files it names. The wrapped
 * imports are those inside the call's first argument: from the call's opening parenthesis (found
 * by walking back from its second argument, counting parentheses) to its second argument.
 */
function preloadCalls(out: string): Array<{ chunk: string; imports: string[]; deps: string[] }> {
  const calls: Array<{ chunk: string; imports: string[]; deps: string[] }> = [];
  for (const name of readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(out, 'assets', name), 'utf8');
    const table = /m\.f=\[([^\]]*)\]/.exec(code)?.[1]?.split(',').map((f) => f.replace(/^["'`]|["'`]$/g, '')) ?? [];
    for (const m of code.matchAll(/,__vite__mapDeps\(\[([\d,]*)\]\)/g)) {
      let start = m.index;
      for (let depth = 0; start > 0; start--) {
        const c = code[start - 1];
        if (c === ')') depth++;
        else if (c === '(' && depth-- === 0) break;
      }
      const imports = [...code.slice(start, m.index).matchAll(/import\([`"']\.\/([^`"']+\.js)[`"']\)/g)].map((i) => `assets/${i[1]!}`);
      const deps = m[1]!.split(',').filter(Boolean).map((i) => table[Number(i)]!);
      calls.push({ chunk: name, imports, deps });
    }
  }
  return calls;
}

let out = '';
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'kmu-chunks-'));
  dirs.push(out);
  await productionBuild({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
}, 180_000);

describe('the built chunks', () => {
  it('fetch beside each dynamic import the files of that import (no preload call shared by several imports)', () => {
    const calls = preloadCalls(out);
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.every((c) => c.imports.length > 0)).toBe(true); // (every call found its import)
    const wrong = calls.filter((c) => c.imports.some((i) => !c.deps.includes(i))).map((c) => `${c.chunk}: ${c.imports.join(', ')} fetch ${c.deps.slice(0, 3).join(', ')}…`);
    expect(wrong).toEqual([]);
  });
});

describe('the page\'s first-prompt chunks', () => {
  it('are a few files; the embed\'s poster loads none of them; no two chunks import each other', async () => {
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
  });
});

describe('the programs\' chunks', () => {
  it('starting a program fetches its own chunk and the one the programs share, nothing else beyond the first script', () => {
    const files = readdirSync(join(out, 'assets')).map((f) => `assets/${f}`);
    const first = new Set([...firstFiles(out, 'index.html'), ...files.filter((f) => /\/rolldown-runtime-/.test(f))]);
    for (const program of ['kmu', 'cmu', 'cli']) {
      const own = files.filter((f) => new RegExp(`^assets/${program}-[\\w-]{8}\\.js$`).test(f));
      expect(own, `one ${program} chunk`).toHaveLength(1);
      const extra = [...closureOf(out, [own[0]!])].filter((f) => !first.has(f)).map((f) => /^assets\/([a-z]+)-/.exec(f)?.[1]).sort();
      expect(extra, program).toEqual([program, 'programs'].sort());
    }
  });

  it("embed.html links its view's style sheets as Vite's preload helper looks for them (rel=stylesheet, crossorigin): the view does not fetch them again", () => {
    const html = readFileSync(join(out, 'embed.html'), 'utf8');
    const css = [...html.matchAll(/<link [^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g)];
    expect(css.length).toBeGreaterThan(0);
    for (const m of css) expect(m[0]).toMatch(/rel="stylesheet" crossorigin /);
  });
});

