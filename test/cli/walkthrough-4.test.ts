/**
 * cloudhsm-cli.md §7.5, walkthrough 4 — a user created while an HSM is down. It continues from
 * walkthroughs 1–3 (played first as the setup, unchecked: they have their own tests; walkthrough 3
 * made alice, user id 4); the fixture is the spec block copied verbatim (test/fixtures/cli/README.md),
 * `<host answer>` matched by test/support/cli-golden.ts. Then the text after the block: after the
 * repair `user list` shows bob with full coverage, and bob keeps user id 5 on every HSM.
 */
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/hsm/model';
import { Golden, play, playWalkthroughs, walkthroughTerminal, walkthroughText } from '../support/cli-golden';

describe('walkthrough 4 (§7.5): a user created while an HSM is down', () => {
  it('prints the canonical transcript; the repair gives bob full coverage with user id 5', async () => {
    const t = await walkthroughTerminal();
    const g = new Golden();
    await playWalkthroughs(t, g, 1, 3, { check: 'none' });
    await play(t, g, 'walkthrough-4', walkthroughText(4));
    expect(t.screen().split('\n').filter((l) => /^HSM 2 of cluster-1 is (down|up)/.test(l)).length, 'the two host answers').toBe(2);

    const list = await t.type('cloudhsm-cli user list');
    const users = (JSON.parse(list) as { data: { users: { username: string; 'cluster-coverage': string }[] } }).data.users;
    expect(users.map((u) => [u.username, u['cluster-coverage']])).toEqual([
      ['admin', 'full'], ['example_user', 'full'], ['alice', 'full'], ['bob', 'full'], ['app_user', 'full'],
    ]);
    const bob = await t.session.hsm.transact(async (tx) => (await tx.list<UserRecord>('users', 'cluster-1/')).filter((u) => u.name === 'bob'));
    expect(bob.map((u) => [u.node, u.userId])).toEqual([[0, 5], [1, 5], [2, 5]]);
  });
});
