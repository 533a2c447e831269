/**
 * cloudhsm_mgmt_util together with key_mgmt_util and the cluster: lockout counted per HSM and
 * lifted by a CO's changePswd; a user created while an HSM is down stays missing there until
 * syncUser; a key shared with shareKey is usable but not exportable by the other CU; the
 * Retry/Ignore/Abort answers.
 */
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/hsm/model';
import { aes, AES_KEY, cmuTerminal, cu, edit } from '../support/cmu';
import { openTerminal, type Terminal } from '../support/transcript';

const S = ['server 0(10.0.2.9)', 'server 1(10.0.3.11)', 'server 2(10.0.1.12)'];
const H = '        ';

async function user(t: Terminal, node: number, id: number): Promise<UserRecord | undefined> {
  let u: UserRecord | undefined;
  await edit(t, async (tx) => {
    u = await tx.get<UserRecord>('users', `cluster-1/${node}/${String(id).padStart(4, '0')}`);
  });
  return u;
}

describe('lockout and its lifting', () => {
  it('KMU locks the user on the checking HSM only; CMU shows it per server; a CO changePswd lifts it', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    for (let i = 0; i < 5; i++) await t.type('loginHSM -u CU -s example_user -p wrong_pwd');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toContain('Cfm3LoginHSM returned: 0xe4');
    await t.type('exit');
    await t.type('cloudhsm_mgmt_util');
    const users = await t.type('listUsers');
    const row3 = users.split('\n').filter((l) => l.startsWith('         3'));
    expect(row3.map((l) => l.trim().split(/\s+/).at(-2))).toEqual(['5', '0', '0']);
    // CMU asks every server: HSM 0 refuses (locked), the others let the user in.
    expect(await t.type('loginHSM CU example_user example_pwd')).toBe(
      `\nloginHSM failed: RET_USER_LOGIN_FAILURE\nloginHSM failed on ${S[0]}\nloginHSM success on ${S[1]}\nloginHSM success on ${S[2]}\n\n`);
    await t.type('logoutHSM');
    await t.type('loginHSM CO admin co12345');
    await t.type('changePswd CU example_user brand_new_pw');
    expect(await t.type('y')).toBe('Changing password for example_user(CU) on 3 nodes\n');
    expect((await t.type('listUsers')).split('\n').filter((l) => l.startsWith('         3')).map((l) => l.trim().split(/\s+/).at(-2)))
      .toEqual(['0', '0', '0']);
    await t.type('quit');
    await t.type('key_mgmt_util');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toContain('Cfm3LoginHSM returned: 0xa3');
    expect(await t.type('loginHSM -u CU -s example_user -p brand_new_pw')).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
  });

  it('CMU: five wrong passwords lock every server; the right one then fails; a CO reset lets CMU and KMU in', async () => {
    const t = await cmuTerminal();
    for (let i = 0; i < 5; i++) await t.type('loginHSM CU example_user nope_nope');
    for (const node of [0, 1, 2]) expect((await user(t, node, 3))!.loginFailures).toBe(5);
    const locked = `\n${S.map((s) => `loginHSM failed: RET_USER_LOGIN_FAILURE\nloginHSM failed on ${s}\n`).join('')}\n`;
    expect(await t.type('loginHSM CU example_user example_pwd')).toBe(locked);
    expect((await user(t, 0, 3))!.loginFailures).toBe(5); // a locked account counts no further
    await t.type('loginHSM CO admin co12345');
    await t.type('changePswd CU example_user example_pwd');
    await t.type('y');
    for (const node of [0, 1, 2]) expect((await user(t, node, 3))!.loginFailures).toBe(0);
    await t.type('logoutHSM');
    expect(await t.type('loginHSM CU example_user example_pwd')).toContain(`loginHSM success on ${S[2]}`);
    await t.type('quit');
    await t.type('key_mgmt_util');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toContain('returned: 0x00');
  });

  it('a successful CMU login resets the counter of each server', async () => {
    const t = await cmuTerminal();
    for (let i = 0; i < 4; i++) await t.type('loginHSM CU example_user nope_nope');
    await t.type('loginHSM CU example_user example_pwd');
    for (const node of [0, 1, 2]) expect((await user(t, node, 3))!.loginFailures).toBe(0);
  });
});

