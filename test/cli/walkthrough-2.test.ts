/**
 * Walkthrough 2 of cloudhsm-cli.md (§7.3, `wrapKey -m 5` and `key wrap aes-no-pad`), golden:
 * test/fixtures/cli/walkthrough-2.txt is §7.3's block verbatim; `<KMU login>` is expanded from
 * walkthrough 1 (§7.2, the lines from the empty line after the loginHSM line to the last node
 * line: test/fixtures/cli/walkthrough-2.kmu-login.txt). Placeholders are typed matchers, bound on
 * first use and equal on every reuse: `<wrapped>` Base64, `<kcv7>` a CLI check value (`0x` and 6
 * hex digits, which KMU findKey -kcv takes as typed), `<n>` a decimal length. The state it starts
 * from is walkthrough 1's (a fresh playground, `settings handles simple`, key 6 `wrapping-key` made
 * by KMU genSymKey -t 31 -s 32), made here by typing those lines.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';

const read = (name: string) => readFileSync(new URL(`../fixtures/cli/${name}`, import.meta.url), 'utf8');
const KMU_LOGIN = read('walkthrough-2.kmu-login.txt').replace(/\n$/, '');
const EXPECTED = read('walkthrough-2.txt').replace(/\n$/, '').replace(/^<KMU login>$/gm, KMU_LOGIN);

const PROMPTS = ['aws-cloudhsm > ', 'Command: ', '$ '] as const;

/** Typed matchers of the placeholders §7 uses here. */
const MATCHERS: ReadonlyMap<string, string> = new Map([
  ['wrapped', '[A-Za-z0-9+/]+={0,2}'],
  ['kcv7', '0x[0-9a-f]{6}'],
  ['n', '[1-9][0-9]*'],
]);

/** One typed line and the lines it printed. */
interface Step { prompt: string; line: string; output: string[] }

function steps(text: string): Step[] {
  const out: Step[] = [];
  for (const line of text.split('\n')) {
    const prompt = PROMPTS.find((p) => line.startsWith(p));
    if (prompt !== undefined && (line.length > prompt.length || out.length === 0)) out.push({ prompt, line: line.slice(prompt.length), output: [] });
    else if (line === '$ ') out.push({ prompt: '$ ', line: '', output: [] }); // the closing prompt
    else out.at(-1)!.output.push(line);
  }
  return out;
}

const bound = new Map<string, string>();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does `actual` match the expected line, binding placeholders on first use? */
function matchLine(expected: string, actual: string): boolean {
  const names: string[] = [];
  const pattern = expected.split(/(<[a-z0-9]+>)/).map((part) => {
    const m = /^<([a-z0-9]+)>$/.exec(part);
    const name = m?.[1];
    if (name === undefined || !MATCHERS.has(name)) return escape(part);
    if (bound.has(name)) return escape(bound.get(name)!);
    names.push(name);
    return `(${MATCHERS.get(name)!})`;
  }).join('');
  const m = new RegExp(`^${pattern}$`).exec(actual);
  if (!m) return false;
  names.forEach((name, i) => bound.set(name, m[i + 1]!));
  return true;
}

const substitute = (line: string) => line.replace(/<([a-z0-9]+)>/g, (all, name: string) => bound.get(name) ?? all);

it('walkthrough 2: -m 5 -noheader and aes-no-pad are the same bytes; a KMU header does not unwrap; KMU finds both copies', async () => {
  const t = await openTerminal({ seed: 2 });
  // Walkthrough 1's state.
  await t.type('settings handles simple');
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  expect(await t.type('genSymKey -t 31 -s 32 -l wrapping-key')).toContain('Key Handle: 6');
  await t.type('exit');

  const all = steps(EXPECTED);
  expect(all[0]!.line).toBe('key_mgmt_util');
  for (const step of all) {
    if (step.line === '' && step.prompt === '$ ') {
      expect(t.session.prompt).toBe('$ ');
      continue;
    }
    expect(t.session.prompt).toBe(step.prompt);
    const printed = (await t.type(substitute(step.line))).replace(/\n$/, '');
    const actual = printed === '' ? [] : printed.split('\n');
    const context = `after ${step.prompt}${step.line}:\n${printed}`;
    expect(actual.length, context).toBe(step.output.length);
    step.output.forEach((line, i) => expect(matchLine(line, actual[i]!), `${context}\n--- line ${i}: ${line}`).toBe(true));
  }
  expect(bound.get('wrapped')!.length).toBe(32); // 24 bytes
});
