/**
 * Canonical blocks with `<placeholder>` tokens (cloudhsm-cli.md §0.1, §7): each placeholder is a
 * typed matcher, bound on first use and equal on every reuse (`<sig>` printed by the CLI and by the
 * host's `base64` is one string); a macro (`<KMU login>`) or an elision (`{ <as §2.6, owner =
 * caller> }`) is replaced by the text of the section it cites before matching (the fixtures hold
 * the spec's text verbatim; see test/fixtures/cli/crypto-README.md). A placeholder of no known type
 * is an error, never a wildcard.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export const cliFixture = (name: string) => readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');

const B64 = '(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?';
const REF = '0x[0-9a-f]{16}';
/** Placeholder → the values it stands for (Map: placeholder names are typed words of the fixtures). */
const TYPES: ReadonlyMap<string, string> = new Map([
  ['sig', B64], ['base64', B64], ['wrapped', B64],
  ['ref', REF], ['private key ref', REF],
  ['kcv', '0x[0-9a-f]{6}'], ['n', '[0-9a-f]+'],
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Match `actual` against `expected`: literal text exactly, placeholders by type, repeats equal.
 * Returns the bound values; on a mismatch fails with the two texts side by side.
 */
export function expectGolden(actual: string, expected: string, macros: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  let text = expected;
  for (const [from, to] of macros) text = text.split(from).join(to);
  const names: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of text.matchAll(/<([^<>\n]+)>/g)) {
    source += escape(text.slice(last, m.index));
    last = m.index! + m[0].length;
    const name = m[1]!;
    const type = TYPES.get(name);
    if (type === undefined) throw new Error(`fixture placeholder <${name}> has no type and no macro`);
    const i = names.indexOf(name);
    if (i >= 0) source += `\\k<g${i}>`;
    else {
      source += `(?<g${names.length}>${type})`;
      names.push(name);
    }
  }
  source += escape(text.slice(last)) + '$';
  const match = new RegExp(source).exec(actual);
  if (!match) expect(actual).toBe(text); // shows the difference
  return new Map(names.map((n, i) => [n, match!.groups![`g${i}`]!]));
}
