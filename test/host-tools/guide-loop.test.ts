/**
 * The guide's genSymKey loop (kmu-commands.md §3.1), pasted as its three lines: the shell asks for
 * the rest with `> `, then runs key_mgmt_util's single-command mode thirty times; each run logs in,
 * makes one AES key and exits, so thirty token keys labelled `aes` exist afterwards.
 */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';
import type { CommandEvent } from '../../src/shell/events';

describe('the guide\'s for loop with key_mgmt_util singlecmd', () => {
  it('creates its thirty keys', { timeout: 120_000 }, async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    expect(await t.type('for i in {1..30};')).toBe('');
    expect(await t.type('     do /opt/cloudhsm/bin/key_mgmt_util singlecmd loginHSM -u CU -s example_user -p example_pwd genSymKey -l aes -t 31 -s 32 -min_srv 1 -timeout 1;')).toBe('');
    const out = await t.type(' done;');
    expect(out.match(/Symmetric Key Created/g)?.length).toBe(30);
    const loop = events.at(-1)!;
    expect(loop.command).toBe('for');
    expect(loop.exit).toBe(0);
    expect(loop.codes.filter((c) => c === 0).length).toBeGreaterThanOrEqual(30);
    expect(loop.line).not.toContain('example_pwd');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const found = await t.type('findKey -l aes');
    // findKey prints the last index matched (0-based) and the handles
    expect(found).toContain('number of keys matched from start index 0::29\n');
    const list = found.split('\n').find((l) => /^\d+(, \d+)*$/.test(l))!;
    expect(new Set(list.split(', ')).size).toBe(30);
  });
});
