/**
 * `user delete` (cloudhsm-cli.md §3.5, §5.7, §5.10): the canonical block, deletion on the up HSMs
 * that have the user, and every refusal (logged in anywhere, owning keys, no such user, role)
 * with the whole database unchanged — also when the refusal comes from the second HSM.
 */
import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../src/hsm/model';
import { aes, cu } from '../support/cmu';
import { ADMIN_LOGIN, cliFixture, cliWorld, envelope, errorBlock, idbWorld, setHsm, userRecords, type CliWorld } from './users-helpers';

describe('user delete (§3.5)', () => {
  it('prints the canonical block and removes the user from every HSM', async () => {
    const w = await cliWorld();
    await w.run(ADMIN_LOGIN);
    await w.run('user create --username alice --role crypto-user --password alice_pwd');
    expect(await w.block('user delete --username alice --role crypto-user')).toBe(cliFixture('user-delete'));
    expect(await userRecords(w, 'alice')).toEqual([]);
  });

  it('deletes from the up HSMs only: the down one keeps the user (§5.7)', async () => {
    const w = await cliWorld();
    await w.run(ADMIN_LOGIN);
    await w.run('user create --username alice --role crypto-user --password alice_pwd');
    await setHsm(w, 0, 'down');
    expect((await w.run('user delete --username ALICE --role crypto-user')).ok).toBe(true);
    await setHsm(w, 0, 'up');
    expect((await userRecords(w, 'alice')).map((u) => u.node)).toEqual([0]);
    const r = await w.run('user list');
    expect(JSON.stringify(r)).toContain('"username":"alice","role":"crypto-user","locked":"false","mfa":[],"cluster-coverage":"inconsistent"');
    // Running it again is the repair.
    expect((await w.run('user delete --username alice --role crypto-user')).ok).toBe(true);
    expect(await userRecords(w, 'alice')).toEqual([]);
  });

  it('drops the shares of a deleted user from the keys', async () => {
    const { w } = await idbWorld({ users: [cu(4, 'alice')], keys: [aes(6, 3, [4])] });
    await w.run(ADMIN_LOGIN);
    expect((await w.run('user delete --username alice --role crypto-user')).ok).toBe(true);
    const shared = await w.hsm.transact(async (tx) => (await tx.list<KeyRecord>('keys', 'cluster-1/')).map((k) => k.shared));
    expect(shared).toEqual([[]]);
  });

  describe('refusals change nothing', () => {
    const cases: [string, string, string, (w: CliWorld) => Promise<void>][] = [
      ['not logged in', 'user delete --username alice --role crypto-user', 'User is not logged in', async () => {}],
      ['a crypto user', 'user delete --username alice --role crypto-user', 'Invalid user type for this operation',
        async (w) => { await w.run('login --username alice --role crypto-user --password password1'); }],
      ['another cluster id', 'user delete --username alice --role crypto-user --cluster-id nope', 'Cluster nope is not configured',
        async (w) => { await w.run(ADMIN_LOGIN); }],
      ['no HSM up', 'user delete --username alice --role crypto-user', 'HSM is disconnected',
        async (w) => { await w.run(ADMIN_LOGIN); for (const n of [0, 1, 2]) await setHsm(w, n, 'down'); }],
      ['no such user', 'user delete --username nobody --role crypto-user', 'Specified user does not exist', async (w) => { await w.run(ADMIN_LOGIN); }],
      ['a user of another role', 'user delete --username alice --role admin', 'Specified user does not exist', async (w) => { await w.run(ADMIN_LOGIN); }],
      ['the AU', 'user delete --username app_user --role admin', 'Specified user does not exist', async (w) => { await w.run(ADMIN_LOGIN); }],
      ['the caller', 'user delete --username admin --role admin', 'User is currently logged in', async (w) => { await w.run(ADMIN_LOGIN); }],
      ['a crypto user who owns keys', 'user delete --username example_user --role crypto-user', 'User owns keys and cannot be deleted',
        async (w) => { await w.run(ADMIN_LOGIN); }],
    ];
    for (const [what, line, text, arrange] of cases) {
      it(what, async () => {
        const { w, dump } = await idbWorld({ users: [cu(4, 'alice')], keys: [aes(6, 3)] });
        await arrange(w);
        const before = await dump();
        expect(envelope(await w.run(line))).toBe(errorBlock(text));
        expect(await dump()).toBe(before);
      });
    }

    it('a user logged in to the CLI elsewhere (another session registered in the logins port)', async () => {
      const { w, dump } = await idbWorld({ users: [cu(4, 'alice')] });
      await w.run('login --username alice --role crypto-user --password password1'); // the terminal's own CLI session
      const admin = w.other();
      await admin.run(ADMIN_LOGIN);
      const before = await dump();
      expect(envelope(await admin.run('user delete --username alice --role crypto-user'))).toBe(errorBlock('User is currently logged in'));
      expect(await dump()).toBe(before);
      await w.run('logout');
      expect((await admin.run('user delete --username alice --role crypto-user')).ok).toBe(true);
    });

    it('a user logged in to key_mgmt_util in the terminal', async () => {
      const { w, dump } = await idbWorld({ users: [cu(4, 'alice')] });
      await w.t.type('key_mgmt_util');
      await w.t.type('loginHSM -u CU -s alice -p password1');
      const admin = w.other();
      await admin.run(ADMIN_LOGIN);
      const before = await dump();
      expect(envelope(await admin.run('user delete --username alice --role crypto-user'))).toBe(errorBlock('User is currently logged in'));
      expect(await dump()).toBe(before);
    });

    it('a refusal of the second HSM undoes the deletion on the first', async () => {
      const { w, dump } = await idbWorld({ users: [cu(4, 'alice')], keys: [aes(6, 4)] });
      // alice's key is on HSMs 1 and 2 only: HSM 0 would delete her, HSM 1 refuses.
      await w.hsm.transact(async (tx) => {
        const k = (await tx.list<KeyRecord>('keys', 'cluster-1/'))[0]!;
        tx.put<KeyRecord>('keys', { ...k, holders: [1, 2] });
      });
      await w.run(ADMIN_LOGIN);
      const before = await dump();
      expect(envelope(await w.run('user delete --username alice --role crypto-user'))).toBe(errorBlock('User owns keys and cannot be deleted'));
      expect(await dump()).toBe(before);
      expect((await userRecords(w, 'alice')).length).toBe(3);
    });
  });
});
