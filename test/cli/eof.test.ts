/** Ctrl-D at an empty CLI prompt is a silent `quit` (cloudhsm-cli.md §1.1, G-CLI-27); other consoles have no end-of-input line. */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';

describe('Ctrl-D (end of input)', () => {
  it('the CLI takes it as quit: the login ends and the host prompt comes back; the host shell and key_mgmt_util take none', async () => {
    const t = await openTerminal();
    expect(t.session.eofLine()).toBeNull();
    await t.type('key_mgmt_util');
    expect(t.session.eofLine()).toBeNull();
    await t.type('exit');
    await t.type('cloudhsm-cli interactive');
    await t.type('login --username example_user --role crypto-user --password example_pwd');
    expect(t.session.eofLine()).toBe('quit');
    expect(t.session.terminal.cli.user?.name).toBe('example_user');
    expect(await t.type(t.session.eofLine()!)).toBe('');
    expect(t.session.prompt).toBe('$ ');
    expect(t.session.terminal.cli.user).toBeNull();
  });
});
