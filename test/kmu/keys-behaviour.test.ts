/**
 * What the wrapping and key-administration commands do when they succeed: a session key made
 * persistent moves from the session's memory into the store and reaches every HSM that is up;
 * deleteKey removes keys for good; getKeyInfo shows -u and -m_value of every creating command;
 * listUsers takes the highest failure count; the §4.2 cells that allow an action; wrap-with-trusted
 * and unwrap templates; the flags unWrapKey shares with the other creating commands.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Console } from '../../src/shell/console';
import type { ClusterRecord } from '../../src/hsm/model';
import type { Scenario } from '../../src/hsm/scenario';
import { openTerminal, type Terminal } from '../support/transcript';
import { blockWithAnswers, fileBytes, H, patchKey, putUser, storedKey } from './keys-support';
import { asPublicKey } from '../support/pairs';

const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(16);
const SCENARIO: Scenario = {
  servingNode: 0, handles: 'simple', nextIndex: 40,
  keys: [
    { handle: 6, keyType: 'AES', label: 'W', owner: 3, value: hex(6) },
    { handle: 7, keyType: '3DES', label: 'des', id: 'des-id', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 10, keyType: 'AES', label: 'bobs-shared', owner: 4, shared: [3], value: hex(10) },
    { handle: 12, keyType: 'AES', label: 'wrap-with-trusted', owner: 3, value: hex(12) },
    { handle: 13, keyType: 'AES', label: 'trusted', owner: 3, value: hex(13) },
    { handle: 15, keyType: 'AES', label: 'unwrap-template', owner: 3, value: hex(15) },
    { handle: 18, keyType: 'AES', label: 'public', owner: 4, value: hex(18) },
  ],
};
const OK = 'HSM Return: SUCCESS';
const nodes = (codes: string[]) => `${H}Cluster Error Status\n` + codes.map((c, n) =>
  `${H}Node id ${n} and err state ${c === 'ok' ? `0x00000000 : ${OK}` : '0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable'}`).join('\n') + '\n';
const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);

let t: Terminal;
beforeEach(async () => {
  t = await openTerminal({ scenario: SCENARIO });
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  await putUser(t, { userId: 5, name: 'carol', type: 'CU' });
  await patchKey(t, 12, (k) => ({ ...k, attrs: { ...k.attrs, 528: 1 } }));
  await patchKey(t, 13, (k) => ({ ...k, attrs: { ...k.attrs, 134: 1 } }));
  // UNWRAP_TEMPLATE {WRAP_WITH_TRUSTED = 1, EXTRACTABLE = 0} (entry format of src/hsm/wrap.ts).
  await patchKey(t, 15, (k) => ({ ...k, attrs: { ...k.attrs, 1073742354: Uint8Array.from([0, 0, 0, 2, 0, 0, 2, 0x10, 0, 0, 0, 1, 1, 0, 0, 1, 0x62, 0, 0, 0, 1, 0]) } }));
  await patchKey(t, 18, asPublicKey);
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
});

async function setHsm(node: number, state: 'up' | 'down') {
  const hsm = (t.session as Console).hsm;
  await hsm.transact(async (tx) => {
    const c = (await tx.get<ClusterRecord>('clusters', 'cluster-1'))!;
    tx.put<ClusterRecord>('clusters', { ...c, hsms: c.hsms.map((h) => (h.node === node ? { ...h, state } : h)) });
  });
}

async function attr(handle: number, id: number): Promise<string> {
  await t.type(`getAttribute -o ${handle} -a ${id} -out a.txt`);
  return (await fileBytes(t, '/home/user/a.txt'))!.toString().split('\n')[1]!;
}

describe('setAttribute makes a session key persistent', () => {
  it('the key leaves the session for the store, every up HSM holds it, and it survives logout', async () => {
    const h = handleOf(await t.type('genSymKey -t 31 -s 32 -l tmp -sess'));
    expect(await storedKey(t, h)).toBeUndefined();
    await setHsm(2, 'down');
    const out = await blockWithAnswers(t, `setAttribute -o ${h} -a 1`, ['1']);
    expect(out.endsWith(`${H}Cfm3SetAttribute returned: 0x00 : ${OK}\n\n${nodes(['ok', 'ok', 'down'])}`)).toBe(true);
    const rec = (await storedKey(t, h))!;
    expect(rec.attrs[1]).toBe(1);
    expect(rec.holders).toEqual([0, 1]);
    expect(await t.type('findKey -sess 1')).toContain('Total number of keys present 0\n');
    expect(await t.type(`findSingleKey -k ${h}`)).toBe(`\nCfm3FindKey returned: 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable\n\n${nodes(['ok', 'ok', 'down'])}\n`);
    await t.type('logoutHSM');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await attr(h, 1)).toBe('0x00000001');
    // 1 on a token key: success, nothing changes.
    const before = JSON.stringify(await storedKey(t, h));
    expect(await blockWithAnswers(t, `setAttribute -o ${h} -a 1`, ['1'])).toContain(`Cfm3SetAttribute returned: 0x00 : ${OK}`);
    expect(JSON.stringify(await storedKey(t, h))).toBe(before);
  });
  it('Ctrl-C at the value prompt abandons the command: still a session key, nothing stored', async () => {
    const h = handleOf(await t.type('genSymKey -t 31 -s 16 -l tmp -sess'));
    expect(await t.type(`setAttribute -o ${h} -a 1`)).toBe('');
    expect((t.session as Console).interrupt()).toBe(true);
    expect(t.screen().endsWith('(0 or 1):\n\nCommand: ')).toBe(true);
    expect(await storedKey(t, h)).toBeUndefined();
    expect(await t.type('findKey -sess 1')).toContain(`\n${h}\n`);
  });
});

describe('deleteKey', () => {
  it('removes a token key and a session key; handles are never reused', async () => {
    expect(await t.type('deleteKey -k 7')).toBe(`\n${H}Cfm3DeleteKey returned: 0x00 : ${OK}\n\n${nodes(['ok', 'ok', 'ok'])}\n`);
    expect(await storedKey(t, 7)).toBeUndefined();
    expect(await t.type('getKeyInfo -k 7')).toContain('0xa8');
    const s = handleOf(await t.type('genSymKey -t 31 -s 16 -l s -sess'));
    expect(s).toBe(40);
    expect(await t.type(`deleteKey -k ${s}`)).toContain(`Cfm3DeleteKey returned: 0x00`);
    expect(await t.type('findKey -sess 1')).toContain('Total number of keys present 0\n');
    expect(handleOf(await t.type('genSymKey -t 31 -s 16 -l n'))).toBe(41);
    // The ID of a deleted key is free again.
    expect(await t.type('genSymKey -t 21 -s 24 -l again -id des-id')).toContain('Symmetric Key Created.');
  });
});

describe('getKeyInfo shows -u and -m_value of every creating command', () => {
  it('genSymKey, imSymKey and unWrapKey (with and without header)', async () => {
    const g = handleOf(await t.type('genSymKey -t 31 -s 16 -l g -u 4,5 -m_value 2'));
    await t.type('wrapKey -k 7 -w 6 -m 4 -out d.key');
    await t.type('wrapKey -k 7 -w 6 -m 5 -noheader -out n.key');
    const u = handleOf(await t.type('unWrapKey -f d.key -w 6 -m 4 -u 5'));
    const n = handleOf(await t.type('unWrapKey -f n.key -w 6 -m 5 -noheader -l n -kc 4 -kt 21 -u 4,5 -m_value 3'));
    await t.type('exSymKey -k 6 -w 6 -out w.key');
    const i = handleOf(await t.type('imSymKey -f w.key -w 6 -t 31 -l i -u 4'));
    const info = (h: number) => t.type(`getKeyInfo -k ${h}`);
    const head = `\n${H}Cfm3GetKey returned: 0x00 : ${OK}\n\n${H}Owned by user 3\n`;
    expect(await info(g)).toBe(`${head}\n${H}also, shared to following 2 user(s):\n\n                4\n                5\n         2 Users need to approve to use/manage this key\n\n`);
    expect(await info(u)).toBe(`${head}\n${H}also, shared to following 1 user(s):\n\n                5\n\n`);
    expect(await info(n)).toBe(`${head}\n${H}also, shared to following 2 user(s):\n\n                4\n                5\n         3 Users need to approve to use/manage this key\n\n`);
    expect(await info(i)).toBe(`${head}\n${H}also, shared to following 1 user(s):\n\n                4\n\n`);
    expect(await info(6)).toBe(`${head}\n`);
  });

  it('a shared user reads it (owner and list); a public key shows only its owner', async () => {
    const g = handleOf(await t.type('genSymKey -t 31 -s 16 -l g -u 4 -m_value 2'));
    expect(await t.type('getKeyInfo -k 18')).toBe(`\n${H}Cfm3GetKey returned: 0x00 : ${OK}\n\n${H}Owned by user 4\n\n`);
    await t.type('logoutHSM');
    await putUser(t, { userId: 4, name: 'bob', type: 'CU', passwordOf: 3 }); // bob gets example_user's password
    expect(await t.type('loginHSM -u CU -s bob -p example_pwd')).toContain('0x00');
    expect(await t.type(`getKeyInfo -k ${g}`)).toBe(`\n${H}Cfm3GetKey returned: 0x00 : ${OK}\n\n${H}Owned by user 3\n\n` +
      `${H}also, shared to following 1 user(s):\n\n                4\n         2 Users need to approve to use/manage this key\n\n`);
    expect(await t.type('getKeyInfo -k 10')).toBe(`\n${H}Cfm3GetKey returned: 0x00 : ${OK}\n\n${H}Owned by user 4\n\n${H}also, shared to following 1 user(s):\n\n                3\n\n`);
    // bob, the shared user, may not delete or persist user 3's key, nor wrap it.
    expect(await t.type(`deleteKey -k ${g}`)).toContain('Cfm3DeleteKey returned: 0xc6');
    expect(await t.type(`wrapKey -k ${g} -w 10 -m 4 -out x`)).toContain('Cfm2WrapKey returned: 0xc6');
  });
});

describe('listUsers', () => {
  it('a fresh playground lists decision 1\'s users; the failure count is the highest of any HSM', async () => {
    await putUser(t, { userId: 5, name: 'carol', type: 'CU', failures: [0, 3, 1] });
    const row = (i: number, id: number, type: string, name: string, fails: number) =>
      `${H}${String(i).padEnd(9)}${String(id).padStart(9)}      ${type.padEnd(16)}${name.padEnd(26)}NO               ${String(fails).padEnd(16)}NO`;
    expect(await t.type('listUsers')).toBe(
      `\n${H}Number Of Users found 5\n\n` +
      `${H}Index       User ID     User Type       User Name           MofnPubKey    LoginFailureCnt         2FA\n` +
      [row(1, 1, 'PCO', 'admin', 0), row(2, 2, 'AU', 'app_user', 0), row(3, 3, 'CU', 'example_user', 0), row(4, 4, 'CU', 'bob', 0), row(5, 5, 'CU', 'carol', 3)].join('\n') +
      `\n\n${H}Cfm3ListUsers returned: 0x00 : ${OK}\n\n`,
    );
    expect(row(1, 1, 'PCO', 'admin', 0)).toBe('        1                1      PCO             admin                     NO               0               NO');
  });
});

describe('the cells of users-and-keys.md §4.2 that allow', () => {
  it('a key shared with me: use as wrapping key (wrapKey, unWrapKey, aesWrapUnwrap), findSingleKey, getKeyInfo', async () => {
    expect(await t.type('wrapKey -k 7 -w 10 -m 6 -out s.key')).toContain('Key Wrapped.');
    expect(await t.type('unWrapKey -f s.key -w 10 -m 6')).toContain('Key Unwrapped.  Key Handle: 40');
    await t.type('exSymKey -k 6 -w 6 -out w.key');
    expect(await t.type('aesWrapUnwrap -m 1 -f w.key -w 10 -i 0x0011223344556677 -out w.wrapped')).toContain('Cfm3WrapHostKey returned: 0x00');
    expect(await t.type('findSingleKey -k 10')).toBe(`\nCfm3FindKey returned: 0x00 : ${OK}\n\n${nodes(['ok', 'ok', 'ok'])}\n`);
    expect(await t.type('findSingleKey -k 18')).toContain('Cfm3FindKey returned: 0x00'); // any CU sees a public key
  });

  it('wrap-with-trusted: only the trusted key wraps it, and the unwrapped copy keeps the flag', async () => {
    expect(await t.type('wrapKey -k 12 -w 6 -m 4 -out x.key')).toContain('0xc6');
    expect(await t.type('wrapKey -k 12 -w 13 -m 4 -out t.key')).toContain('Key Wrapped.');
    const h = handleOf(await t.type('unWrapKey -f t.key -w 13 -m 4'));
    expect(await attr(h, 528)).toBe('0x00000001');
    expect(await t.type(`wrapKey -k ${h} -w 6 -m 4 -out y.key`)).toContain('0xc6');
  });

  it('an unwrap template is applied to every key unwrapped with its key', async () => {
    await t.type('wrapKey -k 7 -w 15 -m 4 -out d.key');
    const h = handleOf(await t.type('unWrapKey -f d.key -w 15 -m 4'));
    expect(await attr(h, 528)).toBe('0x00000001');
    expect(await attr(h, 354)).toBe('0x00000000');
    expect(handleOf(await t.type('unWrapKey -f d.key -w 15 -m 4 -nex'))).toBe(h + 1); // agrees with the template
  });
});

describe('unWrapKey: attributes and the flags of every creating command', () => {
  it('the header carries class, type, label, ID and usage; -l/-id are ignored with a header (G-27); the same file imports twice', async () => {
    await t.type('wrapKey -k 7 -w 6 -m 4 -out d.key');
    const a = handleOf(await t.type('unWrapKey -f d.key -w 6 -m 4 -l ignored -id ignored'));
    const b = handleOf(await t.type('unWrapKey -f d.key -w 6 -m 4'));
    expect(b).toBe(a + 1);
    for (const h of [a, b]) {
      expect(await attr(h, 3)).toBe('des');
      expect(await attr(h, 258)).toBe('des-id');
      expect(await attr(h, 256)).toBe('0x00000015');
      expect(await attr(h, 262)).toBe('0x00000000');
      expect(await attr(h, 355)).toBe('0x00000000'); // LOCAL = 0: unwrapped
    }
  });

  it('-sess lists only the serving node, -nex makes it non-extractable, -attest prints the check', async () => {
    await t.type('wrapKey -k 6 -w 6 -m 6 -noheader -out w.key');
    const out = await t.type('unWrapKey -f w.key -w 6 -m 6 -noheader -l s -id sid -kc 4 -kt 31 -sess -nex -attest');
    expect(out).toBe(`\n${H}Cfm3CreateUnwrapTemplate2 returned: 0x00 : ${OK}\n${H}Cfm2UnWrapWithTemplate3 returned: 0x00 : ${OK}\n\n` +
      `${H}Key Unwrapped. Key Handle: 40\n\n${H}Attestation Check : [PASS]\n\n${H}Cluster Error Status\n${H}Node id 0 and err state 0x00000000 : ${OK}\n\n`);
    expect(await attr(40, 1)).toBe('0x00000000');
    expect(await attr(40, 354)).toBe('0x00000000');
    expect(await attr(40, 258)).toBe('sid');
    expect(await t.type('exSymKey -k 40 -w 6 -out x.key')).toContain('0xc6');
  });

  it('-min_srv 2 with one HSM down succeeds and shows the down node; -min_srv 3 waits -timeout and fails', async () => {
    await t.type('wrapKey -k 7 -w 6 -m 4 -out d.key');
    await setHsm(1, 'down');
    expect(await t.type('unWrapKey -f d.key -w 6 -m 4 -min_srv 2')).toBe(
      `\n${H}Cfm3UnWrapKey returned: 0x00 : ${OK}\n\n${H}Key Unwrapped.  Key Handle: 40\n\n${nodes(['ok', 'down', 'ok'])}\n`);
    expect(await t.type('unWrapKey -f d.key -w 6 -m 4 -min_srv 3 -timeout 5')).toContain('Cfm3UnWrapKey returned: 0x30000085');
    expect(t.clock.slept).toBe(5000);
    expect(await storedKey(t, 41)).toBeUndefined();
  });
});

describe('help text', () => {
  it('genPBEKey -h: the syntax line and the FIPS note', async () => {
    expect(await t.type('genPBEKey -h')).toBe(`\n${H}Description\n${H}===========\n${H}Generates a PBE DES3 key\n${H}Not supported on FIPS-validated HSMs\n\n` +
      `${H}Syntax:\n${H}genPBEKey -h\n\n${H}Parameters:\n\n`);
  });
});
