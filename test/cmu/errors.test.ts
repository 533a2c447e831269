/**
 * Every result line cloudhsm_mgmt_util can print for these commands (errors.md §1.3, §4.1–§4.4,
 * users-and-keys.md §3.1, attributes.md §2), with the expected text written out from the spec.
 * Each refusal leaves the whole IndexedDB database — dumped through a fresh connection — as it
 * was; the one documented exception, a wrong password, changes exactly the failure counters.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import type { KeyRecord, UserRecord } from '../../src/hsm/model';
import { userRecordId } from '../../src/hsm/model';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { aes, cmuTerminal, cu, edit } from '../support/cmu';
import { asPublicKey } from '../support/pairs';
import type { Terminal } from '../support/transcript';

const S = ['server 0(10.0.2.9)', 'server 1(10.0.3.11)', 'server 2(10.0.1.12)'];
const CAUTION = [
  '*************************CAUTION********************************',
  'This is a CRITICAL operation, should be done on all nodes in the',
  'cluster. AWS does NOT synchronize these changes automatically with the',
  'nodes on which this operation is not executed or failed, please',
  'ensure this operation is executed on all nodes in the cluster.',
  '****************************************************************',
  '',
  'Do you want to continue(y/n)?y',
].map((l) => l + '\n').join('');
const RIA = 'Retry/Ignore/Abort?(R/I/A):';
const RBI = 'Retry/rollBack/Ignore?(R/B/I):';
const NOT_FOUND = "HSM Error: user isn't initialized or user with this name doesn't exist";

let factory: IDBFactory;
let t: Terminal;
const DB = 'cmu-errors';

beforeEach(async () => {
  factory = freshFactory();
  t = await cmuTerminal({
    backend: await openIdbBackend({ name: DB, factory }),
    scenario: { users: [cu(4, 'bob'), cu(5, 'carol')], keys: [aes(6, 3), aes(7, 4), aes(8, 3, [4])] },
  });
});

/** The screen from the line after the first echo up to the next prompt: output, questions, answers. */
async function shown(lines: string[]): Promise<string> {
  const start = t.screen().length;
  for (const l of lines) await t.type(l);
  const s = t.screen().slice(start);
  const p = t.session.prompt;
  return s.slice(s.indexOf('\n') + 1, s.endsWith(p) ? s.length - p.length : s.length);
}

/** `lines` print exactly `expected` and leave the database as it was. */
async function refused(lines: string[], expected: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  expect(await shown(lines)).toBe(expected);
  expect(await dumpIdb(DB, factory)).toBe(before);
}

const perServer = (cmd: string, text: string, servers = S) => servers.map((s) => `${cmd} failed: ${text}\n${cmd} failed on ${s}\n`).join('');

