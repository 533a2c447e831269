/**
 * The inventory's touched keys come from the command's event (issue 9): CMU shareKey prints no
 * handle, yet its event names the key it changed (learnt from the committed writes) and the one it used.
 */
import { describe, expect, it } from 'vitest';
import { touchedKeys, type CommandEvent } from '../../src/shell/events';
import { openTerminal } from '../support/transcript';

describe('cloudhsm_mgmt_util events', () => {
  it('shareKey: the event names the shared key, though the printed lines do not', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const h = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l shared'))![1]);
    await t.type('exit');
    await t.type('cloudhsm_mgmt_util');
    await t.type('loginHSM CO admin co12345');
    await t.type('createUser CU alice alice_pwd');
    await t.type('y');
    await t.type('logoutHSM');
    await t.type('loginHSM CU example_user example_pwd');
    const alice = 4; // the next user id on every HSM (ids 1-3 are the fresh playground's users)
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    await t.type(`shareKey ${h} ${alice} 1`);
    const printed = await t.type('y');
    expect(printed).toContain('shareKey success on server 0');
    expect(printed).not.toContain(String(h));
    const share = events.find((e) => e.command === 'shareKey')!;
    expect(share.program).toBe('cmu');
    expect(share.changed.keys).toEqual([h]);
    expect(touchedKeys(share)).toEqual([h]);
    expect(share.lines.join('\n')).not.toContain(String(h));
    expect(share.commits).toBe(1);
  });
});
