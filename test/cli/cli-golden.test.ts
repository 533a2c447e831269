/** The typed placeholder matchers and macros of test/support/cli-golden.ts (the harness of the §7 goldens). */
import { describe, expect, it } from 'vitest';
import { Golden, expand, kindOf, parse, play, walkthroughText } from '../support/cli-golden';
import type { Terminal } from '../support/transcript';

describe('typed placeholders', () => {
  it('bind on first use and must be equal on every reuse', () => {
    const g = new Golden();
    expect(g.matchLine('"check-value": "<kcv6>",', '"check-value": "0x1a2b3c",')).toBeNull();
    expect(g.value('kcv6')).toBe('0x1a2b3c');
    expect(g.matchLine('"check-value": "<kcv6>",', '"check-value": "0x1a2b3d",')).toBe('"check-value": "0x1a2b3c",');
    expect(g.matchLine('Command: findKey -kcv <kcv6>', 'Command: findKey -kcv 0x1a2b3c')).toBeNull();
    expect(g.resolveTyped('findKey -kcv <kcv6>', 'x')).toBe('findKey -kcv 0x1a2b3c');
    expect(() => g.resolveTyped('findKey -kcv <kcv7>', 'x')).toThrow(/before it is bound/);
  });

  it('check their kind', () => {
    const g = new Golden();
    expect(g.matchLine('"check-value": "<kcv7>",', '"check-value": "1a2b3c",')).not.toBeNull(); // no 0x
    expect(g.matchLine('"check-value": "<kcv7>",', '"check-value": "0x1A2B3C",')).not.toBeNull(); // upper case
    expect(g.matchLine('<wrapped>', 'abc')).not.toBeNull(); // not a multiple of 4
    expect(g.matchLine('<wrapped>', 'ab c')).not.toBeNull();
    expect(g.matchLine('<wrapped>', 'q83vEjRWeJA=')).toBeNull();
    expect(g.matchLine('length <n>', 'length 01')).not.toBeNull();
    expect(g.matchLine('length <n>', 'length 64')).toBeNull();
    expect(g.bindings.has('kcv7')).toBe(false);
  });

  it('match twice in one line only the same text; elisions bind nothing', () => {
    const g = new Golden();
    expect(g.matchLine('<sig> <sig>', 'AAAA BBBB')).not.toBeNull();
    expect(g.matchLine('<sig> <sig>', 'AAAA AAAA')).toBeNull();
    expect(g.matchLine('<host answer>', 'HSM 2 of cluster is down.')).toBeNull();
    expect(g.matchLine('<host answer>', 'anything else')).toBeNull();
    expect(g.matchLine('<host answer>', '')).not.toBeNull();
    expect(g.bindings.has('host answer')).toBe(false);
  });

  it('leave any other <…> literal (clap help)', () => {
    const g = new Golden();
    expect(kindOf('FILTER')).toBeNull();
    expect(g.matchLine('--filter [<FILTER>...]', '--filter [<FILTER>...]')).toBeNull();
    expect(g.matchLine('--filter [<FILTER>...]', '--filter [x...]')).not.toBeNull();
  });
});

describe('macros and steps', () => {
  it('expand <KMU login> and the 24 attribute lines from walkthrough 1', () => {
    const w3 = expand('walkthrough-3', walkthroughText(3)).map((l) => l.text);
    const w1 = walkthroughText(1).split('\n');
    const attrs = w1.slice(w1.indexOf('          "key-type": "aes",'), w1.indexOf('          "key-length-bytes": 32') + 1);
    expect(attrs).toHaveLength(24);
    const at = w3.indexOf('          "key-type": "aes",');
    expect(w3.slice(at, at + 24)).toEqual(attrs);
    const login = w3.indexOf('Command: loginHSM -u CU -s example_user -p example_pwd');
    expect(w3.slice(login, login + 8)).toEqual(w1.slice(1, 9));
    expect(w3[login + 8]).toBe('');
    expect(w3[login + 9]).toBe('Command: getKeyInfo -k 6');
    expect(w3).toContain("Connected to server '10.0.1.12': hostname '10.0.1.12', port 2225.");
    expect(w3.join('\n')).not.toMatch(/<KMU login>|<the 24|<CMU connection/);
  });

  it('split a transcript at its prompts', () => {
    const steps = parse('walkthrough-1', walkthroughText(1));
    expect(steps.map((s) => s.prompt + s.line)).toEqual([
      '$ key_mgmt_util',
      'Command: loginHSM -u CU -s example_user -p example_pwd',
      'Command: genSymKey -t 31 -s 32 -l wrapping-key',
      'Command: exit',
      '$ cloudhsm-cli interactive',
      'aws-cloudhsm > login --username example_user --role crypto-user --password example_pwd',
      'aws-cloudhsm > key list --filter attr.label=wrapping-key',
      'aws-cloudhsm > key list --filter key-reference=6 --verbose',
      'aws-cloudhsm > quit',
      '$ ',
    ]);
    const w3 = parse('walkthrough-3', walkthroughText(3));
    expect(w3.some((s) => s.prompt === 'Do you want to continue(y/n)?' && s.line === 'y')).toBe(true);
  });
});

