/**
 * `login` and `logout` (cloudhsm-cli.md §3.1, §3.2, §5.1, §5.8, G-CLI-24/25/28/39): the canonical
 * blocks, every refusal with the whole database unchanged (a wrong password moves only the failure
 * counters, §3.1), lockout at 5 per HSM, the logins port, session keys destroyed at logout.
 */
import { describe, expect, it } from 'vitest';
import { userRecordId, type UserRecord } from '../../src/hsm/model';
import { cliFixture, cliWorld, envelope, errorBlock, idbWorld, setHsm, userRecords, type CliWorld } from './users-helpers';

const err = errorBlock;
const LOGIN_EXAMPLE = 'login --username example_user --role crypto-user --password example_pwd';

async function failures(w: CliWorld, name: string): Promise<number[]> {
  return (await userRecords(w, name)).map((u) => u.loginFailures);
}

describe('login (§3.1)', () => {
  it('prints the canonical block, with the hidden prompt when --password is absent', async () => {
    const w = await cliWorld();
    expect(await w.block('login --username example_user --role crypto-user', ['example_pwd'])).toBe(cliFixture('login'));
    expect(w.session.user?.name).toBe('example_user');
    expect(w.session.role).toBe('crypto-user');
  });

  it('takes --password without a prompt; the name is case-insensitive and printed in lower case', async () => {
    const w = await cliWorld();
    const r = await w.run('login --username EXAMPLE_User --role crypto-user --password example_pwd');
    expect(w.prompts).toEqual([]);
    expect(envelope(r)).toBe(JSON.stringify({ error_code: 0, data: { username: 'example_user', role: 'crypto-user' } }, null, 2) + '\n');
  });

  it('logs admin in with --role admin (PCO is admin, §5.1)', async () => {
    const w = await cliWorld();
    const r = await w.run('login --username admin --role admin --password co12345');
    expect(r).toEqual({ ok: true, data: { username: 'admin', role: 'admin' } });
    expect(w.session.role).toBe('admin');
  });

  it('registers the login in the logins port like KMU/CMU logins', async () => {
    const w = await cliWorld();
    expect([...(w.hsm.deps.logins?.() ?? [])]).toEqual([]);
    await w.run(LOGIN_EXAMPLE);
    expect([...(w.hsm.deps.logins?.() ?? [])]).toEqual([{ cluster: 'cluster-1', name: 'example_user', nodes: 'all' }]);
    await w.run('logout');
    expect([...(w.hsm.deps.logins?.() ?? [])]).toEqual([]);
  });

  const refusals: [string, string, (w: CliWorld) => Promise<void>][] = [
    ['a wrong role', 'login --username example_user --role admin --password example_pwd', async () => {}],
    ['an unknown user', 'login --username nobody --role crypto-user --password example_pwd', async () => {}],
    ['app_user (no role reaches AU, §5.1)', 'login --username app_user --role admin --password example_pwd', async () => {}],
    ['app_user as a crypto user', 'login --username app_user --role crypto-user --password example_pwd', async () => {}],
  ];
  for (const [what, line] of refusals) {
    it(`refuses ${what} with the credential text and changes nothing`, async () => {
      const { w, dump } = await idbWorld();
      const before = await dump();
      expect(envelope(await w.run(line))).toBe(err('Incorrect credentials are passed for this operation: Incorrect authentication credentials.'));
      expect(w.session.user).toBeNull();
      expect(await dump()).toBe(before);
    });
  }

  it('refuses a login while logged in, without a prompt, changing nothing (G-CLI-39)', async () => {
    const { w, dump } = await idbWorld();
    await w.run(LOGIN_EXAMPLE);
    const before = await dump();
    expect(envelope(await w.run('login --username admin --role admin'))).toBe(err('User is already logged in'));
    expect(w.prompts).toEqual([]);
    expect(w.session.user?.name).toBe('example_user');
    expect(await dump()).toBe(before);
  });

  it('refuses another cluster id and accepts the current one (G-CLI-28)', async () => {
    const { w, dump } = await idbWorld();
    const before = await dump();
    expect(envelope(await w.run(`${LOGIN_EXAMPLE} --cluster-id cluster-2`))).toBe(err('Cluster cluster-2 is not configured'));
    expect(await dump()).toBe(before);
    expect((await w.run(`${LOGIN_EXAMPLE} --cluster-id cluster-1`)).ok).toBe(true);
  });

  it('answers HSM is disconnected when no HSM is up, without a prompt (G-CLI-20)', async () => {
    const { w, dump } = await idbWorld();
    for (const n of [0, 1, 2]) await setHsm(w, n, 'down');
    const before = await dump();
    expect(envelope(await w.run('login --username example_user --role crypto-user'))).toBe(err('HSM is disconnected'));
    expect(w.prompts).toEqual([]);
    expect(await dump()).toBe(before);
  });

  it('counts a wrong password on every up HSM, locks at 5, and a locked user stays out with the right password', async () => {
    const { w, dump } = await idbWorld();
    await setHsm(w, 2, 'down');
    for (let i = 1; i <= 5; i++) {
      expect(envelope(await w.run('login --username example_user --role crypto-user --password wrong_pwd')))
        .toBe(err('Incorrect credentials are passed for this operation: Incorrect authentication credentials.'));
      expect(await failures(w, 'example_user')).toEqual([i, i, 0]);
    }
    const before = await dump();
    expect(envelope(await w.run(LOGIN_EXAMPLE))).toBe(err('User account is locked'));
    expect(envelope(await w.run('login --username example_user --role crypto-user --password wrong_pwd'))).toBe(err('User account is locked'));
    expect(await dump()).toBe(before);
    expect(w.session.user).toBeNull();
  });

  it('a success resets the counters', async () => {
    const w = await cliWorld();
    await w.run('login --username example_user --role crypto-user --password wrong_pwd');
    await w.run('login --username example_user --role crypto-user --password wrong_pwd');
    expect(await failures(w, 'example_user')).toEqual([2, 2, 2]);
    expect((await w.run(LOGIN_EXAMPLE)).ok).toBe(true);
    expect(await failures(w, 'example_user')).toEqual([0, 0, 0]);
  });

  it('refuses a user missing on an up HSM, changing nothing (G-CLI-24)', async () => {
    const { w, dump } = await idbWorld();
    await w.hsm.transact(async (tx) => { await tx.get('users', userRecordId('cluster-1', 1, 3)); tx.delete('users', userRecordId('cluster-1', 1, 3)); });
    const ids = await w.hsm.transact(async (tx) => (await tx.list<UserRecord>('users', 'cluster-1/')).map((u) => u.id));
    expect(ids).not.toContain(userRecordId('cluster-1', 1, 3));
    const before = await dump();
    expect(envelope(await w.run('login --username example_user --role crypto-user --password wrong_pwd')))
      .toBe(err('User is not present on every HSM in the cluster'));
    expect(envelope(await w.run(LOGIN_EXAMPLE))).toBe(err('User is not present on every HSM in the cluster'));
    expect(await dump()).toBe(before);
    // With the HSM that lacks the user down, the others decide.
    await setHsm(w, 1, 'down');
    expect((await w.run(LOGIN_EXAMPLE)).ok).toBe(true);
  });
});

