/**
 * DEVELOPERS.md architecture rules, checked on the source text: the engine never touches browser
 * globals, dependencies point one way, and only one file imports xterm.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = join(dir, f);
    return statSync(join(ROOT, p)).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(f) ? [p] : [];
  });
}
const LAYERS = ['crypto', 'hsm', 'commands', 'shell', 'ui'];
const layerOf = (p: string) => LAYERS.indexOf(p.split('/')[1] ?? '');

describe('architecture', () => {
  const engine = files('src').filter((f) => ['crypto', 'hsm', 'commands', 'shell', 'scenarios'].includes(f.split('/')[1]!));

  it('the engine never touches window, document, indexedDB, localStorage or navigator', () => {
    const offenders = engine.filter((f) =>
      /\b(window|document|indexedDB|localStorage|navigator)\s*[.[]/.test(readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(offenders).toEqual([]);
  });

  it('dependencies point one way: crypto ← hsm ← commands ← shell ← ui', () => {
    const bad: string[] = [];
    for (const f of files('src')) {
      const from = layerOf(f);
      if (from < 0) continue;
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(ROOT, join(ROOT, f, '..', m[1]!));
        const to = layerOf(target);
        if (to > from) bad.push(`${f} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('exactly one file imports @xterm', () => {
    const importers = files('src').filter((f) => /from '@xterm\//.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(importers).toHaveLength(1);
  });
});
