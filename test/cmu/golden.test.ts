/**
 * Golden transcripts of cloudhsm_mgmt_util: every canonical block and verbatim sample of the spec
 * for these commands (test/fixtures/cmu, see its README), compared exactly. Placeholders stand for
 * values computed here independently (key hash) or checked for form (HSM id, firmware id).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyRecord, UserRecord } from '../../src/hsm/model';
import { aes, cmuTerminal, co, cu, edit, fixture, run } from '../support/cmu';
import { openTerminal } from '../support/transcript';

const ADMIN = 'loginHSM CO admin co12345';
const CU3 = 'loginHSM CU example_user example_pwd';

/** The keys of the findAllKeys samples: user 3's, user 4's and user 5's, shares as the samples list them. */
const SAMPLE_KEYS = [
  ...[6, 7, 11, 12, 14, 262159, 262160, 20, 21, 262177, 262179, 262180, 262181].map((h) => aes(h, 3)),
  aes(17, 4, [3]), aes(19, 4, [3]), aes(31, 4),
  aes(8, 5, [3, 4]), aes(9, 5, [4]), aes(262162, 5, [3, 4]),
];

describe('cloudhsm_mgmt_util golden transcripts', () => {
  it('start-up banner (every HSM up)', async () => {
    const t = await openTerminal();
    expect(await t.type('cloudhsm_mgmt_util')).toBe(fixture('banner') + '\n');
    expect(t.session.prompt).toBe('aws-cloudhsm>');
  });

  it('loginHSM, logoutHSM and loginHSM -hpswd on two servers', async () => {
    const t = await cmuTerminal({ scenario: { hsms: 2 } });
    expect(await run(t, ADMIN)).toBe(fixture('loginHSM'));
    expect(await run(t, 'logoutHSM')).toBe(fixture('logoutHSM'));
    const start = t.screen().length - t.session.prompt.length;
    await t.type('loginHSM CO admin -hpswd');
    expect(t.session.inputMode).toBe('hidden');
    await t.type('co12345');
    expect(t.screen().slice(start)).toBe(fixture('loginHSM-hpswd').replace(/\n$/, ''));
    expect(t.screen().slice(start)).not.toContain('co12345');
  });

  it('createUser CO and CU, with an invalid first answer', async () => {
    const t = await cmuTerminal();
    await t.type(ADMIN);
    expect(await run(t, 'createUser CO alice 391019314', 'maybe', 'y')).toBe(fixture('createUser-CO'));
    expect(await run(t, 'createUser CU bob defaultPassword', 'maybe', 'y')).toBe(fixture('createUser-CU'));
    expect(fixture('createUser-CU')).toContain(fixture('caution-invalid-option'));
    const users = await t.type('listUsers');
    expect(users).toContain('         4              CO              alice                                    NO               0               NO\n');
    expect(users).toContain('         5              CU              bob                                      NO               0               NO\n');
  });

  it('deleteUser on three servers', async () => {
    const t = await cmuTerminal({ scenario: { users: [co(4, 'example_officer')] } });
    await t.type(ADMIN);
    expect(await run(t, 'deleteUser CO example_officer')).toBe(fixture('deleteUser'));
    expect(await t.type('listUsers')).not.toContain('example_officer');
  });

  it('changePswd of a CU on two servers', async () => {
    const t = await cmuTerminal({ scenario: { hsms: 2, users: [cu(4, 'bob')] } });
    await t.type(ADMIN);
    expect(await run(t, 'changePswd CU bob newPassword', 'y')).toBe(fixture('changePswd'));
    await t.type('logoutHSM');
    expect(await t.type('loginHSM CU bob newPassword')).toContain('loginHSM success on server 1(10.0.3.11)');
  });

  it('listUsers of the fresh playground', async () => {
    const t = await cmuTerminal();
    expect(await run(t, 'listUsers')).toBe(fixture('listUsers'));
  });

  it('shareKey on two servers', async () => {
    const t = await cmuTerminal({ scenario: { hsms: 2, users: [cu(4, 'bob')], keys: [aes(262177, 3)] } });
    await t.type(CU3);
    expect(await run(t, 'shareKey 262177 4 1', 'y')).toBe(fixture('shareKey'));
  });

  it('findAllKeys 4 0 on three servers', async () => {
    const t = await cmuTerminal({ scenario: { users: [cu(4, 'u4'), cu(5, 'u5')], keys: SAMPLE_KEYS } });
    await t.type(ADMIN);
    expect(await run(t, 'findAllKeys 4 0')).toBe(fixture('findAllKeys-4-0'));
  });

  it('findAllKeys 3 1 on two servers, with the key hash recomputed here', async () => {
    const t = await cmuTerminal({ scenario: { hsms: 2, users: [cu(4, 'u4'), cu(5, 'u5')], keys: SAMPLE_KEYS } });
    await t.type(ADMIN);
    const got = await run(t, 'findAllKeys 3 1');
    // SHA-256 over the HSM's users (id, type, name lower-cased) and each key's handle, owner, shares, in index order.
    const users = [[1, 'PCO', 'admin'], [2, 'AU', 'app_user'], [3, 'CU', 'example_user'], [4, 'CU', 'u4'], [5, 'CU', 'u5']];
    const keys = SAMPLE_KEYS.map((k) => ({ ...k, index: k.handle % 262144 })).sort((a, b) => a.index - b.index)
      .map((k) => [k.handle, k.owner, k.shared]);
    const hash = createHash('sha256').update(JSON.stringify({ users, keys })).digest('hex');
    expect(got).toBe(fixture('findAllKeys-3-1').replaceAll('<HASH>', hash));
  });

  it('setAttribute of a key the CU owns', async () => {
    const t = await cmuTerminal({ scenario: { hsms: 2, keys: [aes(14, 3)] } });
    await t.type(CU3);
    expect(await run(t, 'setAttribute 14 261 0', ' y')).toBe(fixture('setAttribute'));
    expect(await t.type('getAttribute 14 261')).toContain('OBJ_ATTR_DECRYPT\n0x00000000\n');
  });

  it('getKeyInfo: a shared key, and a key under quorum control', async () => {
    const t = await cmuTerminal({
      scenario: { hsms: 2, users: [cu(4, 'u4'), cu(6, 'u6')], keys: [aes(262162, 3, [4, 6]), aes(10, 3, [4])] },
    });
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000000010'))!;
      tx.put<KeyRecord>('keys', { ...k, manageQuorum: 2, useQuorum: 2 });
    });
    await t.type(CU3);
    expect(await run(t, 'getKeyInfo 262162')).toBe(fixture('getKeyInfo-shared'));
    expect(await run(t, 'getKeyInfo 10')).toBe(fixture('getKeyInfo-quorum'));
    expect(await run(t, 'getKeyInfo -k 10')).toBe(fixture('getKeyInfo-quorum').replace('getKeyInfo 10', 'getKeyInfo -k 10'));
  });

  it('getAttribute on three servers', async () => {
    const t = await cmuTerminal({ scenario: { keys: [aes(262170, 3)] } });
    await t.type(CU3);
    expect(await run(t, 'getAttribute 262170 354')).toBe(fixture('getAttribute'));
  });

  it('listAttributes (no login)', async () => {
    const t = await cmuTerminal();
    expect(await run(t, 'listAttributes')).toBe(fixture('listAttributes'));
  });

  it('info server 0, logged in as a CU', async () => {
    const t = await cmuTerminal({ scenario: { users: [cu(4, 'testuser')] } });
    await t.type('loginHSM CU testuser password1');
    const got = await run(t, 'info server 0');
    const partition = /Connected {7}(\S+) /.exec(got)![1]!;
    expect(partition).toMatch(/^hsm-[a-z2-7]{11}$/);
    expect(got).toBe(fixture('info').replace('<PARTITION>', partition));
    expect(await t.type('info server 1')).not.toContain(partition);
  });

  it('getHSMInfo: server 0 as in the sample; every server gets its own block', async () => {
    const t = await cmuTerminal();
    const got = await run(t, 'getHSMInfo');
    const firmware = /Firmware ID {10}:(\S+)/.exec(got)![1]!;
    expect(firmware).toMatch(/^[0-9a-f]{15}$/);
    const want = fixture('getHSMInfo').replace('<FIRMWARE>', firmware);
    expect(got.startsWith(want)).toBe(true);
    const rest = got.slice(want.length);
    expect(rest).toMatch(/^ {16}\*\*\* Server 1 HSM Info \*\*\*\n/);
    expect(rest).toContain('        Serial Number        :3.0A0101-ICM000002\n');
    expect(rest).toContain('*** Server 2 HSM Info ***');
    expect(rest.match(/Firmware ID {10}:\S+/g)!.every((l) => !l.endsWith(firmware))).toBe(true);
  });

  it('server 0 and exit', async () => {
    const t = await cmuTerminal();
    expect(await run(t, 'server 0')).toBe(fixture('server'));
    expect(t.session.prompt).toBe('server0>');
    expect(await run(t, 'exit')).toBe(fixture('server-exit'));
    expect(t.session.prompt).toBe('aws-cloudhsm>');
  });

  it('syncKey in server mode copies a key to an HSM that lacks it', async () => {
    const t = await cmuTerminal({ scenario: { keys: [aes(261251, 3)] } });
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000261251'))!;
      tx.put<KeyRecord>('keys', { ...k, holders: [0, 2] });
    });
    await t.type(CU3);
    await t.type('server 0');
    expect(await run(t, 'syncKey 261251 1')).toBe(fixture('syncKey'));
    await edit(t, async (tx) => {
      expect((await tx.get<KeyRecord>('keys', 'cluster-1/0000261251'))!.holders).toEqual([0, 1, 2]);
    });
  });

  it('syncUser in server mode copies a user, password included', async () => {
    const t = await cmuTerminal({ scenario: { users: [cu(4, 'u4'), cu(5, 'u5'), cu(6, 'u6', 'u6-secret')] } });
    await edit(t, async (tx) => {
      await tx.get('users', 'cluster-1/1/0006');
      tx.delete('users', 'cluster-1/1/0006');
    });
    await t.type(ADMIN);
    await t.type('server 0');
    expect(await run(t, 'syncUser 6 1')).toBe(fixture('syncUser'));
    await edit(t, async (tx) => {
      const a = (await tx.get<UserRecord>('users', 'cluster-1/0/0006'))!;
      const b = (await tx.get<UserRecord>('users', 'cluster-1/1/0006'))!;
      expect({ ...b, id: '', node: 0, rev: 0 }).toEqual({ ...a, id: '', rev: 0 });
    });
  });

  it('quit', async () => {
    const t = await cmuTerminal();
    expect(await run(t, 'quit')).toBe(fixture('quit'));
    expect(t.session.prompt).toBe('$ ');
  });
});
