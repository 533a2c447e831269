/** The typed placeholder matchers and macros of test/support/cli-golden.ts (the harness of the §7 goldens). */
import { describe, expect, it } from 'vitest';
import { Golden, expand, kindOf, parse, walkthroughText } from '../support/cli-golden';

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
