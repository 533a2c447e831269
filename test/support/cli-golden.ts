/**
 * Golden transcripts with typed placeholders (issue 16, cloudhsm-cli.md §0.1 and §7).
 *
 * A fixture is a transcript copied verbatim from the spec: prompt lines (`$ ` host shell,
 * `Command: ` KMU, `aws-cloudhsm>` CMU, `aws-cloudhsm > ` the CLI, and CMU's y/n question), each
 * followed by what the command printed up to the next prompt. The harness types every prompt
 * line's command into a real terminal (test/support/transcript.ts) and compares what it printed
 * with the fixture, line by line, exactly — JSON as text, key order and blanks included — except:
 *
 * - `<name>` placeholders are typed matchers (KINDS): the first use binds the name to the text it
 *   matched, and every later use (in output AND in typed lines, e.g. `findKey -kcv <kcv7>`) must
 *   be that same text. Bindings live in a Golden, so they carry from one walkthrough to the next.
 *   A few kinds are elisions that bind nothing (`<host answer>`: one line, whatever it says).
 * - Macro lines (MACROS) are expanded before anything runs, from the section they cite; each is
 *   listed in test/fixtures/cli/README.md.
 *
 * Any other `<…>` text is literal (clap help prints `<FILTER>...`).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { openTerminal, type Terminal } from './transcript';

/** One kind of placeholder: the text it matches (a regex source, no anchors) and whether a name binds. */
export interface PlaceholderKind {
  kind: string;
  pattern: string;
  /** Extra check on a matched text (e.g. Base64 length a multiple of 4). */
  check?: (text: string) => boolean;
  /** false: an elision that matches each time afresh (nothing is bound). */
  binds: boolean;
}

const BASE64: PlaceholderKind = {
  kind: 'base64', pattern: '[A-Za-z0-9+/]+={0,2}', binds: true,
  check: (s) => s.length % 4 === 0 && s.length > 0,
};
const KINDS_BY_KIND: ReadonlyMap<string, PlaceholderKind> = new Map<string, PlaceholderKind>([
  /** A check value as both tools print it: `0x` + 6 lower-case hex digits (§4.1; KMU -kcv accepts it, G-31). */
  ['kcv', { kind: 'kcv', pattern: '0x[0-9a-f]{6}', binds: true }],
  ['base64', BASE64],
  ['hex', { kind: 'hex', pattern: '[0-9a-f]+', binds: true }],
  /** A decimal number (a handle, a length). */
  ['decimal', { kind: 'decimal', pattern: '0|[1-9][0-9]*', binds: true }],
  ['handle', { kind: 'handle', pattern: '[1-9][0-9]*', binds: true }],
  /** A key reference, `0x%016x` of the handle (§5.2). */
  ['key-reference', { kind: 'key-reference', pattern: '0x[0-9a-f]{16}', binds: true }],
  /** One whole line of output, not bound (the host shell's answer to a playground command). */
  ['line', { kind: 'line', pattern: '[^\\n]+', binds: false }],
]);

/**
 * Placeholder names → kinds. A name not here (after dropping trailing digits: `kcv6` → `kcv`) is
 * literal text. The names are the ones §7 uses (and the kinds' own names); a test may add more.
 */
export const PLACEHOLDER_NAMES: ReadonlyMap<string, string> = new Map([
  ['kcv', 'kcv'], // <kcv>, <kcv6>, <kcv7>: §7 conventions "check values, the same in both tools"
  ['wrapped', 'base64'], // §7 conventions: Base64
  ['sig', 'base64'], // §7 conventions: Base64
  ['base64', 'base64'],
  ['n', 'decimal'], // §7 conventions: the length of a KMU file with its header (kmu-commands.md G-26)
  ['hex', 'hex'],
  ['handle', 'handle'],
  ['key-reference', 'key-reference'],
  ['host answer', 'line'], // §7 conventions: the host shell's own line for a playground command
]);

export function kindOf(name: string, extra?: ReadonlyMap<string, string>): PlaceholderKind | null {
  const look = (n: string) => extra?.get(n) ?? PLACEHOLDER_NAMES.get(n);
  const k = look(name) ?? look(name.replace(/[0-9]+$/, ''));
  return k === undefined ? null : KINDS_BY_KIND.get(k) ?? null;
}

/** The prompts a transcript line can start with (§7 conventions; CMU's y/n question, users-and-keys.md). */
export const PROMPTS: readonly string[] = ['aws-cloudhsm > ', 'aws-cloudhsm>', 'Command: ', '$ ', 'Do you want to continue(y/n)?'];

const fixtureDir = new URL('../fixtures/cli/', import.meta.url);
export const fixture = (name: string): string => readFileSync(new URL(`${name}.txt`, fixtureDir), 'utf8');
export const walkthroughText = (n: number): string => fixture(`walkthrough-${n}`);

