/**
 * `user change-password` (cloudhsm-cli.md §1.4, §3.6, §5.10): the canonical block, own password
 * and an admin's change of anyone's (which unlocks), and every refusal with the whole database
 * unchanged.
 */
import { describe, expect, it } from 'vitest';
import { cu } from '../support/cmu';
import {
  ADMIN_LOGIN, EXAMPLE_LOGIN, cliFixture, cliWorld, envelope, errorBlock, idbWorld, setHsm, userRecords, type CliWorld,
} from './users-helpers';

const BAD_CREDENTIALS = 'Incorrect credentials are passed for this operation: Incorrect authentication credentials.';

describe('user change-password (§3.6)', () => {
  it('prints the canonical block (admin, prompted twice); the new password logs in, the old no more', async () => {
    const w = await cliWorld();
    await w.run(ADMIN_LOGIN);
    expect(await w.block('user change-password --username example_user --role crypto-user', ['new_pwd_1', 'new_pwd_1']))
      .toBe(cliFixture('user-change-password'));
    const cu1 = w.other();
    expect(envelope(await cu1.run(EXAMPLE_LOGIN))).toBe(errorBlock(BAD_CREDENTIALS));
    expect((await cu1.run('login --username example_user --role crypto-user --password new_pwd_1')).ok).toBe(true);
  });

  it('lets a crypto user change their own password while logged in', async () => {
    const w = await cliWorld();
    await w.run(EXAMPLE_LOGIN);
    expect((await w.run('user change-password --username Example_User --role crypto-user --password mine_pwd1')).ok).toBe(true);
    await w.run('logout');
    expect((await w.run('login --username example_user --role crypto-user --password mine_pwd1')).ok).toBe(true);
  });

  it('lets an admin change their own password', async () => {
    const w = await cliWorld();
    await w.run(ADMIN_LOGIN);
    expect((await w.run('user change-password --username admin --role admin --password co54321')).ok).toBe(true);
    await w.run('logout');
    expect((await w.run('login --username admin --role admin --password co54321')).ok).toBe(true);
  });

  it('resets the failure counters, which unlocks the user', async () => {
    const w = await cliWorld();
    const cu1 = w.other();
    for (let i = 0; i < 5; i++) await cu1.run('login --username example_user --role crypto-user --password wrong_pwd');
    expect(envelope(await cu1.run(EXAMPLE_LOGIN))).toBe(errorBlock('User account is locked'));
    await w.run(ADMIN_LOGIN);
    await w.run('user change-password --username example_user --role crypto-user --password example_pwd');
    expect((await userRecords(w, 'example_user')).map((u) => u.loginFailures)).toEqual([0, 0, 0]);
    expect((await cu1.run(EXAMPLE_LOGIN)).ok).toBe(true);
  });

  it('sets the password on the up HSMs that have the user', async () => {
    const w = await cliWorld();
    await w.run(ADMIN_LOGIN);
    await setHsm(w, 1, 'down');
    const before = (await userRecords(w, 'example_user')).map((u) => u.verifier?.hash);
    expect((await w.run('user change-password --username example_user --role crypto-user --password new_pwd_1')).ok).toBe(true);
    const after = (await userRecords(w, 'example_user')).map((u) => u.verifier?.hash);
    expect(after[1]).toBe(before[1]);
    expect(after[0]).not.toBe(before[0]);
    expect(after[2]).toBe(after[0]);
  });

  describe('refusals change nothing', () => {
    const cases: [string, string, string[], string, (w: CliWorld) => Promise<void>][] = [
      ['not logged in', 'user change-password --username example_user --role crypto-user', [], 'User is not logged in', async () => {}],
      ['a crypto user naming someone else', 'user change-password --username alice --role crypto-user', [], 'Invalid user type for this operation',
        async (w) => { await w.run(EXAMPLE_LOGIN); }],
      ['another cluster id', 'user change-password --username admin --role admin --cluster-id zz', [], 'Cluster zz is not configured',
        async (w) => { await w.run(ADMIN_LOGIN); }],
      ['no HSM up', 'user change-password --username admin --role admin', [], 'HSM is disconnected',
        async (w) => { await w.run(ADMIN_LOGIN); for (const n of [0, 1, 2]) await setHsm(w, n, 'down'); }],
      ['prompted passwords that differ', 'user change-password --username alice --role crypto-user', ['alice_pw1', 'alice_pw2'], 'Passwords do not match',
        async (w) => { await w.run(ADMIN_LOGIN); }],
      ['a password too short', 'user change-password --username alice --role crypto-user --password short', [],
        'Invalid password length. Must be 7 to 32 characters', async (w) => { await w.run(ADMIN_LOGIN); }],
      ['no such user', 'user change-password --username nobody --role crypto-user --password password2', [], 'Specified user does not exist',
        async (w) => { await w.run(ADMIN_LOGIN); }],
      ['a user of another role', 'user change-password --username alice --role admin --password password2', [], 'Specified user does not exist',
        async (w) => { await w.run(ADMIN_LOGIN); }],
      ['a crypto user naming their own name with the admin role', 'user change-password --username alice --role admin --password password2', [],
        'Specified user does not exist', async (w) => { await w.run('login --username alice --role crypto-user --password password1'); }],
    ];
    for (const [what, line, answers, text, arrange] of cases) {
      it(what, async () => {
        const { w, dump } = await idbWorld({ users: [cu(4, 'alice')] });
        await arrange(w);
        const before = await dump();
        expect(envelope(await w.run(line, answers))).toBe(errorBlock(text));
        expect(w.prompts.length).toBe(answers.length);
        expect(await dump()).toBe(before);
      });
    }

    it('a user logged in elsewhere', async () => {
      const { w, dump } = await idbWorld({ users: [cu(4, 'alice')] });
      await w.run('login --username alice --role crypto-user --password password1');
      const admin = w.other();
      await admin.run(ADMIN_LOGIN);
      const before = await dump();
      expect(envelope(await admin.run('user change-password --username alice --role crypto-user --password password2')))
        .toBe(errorBlock('User is currently logged in'));
      expect(await dump()).toBe(before);
    });
  });
});
