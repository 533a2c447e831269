/** The repository's source files as text, for the tests that read the code itself (architecture, attribute ids). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;

/** Every .ts and .svelte file below `dir` (relative to the repository), as repository paths. */
export function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = join(dir, f);
    return statSync(join(ROOT, p)).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(f) ? [p] : [];
  });
}

export type Sources = ReadonlyMap<string, string>;
/** src/, path → text. */
export const TREE: Sources = new Map(files('src').map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
