/**
 * The documentation page's `<kmu-console>` examples (docs-site/embeds.html; issue 14, item 5), read
 * from the page itself, and the spec's canonical blocks each must print (test/fixtures/kmu, copied
 * from docs/spec): used by the unit test that replays them on the engine (test/embed/docs-examples.test.ts)
 * and by the end-to-end test that runs them in the browsers (e2e/embed-docs.e2e.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/kmu', `${name}.txt`), 'utf8').trimEnd();

export interface DocsExample {
  id: string;
  seed: number;
  handles: 'simple' | 'realistic';
  preamble: string[];
  script: string[];
  /** Canonical blocks (each from `Command: …` to its last line) the script's output holds, in order. */
  blocks: string[];
}

/** Lines as `<kmu-console>` reads them: each trimmed, blank ones dropped. */
const linesOf = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** Every `<kmu-console>` of the docs page: id, seed, handles, preamble and script. */
export function docsExamples(html = readFileSync(join(ROOT, 'docs-site/embeds.html'), 'utf8')): Omit<DocsExample, 'blocks'>[] {
  return [...html.matchAll(/<kmu-console\b([^>]*)>([\s\S]*?)<\/kmu-console>/g)].map((m) => {
    const tag = m[1]!;
    const body = m[2]!;
    const child = (type: string) => new RegExp(`<script type="${type}">([\\s\\S]*?)</script>`).exec(body)?.[1] ?? '';
    const handles = attr(tag, 'handles');
    return {
      id: attr(tag, 'id') ?? '',
      seed: Number(attr(tag, 'seed')),
      handles: handles === 'simple' ? 'simple' : 'realistic',
      preamble: linesOf(child('text/kmu-preamble')),
      script: linesOf(child('text/kmu')),
    };
  });
}

/** What each example must print: the spec's canonical blocks (kmu-commands.md §3.2; §3.3 exSymKey) with the example's arguments. */
export const EXPECTED: Record<string, string[]> = {
  // imSymKey's canonical output, verbatim (the guide's first example, handle 262180)
  'example-import': [fixture('imSymKey')],
  // the guide's 3DES session-key transcript as the spec normalises it (fixture imSymKey-3des-sess-attest)
  'example-session': [fixture('imSymKey-3des-sess-attest')],
  // exSymKey's canonical block for this key and file, then the guide's second imSymKey example (handle 21) in canonical form
  'example-move': [
    fixture('exSymKey').replace('exSymKey -k 7 -w 6 -out 3DES.key', 'exSymKey -k 14 -w 6 -out aes.key').replace('"3DES.key"', '"aes.key"'),
    fixture('imSymKey').replace('imSymKey -f aes256.key -w 20 -t 31 -l imported', 'imSymKey -f aes.key -w 262152 -t 31 -l xcluster')
      .replace('Key Handle: 262180', 'Key Handle: 21'),
  ],
};

export function examplesWithBlocks(): DocsExample[] {
  return docsExamples().map((e) => {
    const blocks = Object.hasOwn(EXPECTED, e.id) ? EXPECTED[e.id]! : null;
    if (!blocks) throw new Error(`docs-site/embeds.html: no expected output for the example ${JSON.stringify(e.id)}`);
    return { ...e, blocks };
  });
}
