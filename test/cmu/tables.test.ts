/**
 * cloudhsm_mgmt_util's argument tables against the guide's syntax lines `help <command>` prints:
 * the same arguments, in the same order, optional exactly where the syntax brackets them — so
 * parsing, redaction and completion (driven by the tables) and help (the guide's text) agree.
 */
import { describe, expect, it } from 'vitest';
import { CMU_COMMANDS } from '../../src/commands/cmu/index';
import { UNBUILT_CMU_COMMANDS } from '../../src/commands/cmu/unbuilt';
import type { ArgSpec } from '../../src/commands/flags';

/** The placeholders of a syntax line, without the -2fa option the playground refuses. */
const placeholders = (syntax: string) =>
  [...syntax.replace(/\[-2fa[^\]]*\]\]?/, '').matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.replace(/\s*\|.*$/, '').trim());
/** A literal word of the syntax (`info server <server ID>`) rather than a placeholder. */
const literal = (a: ArgSpec) => a.words?.length === 1 && a.words[0] === a.name;

describe('CMU argument tables', () => {
  const built = CMU_COMMANDS.filter((c) => !UNBUILT_CMU_COMMANDS.includes(c));

  it('cover every built command', () => {
    expect(built.map((c) => c.name)).toContain('getKeyInfo');
    expect(built.length).toBe(CMU_COMMANDS.length - UNBUILT_CMU_COMMANDS.length);
  });

  it.each(built.map((c) => [c.name, c] as const))('%s: the table names the syntax line\'s arguments, in order', (_, cmd) => {
    const syntax = cmd.syntax[0]!;
    expect(cmd.args.filter((a) => !literal(a)).map((a) => a.name)).toEqual(placeholders(syntax));
    for (const a of cmd.args) {
      if (literal(a)) expect(syntax).toContain(` ${a.name} `);
      else expect(syntax.includes(`[<${a.name}>]`), `${a.name} optional`).toBe(a.optional === true);
      if (a.flag !== undefined) expect(syntax).toContain(`${a.flag} <${a.name}>`);
    }
    // only passwords are secret, and only the user commands take one
    expect(cmd.args.some((a) => a.secret)).toBe(['loginHSM', 'createUser', 'changePswd'].includes(cmd.name));
  });
});

describe('the program contract exposes every command\'s tables', () => {
  it('cloudhsm_mgmt_util argument tables, key_mgmt_util flag tables, host argument and option tables', async () => {
    const { cmuProgram } = await import('../../src/commands/cmu/program');
    const { kmuProgram } = await import('../../src/commands/kmu/program');
    const { hostProgram } = await import('../../src/commands/host/program');
    const cmu = new Map(cmuProgram.commands().map((c) => [c.name, c]));
    expect(cmu.get('loginHSM')!.args!.map((a) => [a.name, a.kind, a.secret === true])).toEqual([
      ['user-type', 'usertype', false], ['user-name', 'username', false], ['password', 'none', true],
    ]);
    expect(cmuProgram.commands().every((c) => Array.isArray(c.args))).toBe(true);
    const kmu = new Map(kmuProgram.commands().map((c) => [c.name, c]));
    expect(kmu.get('loginHSM')!.flags!.find((f) => f.flag === '-p')!.secret).toBe(true);
    expect(kmuProgram.commands().every((c) => Array.isArray(c.flags))).toBe(true);
    const host = new Map(hostProgram.commands().map((c) => [c.name, c]));
    expect(host.get('ls')!.options).toEqual([{ flag: '-l' }]);
    expect(host.get('openssl')!.options!.find((o) => o.flag === '-out')!.value).toBe('file');
    expect(hostProgram.commands().every((c) => Array.isArray(c.args))).toBe(true);
  });
});
