/**
 * The single-file build (issue 15, item 4; scripts/single-file.ts, src/platform/db-names.ts): one
 * file that fetches nothing and holds every lazily loaded part, with databases of its own.
 *
 * The check's pieces are tested on small inputs (each can fail), then the real build is made into a
 * temporary directory: it must pass the plugin's check (the build throws otherwise), its one script
 * must hold each lazily loaded part (found also independently, by a text each part's code prints);
 * the database names each build uses are checked on storageNames (and in the page, from
 * file://, by e2e/single-file.e2e.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlProblems, lazyParts, staticClosure, type GraphModule, type SingleFileReport } from '../../scripts/single-file';
import { STORAGE_NAMES, storageNames } from '../../src/platform/db-names';
import { DEFAULT_DB_NAME } from '../../src/platform/idb-backend';
import { LESSON_DB_PREFIX } from '../../src/platform/lesson-storage';
import { LESSON_PROGRESS_DB } from '../../src/platform/lesson-progress';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const g = (entries: Record<string, [string[], string[]?]>): Map<string, GraphModule> =>
  new Map(Object.entries(entries).map(([id, [s, d]]) => [id, { importedIds: s, dynamicallyImportedIds: d ?? [] }]));

describe('the database names of each build', () => {
  it('the single file\'s names are its own: no name of one build is, or starts with a prefix of, the other\'s', () => {
    const net = storageNames('production');
    const single = storageNames('single');
    expect(net).toEqual({ main: 'kmu-playground', lessonProgress: 'kmu-playground-lessons', lessonPrefix: 'kmu-playground-lesson-', logins: 'kmu-playground:logins' });
    expect(single).toEqual({ main: 'kmu-playground-single', lessonProgress: 'kmu-playground-single-lessons', lessonPrefix: 'kmu-playground-single-lesson-', logins: 'kmu-playground-single:logins' });
    for (const [a, b] of [[net, single], [single, net]] as const) {
      for (const n of [a.main, a.lessonProgress, a.logins]) {
        expect([b.main, b.lessonProgress, b.logins]).not.toContain(n);
        expect(n.startsWith(b.lessonPrefix), `${n} is no lesson playground of the other build`).toBe(false);
      }
      // (a lesson id is [a-z0-9-]: the network build's prefix + "single-lesson-x" is a name only a lesson called "single-lesson-x" would give)
      expect(a.lessonPrefix).not.toBe(b.lessonPrefix);
    }
    // the dev server and the network build share the names; tests run in mode 'test' with them too
    expect(storageNames('development')).toEqual(net);
    expect(STORAGE_NAMES).toEqual(net);
    expect([DEFAULT_DB_NAME, LESSON_DB_PREFIX, LESSON_PROGRESS_DB]).toEqual([net.main, net.lessonPrefix, net.lessonProgress]);
  });
});

describe('the single-file check', () => {
  it('staticClosure follows static imports only', () => {
    const graph = g({ main: [['a'], ['lazy']], a: [['b']], b: [[]], lazy: [['a', 'c']], c: [[]] });
    expect([...staticClosure(graph, 'main')].sort()).toEqual(['a', 'b', 'main']);
  });

  it('lazyParts: each import() target with the modules only it brings, and what the chunk lacks', () => {
    const graph = g({ main: [['a'], ['lazy', 'a']], a: [['b'], ['other']], b: [[]], lazy: [['a', 'c']], c: [[]], other: [['c', 'd']], d: [[]] });
    const sizes = new Map([['main', 5], ['a', 10], ['b', 1], ['lazy', 100], ['c', 7], ['other', 20], ['d', 3]]);
    const { first, parts } = lazyParts(graph, 'main', sizes);
    expect([...first].sort()).toEqual(['a', 'b', 'main']);
    // 'a' is in the first script already: no part of its own
    expect(parts).toEqual([
      { name: 'lazy', modules: 2, inChunk: true, treeShaken: [], renderedBytes: 107 },
      { name: 'other', modules: 3, inChunk: true, treeShaken: [], renderedBytes: 30 },
    ]);
    sizes.delete('d'); // a module of the part that rendered nothing
    expect(lazyParts(graph, 'main', sizes).parts.find((p) => p.name === 'other')).toMatchObject({ inChunk: true, treeShaken: ['d'], renderedBytes: 27 });
    sizes.delete('other'); // the part itself is not in the one chunk (left as a file of its own)
    expect(lazyParts(graph, 'main', sizes).parts.find((p) => p.name === 'other')).toMatchObject({ inChunk: false });
  });

  it('htmlProblems: anything the page would fetch beyond its one file', () => {
    const ok = '<link rel="icon" href="./favicon.svg" /><script type="module">const m = await Promise.resolve().then(() => x);</script>';
    expect(htmlProblems(ok)).toEqual([]);
    expect(htmlProblems('<script type="module" src="./assets/index-x.js"></script>')).toEqual(['a script loaded from ./assets/index-x.js', 'a reference to the file "./assets/index-x.js"']);
    expect(htmlProblems('<script src="https://cdn.example/x.js"></script>')).toEqual(['a script loaded from https://cdn.example/x.js']);
    expect(htmlProblems('<link rel="modulepreload" href="./assets/kmu-x.js">')).toHaveLength(2); // the preload, and the file name
    expect(htmlProblems('<link rel="stylesheet" href="./assets/index.css">')).toHaveLength(2);
    expect(htmlProblems('<link rel="stylesheet" href="data:text/css,body{}">')).toEqual([]);
    expect(htmlProblems('<script>import("./kmu-run-abc.js")</script>')).toEqual(['an import() of ./kmu-run-abc.js']);
    expect(htmlProblems('<script>new Worker(new URL("./w.js", import.meta.url))</script>')).toEqual(['a file located with new URL("./w.js", import.meta.url)']);
    // (Vite's preload helper resolves the deps it is given; in the one file it is given none)
    expect(htmlProblems('<script>function s(e){return new URL(e,import.meta.url)}</script>')).toEqual([]);
    expect(htmlProblems('<script>fetch("assets/release-abc.wasm")</script>')).toEqual(['a reference to the file "assets/release-abc.wasm"']);
  });
});

describe('the single-file build', () => {
  it('is one file holding every lazily loaded part (the plugin\'s check passes); its size reported', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kmu-single-'));
    dirs.push(outDir);
    // (the build throws when scripts/single-file.ts finds a chunk left out, a file fetched or a part missing)
    await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'single', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    expect(readdirSync(outDir).sort()).toEqual(['favicon.svg', 'index.html']);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(htmlProblems(html)).toEqual([]);
    // each lazily loaded part is inside, found by a text only its code has (none of these files is in the first script)
    for (const [part, text] of [
      ['key_mgmt_util (src/commands/kmu)', 'Cfm3GenerateSymmetricKey'],
      ['cloudhsm_mgmt_util (src/commands/cmu/create-user.ts)', 'Creates a user on the HSMs'],
      ['the CloudHSM CLI (src/commands/cli/program.ts)', 'aws-cloudhsm > '],
      ['lesson 1 (src/lessons)', 'Import a plaintext key with imSymKey'],
      ['the wasm cores, inlined', 'data:application/wasm;base64,'],
    ] as const) expect(html, part).toContain(text);
    const report = JSON.parse(readFileSync(join(ROOT, 'test-results', 'single-file-size.json'), 'utf8')) as SingleFileReport;
    expect(report.bytes).toBe(Buffer.byteLength(html));
    expect(report.gzipBytes).toBeGreaterThan(0);
    expect(Math.abs(report.gzipBytes - gzipSync(html, { level: 9 }).length)).toBe(0);
    expect(report.parts.length).toBeGreaterThan(10);
    for (const p of report.parts) expect(p.inChunk, p.name).toBe(true);
    // the graph's parts name each lazily loaded program and panel
    const names = report.parts.map((p) => p.name);
    for (const part of [/^src\/commands\/kmu\//, /^src\/commands\/cmu\//, /^src\/commands\/cli\//, /^src\/crypto\/asym\//, /^src\/ui\/lessons\.svelte\.ts$/,
      /^src\/ui\/WrapView\.svelte$/, /^src\/platform\/lesson-ports\.ts$/, /^src\/commands\/host\/program-run\.ts$/, /keygen-worker-entry\.ts\?worker/]) {
      expect(names.some((n) => part.test(n)), `${part} among ${names.join(', ')}`).toBe(true);
    }
    console.log(`single file ${(report.bytes / 1000).toFixed(1)} kB, gzip ${(report.gzipBytes / 1000).toFixed(1)} kB, ${report.parts.length} lazily loaded parts`);
  }, 240_000);
});
