/**
 * The single-file build's own check and size report (issue 15, item 4; `npm run build:single`).
 *
 * vite-plugin-singlefile turns off code splitting (rolldown's `codeSplitting: false`), so every
 * `import()` of the page — key_mgmt_util, cloudhsm_mgmt_util, the CloudHSM CLI, key pairs, lessons,
 * the key-wrap view, explanations, the host's run parts — lands in the one inline script, and the
 * wasm modules and the keygen worker are inlined as data. This plugin makes that a checked fact
 * rather than a hope, and fails the build when it is not so:
 *
 * - the bundle has exactly one JavaScript chunk (no lazily loaded part left behind as a file) and,
 *   once the chunk is inlined, nothing but index.html (public/ files such as the favicon are copied
 *   beside it; the page works without them);
 * - index.html loads nothing: no `<script src>`, no stylesheet or module preload by URL, no
 *   `import()` of a relative path, no `new URL('…', import.meta.url)` asset, no `assets/…` file name;
 * - every lazily loaded part (each target of an `import()` in the module graph, with the modules it
 *   reaches by static imports that the page's first script does not) is inside that one chunk: its
 *   target is rendered there (a module none of whose code is used renders nothing and is listed as
 *   tree-shaken, as in any build).
 *
 * It prints the file's size (bytes and gzip) and each lazily loaded part's size as rendered into
 * the chunk (before minification: rolldown minifies the chunk as a whole), largest first, and
 * writes the same as JSON to `test-results/single-file-size.json` (never into dist-single, which
 * holds the one file).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** One module of the graph: what it imports statically and by `import()`. */
export interface GraphModule {
  importedIds: readonly string[];
  dynamicallyImportedIds: readonly string[];
}

/** A lazily loaded part: the target of an `import()` and the modules only it brings. */
export interface LazyPart {
  /** The `import()` target (a path relative to the project, query kept: `src/…?worker&inline`). */
  name: string;
  /** Modules of the part (the target included). */
  modules: number;
  /** Whether the target itself is rendered into the one chunk (it must be: the page's import() resolves to it). */
  inChunk: boolean;
  /** The part's other modules that rendered nothing into the chunk (tree-shaken: nothing of theirs is used). */
  treeShaken: string[];
  /** Sum of the part's modules' rendered lengths in the chunk (bytes, before minification). */
  renderedBytes: number;
}

export interface SingleFileReport {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Rendered bytes of the page's first script (what the entry reaches statically), before minification. */
  firstScriptRenderedBytes: number;
  parts: LazyPart[];
}

/** Modules reachable from `start` through static imports only (`start` included). */
export function staticClosure(graph: ReadonlyMap<string, GraphModule>, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.get(id)?.importedIds ?? []) if (!seen.has(next)) todo.push(next);
  }
  return seen;
}

/**
 * The lazily loaded parts of a module graph: for each `import()` target, the modules it reaches
 * statically that the entry does not; `inChunk` says which modules the chunk rendered (with their
 * lengths). Targets the entry already holds statically are no part of their own and are left out.
 */
export function lazyParts(
  graph: ReadonlyMap<string, GraphModule>, entry: string, inChunk: ReadonlyMap<string, number>, name: (id: string) => string = (id) => id,
): { first: Set<string>; parts: LazyPart[] } {
  const first = staticClosure(graph, entry);
  const targets = new Set<string>();
  for (const m of graph.values()) for (const d of m.dynamicallyImportedIds) if (!first.has(d)) targets.add(d);
  const parts: LazyPart[] = [];
  for (const t of targets) {
    const own = [...staticClosure(graph, t)].filter((id) => !first.has(id));
    const treeShaken = own.filter((id) => id !== t && !inChunk.has(id)).map(name).sort();
    const renderedBytes = own.reduce((n, id) => n + (inChunk.get(id) ?? 0), 0);
    parts.push({ name: name(t), modules: own.length, inChunk: inChunk.has(t), treeShaken, renderedBytes });
  }
  parts.sort((a, b) => b.renderedBytes - a.renderedBytes || a.name.localeCompare(b.name));
  return { first, parts };
}

