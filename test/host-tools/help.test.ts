/** Each tool's --help (our own short text, from its option table), help's listing, and completion in pipes and loops. */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';
import type { Console } from '../../src/shell/console';
import type { CommandEvent } from '../../src/shell/events';
import { GREP } from '../../src/commands/host/grep';
import { WC } from '../../src/commands/host/wc';
import { HEAD } from '../../src/commands/host/head';
import { TAIL } from '../../src/commands/host/tail';
import { CMP } from '../../src/commands/host/cmp';
import { DIFF } from '../../src/commands/host/diff';
import { SHA256SUM } from '../../src/commands/host/sha256sum';

const SPECS = [GREP, WC, HEAD, TAIL, CMP, DIFF, SHA256SUM];

describe('the host tools\' --help and listing', () => {
  it('--help prints the usage line and every option of the table, with status 0', async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    for (const spec of SPECS) {
      const text = await t.type(`${spec.name} --help`);
      expect(text.startsWith(`Usage: ${spec.usage}\n${spec.about}\n`)).toBe(true);
      for (const o of spec.options) {
        if (o.short) expect(text).toMatch(new RegExp(`^  -${o.short}\\b`, 'm'));
        if (o.long) expect(text).toContain(`--${o.long}`);
      }
      expect(text).toContain('--help');
      expect(events.at(-1)!.exit).toBe(0);
    }
  });

  it('help lists the tools', async () => {
    const t = await openTerminal();
    const help = await t.type('help');
    for (const name of ['grep', 'wc', 'head', 'tail', 'cmp', 'diff', 'sha256sum']) expect(help).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('completion offers commands after a pipe or a loop\'s do, and their options and files', async () => {
    const t = await openTerminal();
    const c = t.session as Console;
    await t.type('echo x > notes.txt');
    expect((await c.complete('cat notes.txt | gr')).candidates).toEqual(['grep']);
    expect((await c.complete('for i in 1 2; do wc')).candidates).toEqual(['wc']);
    expect((await c.complete('cat notes.txt | grep -c x no')).candidates).toEqual(['notes.txt']);
    expect((await c.complete('wc < no')).candidates).toEqual(['notes.txt']);
    expect((await c.complete('grep -')).candidates).toContain('-A');
  });
});
