/**
 * The page's terminal tabs in Node (src/shell/terminals.ts): several consoles on one playground,
 * like several SSH sessions to one client host. Session keys belong to the KMU login that made
 * them; closing a terminal ends its sessions; and the rule "a logged-in user cannot be deleted nor
 * have their password changed by someone else" (users-and-keys.md §3, cloudhsm-cli.md §5.10)
 * counts the logins of every open terminal, through the HSM layer's LoginsPort.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/crypto/rng';
import { initCrypto } from '../../src/crypto/index';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { PROGRAMS } from '../../src/commands/programs';
import { createTerminals, type Terminals } from '../../src/shell/terminals';
import type { Console } from '../../src/shell/console';
import { isLoggedIn, sessionLogins, type ActiveLogin } from '../../src/hsm/logins';
import { KmuSession } from '../../src/hsm/session';
import { CmuSession } from '../../src/hsm/cmu-session';
import type { UserRecord } from '../../src/hsm/model';
import { fakeClock, memoKdf } from '../support/transcript';

const S = ['server 0(10.0.2.9)', 'server 1(10.0.3.11)', 'server 2(10.0.1.12)'];
const RBI = 'Retry/rollBack/Ignore?(R/B/I):';
const KMU_LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

interface Tab {
  con: Console;
  screen(): string;
  /** Type a line; what it printed up to the next prompt (or the question it asks). */
  type(line: string): Promise<string>;
}

async function openTab(terminals: Terminals): Promise<Tab> {
  let text = '';
  const con = await terminals.open({ write: (t) => { text += t; }, clear: () => { text = ''; } });
  await con.start();
  return {
    con,
    screen: () => text,
    async type(line) {
      text += line + '\n';
      const start = text.length;
      await con.submit(line);
      const after = text.slice(start);
      const p = con.inputMode === 'hidden' ? '' : con.prompt;
      return p && after.endsWith(p) ? after.slice(0, after.length - p.length) : after;
    },
  };
}

function page(seed = 1): Terminals {
  return createTerminals({ backend: createMemoryBackend(), rng: seededRng(seed), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS });
}

/** Type `lines` (a command and its answers); the screen from the first line on, without the next prompt. */
async function run(t: Tab, ...lines: string[]): Promise<string> {
  const start = t.screen().length;
  for (const l of lines) await t.type(l);
  const s = t.screen().slice(start);
  const p = t.con.prompt;
  return s.endsWith(p) ? s.slice(0, -p.length) : s;
}

const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)?.[1] ?? NaN);

beforeAll(async () => {
  await initCrypto();
});

