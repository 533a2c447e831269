/**
 * `user list`, `cluster hsm-info` and `cluster activate` (cloudhsm-cli.md §3.3, §3.7, §3.23, §5.6,
 * §5.7, G-CLI-20/22/23/25/31): the canonical blocks, the order, locked and role strings,
 * inconsistent values and coverage over the HSMs that are up, and the refusals with the database
 * unchanged.
 */
import { describe, expect, it } from 'vitest';
import { userRecordId, type UserRecord } from '../../src/hsm/model';
import { cliFixture, cliWorld, envelope, errorBlock, idbWorld, setHsm, type CliWorld } from './users-helpers';

type Row = { username: string; role: string; locked: string; mfa: unknown[]; 'cluster-coverage': string };

async function rows(w: CliWorld): Promise<Row[]> {
  const r = await w.run('user list');
  if (!r.ok) throw new Error('user list refused');
  return (r.data as { users: Row[] }).users;
}

async function editUser(w: CliWorld, node: number, userId: number, change: Partial<UserRecord>) {
  await w.hsm.transact(async (tx) => {
    const u = (await tx.get<UserRecord>('users', userRecordId('cluster-1', node, userId)))!;
    tx.put<UserRecord>('users', { ...u, ...change });
  });
}

describe('user list (§3.3)', () => {
  it('prints the canonical block of a fresh playground, logged out', async () => {
    const w = await cliWorld();
    expect(await w.block('user list')).toBe(cliFixture('user-list'));
  });

  it('prints the same logged in, as a crypto user or an admin', async () => {
    const w = await cliWorld();
    await w.run('login --username example_user --role crypto-user --password example_pwd');
    expect(await w.block('user list')).toBe(cliFixture('user-list'));
    await w.run('logout');
    await w.run('login --username admin --role admin --password co12345');
    expect(await w.block('user list')).toBe(cliFixture('user-list'));
  });

  it('orders admins and crypto users by user id, internal users last (G-CLI-22)', async () => {
    const w = await cliWorld();
    await w.run('login --username admin --role admin --password co12345');
    await w.run('user create --username Zed --role admin --password zed_pwd1');
    await w.run('user create --username bob --role crypto-user --password bob_pwd1');
    expect((await rows(w)).map((r) => [r.username, r.role])).toEqual([
      ['admin', 'admin'], ['example_user', 'crypto-user'], ['zed', 'admin'], ['bob', 'crypto-user'], ['app_user', 'internal(APPLIANCE_USER)'],
    ]);
  });

  it('prints locked as a string: "true" on every HSM, "inconsistent" on some (G-CLI-23)', async () => {
    const w = await cliWorld();
    for (const n of [0, 1, 2]) await editUser(w, n, 3, { loginFailures: 5 });
    expect((await rows(w))[1]).toMatchObject({ username: 'example_user', locked: 'true' });
    await editUser(w, 1, 3, { loginFailures: 4 });
    expect((await rows(w))[1]).toMatchObject({ username: 'example_user', locked: 'inconsistent', 'cluster-coverage': 'full' });
  });

  it('prints role "inconsistent" when the HSMs disagree (§5.6)', async () => {
    const w = await cliWorld();
    await editUser(w, 2, 3, { type: 'CO' });
    expect((await rows(w))[1]).toMatchObject({ username: 'example_user', role: 'inconsistent' });
  });

  it('names a user by its lower-case name, and PRECO as unactivated-admin (G-CLI-25)', async () => {
    const w = await cliWorld();
    for (const n of [0, 1, 2]) await editUser(w, n, 3, { name: 'Example_USER', type: 'PRECO' });
    expect((await rows(w))[1]).toMatchObject({ username: 'example_user', role: 'unactivated-admin' });
  });

  it('computes coverage over the up HSMs only (§5.6, G-CLI-20)', async () => {
    const w = await cliWorld();
    await w.hsm.transact(async (tx) => {
      await tx.get('users', userRecordId('cluster-1', 2, 3));
      tx.delete('users', userRecordId('cluster-1', 2, 3));
    });
    expect((await rows(w))[1]).toMatchObject({ username: 'example_user', 'cluster-coverage': 'inconsistent' });
    await setHsm(w, 2, 'down');
    expect(await w.block('user list')).toBe(cliFixture('user-list'));
  });

  it('refuses with no HSM up and with another cluster id; nothing changes', async () => {
    const { w, dump } = await idbWorld();
    let before = await dump();
    expect(envelope(await w.run('user list --cluster-id cluster-9'))).toBe(errorBlock('Cluster cluster-9 is not configured'));
    expect(await dump()).toBe(before);
    expect((await w.run('user list --cluster-id cluster-1')).ok).toBe(true);
    for (const n of [0, 1, 2]) await setHsm(w, n, 'down');
    before = await dump();
    expect(envelope(await w.run('user list'))).toBe(errorBlock('HSM is disconnected'));
    expect(await dump()).toBe(before);
  });
});

describe('cluster hsm-info (§3.7)', () => {
  it('prints the canonical block of a fresh three-HSM cluster, no login needed', async () => {
    const w = await cliWorld();
    expect(await w.block('cluster hsm-info')).toBe(cliFixture('cluster-hsm-info'));
  });

  it('lists only the up HSMs, with the serial numbers CMU getHSMInfo prints', async () => {
    const w = await cliWorld();
    await setHsm(w, 1, 'down');
    const r = await w.run('cluster hsm-info');
    const serials = r.ok ? (r.data as { hsms: { 'serial-number': string }[] }).hsms.map((h) => h['serial-number']) : [];
    expect(serials).toEqual(['3.0A0101-ICM000001', '3.0A0101-ICM000003']);
    await w.t.type('cloudhsm_mgmt_util /opt/cloudhsm/etc/cloudhsm_mgmt_util.cfg');
    const cmu = await w.t.type('getHSMInfo');
    for (const s of serials) expect(cmu).toContain(`Serial Number        :${s}`);
    expect(cmu).toContain('Model                :NITROX-III CNN35XX-NFBE');
    expect(cmu).toContain('FIPS state           :2 [FIPS mode with single factor authentication]');
  });

  it('refuses with no HSM up and with another cluster id; nothing changes', async () => {
    const { w, dump } = await idbWorld();
    let before = await dump();
    expect(envelope(await w.run('cluster hsm-info --cluster-id x'))).toBe(errorBlock('Cluster x is not configured'));
    expect(await dump()).toBe(before);
    for (const n of [0, 1, 2]) await setHsm(w, n, 'down');
    before = await dump();
    expect(envelope(await w.run('cluster hsm-info'))).toBe(errorBlock('HSM is disconnected'));
    expect(await dump()).toBe(before);
  });
});

describe('cluster activate (§3.23)', () => {
  it('answers that the cluster is already activated, logged in or not, and changes nothing', async () => {
    const { w, dump } = await idbWorld();
    const before = await dump();
    const block = 'aws-cloudhsm > cluster activate\n' + errorBlock('The cluster is already activated');
    expect(await w.block('cluster activate')).toBe(block);
    await w.run('login --username admin --role admin --password co12345');
    const loggedIn = await dump();
    expect(await w.block('cluster activate')).toBe(block);
    expect(await dump()).toBe(loggedIn);
    expect(loggedIn).toBe(before);
  });
});