/** What would make the page load something beyond its one file; [] when it loads nothing. */
export function htmlProblems(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi)) out.push(`a script loaded from ${m[1]}`);
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const rel = /\brel\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase() ?? '';
    const href = /\bhref\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1] ?? '';
    if (rel !== 'icon' && !href.startsWith('data:')) out.push(`a ${rel || 'link'} loaded from ${href}`);
  }
  for (const m of html.matchAll(/\bimport\(\s*[`'"]((?:\.{1,2}\/|\/)[^`'"]*)[`'"]\s*\)/g)) out.push(`an import() of ${m[1]}`);
  // (a literal path: Vite's asset pattern; its preload helper's new URL(dep, import.meta.url) has no deps to load here)
  for (const m of html.matchAll(/new URL\(\s*([`'"][^`'"]*[`'"])\s*,\s*import\.meta\.url\s*\)/g)) out.push(`a file located with new URL(${m[1]}, import.meta.url)`);
  for (const m of html.matchAll(/[`'"](?:\.\/|\/)?assets\/[^`'"\s]+\.(?:js|mjs|css|wasm)[`'"]/g)) out.push(`a reference to the file ${m[0]}`);
  return out;
}

/** Files the single-file build may write besides index.html: the copies of public/ (optional for the page). */
const PUBLIC_OK = /^favicon\.svg$/;

/** `reportFile`: where the JSON report goes, relative to the project root (none when absent). */
export function singleFilePlugin(opts: { reportFile?: string; quiet?: boolean } = {}): Plugin {
  const graph = new Map<string, GraphModule>();
  const rendered = new Map<string, number>();
  let entry = '';
  let chunks: string[] = [];
  let outDir = '';
  let root = '';
  const name = (id: string) => relative(root, id.replace(/\0/g, '')).split('\\').join('/') || id;
  return {
    name: 'kmu-single-file',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    generateBundle: {
      // before vite-plugin-singlefile inlines the chunk and takes it out of the bundle
      order: 'pre',
      handler(_options, bundle) {
        chunks = [];
        for (const [file, out] of Object.entries(bundle)) {
          if (out.type !== 'chunk') continue;
          chunks.push(file);
          if (out.isEntry && out.facadeModuleId) entry = out.facadeModuleId;
          for (const [id, m] of Object.entries(out.modules)) rendered.set(id, m.renderedLength);
        }
        for (const id of this.getModuleIds()) {
          const info = this.getModuleInfo(id);
          if (info) graph.set(id, { importedIds: [...info.importedIds], dynamicallyImportedIds: [...info.dynamicallyImportedIds] });
        }
      },
    },
    writeBundle: {
      order: 'post',
      handler(_options, bundle) {
        const problems: string[] = [];
        if (chunks.length !== 1) problems.push(`${chunks.length} JavaScript chunks (${chunks.join(', ')}): every lazily loaded part must be in the one`);
        const extra = Object.keys(bundle).filter((f) => f !== 'index.html' && !PUBLIC_OK.test(f));
        if (extra.length) problems.push(`files beside index.html: ${extra.join(', ')}`);
        const html = readFileSync(join(outDir, 'index.html'));
        problems.push(...htmlProblems(html.toString('utf8')));
        if (!entry) problems.push('no entry chunk');
        const { first, parts } = lazyParts(graph, entry, rendered, name);
        if (parts.length === 0) problems.push('no lazily loaded part found in the module graph (has the check lost its way?)');
        for (const p of parts) if (!p.inChunk) problems.push(`the lazily loaded part ${p.name} is not in the one script`);
        if (problems.length) throw new Error(`the single-file build would not run from one file:\n- ${problems.join('\n- ')}`);
        const report: SingleFileReport = {
          file: name(join(outDir, 'index.html')),
          bytes: html.length,
          gzipBytes: gzipSync(html, { level: 9 }).length,
          firstScriptRenderedBytes: [...first].reduce((n, id) => n + (rendered.get(id) ?? 0), 0),
          parts,
        };
        if (opts.reportFile) {
          const file = resolve(root, opts.reportFile);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
        }
        if (!opts.quiet) console.log(formatReport(report));
      },
    },
  };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/** The report as the build prints it. */
export function formatReport(r: SingleFileReport): string {
  const width = Math.max(...r.parts.map((p) => p.name.length));
  const rows = r.parts.map((p) => `  ${p.name.padEnd(width)}  ${kB(p.renderedBytes).padStart(9)}  (${p.modules} module${p.modules === 1 ? '' : 's'})`);
  return [
    `single file: ${r.file} ${kB(r.bytes)}, gzip ${kB(r.gzipBytes)}; one script, nothing fetched`,
    `first script ${kB(r.firstScriptRenderedBytes)} rendered; ${r.parts.length} lazily loaded parts inside (rendered before minification; a module shared by parts counts in each):`,
    ...rows,
  ].join('\n');
}
