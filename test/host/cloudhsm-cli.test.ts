/**
 * cloudhsm-cli's single-command mode (cloudhsm-cli.md §1.2, G-CLI-26, G-CLI-37): one CLI line from
 * the host shell, logged in from CLOUDHSM_ROLE / CLOUDHSM_PIN when both are set and the line runs a
 * command, logged out after it; help and argument errors need no login; a failed login prints the
 * login's error envelope; `--cluster-id` of another cluster at `interactive` (G-CLI-28).
 */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';
import type { CommandEvent } from '../../src/shell/events';

const LOGOUT_OK = '{\n  "error_code": 0,\n  "data": "Logout successful"\n}\n';
const BAD_CREDENTIALS = '{\n  "error_code": 1,\n  "data": "Incorrect credentials are passed for this operation: Incorrect authentication credentials."\n}\n';
const NOT_LOGGED_IN = '{\n  "error_code": 1,\n  "data": "User is not logged in"\n}\n';

async function withCredentials(role: string, pin: string) {
  const t = await openTerminal();
  await t.type(`export CLOUDHSM_ROLE=${role}`);
  await t.type(`export CLOUDHSM_PIN=${pin}`);
  return t;
}

describe('cloudhsm-cli interactive --cluster-id', () => {
  it('another cluster: the §2.8 envelope, exit status 1, the shell stays', async () => {
    const t = await openTerminal();
    expect(await t.type('cloudhsm-cli interactive --cluster-id cluster-9')).toBe('{\n  "error_code": 1,\n  "data": "Cluster cluster-9 is not configured"\n}\n');
    expect(await t.type('echo $?')).toBe('1\n');
    expect(t.session.programId).toBe('host');
  });
});

describe('single-command mode', () => {
  it('a command that needs no login runs without the variables, and prints what the interactive CLI prints', async () => {
    const t = await openTerminal();
    const single = await t.type('cloudhsm-cli user list');
    expect(JSON.parse(single).error_code).toBe(0);
    expect(await t.type('echo $?')).toBe('0\n');
    expect(t.session.programId).toBe('host');
    await t.type('cloudhsm-cli interactive');
    expect(await t.type('user list')).toBe(single);
    await t.type('quit');
    // its output is the shell's: a redirection keeps it
    expect(await t.type('cloudhsm-cli user list > users.json')).toBe('');
    expect(await t.type('cat users.json')).toBe(single);
  });

  it('with CLOUDHSM_ROLE and CLOUDHSM_PIN it logs in, runs the line, logs out; nothing stays logged in', async () => {
    const t = await withCredentials('crypto-user', 'example_user:example_pwd');
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    expect(await t.type('cloudhsm-cli logout')).toBe(LOGOUT_OK); // so the login happened
    expect(events.at(-1)!).toMatchObject({ program: 'host', command: 'cloudhsm-cli', next: 'host', exit: 0 });
    expect(t.session.logins()).toEqual([]);
    expect(t.session.terminal.cli.user).toBeNull();
    // another command of its own: logged in again, and out again
    expect(await t.type('/opt/cloudhsm/bin/cloudhsm-cli logout')).toBe(LOGOUT_OK);
  });

  it('without the variables a command that needs a login answers User is not logged in', async () => {
    const t = await openTerminal();
    expect(await t.type('cloudhsm-cli logout')).toBe(NOT_LOGGED_IN);
    expect(await t.type('echo $?')).toBe('1\n');
    await t.type('export CLOUDHSM_ROLE=crypto-user'); // one of the two is not enough
    expect(await t.type('cloudhsm-cli logout')).toBe(NOT_LOGGED_IN);
  });

  it('a failed login prints the login error instead of the command; a bad role or a PIN without its colon fails the same way', async () => {
    for (const [role, pin] of [['crypto-user', 'example_user:wrong_pwd'], ['admin', 'example_user:example_pwd'],
      ['officer', 'example_user:example_pwd'], ['crypto-user', 'example_user']]) {
      const t = await withCredentials(role!, pin!);
      expect(await t.type('cloudhsm-cli logout'), `${role} ${pin}`).toBe(BAD_CREDENTIALS);
      expect(await t.type('echo $?')).toBe('1\n');
      expect(t.session.logins()).toEqual([]);
    }
  });

  it('help and argument errors need no login (wrong credentials do not matter); usage lines start with cloudhsm-cli', async () => {
    const t = await withCredentials('crypto-user', 'example_user:wrong_pwd');
    const help = await t.type('cloudhsm-cli help');
    expect(help).toMatch(/^Usage: cloudhsm-cli <COMMAND>\n\nCommands:\n/);
    expect(await t.type('cloudhsm-cli --help')).toBe(help);
    expect(await t.type('cloudhsm-cli logout --help')).toMatch(/^Logout of your cluster\n\nUsage: cloudhsm-cli logout \[OPTIONS\]\n/);
    expect(await t.type('cloudhsm-cli user lst')).toBe("error: unrecognized subcommand 'lst'\n\nUsage: cloudhsm-cli user <COMMAND>\n\nFor more information, try 'help'.\n\n");
    expect(await t.type('echo $?')).toBe('2\n');
    expect(await t.type('cloudhsm-cli help')).toBe(help);
  });

  it('a login line logs in by itself and asks for the password when --password is missing; logged out after', async () => {
    const t = await withCredentials('admin', 'admin:co12345');
    expect(await t.type('cloudhsm-cli login --username example_user --role crypto-user')).toBe('Enter password:');
    expect(t.session.inputMode).toBe('hidden');
    expect(await t.type('example_pwd')).toBe('{\n  "error_code": 0,\n  "data": {\n    "username": "example_user",\n    "role": "crypto-user"\n  }\n}\n');
    expect(t.session.logins()).toEqual([]);
  });

  it('quoted words reach the CLI as the shell gave them', async () => {
    const t = await openTerminal();
    expect(await t.type(`cloudhsm-cli login --username "two words" --role crypto-user --password 'it"s \\ me'`)).toBe(BAD_CREDENTIALS);
  });
});

