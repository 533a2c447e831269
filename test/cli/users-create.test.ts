/**
 * `user create` (cloudhsm-cli.md §1.4, §3.4, §5.7, G-CLI-24/36/44): the canonical block, ids, the
 * repair of a user missing on an up HSM, and every refusal with the whole database unchanged.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_LOGIN, cliFixture, cliWorld, envelope, errorBlock, idbWorld, setHsm, userRecords, type CliWorld } from './users-helpers';

const ok = (username: string, role: string) => JSON.stringify({ error_code: 0, data: { username, role } }, null, 2) + '\n';

async function admin(): Promise<CliWorld> {
  const w = await cliWorld();
  await w.run(ADMIN_LOGIN);
  return w;
}

describe('user create (§3.4)', () => {
  it('prints the canonical block, asking for the password twice', async () => {
    const w = await admin();
    expect(await w.block('user create --username alice --role crypto-user', ['alice_pwd', 'alice_pwd'])).toBe(cliFixture('user-create'));
    const recs = await userRecords(w, 'alice');
    expect(recs.map((u) => [u.node, u.userId, u.name, u.type])).toEqual([[0, 4, 'alice', 'CU'], [1, 4, 'alice', 'CU'], [2, 4, 'alice', 'CU']]);
    const alice = w.other();
    expect((await alice.run('login --username alice --role crypto-user --password alice_pwd')).ok).toBe(true);
  });

  it('takes --password without prompts; the name is stored and printed in lower case; admin makes a CO', async () => {
    const w = await admin();
    expect(envelope(await w.run('user create --username Carol_2 --role admin --password carol_pwd'))).toBe(ok('carol_2', 'admin'));
    expect(w.prompts).toEqual([]);
    expect((await userRecords(w, 'carol_2')).map((u) => [u.name, u.type])).toEqual([['carol_2', 'CO'], ['carol_2', 'CO'], ['carol_2', 'CO']]);
    expect((await w.other().run('login --username CAROL_2 --role admin --password carol_pwd')).ok).toBe(true);
  });

  it('accepts passwords of 7 and 32 characters and names of 31', async () => {
    const w = await admin();
    expect((await w.run('user create --username u7 --role crypto-user --password 1234567')).ok).toBe(true);
    expect((await w.run(`user create --username u32 --role crypto-user --password ${'p'.repeat(32)}`)).ok).toBe(true);
    expect((await w.run(`user create --username ${'n'.repeat(31)} --role crypto-user --password password1`)).ok).toBe(true);
  });

  it('never reuses an id: a user created after a deletion gets the next one', async () => {
    const w = await admin();
    await w.run('user create --username bob --role crypto-user --password bob_pwd1');
    await w.run('user delete --username bob --role crypto-user');
    await w.run('user create --username carol --role crypto-user --password carol_pwd');
    expect((await userRecords(w, 'carol')).map((u) => u.userId)).toEqual([5, 5, 5]);
  });

  it('repairs a user created while an HSM was down, with its id and the password given (G-CLI-24)', async () => {
    const w = await admin();
    await setHsm(w, 2, 'down');
    await w.run('user create --username bob --role crypto-user --password bob_pwd1');
    // Meanwhile another user takes the next id on the two up HSMs.
    await w.run('user create --username carol --role crypto-user --password carol_pwd');
    await setHsm(w, 2, 'up');
    expect((await userRecords(w, 'bob')).map((u) => [u.node, u.userId])).toEqual([[0, 4], [1, 4]]);
    const bob = w.other();
    expect(envelope(await bob.run('login --username bob --role crypto-user --password bob_pwd1'))).toBe(errorBlock('User is not present on every HSM in the cluster'));
    expect(envelope(await w.run('user create --username bob --role crypto-user --password bob_pwd1'))).toBe(ok('bob', 'crypto-user'));
    expect((await userRecords(w, 'bob')).map((u) => [u.node, u.userId])).toEqual([[0, 4], [1, 4], [2, 4]]);
    expect((await bob.run('login --username bob --role crypto-user --password bob_pwd1')).ok).toBe(true);
    // carol is still missing on HSM 2 and gets her id 5 there too.
    await w.run('user create --username carol --role crypto-user --password carol_pwd');
    expect((await userRecords(w, 'carol')).map((u) => [u.node, u.userId])).toEqual([[0, 5], [1, 5], [2, 5]]);
  });

  it('a repair with another password leaves logins failing until change-password sets one (§3.4)', async () => {
    const w = await admin();
    await setHsm(w, 2, 'down');
    await w.run('user create --username bob --role crypto-user --password bob_pwd1');
    await setHsm(w, 2, 'up');
    await w.run('user create --username bob --role crypto-user --password bob_pwd2');
    const bob = w.other();
    expect(envelope(await bob.run('login --username bob --role crypto-user --password bob_pwd1')))
      .toBe(errorBlock('Incorrect credentials are passed for this operation: Incorrect authentication credentials.'));
    await w.run('user change-password --username bob --role crypto-user --password bob_pwd3');
    expect((await bob.run('login --username bob --role crypto-user --password bob_pwd3')).ok).toBe(true);
  });

  describe('refusals change nothing', () => {
    const cases: [string, string, string[], string, ((w: CliWorld) => Promise<void>)?][] = [
      ['not logged in', 'user create --username bob --role crypto-user', [], 'User is not logged in', async (w) => { await w.run('logout'); }],
      ['a crypto user', 'user create --username bob --role crypto-user', [], 'Invalid user type for this operation',
        async (w) => { await w.run('logout'); await w.run('login --username example_user --role crypto-user --password example_pwd'); }],
      ['another cluster id', 'user create --username bob --role crypto-user --cluster-id c2', [], 'Cluster c2 is not configured'],
      ['no HSM up', 'user create --username bob --role crypto-user', [], 'HSM is disconnected',
        async (w) => { for (const n of [0, 1, 2]) await setHsm(w, n, 'down'); }],
      ['a name with a hyphen', 'user create --username bob-1 --role crypto-user', [], 'Invalid user name'],
      ['a name of 32 characters', `user create --username ${'n'.repeat(32)} --role crypto-user`, [], 'Invalid user name'],
      ['prompted passwords that differ', 'user create --username bob --role crypto-user', ['bob_pwd1', 'bob_pwd2'], 'Passwords do not match'],
      ['a password of 6 characters', 'user create --username bob --role crypto-user --password 123456', [], 'Invalid password length. Must be 7 to 32 characters'],
      ['a prompted password of 33 characters', 'user create --username bob --role crypto-user', ['p'.repeat(33), 'p'.repeat(33)],
        'Invalid password length. Must be 7 to 32 characters'],
      ['an existing name', 'user create --username example_user --role crypto-user --password password1', [], 'User already exists'],
      ['an existing name in another case and role', 'user create --username EXAMPLE_USER --role admin --password password1', [], 'User already exists'],
      ['the AU name', 'user create --username app_user --role crypto-user --password password1', [], 'User already exists'],
    ];
    for (const [what, line, answers, text, arrange] of cases) {
      it(what, async () => {
        const { w, dump } = await idbWorld();
        await w.run(ADMIN_LOGIN);
        await arrange?.(w);
        const before = await dump();
        expect(envelope(await w.run(line, answers))).toBe(errorBlock(text));
        expect(w.prompts.length).toBe(answers.length);
        expect(await dump()).toBe(before);
      });
    }

    it('a name present on some up HSMs under another role', async () => {
      const { w, dump } = await idbWorld();
      await w.run(ADMIN_LOGIN);
      await setHsm(w, 2, 'down');
      await w.run('user create --username bob --role admin --password bob_pwd1');
      await setHsm(w, 2, 'up');
      const before = await dump();
      expect(envelope(await w.run('user create --username bob --role crypto-user --password bob_pwd1'))).toBe(errorBlock('User already exists'));
      expect(await dump()).toBe(before);
    });
  });
});

describe('one model, two vocabularies (§5.1, §5.7)', () => {
  it('a user created in the CLI logs in to key_mgmt_util and shows in CMU listUsers with its id', async () => {
    const w = await admin();
    await w.run('user create --username alice --role crypto-user --password alice_pwd');
    await w.t.type('key_mgmt_util');
    expect(await w.t.type('loginHSM -u CU -s alice -p alice_pwd')).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
    await w.t.type('exit');
    await w.t.type('cloudhsm_mgmt_util');
    const users = await w.t.type('listUsers');
    expect(users).toMatch(/ 4\s+CU\s+alice\s+NO\s+0\s+NO/);
    expect(users.match(/alice/g)?.length).toBe(3);
  });
});

describe('hostile names', () => {
  it('users named like Object.prototype members are created, listed, logged in and deleted like any other', async () => {
    const u = await cliWorld(); // the terminal's own session: its login is in the logins port
    const w = u.other();
    await w.run(ADMIN_LOGIN);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(envelope(await w.run(`user create --username ${name} --role crypto-user --password password1`))).toBe(ok(name.toLowerCase(), 'crypto-user'));
    }
    const r = await w.run('user list');
    const names = r.ok ? (r.data as { users: { username: string; 'cluster-coverage': string }[] }).users.map((x) => [x.username, x['cluster-coverage']]) : [];
    expect(names).toEqual([
      ['admin', 'full'], ['example_user', 'full'], ['__proto__', 'full'], ['constructor', 'full'], ['tostring', 'full'], ['hasownproperty', 'full'],
      ['app_user', 'full'],
    ]);
    expect((await u.run('login --username __proto__ --role crypto-user --password password1')).ok).toBe(true);
    expect(envelope(await w.run('user delete --username __proto__ --role crypto-user'))).toBe(errorBlock('User is currently logged in'));
    await u.run('logout');
    expect((await w.run('user delete --username __proto__ --role crypto-user')).ok).toBe(true);
    expect(envelope(await u.run('login --username constructor --role admin --password password1')))
      .toBe(errorBlock('Incorrect credentials are passed for this operation: Incorrect authentication credentials.'));
  });
});