/** A fixture line after macro expansion, with where it came from (for failure messages). */
interface Line { text: string; from: string }

/** The lines of a text file (its final newline dropped). */
function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/**
 * `<KMU login>` (§7 conventions): the loginHSM output of walkthrough 1, from the empty line after
 * the command line to the last node line.
 */
export function kmuLoginLines(): string[] {
  const w1 = linesOf(walkthroughText(1));
  const at = w1.indexOf('Command: loginHSM -u CU -s example_user -p example_pwd');
  const next = w1.findIndex((l, i) => i > at && l.startsWith('Command: '));
  const out = w1.slice(at + 1, next);
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (out[0] !== '' || !/Node id 2 /.test(out[out.length - 1]!)) throw new Error(`<KMU login>: walkthrough 1 has no login block (${JSON.stringify(out)})`);
  return out;
}

/** `<the 24 attribute lines of walkthrough 1>`: the lines inside walkthrough 1's verbose "attributes" object. */
export function w1AttributeLines(): string[] {
  const w1 = linesOf(walkthroughText(1));
  for (let i = 0; i < w1.length; i++) {
    const m = /^(\s*)"attributes": \{$/.exec(w1[i]!);
    if (!m) continue;
    const close = w1.indexOf(`${m[1]}}`, i + 1);
    const body = w1.slice(i + 1, close);
    if (body.length === 24) return body;
  }
  throw new Error('walkthrough 1 has no 24-line attributes object');
}

/** `<CMU connection banner, users-and-keys.md §7>`: users-and-keys.md lines 332–342 (test/fixtures/cmu/banner.txt). */
export function cmuBannerLines(): string[] {
  return linesOf(readFileSync(new URL('../fixtures/cmu/banner.txt', import.meta.url), 'utf8'));
}

/** Whole-line macros: the trimmed line → its lines (indentation checked, see expand). */
export const MACROS: ReadonlyMap<string, () => string[]> = new Map([
  ['<KMU login>', kmuLoginLines],
  ['<the 24 attribute lines of walkthrough 1>', w1AttributeLines],
  ['<CMU connection banner, users-and-keys.md §7>', cmuBannerLines],
]);

export function expand(name: string, text: string): Line[] {
  const out: Line[] = [];
  linesOf(text).forEach((line, i) => {
    const from = `${name}:${i + 1}`;
    const macro = MACROS.get(line.trim());
    if (!macro) { out.push({ text: line, from }); return; }
    const lines = macro();
    const indent = line.slice(0, line.length - line.trimStart().length);
    const have = lines[0]!.slice(0, lines[0]!.length - lines[0]!.trimStart().length);
    if (lines.some((l) => l !== '' && !l.startsWith(have))) throw new Error(`${from}: macro lines not uniformly indented`);
    // A macro written at another indentation is re-indented (none in §7 is: the attributes sit at 10 spaces in both).
    for (const l of lines) out.push({ text: l === '' ? '' : indent + l.slice(have.length), from: `${from} ${line.trim()}` });
  });
  return out;
}

/** One command of a transcript: its prompt, the typed line and the expected output lines. */
export interface Step { prompt: string; line: string; from: string; output: Line[] }

export function parse(name: string, text: string): Step[] {
  const steps: Step[] = [];
  for (const l of expand(name, text)) {
    const prompt = PROMPTS.find((p) => l.text.startsWith(p) || (p.endsWith(' ') && l.text === p.trimEnd()));
    if (prompt !== undefined) steps.push({ prompt, line: l.text.slice(prompt.length), from: l.from, output: [] });
    else if (steps.length === 0) throw new Error(`${l.from}: output before the first prompt: ${JSON.stringify(l.text)}`);
    else steps[steps.length - 1]!.output.push(l);
  }
  return steps;
}

const PLACEHOLDER = /<([^<>\n]+)>/g;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Bindings of placeholder names, shared by the walkthroughs of one playground. */
export class Golden {
  readonly bindings = new Map<string, string>();
  constructor(readonly extraNames?: ReadonlyMap<string, string>) {}

  value(name: string): string {
    const v = this.bindings.get(name);
    if (v === undefined) throw new Error(`<${name}> is not bound yet`);
    return v;
  }

  /** Replace bound placeholders in a typed line; an unbound typed placeholder is an error. */
  resolveTyped(line: string, from: string): string {
    return line.replace(PLACEHOLDER, (whole, name: string) => {
      if (!kindOf(name, this.extraNames)) return whole;
      const v = this.bindings.get(name);
      if (v === undefined) throw new Error(`${from}: typed line uses <${name}> before it is bound`);
      return v;
    });
  }

  /**
   * Match one expected line against one actual line. On a match, binds the new names and returns
   * null; otherwise returns the expected line with the bound values put in (for the diff).
   */
  matchLine(expected: string, actual: string | undefined): string | null {
    const names: string[] = [];
    let re = '^';
    let last = 0;
    const local = new Map<string, number>();
    let shown = '';
    for (const m of expected.matchAll(PLACEHOLDER)) {
      const kind = kindOf(m[1]!, this.extraNames);
      if (!kind) continue;
      re += escapeRe(expected.slice(last, m.index));
      shown += expected.slice(last, m.index);
      last = m.index! + m[0].length;
      const name = m[1]!;
      const bound = kind.binds ? this.bindings.get(name) : undefined;
      if (bound !== undefined) { re += escapeRe(bound); shown += bound; continue; }
      shown += m[0];
      if (kind.binds && local.has(name)) { re += `\\${local.get(name)}`; continue; }
      names.push(name);
      local.set(name, names.length);
      re += `(${kind.pattern})`;
    }
    re += escapeRe(expected.slice(last)) + '$';
    shown += expected.slice(last);
    if (actual === undefined) return shown;
    const got = new RegExp(re).exec(actual);
    if (!got) return shown;
    for (let i = 0; i < names.length; i++) {
      const kind = kindOf(names[i]!, this.extraNames)!;
      if (kind.check && !kind.check(got[i + 1]!)) return shown;
    }
    names.forEach((name, i) => { if (kindOf(name, this.extraNames)!.binds) this.bindings.set(name, got[i + 1]!); });
    return null;
  }

  /**
   * The expected text of some lines as they should read against `actual`: every line that matches
   * is the actual line; one that does not is the expected line (bound values put in). Equal to
   * `actual` exactly when every line matched, so expect(actual).toBe(it) shows a diff of the rest.
   */
  resolve(expected: Line[], actualText: string): { text: string; failed: string[] } {
    const actual = actualText.split('\n');
    const failed: string[] = [];
    const out = expected.map((l, i) => {
      const miss = this.matchLine(l.text, actual[i]);
      if (miss === null) return actual[i]!;
      failed.push(`${l.from}: ${JSON.stringify(l.text)}`);
      return miss;
    });
    return { text: out.join('\n'), failed };
  }
}

export interface PlayOptions {
  /**
   * 'exact' (default): every prompt and output must match, the first mismatch fails the test.
   * 'soft': compare with expect.soft and carry on, so one run lists every failing line.
   * 'none': only type the lines (a setup: the walkthroughs before the one under test); names
   *   still bind where a line matches, since later typed lines may use them (`findKey -kcv <kcv7>`).
   */
  check?: 'exact' | 'soft' | 'none';
}

/**
 * Play a fixture in a terminal: for every step check the prompt, type the line (placeholders
 * resolved), and compare the output. A last prompt line with nothing typed checks the final prompt.
 * Returns the fixture lines that did not match (empty when all did).
 */
export async function play(t: Terminal, g: Golden, name: string, text: string, opts: PlayOptions = {}): Promise<string[]> {
  const check = opts.check ?? 'exact';
  const steps = parse(name, text);
  const failed: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const at = `${s.from} ${JSON.stringify(s.prompt + s.line)}`;
    if (t.session.prompt !== s.prompt) failed.push(`${at}: prompt ${JSON.stringify(t.session.prompt)}`);
    if (check !== 'none') expect(t.session.prompt, `${at}: prompt`).toBe(s.prompt);
    if (i === steps.length - 1 && s.line === '' && s.output.length === 0) {
      if (check !== 'none') expect(t.screen().endsWith(s.prompt), `${at}: ends at the prompt`).toBe(true);
      break;
    }
    const typed = g.resolveTyped(s.line, s.from);
    const out = await t.type(typed);
    // The fixture shows the output lines, then the next prompt; the output ends with '\n' when there is one.
    const body = out.endsWith('\n') ? out.slice(0, -1) : out;
    const want = s.output.length === 0 ? { text: '', failed: body === '' ? [] : [`${at}: (no output expected)`] } : g.resolve(s.output, body);
    failed.push(...want.failed);
    if (check === 'exact') expect(body, at).toBe(want.text);
    else if (check === 'soft') expect.soft(body, at).toBe(want.text);
  }
  return failed;
}

/**
 * A terminal at the start of §7: a fresh playground (README decision 1) after
 * `settings handles simple` (so the first key is handle 6), at the host prompt.
 */
export async function walkthroughTerminal(seed = 1): Promise<Terminal> {
  const t = await openTerminal({ seed });
  await t.type('settings handles simple');
  return t;
}

/** Play walkthroughs `from`…`to` of §7 in order on one terminal and one set of bindings. */
export async function playWalkthroughs(t: Terminal, g: Golden, from: number, to: number, opts: PlayOptions = {}): Promise<string[]> {
  const failed: string[] = [];
  for (let n = from; n <= to; n++) failed.push(...(await play(t, g, `walkthrough-${n}`, walkthroughText(n), opts)));
  return failed;
}