describe('users are per HSM', () => {
  it('a user created while HSM 2 is down is missing there (and KMU logins checked there fail) until syncUser', async () => {
    const t = await openTerminal();
    expect(await t.type('hsm stop 2')).toContain('HSM 2');
    expect(await t.type('cloudhsm_mgmt_util')).toContain("Failed to connect to server '10.0.1.12'");
    await t.type('loginHSM CO admin co12345');
    await t.type('createUser CU dora dora_password');
    await t.type('y');
    expect(t.session.prompt).toBe(
      'Creating User dora(CU) on 3 nodes\n' +
      `createUser failed: HSM CLUSTER ERROR: Server in cluster is unavailable\ncreating user on ${S[2]} failed\n\nRetry/Ignore/Abort?(R/I/A):`);
    expect(await t.type('I')).toBe('');
    expect(await user(t, 0, 4)).toMatchObject({ name: 'dora', type: 'CU', loginFailures: 0 });
    expect(await user(t, 1, 4)).toBeDefined();
    expect(await user(t, 2, 4)).toBeUndefined();
    // The verifier is PBKDF2-SHA-256, 100,000 iterations, with a salt; the password itself is nowhere.
    const v = (await user(t, 0, 4))!.verifier!;
    expect(v).toMatchObject({ alg: 'PBKDF2-SHA-256', iterations: 100000 });
    expect(v.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(await user(t, 0, 4))).not.toContain('dora_password');
    await t.type('quit');
    await t.type('hsm start 2');
    await t.type('cloudhsm_mgmt_util');
    const list = await t.type('listUsers');
    expect(list).toContain(`Users on ${S[1]}:\nNumber of users found:4\n`);
    expect(list).toContain(`Users on ${S[2]}:\nNumber of users found:3\n`);
    await t.type('loginHSM CO admin co12345');
    const hashes = (await t.type('findAllKeys 3 1')).match(/[0-9a-f]{64}/g);
    expect(hashes).toBeNull(); // no keys: no hash at all
    await t.type('server 0');
    expect(t.session.prompt).toBe('server0>');
    expect(await t.type('syncUser 4 2')).toBe('ExtractMaskedObject: 0x0 !\nInsertMaskedObject: 0x0 !\nsyncUser success\n');
    await t.type('exit');
    expect(await t.type('listUsers')).toContain(`Users on ${S[2]}:\nNumber of users found:4\n`);
    expect((await user(t, 2, 4))!.verifier).toEqual(v);
    await t.type('quit');
    await t.type('hsm stop 0'); // KMU checks logins on the lowest running HSM: now HSM 1
    await t.type('hsm stop 1'); // … now HSM 2, which got dora through syncUser
    await t.type('key_mgmt_util');
    expect(await t.type('loginHSM -u CU -s dora -p dora_password')).toContain('Cfm3LoginHSM returned: 0x00');
  });

  it('the key hash tells HSMs whose users differ apart', async () => {
    const t = await cmuTerminal({ scenario: { keys: [aes(6, 3)] } });
    await t.type('loginHSM CO admin co12345');
    await t.type('server 1');
    await t.type('createUser CU only_on_one password1');
    await t.type('y');
    expect(await t.type('exit')).toBe('');
    const hashes = (await t.type('findAllKeys 3 1')).match(/[0-9a-f]{64}/g)!;
    expect(hashes).toHaveLength(3);
    expect(hashes[0]).toBe(hashes[2]);
    expect(hashes[1]).not.toBe(hashes[0]);
  });

  it('user ids are never reused after a deletion', async () => {
    const t = await cmuTerminal({ scenario: { users: [cu(4, 'four')] } });
    await t.type('loginHSM CO admin co12345');
    await t.type('deleteUser CU four');
    await t.type('createUser CU five password1');
    await t.type('y');
    expect(await t.type('listUsers')).toContain('         5              CU              five ');
  });
});