describe('terminal tabs share the playground, not their sessions', () => {
  it('names terminals tty1, tty2, … in their events; each has its own cwd and program', async () => {
    const p = page();
    const a = await openTab(p);
    const b = await openTab(p);
    expect([a.con.terminal.id, b.con.terminal.id]).toEqual(['tty1', 'tty2']);
    await a.type('mkdir work');
    await a.type('cd work');
    expect(await a.type('pwd')).toBe('/home/user/work\n');
    expect(await b.type('pwd')).toBe('/home/user\n');
    await a.type('key_mgmt_util');
    expect(a.con.programId).toBe('kmu');
    expect(b.con.programId).toBe('host');
    const events: string[] = [];
    b.con.onEvent((e) => events.push(e.terminal));
    await b.type('ls');
    expect(events).toEqual(['tty2']);
  });

  it('a file written in one tab is read in the other at once (same store)', async () => {
    const p = page();
    const a = await openTab(p);
    const b = await openTab(p);
    await a.type('echo hello > greeting.txt');
    expect(await b.type('cat greeting.txt')).toBe('hello\n');
  });

  it('both tabs keep their lines in the one persisted history, in the order they were entered', async () => {
    const p = page();
    const a = await openTab(p);
    const b = await openTab(p);
    const saved = [a.con.remember('ls'), b.con.remember('pwd'), a.con.remember('echo one'), b.con.remember('loginHSM -u CU -s x -p secret1')];
    await Promise.all(saved);
    const lines = ['ls', 'pwd', 'echo one', 'loginHSM -u CU -s x -p ********'];
    expect(await a.con.history()).toEqual(lines);
    expect(await b.con.history()).toEqual(lines);
  });

  it('a session key made in tab 1 is not visible to tab 2, even for the same user; tab 1 keeps using it', async () => {
    const p = page();
    const a = await openTab(p);
    const b = await openTab(p);
    for (const t of [a, b]) {
      await t.type('key_mgmt_util');
      expect(await t.type(KMU_LOGIN)).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
    }
    const h = handleOf(await a.type('genSymKey -t 31 -s 16 -l wrapper -sess'));
    expect(h).toBeGreaterThan(0);
    expect(await a.type('findKey -sess 1')).toContain(`number of keys present 1`);
    expect(await b.type('findKey -sess 1')).toContain('number of keys present 0');
    expect(await b.type(`getAttribute -o ${h} -a 371 -out kcv.txt`)).toContain('0xa8');
    expect(await a.type(`getAttribute -o ${h} -a 371 -out kcv.txt`)).toContain('Cfm3GetAttribute returned: 0x00 : HSM Return: SUCCESS');
    expect(a.con.kmuSession.sessionKeys.has(h)).toBe(true);
    expect(b.con.kmuSession.sessionKeys.size).toBe(0);
  });

  it('closing a tab ends its sessions: its session keys are destroyed and it writes nothing more', async () => {
    const p = page();
    const a = await openTab(p);
    const b = await openTab(p);
    await a.type('key_mgmt_util');
    await a.type(KMU_LOGIN);
    await a.type('genSymKey -t 31 -s 16 -l wrapper -sess');
    expect(a.con.openSessions()).toEqual({ program: 'kmu', kmuUser: 'example_user', cmuUser: null, sessionKeys: 1 });
    const before = a.screen();
    const ended = a.con.close();
    expect(ended).toEqual({ program: 'kmu', kmuUser: 'example_user', cmuUser: null, sessionKeys: 1 });
    expect(a.con.closed).toBe(true);
    expect(a.con.kmuSession.sessionKeys.size).toBe(0);
    expect(a.con.kmuSession.user).toBeNull();
    expect(p.consoles.map((c) => c.terminal.id)).toEqual(['tty2']);
    expect(p.logins()).toEqual([]);
    expect(a.screen()).toBe(before);
    // a new terminal after a closed one gets a new name
    const c = await openTab(p);
    expect(c.con.terminal.id).toBe('tty3');
    expect(b.con.closed).toBe(false);
  });

  it('closing a tab whose command waits for a password abandons it (the pending submit settles)', async () => {
    const p = page();
    const a = await openTab(p);
    await a.type('key_mgmt_util');
    const pending = a.con.submit('loginHSM -u CU -s example_user -hpswd');
    await new Promise((r) => setTimeout(r, 0));
    await pending; // settled by the question
    expect(a.con.inputMode).toBe('hidden');
    a.con.close();
    expect(a.con.inputMode).toBe('normal');
    expect(a.con.kmuSession.user).toBeNull();
  });
});

