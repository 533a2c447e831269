/**
 * The host side of the CloudHSM CLI (cloudhsm-cli.md §1.1, §1.2, §5.10): `cloudhsm-cli` starts the
 * program 'cli' (prints nothing; logged out; its cluster the current one), its own argument errors,
 * the console's wiring — the event's cluster, the logins every tab counts ("logged in elsewhere"),
 * what closing a CLI terminal ends — and the inventory's logged-in user in the CLI.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/crypto/rng';
import { initCrypto } from '../../src/crypto/index';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { PROGRAMS } from '../../src/commands/programs';
import { createTerminals, type Terminals } from '../../src/shell/terminals';
import type { Console } from '../../src/shell/console';
import type { CommandEvent } from '../../src/shell/events';
import { closeConsequence, tabTitle } from '../../src/ui/tabs';
import { fakeClock, memoKdf, openTerminal } from '../support/transcript';

interface Tab { con: Console; screen(): string; type(line: string): Promise<string> }

async function openTab(terminals: Terminals): Promise<Tab> {
  let text = '';
  const con = await terminals.open({ write: (t) => { text += t; }, clear: () => { text = ''; } });
  await con.start();
  return {
    con,
    screen: () => text,
    async type(line) {
      const start = text.length;
      await con.submit(line);
      const after = text.slice(start);
      const p = con.inputMode === 'hidden' ? '' : con.prompt;
      return p && after.endsWith(p) ? after.slice(0, after.length - p.length) : after;
    },
  };
}

const page = () => createTerminals({ backend: createMemoryBackend(), rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS });

beforeAll(async () => {
  await initCrypto();
});

describe('cloudhsm-cli at the host shell', () => {
  it('interactive prints nothing and enters the CLI, logged out, on the current cluster, whatever the environment says', async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    await t.type('export CLOUDHSM_ROLE=crypto-user');
    await t.type('export CLOUDHSM_PIN=example_user:example_pwd');
    expect(await t.type('cloudhsm-cli interactive')).toBe('');
    expect(t.session.programId).toBe('cli');
    expect(t.session.prompt).toBe('aws-cloudhsm > ');
    const cli = t.session.terminal.cli;
    expect([cli.user, cli.role, cli.single, cli.cluster]).toEqual([null, null, false, 'cluster-1']);
    const e = events.at(-1)!;
    expect([e.program, e.command, e.next, e.exit, e.lines]).toEqual(['host', 'cloudhsm-cli', 'cli', 0, []]);
  });

  it('the full path and --cluster-id with the current cluster start it too', async () => {
    const t = await openTerminal();
    expect(await t.type('/opt/cloudhsm/bin/cloudhsm-cli interactive --cluster-id cluster-1')).toBe('');
    expect(t.session.programId).toBe('cli');
    const u = await openTerminal();
    expect(await u.type('cloudhsm-cli interactive --cluster-id=cluster-1')).toBe('');
    expect(u.session.programId).toBe('cli');
  });

  it("its own argument errors are clap's, exit status 2, and start nothing", async () => {
    const t = await openTerminal();
    const usage = "\nUsage: cloudhsm-cli interactive [OPTIONS]\n\nFor more information, try '--help'.\n";
    expect(await t.type('cloudhsm-cli')).toBe("error: 'cloudhsm-cli' requires a subcommand but one was not provided\n" +
      '  [subcommands: interactive, cluster, crypto, key, login, logout, quorum, user, help]\n\nUsage: cloudhsm-cli <COMMAND>\n\n' +
      "For more information, try '--help'.\n");
    expect(await t.type('echo $?')).toBe('2\n');
    expect(await t.type('cloudhsm-cli interactive now')).toBe(`error: unexpected argument 'now' found\n${usage}`);
    expect(await t.type('cloudhsm-cli interactive --cluster-id')).toBe(
      "error: a value is required for '--cluster-id <CLUSTER_ID>' but none was supplied\n\nFor more information, try '--help'.\n");
    expect(await t.type('cloudhsm-cli interactive --cluster-id cluster-1 --cluster-id=cluster-1')).toBe(
      `error: the argument '--cluster-id <CLUSTER_ID>' cannot be used multiple times\n${usage}`);
    expect(await t.type('cloudhsm-cli interactive -h')).toMatch(/^Start the CloudHSM CLI in interactive mode\n\nUsage: cloudhsm-cli interactive \[OPTIONS\]\n/);
    expect(t.session.programId).toBe('host');
  });

  it('cannot start inside a pipeline or a list (it reads the terminal)', async () => {
    const t = await openTerminal();
    expect(await t.type('cloudhsm-cli interactive | cat')).toMatch(/the interactive tool starts only as a command of its own/);
    expect(t.session.programId).toBe('host');
  });
});

describe('the console wiring of the CLI', () => {
  it("an event in the CLI carries the CLI session's cluster", async () => {
    const t = await openTerminal();
    await t.type('cloudhsm-cli interactive');
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    await t.type('help');
    expect(events.at(-1)!.program).toBe('cli');
    expect(events.at(-1)!.cluster).toBe('cluster-1');
  });

  it('a CLI login counts as "logged in elsewhere": another tab cannot delete that user', async () => {
    const p = page();
    const a = await openTab(p);
    const b = await openTab(p);
    await b.type('cloudhsm_mgmt_util');
    await b.type('loginHSM CO admin co12345');
    await b.type('createUser CU bob password1');
    await b.type('y');
    await a.type('cloudhsm-cli interactive');
    expect(await a.type('login --username bob --role crypto-user --password password1')).toMatch(/"error_code": 0/);
    expect(a.con.logins()).toEqual([{ cluster: 'cluster-1', name: 'bob', nodes: 'all' }]);
    const from = b.screen().length;
    await b.type('deleteUser CU bob');
    for (let i = 0; i < 3; i++) await b.type('I');
    expect(b.screen().slice(from).match(/deleteUser failed: HSM Error: User is currently logged in/g)).toHaveLength(3);
    // closing the CLI terminal logs out: now it can go
    expect(a.con.close()).toEqual({ program: 'cli', kmuUser: null, cmuUser: null, cliUser: 'bob', sessionKeys: 0 });
    expect(a.con.terminal.cli.user).toBeNull();
    expect(a.con.terminal.cli.role).toBeNull();
    expect(p.logins()).toEqual([{ cluster: 'cluster-1', name: 'admin', nodes: new Map([[0, 1], [1, 1], [2, 1]]) }]);
    expect(await b.type('deleteUser CU bob')).toContain('deleteUser success');
  });

  it('the inventory shows the CLI user (tool cloudhsm-cli) while the terminal is in the CLI', async () => {
    const t = await openTerminal();
    await t.type('cloudhsm-cli interactive');
    expect((await t.session.snapshot()).user).toBeNull();
    expect(await t.type('login --username example_user --role crypto-user --password example_pwd')).toMatch(/"error_code": 0/);
    const view = await t.session.snapshot();
    expect(view.mode).toBe('cli');
    expect(view.cluster).toBe('cluster-1');
    expect(view.user).toEqual({ id: 3, name: 'example_user', type: 'CU', tool: 'cloudhsm-cli' });
  });

  it('the tab is named for the CLI, and closing it says what ends', () => {
    expect(tabTitle(4, 'cli')).toBe('Terminal 4: cloudhsm-cli');
    expect(closeConsequence({ program: 'cli', kmuUser: null, cmuUser: null, sessionKeys: 0 })).toBe('cloudhsm-cli ends.');
    expect(closeConsequence({ program: 'cli', kmuUser: null, cmuUser: null, cliUser: 'bob', sessionKeys: 2 }))
      .toBe('cloudhsm-cli ends: bob is logged out of cloudhsm-cli and 2 session keys are destroyed.');
    expect(closeConsequence({ program: 'host', kmuUser: 'a', cmuUser: null, cliUser: 'b', sessionKeys: 1 }))
      .toBe('a is logged out of key_mgmt_util, b is logged out of cloudhsm-cli and 1 session key is destroyed.');
  });
});
