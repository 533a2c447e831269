/**
 * genSymKey, exSymKey, findKey and getAttribute beyond their canonical blocks: attributes of what
 * they create, filters, and every refusal with its code (errors.md §4.2–4.3) — each refusal
 * leaving the store exactly as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/hsm/scenario';
import { openTerminal, type Terminal } from '../support/transcript';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openIdbBackend } from '../../src/platform/idb-backend';

const H = '        ';
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SCENARIO: Scenario = {
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'W', id: 'wrap01', owner: 3, value: AES },
    { handle: 7, keyType: '3DES', label: 'des', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 8, keyType: 'AES', label: 'theirs', owner: 4, value: AES },
    { handle: 9, keyType: 'AES', label: 'nex', owner: 3, value: AES, extractable: false },
    { handle: 10, keyType: 'AES', label: 'shared-with-me', owner: 4, shared: [3], value: AES },
  ],
};
const ret = (fn: string, code: string, text: string) => `\n${H}${fn} returned: ${code} : ${text}\n\n`;
const A8 = 'HSM Error: Invalid object handle is passed to this operation';
const C6 = 'HSM Error: Key Access is denied';

let t: Terminal;
let factory: IDBFactory;
beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: 'cmds', factory }), scenario: SCENARIO });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
});

async function refused(line: string, expected: string) {
  const before = await dumpIdb('cmds', factory);
  expect(await t.type(line)).toBe(expected);
  expect(await dumpIdb('cmds', factory)).toBe(before);
}

const attrs = async (handle: string) => {
  await t.type(`getAttribute -o ${handle} -a 512 -out a.txt`);
  await t.type('exit');
  const text = await t.type('cat a.txt');
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  const lines = text.trimEnd().split('\n');
  return Object.fromEntries(lines.flatMap((l, i) => (i % 2 === 0 ? [[l.replace('OBJ_ATTR_', ''), lines[i + 1]]] : [])));
};

describe('genSymKey', () => {
  it('AES, 3DES and generic secret keys get the attributes of attributes.md §3.1', async () => {
    const h = (out: string) => /Key Handle: (\d+)/.exec(out)![1]!;
    const aes = await attrs(h(await t.type('genSymKey -t 31 -s 24 -l a -id x1 -nex')));
    expect(aes).toMatchObject({ CLASS: '0x04', KEY_TYPE: '0x1f', TOKEN: '0x01', WRAP: '0x01', UNWRAP: '0x01', LOCAL: '0x01', EXTRACTABLE: '0x00', LABEL: 'a', ID: 'x1', VALUE_LEN: '0x00000018' });
    const des = await attrs(h(await t.type('genSymKey -t 21 -s 24 -l d -sess')));
    expect(des).toMatchObject({ KEY_TYPE: '0x15', TOKEN: '0x00', WRAP: '0x00', UNWRAP: '0x00', EXTRACTABLE: '0x01', ID: '' });
    const gen = await attrs(h(await t.type('genSymKey -t 16 -s 512 -l g')));
    expect(gen).toMatchObject({ KEY_TYPE: '0x10', VALUE_LEN: '0x00000200', KCV: '0x000000', WRAP: '0x00' });
  });

  it('refusals: values, share list, duplicate ID, FIPS policy', async () => {
    await refused('genSymKey -t 31 -s 20 -l k', `\n${H}Error: Invalid value (20) for parameter (-s).\n\n`);
    await refused('genSymKey -t 21 -s 16 -l k', `\n${H}Error: Invalid value (16) for parameter (-s).\n\n`);
    await refused('genSymKey -t 16 -s 3584 -l k', `\n${H}Error: Invalid value (3584) for parameter (-s).\n\n`);
    await refused('genSymKey -t 32 -s 16 -l k', `\n${H}Error: Invalid value (32) for parameter (-t).\n\n`);
    await refused('genSymKey -t 31 -s 16 -l k -m_value 2', `\n${H}Error: Invalid value (2) for parameter (-m_value).\n\n`);
    await refused('genSymKey -t 31 -s 16 -l k -m_value 9 -u 4', `\n${H}Error: Invalid value (9) for parameter (-m_value).\n\n`);
    const block = (code: string, text: string) =>
      `\n${H}Cfm3GenerateSymmetricKey returned: 0x${code.slice(-2)} : ${text}\n\n${H}Cluster Error Status\n` +
      [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x${code.padStart(8, '0')} : ${text}`).join('\n') + '\n\n';
    await refused('genSymKey -t 31 -s 16 -l k -u 3', block('e9', 'HSM Error: Invalid user id in share list'));
    await refused('genSymKey -t 31 -s 16 -l k -id wrap01', block('e2', 'HSM Error: Key ID already exists'));
    const fips = `\n${H}Cfm3GenerateSymmetricKey returned: 0xb3 : HSM Error: This operation violates the current configured/FIPS policies\n\n${H}Cluster Error Status\n` +
      [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable`).join('\n') + '\n\n';
    await refused('genSymKey -t 18 -s 16 -l k', fips);
  });
});

describe('exSymKey', () => {
  it('refusals: unknown handles 0xa8; not owner, not extractable, not a wrapping key 0xc6; -m other than 4', async () => {
    await refused('exSymKey -k 99 -w 6 -out x.key', ret('Cfm3WrapKey', '0xa8', A8));
    await refused('exSymKey -k 7 -w 99 -out x.key', ret('Cfm3WrapKey', '0xa8', A8));
    await refused('exSymKey -k 10 -w 6 -out x.key', ret('Cfm3WrapKey', '0xc6', C6)); // shared with me, not mine
    await refused('exSymKey -k 8 -w 6 -out x.key', ret('Cfm3WrapKey', '0xc6', C6));
    await refused('exSymKey -k 9 -w 6 -out x.key', ret('Cfm3WrapKey', '0xc6', C6));
    await refused('exSymKey -k 6 -w 7 -out x.key', ret('Cfm3WrapKey', '0xc6', C6)); // 3DES cannot wrap
    await refused('exSymKey -k 6 -w 7 -out x.key -m 5', `\n${H}Error: Invalid value (5) for parameter (-m).\n\n`);
    await refused('exSymKey -k 7 -w 6 -out nodir/x.key', `\n${H}Error: Unable to create file nodir/x.key.\n\n`);
  });

  it('a key shared with me works as a wrapping key; the exported bytes equal the key', async () => {
    const out = await t.type('exSymKey -k 7 -w 10 -out d.key');
    expect(out).toContain('Wrapped Symmetric Key written to file "d.key"');
    await t.type('exit');
    expect(await t.type('xxd -p d.key')).toBe('0123456789abcdeffedcba987654321089abcdef01234567\n');
  });
});

describe('findKey and getAttribute', () => {
  it('lists only usable keys and filters by type, label, id, session and KCV', async () => {
    expect(await t.type('findKey')).toContain('\n6, 7, 9, 10\n');
    expect(await t.type('findKey -t 21')).toContain('\n7\n');
    expect(await t.type('findKey -l nex')).toContain('\n9\n');
    expect(await t.type('findKey -id wrap01')).toContain('\n6\n');
    expect(await t.type('findKey -c 4 -sess 0')).toContain('Total number of keys present 4\n');
    const kcv = await attrs('6');
    expect(await t.type(`findKey -kcv ${kcv.KCV}`)).toContain('\n6, 9, 10\n');
    expect(await t.type(`findKey -kcv ${kcv.KCV!.slice(2).toUpperCase()} -l W`)).toContain('\n6\n');
    expect(await t.type('findKey -u 4')).toContain('\n10\n');
    expect(await t.type('findKey -kcv 12345')).toBe(`\n${H}Error: Invalid value (12345) for parameter (-kcv).\n\n`);
    expect(await t.type('findKey -sess 2')).toBe(`\n${H}Error: Invalid value (2) for parameter (-sess).\n\n`);
  });

  it('getAttribute refusals: 0xa8, 0xc6, 0xe0, bad -a, missing directory', async () => {
    await refused('getAttribute -o 99 -a 0 -out x', ret('Cfm3GetAttribute', '0xa8', A8));
    await refused('getAttribute -o 8 -a 0 -out x', ret('Cfm3GetAttribute', '0xc6', C6));
    await refused('getAttribute -o 6 -a 288 -out x', ret('Cfm3GetAttribute', '0xe0', 'HSM Error: Attribute is not present for this object'));
    await refused('getAttribute -o 6 -a 999 -out x', `\n${H}Error: Invalid value (999) for parameter (-a).\n\n`);
    await refused('getAttribute -o 6 -a 0 -out none/x', `\n${H}Error: Unable to create file none/x.\n\n`);
  });
});