/** A scripted stand-in for a terminal: each typed line answers with the given output and next prompt. */
function fakeTerminal(script: Array<{ line: string; out: string; next: string }>, first = '$ ') {
  let prompt = first;
  let screen = first;
  const typed: string[] = [];
  const t = {
    session: { get prompt() { return prompt; } },
    screen: () => screen,
    typed,
    async type(line: string) {
      const step = script.shift();
      if (!step || step.line !== line) throw new Error(`unexpected line ${line}`);
      typed.push(line);
      prompt = step.next;
      screen += line + '\n' + step.out + step.next;
      return step.out;
    },
  };
  return t as unknown as Terminal & { typed: string[] };
}

describe('play', () => {
  const fixtureText = ['$ tool', 'Command: show', 'kcv 0x00aa11', '', 'Command: find -kcv <kcv1>', 'found', 'Command: exit', '$ '].join('\n') + '\n';

  it('types each prompt line (placeholders resolved) and compares outputs exactly', async () => {
    const t = fakeTerminal([
      { line: 'tool', out: '', next: 'Command: ' },
      { line: 'show', out: 'kcv 0x00aa11\n\n', next: 'Command: ' },
      { line: 'find -kcv 0x00aa11', out: 'found\n', next: 'Command: ' },
      { line: 'exit', out: '', next: '$ ' },
    ]);
    const g = new Golden();
    expect(await play(t, g, 'x', fixtureText.replace('kcv 0x00aa11', 'kcv <kcv1>'))).toEqual([]);
    expect(t.typed).toEqual(['tool', 'show', 'find -kcv 0x00aa11', 'exit']);
  });

  it('fails on a missing newline before the next prompt, a wrong prompt, extra output', async () => {
    const run = (script: Array<{ line: string; out: string; next: string }>) =>
      play(fakeTerminal(script), new Golden(), 'x', fixtureText.replace('kcv 0x00aa11', 'kcv <kcv1>'), { check: 'none' });
    const ok = () => [
      { line: 'tool', out: '', next: 'Command: ' },
      { line: 'show', out: 'kcv 0x00aa11\n\n', next: 'Command: ' },
      { line: 'find -kcv 0x00aa11', out: 'found\n', next: 'Command: ' },
      { line: 'exit', out: '', next: '$ ' },
    ];
    const noNewline = ok(); noNewline[2]!.out = 'found';
    expect(await run(noNewline)).toEqual(['x:6: (the next prompt is not at the start of a line)']);
    const extra = ok(); extra[3]!.out = 'bye\n';
    expect(await run(extra)).toEqual(['x:7 "Command: exit": (no output expected)']);
    const prompt = ok(); prompt[0]!.next = 'Command:';
    expect((await run(prompt))[0]).toBe('x:2 "Command: show": prompt "Command:"');
    await expect(play(fakeTerminal(ok()), new Golden(), 'x', fixtureText.replace('found', 'not found'))).rejects.toThrow();
  });

  it('counts the lines a question prints before itself as output (CMU CAUTION, then y/n)', async () => {
    const t = fakeTerminal([
      { line: 'shareKey 6 4 0', out: '', next: 'CAUTION\n\nDo you want to continue(y/n)?' },
      { line: 'y', out: 'done\n', next: 'aws-cloudhsm>' },
    ], 'aws-cloudhsm>');
    const text = ['aws-cloudhsm>shareKey 6 4 0', 'CAUTION', '', 'Do you want to continue(y/n)?y', 'done', 'aws-cloudhsm>'].join('\n');
    expect(await play(t, new Golden(), 'x', text)).toEqual([]);
  });
});