describe('loginHSM / logoutHSM (errors.md §4.1)', () => {
  it('unknown user, user of another type, AU, bad type word, already logged in, not logged in', async () => {
    await refused(['loginHSM CU nobody password1'], '\n' + perServer('loginHSM', NOT_FOUND) + '\n');
    await refused(['loginHSM CO example_user example_pwd'], '\n' + perServer('loginHSM', NOT_FOUND) + '\n');
    await refused(['loginHSM AU app_user whatever1'], '\n' + perServer('loginHSM', 'RET_USER_LOGIN_FAILURE') + '\n');
    await refused(['loginHSM cu example_user example_pwd'],
      'Error: Invalid user type cu.\nUsage: loginHSM <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]\n');
    await refused(['loginHSM CO admin co12345 -2fa /tmp/a'],
      'Error: 2FA (-2fa) is not emulated in this playground.\nUsage: loginHSM <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]\n');
    await refused(['logoutHSM'], 'logoutHSM failed: HSM Error: User is not logged in\n');
    await t.type('loginHSM CU Example_User example_pwd'); // names are not case-sensitive
    await refused(['loginHSM CU example_user example_pwd'], 'loginHSM failed: HSM Error: User is already logged in\n');
  });

  it('a wrong password counts on every server and changes nothing else; the 5th locks; locked answers the same', async () => {
    const before = JSON.parse(await dumpIdb(DB, factory));
    expect(await shown(['loginHSM CU example_user wrong_pwd'])).toBe('\n' + perServer('loginHSM', 'RET_USER_LOGIN_FAILURE') + '\n');
    const after = JSON.parse(await dumpIdb(DB, factory));
    for (const node of [0, 1, 2]) {
      const id = userRecordId('cluster-1', node, 3);
      const find = (d: typeof before) => d.stores.users.records.find((r: { key: string }) => r.key === id).value;
      expect(find(after).loginFailures).toBe(1);
      find(after).loginFailures = 0;
      find(after).rev = find(before).rev;
    }
    expect(after).toEqual(before);
    for (let i = 0; i < 4; i++) await t.type('loginHSM CU example_user wrong_pwd');
    await refused(['loginHSM CU example_user example_pwd'], '\n' + perServer('loginHSM', 'RET_USER_LOGIN_FAILURE') + '\n');
    await refused(['loginHSM CU example_user wrong_pwd'], '\n' + perServer('loginHSM', 'RET_USER_LOGIN_FAILURE') + '\n');
  });

  it('a server that is down', async () => {
    await t.type('quit');
    await t.type('hsm stop 1');
    expect(await t.type('cloudhsm_mgmt_util')).toContain(
      "Connecting to server '10.0.3.11': hostname '10.0.3.11', port 2225...\nFailed to connect to server '10.0.3.11'\n\n");
    expect(await shown(['loginHSM CO admin co12345'])).toBe(
      `\nloginHSM success on ${S[0]}\nloginHSM failed: HSM CLUSTER ERROR: Server in cluster is unavailable\nloginHSM failed on ${S[1]}\nloginHSM success on ${S[2]}\n\n`);
    expect(await t.type('listUsers')).toContain(
      `listUsers failed: HSM CLUSTER ERROR: Server in cluster is unavailable\nlistUsers failed on ${S[1]}\nUsers on ${S[2]}:`);
  });
});