describe('sharing reaches key_mgmt_util', () => {
  it('a key shared with shareKey wraps for the other CU in imSymKey, which still gets 0xc6 exporting it', async () => {
    const t = await cmuTerminal({ scenario: { users: [cu(4, 'bob', 'bob_password')], keys: [aes(6, 3)], files: { 'aes.key': AES_KEY }, servingNode: 0 } });
    await t.type('loginHSM CU example_user example_pwd');
    await t.type('shareKey 6 4 1');
    expect(await t.type('y')).toBe(S.map((s) => `shareKey success on ${s}\n`).join('') + '\n');
    expect(await t.type('getKeyInfo 6')).toContain(`${H}also, shared to following 1 user(s):\n\n                 4\n`);
    await t.type('quit');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s bob -p bob_password');
    expect(await t.type('imSymKey -f aes.key -w 6 -t 31 -l from_bob')).toContain(`${H}Cfm3UnWrapKey returned: 0x00 : HSM Return: SUCCESS`);
    expect(await t.type('exSymKey -k 6 -w 6 -out six.key')).toBe(`\n${H}Cfm3WrapKey returned: 0xc6 : HSM Error: Key Access is denied\n\n`);
    await t.type('exit');
    // Unsharing takes it away again.
    await t.type('cloudhsm_mgmt_util');
    await t.type('loginHSM CU example_user example_pwd');
    await t.type('shareKey 6 4 0');
    await t.type('y');
    await t.type('quit');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s bob -p bob_password');
    expect(await t.type('imSymKey -f aes.key -w 6 -t 31 -l again')).toContain('0xc6 : HSM Error: Key Access is denied');
  });

  it('a CO marks a key trusted (134); the owner sees it; the CO cannot change anything else', async () => {
    const t = await cmuTerminal({ scenario: { keys: [aes(6, 3)] } });
    await t.type('loginHSM CO admin co12345');
    await t.type('setAttribute 6 134 1');
    expect(await t.type('y')).toBe(S.map((s) => `setAttribute success on ${s}\n`).join(''));
    expect(await t.type('setAttribute 6 262 0')).toBe('setAttribute failed: HSM Error: Invalid User Type.\n');
    await t.type('logoutHSM');
    await t.type('loginHSM CU example_user example_pwd');
    expect(await t.type('getAttribute 6 134')).toContain('OBJ_ATTR_TRUSTED\n0x00000001\n');
  });
});

describe('recovery answers', () => {
  it('Retry asks the same server again and succeeds once it is back; other answers re-ask', async () => {
    const t = await cmuTerminal({ scenario: { keys: [aes(6, 3)] } });
    await t.type('loginHSM CU example_user example_pwd');
    expect(await t.type('hsm stop 1')).toBe('Invalid command: hsm\n'); // a host-shell command; CMU does not know it
    await edit(t, async (tx) => {
      const c = (await tx.get<{ id: string; rev: number; hsms: { node: number; state: string }[] }>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, hsms: c.hsms.map((h) => (h.node === 1 ? { ...h, state: 'down' } : h)) });
    });
    await t.type('setAttribute 6 3 renamed');
    await t.type('y');
    expect(t.session.prompt).toContain(`setAttribute success on ${S[0]}\nsetAttribute failed: HSM CLUSTER ERROR: Server in cluster is unavailable\n`);
    await t.type('x');
    expect(t.session.prompt).toBe('Retry/Ignore/Abort?(R/I/A):');
    await edit(t, async (tx) => {
      const c = (await tx.get<{ id: string; rev: number; hsms: { node: number; state: string }[] }>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, hsms: c.hsms.map((h) => ({ ...h, state: 'up' })) });
    });
    expect(await t.type('R')).toBe(`setAttribute success on ${S[1]}\nsetAttribute success on ${S[2]}\n`);
    expect(await t.type('getAttribute 6 3')).toContain('OBJ_ATTR_LABEL\nrenamed\n');
  });

  it('Abort keeps the servers already done; Ignore goes on', async () => {
    const t = await cmuTerminal();
    await t.type('loginHSM CO admin co12345');
    await edit(t, async (tx) => {
      const c = (await tx.get<{ id: string; rev: number; hsms: { node: number; state: string }[] }>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, hsms: c.hsms.map((h) => (h.node === 1 ? { ...h, state: 'down' } : h)) });
    });
    await t.type('createUser CU abby password1');
    await t.type('y');
    await t.type('A');
    expect(await user(t, 0, 4)).toBeDefined();
    expect(await user(t, 2, 4)).toBeUndefined();
    await t.type('createUser CU ivan password1');
    await t.type('y');
    await t.type('I');
    expect((await user(t, 0, 5))?.name).toBe('ivan');
    expect((await user(t, 2, 4))?.name).toBe('ivan'); // ids are per HSM: HSM 2 never saw abby
  });
});