describe('"logged in elsewhere" counts every terminal tab (users-and-keys.md §3)', () => {
  /** Tab 2 in CMU, logged in as the PCO admin, with a new CU bob (password password1). */
  async function withBob(p: Terminals): Promise<{ a: Tab; b: Tab }> {
    const a = await openTab(p);
    const b = await openTab(p);
    await b.type('cloudhsm_mgmt_util');
    await b.type('loginHSM CO admin co12345');
    await b.type('createUser CU bob password1');
    expect(await b.type('y')).toBe('Creating User bob(CU) on 3 nodes\n');
    return { a, b };
  }

  it('a CU logged in to key_mgmt_util in tab 1 cannot be deleted from cloudhsm_mgmt_util in tab 2, on any HSM', async () => {
    const p = page();
    const { a, b } = await withBob(p);
    await a.type('key_mgmt_util');
    expect(await a.type('loginHSM -u CU -s bob -p password1')).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
    expect(p.logins()).toEqual([
      { cluster: 'cluster-1', name: 'bob', nodes: 'all' },
      { cluster: 'cluster-1', name: 'admin', nodes: new Map([[0, 1], [1, 1], [2, 1]]) },
    ]);
    expect(await run(b, 'deleteUser CU bob', 'I', 'I', 'I')).toBe('deleteUser CU bob\nDeleting user bob(CU) on 3 nodes\n' +
      S.map((s) => `deleteUser failed: HSM Error: User is currently logged in\ndeleteUser failed on ${s}\n\n${RBI}I\n`).join(''));
    // logged out in tab 1: now it can go
    await a.type('logoutHSM');
    expect(await b.type('deleteUser CU bob')).toBe('Deleting user bob(CU) on 3 nodes\n' +
      S.map((s) => `deleteUser success on ${s}\n`).join(''));
  });

  it('a CO cannot change the password of a CU logged in in another tab; the user changes their own', async () => {
    const p = page();
    const { a, b } = await withBob(p);
    await a.type('cloudhsm_mgmt_util');
    expect(await a.type('loginHSM CU bob password1')).toContain('loginHSM success on server 2');
    const shown = await run(b, 'changePswd CU bob password2', 'y', 'I', 'I', 'I');
    expect(shown).toContain(`changePswd failed: HSM Error: User is currently logged in\nchangePswd failed on ${S[0]}`);
    expect(shown).not.toContain('success');
    await a.type('changePswd CU bob password3');
    expect(await a.type('y')).toBe('Changing password for bob(CU) on 3 nodes\n');
  });

  it('closing the tab that holds the login lets the other tab delete the user', async () => {
    const p = page();
    const { a, b } = await withBob(p);
    await a.type('key_mgmt_util');
    await a.type('loginHSM -u CU -s bob -p password1');
    a.con.close();
    expect(await b.type('deleteUser CU bob')).toContain(`deleteUser success on ${S[2]}`);
  });

  it('the console\'s own CMU login still counts (a CO cannot delete itself)', async () => {
    const p = page();
    const { b } = await withBob(p);
    const shown = await run(b, 'deleteUser CO admin', 'I', 'I', 'I');
    expect(shown.match(/User is currently logged in/g)).toHaveLength(3);
  });
});

describe('isLoggedIn (the port\'s rule)', () => {
  const user = (over: Partial<UserRecord> = {}): UserRecord => ({
    id: 'x', rev: 0, cluster: 'cluster-1', node: 1, userId: 4, name: 'Bob', type: 'CU', verifier: null,
    loginFailures: 0, mofnPubKey: false, twoFA: false, ...over,
  });
  const kmu: ActiveLogin = { cluster: 'cluster-1', name: 'bob', nodes: 'all' };
  const cmu: ActiveLogin = { cluster: 'cluster-1', name: 'bob', nodes: new Map([[0, 4], [2, 4]]) };

  it('a KMU login holds its user (by name, any case) on every HSM of its cluster only', () => {
    expect(isLoggedIn([kmu], user())).toBe(true);
    expect(isLoggedIn([kmu], user({ node: 2, name: 'BOB' }))).toBe(true);
    expect(isLoggedIn([kmu], user({ cluster: 'cluster-2' }))).toBe(false);
    expect(isLoggedIn([kmu], user({ name: 'bobby' }))).toBe(false);
  });

  it('a CMU login holds its user on the HSMs it logged in to, by that HSM\'s user id', () => {
    expect(isLoggedIn([cmu], user({ node: 0 }))).toBe(true);
    expect(isLoggedIn([cmu], user({ node: 1 }))).toBe(false);
    expect(isLoggedIn([cmu], user({ node: 2, userId: 5 }))).toBe(false);
    expect(isLoggedIn([], user())).toBe(false);
    expect(isLoggedIn(undefined, user())).toBe(false);
  });

  it('sessionLogins: nobody logged in holds nothing; each logged-in program holds one login', () => {
    const k = new KmuSession();
    const c = new CmuSession();
    expect(sessionLogins(k, c)).toEqual([]);
    k.cluster = 'cluster-1';
    k.user = { userId: 3, name: 'example_user' };
    c.cluster = 'cluster-1';
    c.user = { userId: 1, name: 'admin', type: 'PCO' };
    c.loggedOn.set(0, 1);
    expect(sessionLogins(k, c)).toEqual([
      { cluster: 'cluster-1', name: 'example_user', nodes: 'all' },
      { cluster: 'cluster-1', name: 'admin', nodes: new Map([[0, 1]]) },
    ]);
  });
});