describe('user management (errors.md §4.4, users-and-keys.md §3.1)', () => {
  beforeEach(async () => {
    await t.type('loginHSM CO admin co12345');
  });

  it('createUser: bad name, bad password length, bad type word; an existing name on every server (Ignore)', async () => {
    await refused(['createUser CU bad-name password1'], 'Invalid user name\n');
    await refused([`createUser CU ${'a'.repeat(32)} password1`], 'Invalid user name\n');
    await refused(['createUser CU shorty 123456'], 'Invalid password length. Must be 7 to 32 characters\n');
    await refused([`createUser CU longy ${'p'.repeat(33)}`], 'Invalid password length. Must be 7 to 32 characters\n');
    await refused(['createUser AU someone password1'],
      'Error: Invalid user type AU.\nUsage: createUser <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]\n');
    await refused(['createUser CU Bob password1', 'y', 'I', 'I', 'I'], '\n' + CAUTION + 'Creating User Bob(CU) on 3 nodes\n' +
      S.map((s) => `createUser failed: HSM Error: User already exists\ncreating user on ${s} failed\n\n${RIA}I\n`).join(''));
    await refused(['createUser CU newbie password1', 'n'], '\n' + CAUTION.replace('?y\n', '?n\n'));
  });

  it('createUser: the 1,025th user of an HSM (Abort keeps nothing)', async () => {
    await edit(t, async (tx) => {
      for (let id = 6; id <= 1024; id++) {
        tx.put<UserRecord>('users', {
          id: userRecordId('cluster-1', 0, id), rev: 0, cluster: 'cluster-1', node: 0, userId: id, name: `u${id}`,
          type: 'CU', verifier: null, loginFailures: 0, mofnPubKey: false, twoFA: false,
        });
      }
    });
    await refused(['createUser CU newbie password1', 'y', 'A'], '\n' + CAUTION + 'Creating User newbie(CU) on 3 nodes\n' +
      `createUser failed: HSM Error: Maximum number of users reached\ncreating user on ${S[0]} failed\n\n${RIA}A\n`);
  });

  it('deleteUser: owner of keys (rollBack), logged-in user, unknown name, wrong type', async () => {
    await refused(['deleteUser CU example_user', 'B'], 'Deleting user example_user(CU) on 3 nodes\n' +
      `deleteUser failed: HSM Error: User owns keys and cannot be deleted\ndeleteUser failed on ${S[0]}\n\n${RBI}B\n`);
    await refused(['deleteUser CO admin', 'I', 'I', 'I'], 'Deleting user admin(CO) on 3 nodes\n' +
      S.map((s) => `deleteUser failed: HSM Error: User is currently logged in\ndeleteUser failed on ${s}\n\n${RBI}I\n`).join(''));
    await refused(['deleteUser CU nobody', 'I', 'I', 'I'], 'Deleting user nobody(CU) on 3 nodes\n' +
      S.map((s) => `deleteUser failed: ${NOT_FOUND}\ndeleteUser failed on ${s}\n\n${RBI}I\n`).join(''));
    await refused(['deleteUser CO carol', 'I', 'I', 'I'], 'Deleting user carol(CO) on 3 nodes\n' +
      S.map((s) => `deleteUser failed: ${NOT_FOUND}\ndeleteUser failed on ${s}\n\n${RBI}I\n`).join(''));
  });

  it('deleteUser: rollBack after a server already succeeded undoes it', async () => {
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000000007'))!;
      tx.put<KeyRecord>('keys', { ...k, holders: [1] }); // bob owns a key on HSM 1 only
    });
    await refused(['deleteUser CU bob', 'B'], 'Deleting user bob(CU) on 3 nodes\n' + `deleteUser success on ${S[0]}\n` +
      `deleteUser failed: HSM Error: User owns keys and cannot be deleted\ndeleteUser failed on ${S[1]}\n\n${RBI}B\n`);
  });

  it('changePswd: unknown user, wrong type for the name, bad length', async () => {
    await refused(['changePswd CU nobody password1', 'y', 'A'], '\n' + CAUTION + 'Changing password for nobody(CU) on 3 nodes\n' +
      `changePswd failed: ${NOT_FOUND}\nchangePswd failed on ${S[0]}\n\n${RIA}A\n`);
    await refused(['changePswd CO bob password1', 'y', 'A'], '\n' + CAUTION + 'Changing password for bob(CO) on 3 nodes\n' +
      `changePswd failed: ${NOT_FOUND}\nchangePswd failed on ${S[0]}\n\n${RIA}A\n`);
    await refused(['changePswd CU bob short'], 'Invalid password length. Must be 7 to 32 characters\n');
  });

  it('findAllKeys of a user who is not a CU: success, nothing listed, no hash', async () => {
    await refused(['findAllKeys 1 1'], S.map((s) => `Keys on ${s}:\nNumber of keys found 0\nnumber of keys matched from start index 0::0\n\nfindAllKeys success on ${s}\n\n`).join(''));
  });
});