describe('smaller behaviours', () => {
  it('unique prefixes run the command; ambiguous and unknown ones are refused', async () => {
    const t = await cmuTerminal();
    expect(await t.type('listU')).toContain(`Users on ${S[0]}:`);
    expect(await t.type('log')).toBe('Ambiguous command: log\n');
    expect(await t.type('frobnicate')).toBe('Invalid command: frobnicate\n');
  });

  it('createUser and changePswd read the password without echo with -hpswd', async () => {
    const t = await cmuTerminal();
    await t.type('loginHSM CO admin co12345');
    expect(await t.type('createUser CU hidden_one -hpswd')).toBe('Enter password:');
    expect(t.session.prompt).toBe('Enter password:');
    expect(t.session.inputMode).toBe('hidden');
    await t.type('secret_pw1');
    expect(t.session.prompt).toContain('Do you want to continue(y/n)?');
    expect(await t.type('y')).toBe('Creating User hidden_one(CU) on 3 nodes\n');
    await t.type('changePswd CU hidden_one -hpswd');
    await t.type('short');
    expect(t.screen().endsWith('Invalid password length. Must be 7 to 32 characters\naws-cloudhsm>')).toBe(true);
    expect(t.screen()).not.toContain('secret_pw1');
    await t.type('logoutHSM');
    expect(await t.type('loginHSM CU hidden_one secret_pw1')).toContain(`loginHSM success on ${S[2]}`);
  });

  it('a PRECO that changes its own password becomes a CO', async () => {
    const t = await cmuTerminal({ scenario: { users: [{ userId: 4, name: 'officer0', type: 'PRECO', password: 'password1' }] } });
    await t.type('loginHSM PRECO officer0 password1');
    await t.type('changePswd PRECO officer0 password2');
    expect(await t.type('y')).toBe('Changing password for officer0(PRECO) on 3 nodes\n');
    await t.type('logoutHSM');
    expect(await t.type('loginHSM CO officer0 password2')).toContain(`loginHSM success on ${S[0]}`);
    expect(await t.type('listUsers')).toContain('         4              CO              officer0 ');
  });

  it('findAllKeys, getAttribute and getKeyInfo write their blocks to a file when one is named', async () => {
    const t = await cmuTerminal({ scenario: { keys: [aes(6, 3)] } });
    await t.type('loginHSM CO admin co12345');
    expect(await t.type('findAllKeys 3 0 keys.txt')).toBe(S.map((s) => `findAllKeys success on ${s}\n`).join(''));
    expect(await t.type('findAllKeys 3 0 /nowhere/keys.txt')).toBe('Error: Unable to create file /nowhere/keys.txt.\n');
    await t.type('logoutHSM');
    await t.type('loginHSM CU example_user example_pwd');
    expect(await t.type('getAttribute 6 256 attr.txt')).toBe('\n' + S.map((s) => `getAttribute success on ${s}\n`).join(''));
    expect(await t.type('getKeyInfo -k 6 info.txt')).toBe(S.map((s) => `getKeyInfo success on ${s}\n`).join(''));
    await t.type('quit');
    expect(await t.type('cat keys.txt')).toBe(S.map((s) =>
      `Keys on ${s}:\nNumber of keys found 1\nnumber of keys matched from start index 0::1\n6(o)\n`).join(''));
    expect(await t.type('cat attr.txt')).toBe(S.map((s) => `Attribute Value on ${s}:\nOBJ_ATTR_KEY_TYPE\n0x0000001f\n\n`).join(''));
    expect(await t.type('cat info.txt')).toBe(S.map((s) => `Key Info on ${s}:\n\n${H}Token/Flash Key,\n\n${H}Owned by user 3\n\n`).join(''));
  });

  it('getAttribute 512 prints every attribute per server', async () => {
    const t = await cmuTerminal({ scenario: { hsms: 1, keys: [aes(6, 3)] } });
    await t.type('loginHSM CU example_user example_pwd');
    const out = await t.type('getAttribute 6 512');
    expect(out.startsWith(`\nAttribute Value on ${S[0]}:\nOBJ_ATTR_CLASS\n0x04\nOBJ_ATTR_KEY_TYPE\n0x1f\n`)).toBe(true);
    expect(out).toContain('OBJ_ATTR_LABEL\nk6\n');
    expect(out.match(/^OBJ_ATTR_/gm)).toHaveLength(17);
  });

  it('help lists the commands; help <command> shows its syntax', async () => {
    const t = await cmuTerminal();
    const help = await t.type('help');
    for (const c of ['changePswd', 'createUser', 'deleteUser', 'findAllKeys', 'getAttribute', 'getHSMInfo', 'getKeyInfo', 'info',
      'listAttributes', 'listUsers', 'loginHSM', 'logoutHSM', 'quit', 'server', 'setAttribute', 'shareKey', 'syncKey', 'syncUser']) {
      expect(help).toMatch(new RegExp(`^   ${c} +\\S`, 'm'));
    }
    expect(await t.type('help shareKey')).toContain('    shareKey <key handle> <user id> <(share/unshare key?) 1/0>\n');
  });

  it('server mode: commands reach one HSM; login there only', async () => {
    const t = await cmuTerminal();
    await t.type('server 2');
    expect(await t.type('loginHSM CO admin co12345')).toBe(`\nloginHSM success on ${S[2]}\n\n`);
    expect(await t.type('info server 2')).toContain("Logged in as 'admin(PCO)'");
    expect(await t.type('info server 0')).toContain('Not logged in');
    await t.type('exit');
    expect(await t.type('findAllKeys 3 0')).toBe(
      `findAllKeys failed: HSM Error: User is not logged in\nfindAllKeys failed on ${S[0]}\n\n` +
      `findAllKeys failed: HSM Error: User is not logged in\nfindAllKeys failed on ${S[1]}\n\n` +
      `Keys on ${S[2]}:\nNumber of keys found 0\nnumber of keys matched from start index 0::0\n\nfindAllKeys success on ${S[2]}\n\n`);
  });
});

describe('deleteUser and sharing', () => {
  it('a CU deleted from every HSM no longer appears in any share list', async () => {
    const { openTerminal } = await import('../support/transcript');
    const t = await openTerminal({
      scenario: {
        users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bob_pwd1' }],
        keys: [{ handle: 6, keyType: 'AES', label: 'k', owner: 3, shared: [4], value: '00'.repeat(32) }],
      },
    });
    await t.type('cloudhsm_mgmt_util');
    await t.type('loginHSM CO admin co12345');
    expect(await t.type('deleteUser CU bob')).toContain('deleteUser success on server 2');
    await t.type('quit');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const info = await t.type('getKeyInfo -k 6');
    expect(info).toContain('Owned by user 3');
    expect(info).not.toContain('shared to following');
  });
});