describe('Tab completion of cloudhsm-cli', () => {
  it('offers interactive and the CLI paths, then the CLI tables (loaded on first use)', async () => {
    const t = await openTerminal();
    const c = async (line: string) => (await t.session.complete(line)).candidates;
    expect(await c('cloudhsm-c')).toEqual(['cloudhsm-cli']);
    expect(await c('configure-c')).toEqual(['configure-cli']);
    expect(await c('cloudhsm-cli in')).toEqual(['interactive']);
    expect(await c('cloudhsm-cli interactive --c')).toEqual(['--cluster-id']);
    expect(await c('cloudhsm-cli k')).toEqual(['key']);
    expect(await c('cloudhsm-cli key gen')).toEqual(['generate-asymmetric-pair', 'generate-file', 'generate-symmetric']);
    expect(await c('configure-cli --e')).toEqual(['--enable-key-availability-check']);
  });

  it('offers the CLI attribute names where an option takes them (§4.1, §4.6): filter terms, creation words, set-attribute names', async () => {
    const t = await openTerminal();
    const c = async (line: string) => (await t.session.complete(line)).candidates;
    expect(await c('cloudhsm-cli key list --filter attr.la')).toEqual(['attr.label=']);
    expect(await c('cloudhsm-cli key list --filter key-')).toEqual(['key-reference=']);
    expect(await c('cloudhsm-cli key list --filter attr.label=k attr.check')).toEqual(['attr.check-value=']);
    expect(await c('cloudhsm-cli key set-attribute --name enc')).toEqual(['encrypt']);
    expect(await c('cloudhsm-cli key set-attribute --name check')).toEqual([]); // never settable
    expect(await c('cloudhsm-cli key generate-symmetric aes --attributes ext')).toEqual(['extractable=']);
    expect(await c('cloudhsm-cli key generate-symmetric aes --attributes loc')).toEqual([]); // not at creation
  });
});