describe('logout (§3.2)', () => {
  it('prints the canonical block and ends the login', async () => {
    const w = await cliWorld();
    await w.run(LOGIN_EXAMPLE);
    expect(await w.block('logout')).toBe(cliFixture('logout'));
    expect(w.session.user).toBeNull();
    expect(w.session.role).toBeNull();
  });

  it('destroys the session keys (reported deleted)', async () => {
    const w = await cliWorld();
    await w.run(LOGIN_EXAMPLE);
    const key = { handle: 900001 } as never;
    w.session.sessionKeys.set(900001, key);
    const deleted: number[] = [];
    const journal = { sessionKey: (b: string, h: number) => { if (b === 'deleted') deleted.push(h); }, use: () => {}, committed: () => {} };
    w.hsm.journal = journal as never;
    await w.run('logout');
    w.hsm.journal = undefined;
    expect(deleted).toEqual([900001]);
    expect(w.session.sessionKeys.size).toBe(0);
  });

  it('refuses without a login, when no HSM is up, and with another cluster id; nothing changes', async () => {
    const { w, dump } = await idbWorld();
    let before = await dump();
    expect(envelope(await w.run('logout'))).toBe(err('User is not logged in'));
    expect(await dump()).toBe(before);
    await w.run(LOGIN_EXAMPLE);
    before = await dump();
    expect(envelope(await w.run('logout --cluster-id other'))).toBe(err('Cluster other is not configured'));
    expect(w.session.user).not.toBeNull();
    for (const n of [0, 1, 2]) await setHsm(w, n, 'down');
    before = await dump();
    expect(envelope(await w.run('logout'))).toBe(err('HSM is disconnected'));
    expect(await dump()).toBe(before);
  });

  it('a session whose HSM went down fails over and loses its session keys', async () => {
    const w = await cliWorld();
    await w.run(LOGIN_EXAMPLE);
    const serving = w.session.servingNode;
    w.session.sessionKeys.set(900002, { handle: 900002 } as never);
    await setHsm(w, serving, 'down');
    expect(envelope(await w.run('user list'))).toContain('"error_code": 0');
    expect(w.session.servingNode).not.toBe(serving);
    expect(w.session.sessionKeys.size).toBe(0);
  });
});

describe('cliGate order (issue 16 contract)', () => {
  it('checks --cluster-id, then an HSM up, then the login, then the role', async () => {
    const w = await cliWorld();
    // logged out, all wrong: the cluster id first
    for (const n of [0, 1, 2]) await setHsm(w, n, 'down');
    expect(envelope(await w.run('user create --username bob --role crypto-user --cluster-id c9'))).toBe(err('Cluster c9 is not configured'));
    // then no HSM up, before the login
    expect(envelope(await w.run('user create --username bob --role crypto-user'))).toBe(err('HSM is disconnected'));
    await setHsm(w, 0, 'up');
    expect(envelope(await w.run('user create --username bob --role crypto-user'))).toBe(err('User is not logged in'));
    await w.run(LOGIN_EXAMPLE);
    // logged in as a crypto user: no HSM up still comes before the role
    await setHsm(w, 0, 'down');
    expect(envelope(await w.run('user delete --username bob --role crypto-user'))).toBe(err('HSM is disconnected'));
    await setHsm(w, 0, 'up');
    expect(envelope(await w.run('user delete --username bob --role crypto-user'))).toBe(err('Invalid user type for this operation'));
    expect(envelope(await w.run('user delete --username bob --role crypto-user --cluster-id x'))).toBe(err('Cluster x is not configured'));
  });
});
