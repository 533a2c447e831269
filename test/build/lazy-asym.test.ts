/**
 * The asymmetric engines load only when the main thread needs them (issue 12: WebKit evaluated the
 * whole facade in one long task on the first key-pair command). What a key-pair command reaches by
 * static imports — src/crypto/asym/lite.ts and the HSM operations that import it — holds no
 * JavaScript engine (rsa.ts, ec.ts on @noble/curves, dsa.ts, drbg.ts, seeded.ts, js-routes.ts):
 * those load with `await import()`. Checked on the source text, as first-script.test.ts does.
 */
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TREE, type Sources } from '../support/source-tree';

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

/** Static imports of a file (`import … from`, `import '…'`, `export … from`; `import type` is erased): relative ones resolved, packages as named. */
function staticImports(file: string, source: string): string[] {
  const code = stripComments(source);
  const specs = [
    ...code.matchAll(/(?:^|[;\n])\s*import\s+(?!type\b)(?!\()(?:[^'";]*?\bfrom\s*)?'([^']+)'/g),
    ...code.matchAll(/(?:^|[;\n])\s*export\s+(?!type\b)[^'";]*?\bfrom\s*'([^']+)'/g),
  ].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? normalize(join(dirname(file), s)) : s));
}

function resolve(src: Sources, path: string): string | undefined {
  return [path, `${path}.ts`, `${path}/index.ts`].find((p) => src.has(p));
}

/** Every file and package `entry` reaches through static imports. */
function reach(src: Sources, entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!src.has(f)) continue; // a package
    for (const target of staticImports(f, src.get(f)!)) {
      const file = target.startsWith('src/') ? resolve(src, target) : target;
      if (file !== undefined && !seen.has(file)) todo.push(file);
    }
  }
  return seen;
}

const HEAVY = /^(src\/crypto\/asym\/(rsa|ec|dsa|drbg|seeded|js-routes|index|x509)\.ts|@noble\/curves\b.*)$/;
const heavy = (src: Sources, entry: string) => [...reach(src, entry)].filter((f) => HEAVY.test(f)).sort();

/** What the main thread loads for a key-pair command (the page's keygen port runs seeded.ts in its worker). */
const MAIN_THREAD = [
  'src/crypto/asym/lite.ts', 'src/crypto/asym/platform-keygen.ts', 'src/hsm/pairs.ts', 'src/hsm/ops/pairs.ts', 'src/hsm/ops/signatures.ts', 'src/hsm/ops/pair-files.ts',
  'src/hsm/ops/keys.ts', 'src/hsm/wrap.ts', 'src/hsm/ops/wrap.ts', 'src/platform/keygen-worker.ts',
];

describe('the asymmetric engines load lazily on the main thread', () => {
  it.each(MAIN_THREAD)('%s reaches no JavaScript engine statically', (entry) => {
    expect(TREE.has(entry), entry).toBe(true);
    expect(heavy(TREE, entry)).toEqual([]);
  });

  it('the engines are still there, behind index.ts, seeded.ts and js-routes.ts (the check can fail)', () => {
    expect(heavy(TREE, 'src/crypto/asym/index.ts')).toEqual(expect.arrayContaining([
      'src/crypto/asym/ec.ts', 'src/crypto/asym/rsa.ts', 'src/crypto/asym/dsa.ts', 'src/crypto/asym/seeded.ts',
    ]));
    expect([...reach(TREE, 'src/crypto/asym/js-routes.ts')].some((f) => f.startsWith('@noble/curves'))).toBe(true);
    const p = 'src/hsm/pairs.ts';
    const bad = new Map([...TREE, [p, `${TREE.get(p)}\nimport { generateKeyPairFromSeed } from '../crypto/asym/index';\nvoid generateKeyPairFromSeed;\n`]]);
    expect(heavy(bad, p)).toEqual(expect.arrayContaining(['src/crypto/asym/ec.ts', 'src/crypto/asym/seeded.ts']));
  });
});
