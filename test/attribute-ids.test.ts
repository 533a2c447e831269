/**
 * Only the attribute table declares attribute ids (issue 9): no file of src/ but
 * src/hsm/attributes.ts names an attribute in a string of its own (`'OBJ_ATTR_KCV'`, or a name
 * built as `OBJ_ATTR_${…}`), pairs an attribute's name with a number (`{ KCV: 371 }`), or holds a
 * table of attribute ids (two or more of them as numbers). Everything else reads the table (`A`,
 * `ATTRIBUTES`, `attrName`, `ATTR_PREFIX`). Names inside prose (a help line or an explanation that
 * mentions OBJ_ATTR_TOKEN) declare nothing and are printed output, so they stay. The sources are
 * parsed (TypeScript's parser for .ts, Svelte's for .svelte), so comments and regular expressions
 * do not count and markup expressions do. A test of the test shows each kind of offender caught.
 */
import { parse as parseSvelte } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { A, ATTRIBUTES, PSEUDO_ATTRIBUTES } from '../src/hsm/attributes';
import { TREE, type Sources } from './support/source-tree';

const TABLE = 'src/hsm/attributes.ts';


/** What a file's code holds: its string pieces (literals, template parts, markup text), numbers, and name: number properties. */
interface Literals {
  strings: string[];
  numbers: number[];
  props: Array<[string, number]>;
}

function tsLiterals(file: string, text: string): Literals {
  const out: Literals = { strings: [], numbers: [], props: [] };
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      out.strings.push(n.text);
    } else if (ts.isNumericLiteral(n)) {
      out.numbers.push(Number(n.text));
    } else if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && ts.isNumericLiteral(n.initializer)) {
      out.props.push([n.name.text, Number(n.initializer.text)]);
    }
    ts.forEachChild(n, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  return out;
}

/** The same from Svelte's AST (ESTree in the script and in markup expressions, Text in markup). */
function svelteLiterals(text: string): Literals {
  const out: Literals = { strings: [], numbers: [], props: [] };
  const seen = new WeakSet<object>();
  const visit = (n: unknown): void => {
    if (typeof n !== 'object' || n === null || seen.has(n)) return;
    seen.add(n);
    const node = n as Record<string, unknown>;
    if (node.type === 'Literal' && typeof node.value === 'string') out.strings.push(node.value);
    if (node.type === 'Literal' && typeof node.value === 'number') out.numbers.push(node.value);
    if (node.type === 'TemplateElement') out.strings.push((node.value as { cooked: string }).cooked);
    if (node.type === 'Text' && typeof node.data === 'string') out.strings.push(node.data);
    if (node.type === 'Property') {
      const key = node.key as { type: string; name?: string; value?: unknown };
      const value = node.value as { type: string; value?: unknown };
      const name = key.type === 'Identifier' ? key.name : typeof key.value === 'string' ? key.value : undefined;
      if (name !== undefined && value.type === 'Literal' && typeof value.value === 'number') out.props.push([name, value.value]);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'comments' && k !== 'css') visit(v);
  };
  visit(parseSvelte(text, { modern: true }));
  return out;
}

const ROWS = [...ATTRIBUTES, ...PSEUDO_ATTRIBUTES];
/** Every attribute name, full (OBJ_ATTR_KCV) and short (KCV, as the table's `A` spells it). */
const NAMES = new Set([...ROWS.map((a) => a.name), ...Object.keys(A)]);
/**
 * Ids that are an attribute's and hardly anything else's: every id from 100 up but 256 and 512,
 * which code uses for other things (AES-256, sizes). Two of them as numbers in one file are a table.
 */
const DISTINCT_IDS = new Set(ROWS.map((a) => a.id).filter((id) => id >= 100 && id !== 256 && id !== 512));

export function attributeIdDeclarations(src: Sources): string[] {
  const bad: string[] = [];
  for (const [f, text] of src) {
    if (f === TABLE) continue;
    const lit = f.endsWith('.svelte') ? svelteLiterals(text) : tsLiterals(f, text);
    for (const s of new Set(lit.strings)) if (/^OBJ_ATTR_[A-Z0-9_]*$/.test(s)) bad.push(`${f}: attribute name '${s}'`);
    for (const [name, n] of lit.props) if (NAMES.has(name)) bad.push(`${f}: ${name}: ${n}`);
    const ids = [...new Set(lit.numbers.filter((n) => DISTINCT_IDS.has(n)))];
    if (ids.length >= 2) bad.push(`${f}: attribute ids ${ids.join(', ')}`);
  }
  return bad;
}

describe('attribute ids', () => {
  it('only the attribute table (src/hsm/attributes.ts) declares attribute ids; everything else reads it', () => {
    expect(attributeIdDeclarations(TREE)).toEqual([]);
  }, 60_000); // (CPU-bound: a busy machine stretches it; no timing is asserted)

  it('the rule fails on each kind of offender, and not on prose or comments', () => {
    const check = (f: string, text: string) => attributeIdDeclarations(new Map([[f, text]]));
    expect(check('src/ui/Scratch.svelte', `<script lang="ts">let { onexplain } = $props();</script>
<button type="button" onclick={() => onexplain(['OBJ_ATTR_LABEL'])}>Label</button>`))
      .toEqual(["src/ui/Scratch.svelte: attribute name 'OBJ_ATTR_LABEL'"]);
    expect(check('src/ui/Scratch.svelte', `<script lang="ts">const KCV = { name: "OBJ_ATTR_KCV", id: 371 };</script><p>{KCV.name}</p>`))
      .toEqual(["src/ui/Scratch.svelte: attribute name 'OBJ_ATTR_KCV'"]);
    expect(check('src/commands/explain/scratch.ts', 'export const full = (w: string) => `OBJ_ATTR_${w.toUpperCase()}`;'))
      .toEqual(["src/commands/explain/scratch.ts: attribute name 'OBJ_ATTR_'"]);
    expect(check('src/shell/scratch.ts', 'export const IDS = { KCV: 371, EXTRACTABLE: 354 };'))
      .toEqual(['src/shell/scratch.ts: KCV: 371', 'src/shell/scratch.ts: EXTRACTABLE: 354', 'src/shell/scratch.ts: attribute ids 371, 354']);
    expect(check('src/hsm/scratch.ts', 'export const DUMP = [0, 256, 353, 371];')).toEqual(['src/hsm/scratch.ts: attribute ids 353, 371']);
    // the table itself, anywhere but its own file
    expect(check('src/hsm/attributes-copy.ts', TREE.get(TABLE)!).length).toBeGreaterThan(0);
    expect(check(TABLE, TREE.get(TABLE)!)).toEqual([]);
    // prose, comments and patterns declare nothing
    expect(check('src/commands/kmu/scratch.ts', `// OBJ_ATTR_KCV = 371, OBJ_ATTR_EXTRACTABLE = 354
export const meaning = 'attribute constant; only 1 (OBJ_ATTR_TOKEN) can be set here, not 371 or 354';
export const re = /\\bOBJ_ATTR_[A-Z_]+\\b/g;
export const aes = { keyBits: 256, block: 16 };`)).toEqual([]);
  });
});
