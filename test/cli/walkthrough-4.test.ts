/**
 * Walkthrough 4 of cloudhsm-cli.md §7.5 — a user created while an HSM is down — typed into the
 * real console from the host shell (single-command mode with CLOUDHSM_ROLE/CLOUDHSM_PIN) and
 * compared with the fixture copied from the spec. `<host answer>` is the host shell's own line for
 * a playground command (§7 conventions): it matches exactly one line. The walkthrough continues
 * from walkthrough 3, which made alice (user id 4) as admin; that is arranged first the same way.
 * Also checks the text after the block: after the repair `user list` shows bob with full
 * coverage and bob keeps user id 5 everywhere.
 */
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/hsm/model';
import { openTerminal, type Terminal } from '../support/transcript';
import { cliFixture } from './users-helpers';

const HOST_ANSWER = '<host answer>';

/** Type every `$ ` line of the fixture and compare the screen with it, `<host answer>` matching one line. */
async function replay(t: Terminal, fixture: string): Promise<void> {
  const expected = fixture.replace(/\n$/, '').split('\n'); // the file ends with a newline after the last prompt
  const commands = expected.filter((l) => l.startsWith('$ ') && l.length > 2).map((l) => l.slice(2));
  const start = t.screen().length - t.session.prompt.length;
  for (const c of commands) await t.type(c);
  const actual = t.screen().slice(start).split('\n');
  expect(actual.length).toBe(expected.length);
  const resolved = expected.map((l, i) => (l === HOST_ANSWER && actual[i] !== undefined && !actual[i]!.startsWith('$ ') ? actual[i]! : l));
  expect(actual.join('\n')).toBe(resolved.join('\n'));
}

describe('walkthrough 4 (§7.5): a user created while an HSM is down', () => {
  it('prints the canonical transcript, and the repair gives bob full coverage with user id 5', async () => {
    const t = await openTerminal();
    await t.type('settings handles simple');
    // Walkthrough 3's part that matters here: alice, made by admin in the CLI.
    await t.type('cloudhsm-cli interactive');
    await t.type('login --username admin --role admin --password co12345');
    await t.type('user create --username alice --role crypto-user --password alice_pwd');
    await t.type('quit');
    await replay(t, cliFixture('users-walkthrough-4'));
    const hostAnswers = t.screen().split('\n').filter((l) => l.startsWith('HSM 2 of cluster-1 is'));
    expect(hostAnswers.length).toBe(2);

    const list = await t.type('cloudhsm-cli user list');
    const users = (JSON.parse(list) as { data: { users: { username: string; 'cluster-coverage': string }[] } }).data.users;
    expect(users.map((u) => [u.username, u['cluster-coverage']])).toEqual([
      ['admin', 'full'], ['example_user', 'full'], ['alice', 'full'], ['bob', 'full'], ['app_user', 'full'],
    ]);
    const bob = await t.session.hsm.transact(async (tx) => (await tx.list<UserRecord>('users', 'cluster-1/')).filter((u) => u.name === 'bob'));
    expect(bob.map((u) => [u.node, u.userId])).toEqual([[0, 5], [1, 5], [2, 5]]);
  });
});