describe('keys (errors.md §4.2, §4.3; attributes.md §2)', () => {
  beforeEach(async () => {
    await t.type('loginHSM CU example_user example_pwd');
  });

  const ria = (cmd: string, text: string) => `${cmd} failed: ${text}\n${cmd} failed on ${S[0]}\n\n${RIA}A\n`;

  it('shareKey: no such handle, the owner or a non-CU in the list, an unknown id, a quorum key', async () => {
    await refused(['shareKey 99 4 1', 'y', 'A'], CAUTION + ria('shareKey', 'HSM Error: Invalid object handle is passed to this operation'));
    await refused(['shareKey 6 3 1', 'y', 'A'], CAUTION + ria('shareKey', 'HSM Error: Invalid user id in share list'));
    await refused(['shareKey 6 4,1 1', 'y', 'A'], CAUTION + ria('shareKey', 'HSM Error: Invalid user id in share list'));
    await refused(['shareKey 6 77 1', 'y', 'A'], CAUTION + ria('shareKey', 'HSM Error: Invalid user id in share list'));
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000000008'))!;
      tx.put<KeyRecord>('keys', { ...k, manageQuorum: 2, useQuorum: 2 });
    });
    await refused(['shareKey 8 5 1', 'y', 'A'], CAUTION + 'shareKey failed: RET_MXN_AUTH_FAILED\n' + `shareKey failed on ${S[0]}\n\n${RIA}A\n`);
    await refused(['shareKey 6 4 2'], "Error: Invalid share/unshare value 2.\nUsage: shareKey <key handle> <user id> <(share/unshare key?) 1/0>\n");
  });

  it('re-sharing and unsharing a non-member succeed without changing the share list', async () => {
    const before = await dumpIdb(DB, factory);
    expect(await shown(['shareKey 8 4 1', 'y'])).toBe(CAUTION + S.map((s) => `shareKey success on ${s}\n`).join('') + '\n');
    expect(await shown(['shareKey 6 5 0', 'y'])).toBe(CAUTION + S.map((s) => `shareKey success on ${s}\n`).join('') + '\n');
    const strip = (d: string) => d.replace(/"rev": \d+/g, '"rev": 0');
    expect(strip(await dumpIdb(DB, factory))).toBe(strip(before));
  });

  it('getAttribute / getKeyInfo: no such handle, an attribute the key lacks, an unknown attribute id', async () => {
    await refused(['getAttribute 99 0'], '\n' + S.map((s) =>
      `getAttribute failed: HSM Error: Invalid object handle is passed to this operation\ngetAttribute failed on ${s}\n\n`).join(''));
    await refused(['getAttribute 6 288'], '\n' + S.map((s) =>
      `getAttribute failed: HSM Error: Attribute is not present for this object\ngetAttribute failed on ${s}\n\n`).join(''));
    await refused(['getAttribute 6 9999'], 'Error: Invalid attribute id 9999.\nUsage: getAttribute <key handle> <attribute id> [<filename>]\n');
    await refused(['getKeyInfo 99'], perServer('getKeyInfo', 'HSM Error: Invalid object handle is passed to this operation'));
  });

  it('setAttribute: read-only ids, bad values, templates, 134 by a CU, WRAP_WITH_TRUSTED back to 0', async () => {
    const readOnly = 'setAttribute failed: HSM Error: Attribute is read-only or value is invalid\n';
    for (const id of [0, 1, 2, 256, 258, 259, 354, 355, 371]) await refused([`setAttribute 6 ${id} 1`], readOnly);
    await refused(['setAttribute 6 262 2'], readOnly);
    await refused(['setAttribute 6 1073742354 1'],
      'Error: OBJ_ATTR_UNWRAP_TEMPLATE cannot be set here: its value syntax is undocumented.\nUsage: setAttribute <key handle> <attribute id> <value>\n');
    await refused(['setAttribute 6 134 1'], 'setAttribute failed: HSM Error: Invalid User Type.\n');
    await refused(['setAttribute 99 262 0', 'y', 'A'], CAUTION + ria('setAttribute', 'HSM Error: Invalid object handle is passed to this operation'));
    expect(await shown(['setAttribute 6 528 1', 'y'])).toBe(CAUTION + S.map((s) => `setAttribute success on ${s}\n`).join(''));
    await refused(['setAttribute 6 528 0', 'y', 'A'], CAUTION + ria('setAttribute', 'HSM Error: Attribute is read-only or value is invalid'));
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000000006'))!;
      tx.put<KeyRecord>('keys', asPublicKey(k)); // now a public key
    });
    await refused(['setAttribute 6 268 1', 'y', 'A'], CAUTION + ria('setAttribute', 'HSM Error: Attribute is read-only or value is invalid'));
  });

  it('syncKey and syncUser outside server mode; syncKey of a missing handle; a server that does not exist', async () => {
    await refused(['syncKey 6 1'], 'Error: syncKey runs in server mode only; enter server <server-number> first.\n');
    await refused(['server 7'], 'Error: Invalid server number.\nUsage: server <server-number>\n');
    await t.type('server 0');
    await refused(['syncKey 99 1'], 'syncKey failed: HSM Error: Invalid object handle is passed to this operation\n');
    await refused(['syncKey 6 3'], 'Error: Invalid destination server 3.\nUsage: syncKey <key handle> <destination hsm>\n');
    await refused(['syncUser 4 1'], 'syncUser failed: HSM Error: Invalid User Type.\n');
  });

  it('an HSM that is down: the CMU failure line and the recovery question', async () => {
    await edit(t, async (tx) => {
      const c = (await tx.get<{ id: string; rev: number; hsms: { node: number; state: string }[] }>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, hsms: c.hsms.map((h) => (h.node === 0 ? { ...h, state: 'down' } : h)) });
    });
    await refused(['setAttribute 6 3 lbl', 'y', 'A'], CAUTION + ria('setAttribute', 'HSM CLUSTER ERROR: Server in cluster is unavailable'));
  });
});
