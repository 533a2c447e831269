/**
 * Every refusal of wrapKey, unWrapKey, aesWrapUnwrap, genPBEKey, findSingleKey, setAttribute,
 * deleteKey, getKeyInfo, listUsers and IsValidKeyHandlefile: each return code of errors.md they can
 * produce and the owner / shared / other / public cells of users-and-keys.md §4.2 for their actions.
 * Expected lines are written out here from the spec. After each refusal the whole IndexedDB
 * database, read through a fresh connection, is identical — except aesWrapUnwrap, whose HSM-side
 * failures leave an empty output file as the guide documents (§3.6); that one change is checked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import type { Scenario } from '../../src/hsm/scenario';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { H, patchKey, putUser } from './keys-support';

const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(16);
const SCENARIO: Scenario = {
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'W', id: 'wrap01', owner: 3, value: hex(0x06) },
    { handle: 7, keyType: '3DES', label: 'des', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 8, keyType: 'AES', label: 'other', owner: 4, value: hex(0x08) },
    { handle: 9, keyType: 'AES', label: 'nex', owner: 3, value: hex(0x09), extractable: false },
    { handle: 10, keyType: 'AES', label: 'shared-with-me', owner: 4, shared: [3], value: hex(0x0a) },
    { handle: 11, keyType: 'AES', label: 'quorum', owner: 3, shared: [4], value: hex(0x0b) },
    { handle: 12, keyType: 'AES', label: 'wrap-with-trusted', owner: 3, value: hex(0x0c) },
    { handle: 13, keyType: 'AES', label: 'trusted', owner: 3, value: hex(0x0d) },
    { handle: 14, keyType: 'AES', label: 'no-wrap-flags', owner: 3, value: hex(0x0e) },
    { handle: 15, keyType: 'AES', label: 'unwrap-template', owner: 3, value: hex(0x0f) },
    { handle: 16, keyType: 'GENERIC_SECRET', label: 'gen20', owner: 3, value: 'ab'.repeat(20) },
    { handle: 17, keyType: 'GENERIC_SECRET', label: 'gen5', owner: 3, value: 'cd'.repeat(5) },
    { handle: 18, keyType: 'AES', label: 'public', owner: 4, value: hex(0x12) },
  ],
  files: { 'garbage.key': 'ee'.repeat(48), 'data20.bin': '11'.repeat(20), 'data32.bin': '22'.repeat(32), 'aad.bin': '61616164' },
};

/** UNWRAP_TEMPLATE {EXTRACTABLE = 1} in the entry format of src/hsm/wrap.ts: n, then (id, len, value). */
const TEMPLATE_EXTRACTABLE = Uint8Array.from([0, 0, 0, 1, 0, 0, 0x01, 0x62, 0, 0, 0, 1, 1]);

const DB = 'keys-refusals';
let factory: IDBFactory;
let t: Terminal;

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  await patchKey(t, 11, (k) => ({ ...k, manageQuorum: 2, useQuorum: 2 }));
  await patchKey(t, 12, (k) => ({ ...k, attrs: { ...k.attrs, 528: 1 } }));
  await patchKey(t, 13, (k) => ({ ...k, attrs: { ...k.attrs, 134: 1 } }));
  await patchKey(t, 14, (k) => ({ ...k, attrs: { ...k.attrs, 262: 0, 263: 0 } }));
  await patchKey(t, 15, (k) => ({ ...k, attrs: { ...k.attrs, 1073742354: TEMPLATE_EXTRACTABLE } }));
  await patchKey(t, 18, (k) => ({ ...k, attrs: { ...k.attrs, 0: 2, 259: 0 } })); // a public key of user 4
  await t.type('key_mgmt_util');
});

const login = () => t.type('loginHSM -u CU -s example_user -p example_pwd');

async function refused(line: string, expected: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  expect(await t.type(line)).toBe(expected);
  expect(await dumpIdb(DB, factory)).toBe(before);
}

const A8 = 'HSM Error: Invalid object handle is passed to this operation';
const C6 = 'HSM Error: Key Access is denied';
const E1 = 'HSM Error: Attribute is read-only or value is invalid';
const E2 = 'HSM Error: Key ID already exists';
const E3 = 'HSM Error: User is not logged in';
const E5 = 'HSM Error: Unwrap failed - integrity check error';
const E7 = 'HSM Error: RET_MXN_AUTH_FAILED';
const E9 = 'HSM Error: Invalid user id in share list';
const B3 = 'HSM Error: This operation violates the current configured/FIPS policies';
const DOWN = 'HSM CLUSTER ERROR: Server in cluster is unavailable';
const names: Record<string, string> = { a8: A8, c6: C6, e1: E1, e2: E2, e5: E5, e7: E7, e9: E9 };

/** `\n<8 spaces><fn> returned: 0x<c> : <text>\n\n` — a lone return line. */
const line = (fn: string, c: string, indent = H) => `\n${indent}${fn} returned: 0x${c} : ${names[c] ?? E3}\n\n`;
/** The node block with one state for every node (or only `nodes`). */
const block = (c: string, nodes = [0, 1, 2]) =>
  `${H}Cluster Error Status\n` + nodes.map((n) => `${H}Node id ${n} and err state 0x000000${c} : ${names[c]}`).join('\n') + '\n';
const invalid = (v: string, flag: string) => `\n${H}Error: Invalid value (${v}) for parameter (${flag}).\n\n`;

describe('not logged in: the first function answers 0xe3, nothing else', () => {
  it.each([
    ['wrapKey -k 7 -w 6 -m 4 -out x', 'Cfm2WrapKey', H],
    ['unWrapKey -f garbage.key -w 6 -m 4', 'Cfm3UnWrapKey', H],
    ['unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kc 4 -kt 31', 'Cfm3CreateUnwrapTemplate2', H],
    ['aesWrapUnwrap -m 1 -f data32.bin -w 6', 'Cfm3WrapHostKey', H],
    ['aesWrapUnwrap -m 0 -f data32.bin -w 6', 'Cfm3UnWrapHostKey', H],
    ['genPBEKey', 'Cfm3GeneratePBEKey', H],
    ['findSingleKey -k 6', 'Cfm3FindKey', ''],
    ['setAttribute -o 6 -a 1', 'Cfm3SetAttribute', H],
    ['deleteKey -k 6', 'Cfm3DeleteKey', H],
    ['getKeyInfo -k 6', 'Cfm3GetKey', H],
    ['listUsers', 'Cfm3ListUsers', H],
    ['IsValidKeyHandlefile -f garbage.key', 'Cfm3FindKey', H],
  ])('%s', async (cmd, fn, indent) => {
    await refused(cmd, `\n${indent}${fn} returned: 0xe3 : ${E3}\n\n`);
  });
});

describe('logged in', () => {
  beforeEach(login);

  it('wrapKey: 0xa8, the §4.2 export cells, wrapping-key refusals, 0xe7, trusted wrapping, mechanism fit', async () => {
    const cases: Array<[string, string]> = [
      ['wrapKey -k 99 -w 6 -m 4 -out x', 'a8'],
      ['wrapKey -k 7 -w 99 -m 4 -out x', 'a8'],
      ['wrapKey -k 7 -w 4 -m 4 -out x', 'a8'], // reserved handle
      ['wrapKey -k 10 -w 6 -m 4 -out x', 'c6'], // shared with me: no export
      ['wrapKey -k 8 -w 6 -m 4 -out x', 'c6'], // someone else's
      ['wrapKey -k 18 -w 6 -m 4 -out x', 'c6'], // a public key: exportPubKey's job
      ['wrapKey -k 9 -w 6 -m 4 -out x', 'c6'], // non-extractable
      ['wrapKey -k 11 -w 6 -m 4 -out x', 'e7'], // quorum-controlled key
      ['wrapKey -k 7 -w 11 -m 4 -out x', 'e7'], // quorum-controlled wrapping key
      ['wrapKey -k 6 -w 7 -m 4 -out x', 'c6'], // 3DES cannot wrap
      ['wrapKey -k 7 -w 8 -m 4 -out x', 'c6'], // someone else's wrapping key
      ['wrapKey -k 7 -w 18 -m 4 -out x', 'c6'], // a public key that is not RSA
      ['wrapKey -k 7 -w 14 -m 4 -out x', 'c6'], // OBJ_ATTR_WRAP = 0
      ['wrapKey -k 12 -w 6 -m 4 -out x', 'c6'], // WRAP_WITH_TRUSTED under an untrusted key
      ['wrapKey -k 16 -w 6 -m 5 -out x', 'c6'], // 20 bytes: not block-aligned for RFC 3394
      ['wrapKey -k 17 -w 6 -m 4 -out x', 'c6'], // 5 bytes: too short for mechanism 4
      ['wrapKey -k 7 -w 6 -m 7 -out x', 'c6'], // RSA mechanisms need an RSA key
      ['wrapKey -k 7 -w 6 -m 8 -t 3 -out x', 'c6'],
      ['wrapKey -k 7 -w 6 -m 12 -out x', 'c6'],
    ];
    for (const [cmd, c] of cases) await refused(cmd, line('Cfm2WrapKey', c));
  });

  it('wrapKey: client-side value errors', async () => {
    await refused('wrapKey -k 7 -w 6 -m 9 -out x', invalid('9', '-m'));
    await refused('wrapKey -k 7 -w 6 -m 4 -t 3 -out x', invalid('3', '-t')); // -t only for 7 and 8
    await refused('wrapKey -k 7 -w 6 -m 8 -t 7 -out x', invalid('7', '-t'));
    await refused('wrapKey -k 7 -w 6 -m 6 -noheader -i 0xA6A6A6A6A6A6A6A6 -out x', invalid('0xA6A6A6A6A6A6A6A6', '-i'));
    await refused('wrapKey -k 7 -w 6 -m 5 -noheader -i 0x0011223344556677 -out x', invalid('0x0011223344556677', '-i'));
    await refused('wrapKey -k 7 -w 6 -m 5 -i 0xA6A6A6A6A6A6A6A6 -out x', invalid('0xA6A6A6A6A6A6A6A6', '-i'));
    await refused('wrapKey -k 7 -w 6 -m 4 -aad aad.bin -out x', invalid('aad.bin', '-aad'));
    await refused('wrapKey -k 7 -w 6 -m 11 -noheader -tag_size 7 -out x', invalid('7', '-tag_size'));
    await refused('wrapKey -k 7 -w 6 -m 11 -noheader -tag_size 17 -out x', invalid('17', '-tag_size'));
    await refused('wrapKey -k 7 -w 6 -m 11 -tag_size 12 -out x', invalid('12', '-tag_size'));
    await refused('wrapKey -k 7 -w 6 -m 11 -noheader -iv_file iv -out x', invalid('iv', '-iv_file'));
    await refused('wrapKey -k 7 -w 6 -m 4 -out nodir/x', `\n${H}Error: Unable to create file nodir/x.\n\n`);
    await refused('wrapKey -k 7 -w 6 -m 10 -aad none.bin -out x', `\n${H}Error: Unable to open file none.bin.\n\n`);
    const out = await t.type('wrapKey -k 7 -w 6 -m 10 -noheader -out x');
    expect(out.startsWith(`\n${H}Error: Required parameter (-iv_file) is missing.\n\n${H}Description\n`)).toBe(true);
    const noM = await t.type('wrapKey -k 7 -w 6 -out x');
    expect(noM.startsWith(`\n${H}Error: Required parameter (-m) is missing.\n\n${H}Description\n`)).toBe(true);
  });

  it('unWrapKey with a header: every HSM-side refusal, with the node block', async () => {
    for (const [k, w, m, file] of [['7', '6', '4', 'd6.key'], ['7', '15', '4', 'd15.key'], ['7', '6', '11', 'g6.key']]) {
      expect(await t.type(`wrapKey -k ${k} -w ${w} -m ${m} -out ${file}`)).toContain('Key Wrapped.');
    }
    const fail = (cmd: string, c: string) => refused(cmd, `\n${H}Cfm3UnWrapKey returned: 0x${c} : ${names[c]}\n\n${block(c)}\n`);
    await fail('unWrapKey -f d6.key -w 99 -m 4', 'a8');
    await fail('unWrapKey -f d6.key -w 7 -m 4', 'c6'); // 3DES cannot unwrap
    await fail('unWrapKey -f d6.key -w 8 -m 4', 'c6'); // someone else's key
    await fail('unWrapKey -f d6.key -w 18 -m 4', 'c6'); // a public key that is not RSA
    await fail('unWrapKey -f d6.key -w 14 -m 4', 'c6'); // OBJ_ATTR_UNWRAP = 0
    await fail('unWrapKey -f d6.key -w 11 -m 4', 'e7'); // quorum-controlled unwrapping key
    await fail('unWrapKey -f d6.key -w 6 -m 7', 'c6'); // an RSA mechanism with an AES key
    await fail('unWrapKey -f garbage.key -w 6 -m 4', 'e5'); // not a wrapped-key file
    await fail('unWrapKey -f d6.key -w 6 -m 5', 'e5'); // not the mechanism it was wrapped with
    await fail('unWrapKey -f d6.key -w 13 -m 4', 'e5'); // the wrong key
    await fail('unWrapKey -f g6.key -w 6 -m 11 -aad aad.bin', 'e5'); // AAD it was not sealed with
    await fail('unWrapKey -f d6.key -w 6 -m 4 -u 3', 'e9'); // the caller
    await fail('unWrapKey -f d6.key -w 6 -m 4 -u 99', 'e9'); // nobody
    await fail('unWrapKey -f d6.key -w 6 -m 4 -u 2', 'e9'); // not a CU (app_user)
    await fail('unWrapKey -f d15.key -w 15 -m 4 -nex', 'c6'); // -nex against the template's EXTRACTABLE = 1
    await refused('unWrapKey -f d6.key -w 99 -m 4 -sess', `\n${H}Cfm3UnWrapKey returned: 0xa8 : ${A8}\n\n${block('a8', [0])}\n`);
    const unmet = [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x00000000 : HSM Return: SUCCESS`).join('\n');
    await refused('unWrapKey -f d6.key -w 6 -m 4 -min_srv 4 -timeout 2',
      `\n${H}Cfm3UnWrapKey returned: 0x30000085 : ${DOWN}\n\n${H}Cluster Error Status\n${unmet}\n\n`);
    expect(t.clock.slept).toBe(2000);
  });

  it('unWrapKey -noheader: refusals at Cfm2UnWrapWithTemplate3, right under the template line', async () => {
    await t.type('wrapKey -k 7 -w 6 -m 4 -noheader -out nh.key');
    await t.type('wrapKey -k 16 -w 6 -m 6 -noheader -out nh20.key');
    const fail = (cmd: string, c: string) => refused(cmd,
      `\n${H}Cfm3CreateUnwrapTemplate2 returned: 0x00 : HSM Return: SUCCESS\n${H}Cfm2UnWrapWithTemplate3 returned: 0x${c} : ${names[c]}\n\n${block(c)}\n`);
    await fail('unWrapKey -f nh.key -w 6 -m 4 -noheader -l x -kc 4 -kt 21 -id wrap01', 'e2');
    await fail('unWrapKey -f nh20.key -w 6 -m 6 -noheader -l x -kc 4 -kt 31', 'e5'); // 20 bytes are no AES key
    await fail('unWrapKey -f nh.key -w 13 -m 4 -noheader -l x -kc 4 -kt 21', 'e5');
    await fail('unWrapKey -f nh.key -w 99 -m 4 -noheader -l x -kc 4 -kt 21', 'a8');
  });

  it('unWrapKey: client-side errors', async () => {
    await refused('unWrapKey -f none.key -w 6 -m 4', `\n${H}Error: Unable to open file none.key.\n\n`);
    await refused('unWrapKey -f garbage.key -w 6 -m 3', invalid('3', '-m'));
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kc 5 -kt 31', invalid('5', '-kc'));
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kc 4 -kt 0', invalid('0', '-kt'));
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kc 4 -kt 18', invalid('18', '-kt'));
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kc 3 -kt 0',
      `\n${H}Error: private keys (-kc 3) are not available in this playground yet.\n\n`);
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -m_value 2', invalid('2', '-m_value'));
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -u 4 -m_value 3', invalid('3', '-m_value'));
    await refused('unWrapKey -f garbage.key -w 6 -m 4 -min_srv 0', invalid('0', '-min_srv'));
    await refused('unWrapKey -f garbage.key -w 6 -m 10 -noheader -l x -kc 4 -kt 31 -iv_file none', `\n${H}Error: Unable to open file none.\n\n`);
    for (const [cmd, flag] of [['unWrapKey -f garbage.key -w 6 -m 4 -noheader -kc 4 -kt 31', '-l'], ['unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kc 4', '-kt'],
      ['unWrapKey -f garbage.key -w 6 -m 4 -noheader -l x -kt 31', '-kc'], ['unWrapKey -f garbage.key -w 6 -m 10 -noheader -l x -kc 4 -kt 31', '-iv_file']]) {
      const out = await t.type(cmd!);
      expect(out.startsWith(`\n${H}Error: Required parameter (${flag}) is missing.\n\n${H}Description\n`)).toBe(true);
    }
  });

  it('aesWrapUnwrap: HSM-side refusals leave only an empty output file; client-side ones nothing', async () => {
    const warn = `${H}Warning: IV (-i) is missing.\n${H}         0xA6A6A6A6A6A6A6A6 is considered as default IV\n`;
    const cases: Array<[string, string, string]> = [
      ['aesWrapUnwrap -m 1 -f data32.bin -w 99 -out o1', 'Cfm3WrapHostKey', 'a8'],
      ['aesWrapUnwrap -m 1 -f data32.bin -w 7 -out o2', 'Cfm3WrapHostKey', 'c6'],
      ['aesWrapUnwrap -m 1 -f data32.bin -w 8 -out o3', 'Cfm3WrapHostKey', 'c6'],
      ['aesWrapUnwrap -m 1 -f data32.bin -w 14 -out o4', 'Cfm3WrapHostKey', 'c6'],
      ['aesWrapUnwrap -m 1 -f data32.bin -w 11 -out o5', 'Cfm3WrapHostKey', 'e7'],
      ['aesWrapUnwrap -m 0 -f data32.bin -w 6 -out o6', 'Cfm3UnWrapHostKey', 'e5'],
      ['aesWrapUnwrap -m 0 -f data32.bin -w 6', 'Cfm3UnWrapHostKey', 'e5'], // default name unwrapped_key
    ];
    for (const [cmd, fn, c] of cases) {
      const before = JSON.parse(await dumpIdb(DB, factory));
      expect(await t.type(cmd)).toBe(`\n${warn}\n${H}${fn} returned: 0x${c} : ${names[c]}\n\n`);
      const after = JSON.parse(await dumpIdb(DB, factory));
      for (const s of Object.keys(before.stores)) if (s !== 'files') expect(after.stores[s]).toEqual(before.stores[s]);
      const out = `/home/user/${/-out (\S+)/.exec(cmd)?.[1] ?? 'unwrapped_key'}`;
      const added = after.stores.files.records.filter((r: { key: string }) => !before.stores.files.records.some((b: { key: string }) => b.key === r.key));
      expect(added.map((r: { key: string; value: { data: unknown } }) => [r.key, r.value.data])).toEqual([[out, { $bytes: '' }]]);
      expect(after.stores.files.records.length).toBe(before.stores.files.records.length + 1);
    }
    await refused('aesWrapUnwrap -m 1 -f data32.bin -w 6 -i 0x0123 -out z', invalid('0x0123', '-i'));
    await refused('aesWrapUnwrap -m 2 -f data32.bin -w 6 -out z', invalid('2', '-m'));
    await refused('aesWrapUnwrap -m 1 -f data20.bin -w 6 -out z', `\n${H}Error: File data20.bin holds 20 bytes; to wrap it must be a multiple of 8 from 16 to 4088.\n\n`);
    await refused('aesWrapUnwrap -m 0 -f data20.bin -w 6 -out z', `\n${H}Error: File data20.bin holds 20 bytes; to unwrap it must be a multiple of 8 from 24 to 4088.\n\n`);
    await refused('aesWrapUnwrap -m 1 -f none.bin -w 6 -out z', `\n${H}Error: Unable to open file none.bin.\n\n`);
    await refused('aesWrapUnwrap -m 1 -f data32.bin -w 6 -out nodir/z', `\n${H}Error: Unable to create file nodir/z.\n\n`);
  });

  it('genPBEKey: 0xb3 whatever the flags', async () => {
    for (const cmd of ['genPBEKey', 'genPBEKey -l x -t 21', 'genpbekey -foo']) {
      await refused(cmd, `\n${H}Cfm3GeneratePBEKey returned: 0xb3 : ${B3}\n\n`);
    }
  });

  it('findSingleKey: unknown 0xa8, someone else\'s key 0xc6, a session key held by one HSM only', async () => {
    await refused('findSingleKey -k 99', `\nCfm3FindKey returned: 0xa8 : ${A8}\n\n${block('a8')}\n`);
    await refused('findSingleKey -k 4', `\nCfm3FindKey returned: 0xa8 : ${A8}\n\n${block('a8')}\n`);
    await refused('findSingleKey -k 8', `\nCfm3FindKey returned: 0xc6 : ${C6}\n\n${block('c6')}\n`);
    const h = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l s -sess'))![1];
    await refused(`findSingleKey -k ${h}`, `\nCfm3FindKey returned: 0xa8 : ${A8}\n\n${H}Cluster Error Status\n` +
      `${H}Node id 0 and err state 0x00000000 : HSM Return: SUCCESS\n${H}Node id 1 and err state 0x000000a8 : ${A8}\n${H}Node id 2 and err state 0x000000a8 : ${A8}\n\n`);
  });

  it('setAttribute: -a other than 1 (no prompt), unknown handle, not the owner, the value 0', async () => {
    await refused('setAttribute -o 6 -a 3', `\n${H}Cfm3SetAttribute returned: 0xe1 : ${E1}\n\n${block('e1')}\n`);
    await refused('setAttribute -o 6 -a x', invalid('x', '-a'));
    const prompt = `${H} This attribute is defined as a boolean value.\n${H}  Enter the boolean attribute value (0 or 1):`;
    const answered = async (cmd: string, answers: string[], c: string) => {
      const before = await dumpIdb(DB, factory);
      expect(await t.type(cmd)).toBe('');
      for (const a of answers.slice(0, -1)) expect(await t.type(a)).toBe('');
      expect(t.screen().endsWith(prompt)).toBe(true);
      expect(await t.type(answers.at(-1)!)).toBe(`\n${H}Cfm3SetAttribute returned: 0x${c} : ${names[c]}\n\n${block(c)}\n`);
      expect(await dumpIdb(DB, factory)).toBe(before);
    };
    await answered('setAttribute -o 99 -a 1', ['1'], 'a8');
    await answered('setAttribute -o 8 -a 1', ['1'], 'c6'); // someone else's
    await answered('setAttribute -o 10 -a 1', ['1'], 'c6'); // shared with me
    await answered('setAttribute -o 18 -a 1', ['1'], 'c6'); // a public key of someone else
    await answered('setAttribute -o 6 -a 1', ['yes', '2', '0'], 'e1'); // re-prompts, then 0 is refused
    const h = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l s -sess'))![1]);
    await answered(`setAttribute -o ${h} -a 1`, ['0'], 'e1');
    expect(await t.type('findKey -sess 1')).toContain(`\n${h}\n`); // still a session key
  });

  it('deleteKey: unknown handle via Cfm3FindKey; shared, other and public keys 0xc6', async () => {
    await refused('deleteKey -k 99', `\n${H}Cfm3FindKey returned: 0xa8 : ${A8}\n\n${block('a8')}\n`);
    await refused('deleteKey -k 5', `\n${H}Cfm3FindKey returned: 0xa8 : ${A8}\n\n${block('a8')}\n`);
    for (const k of [8, 10, 18]) await refused(`deleteKey -k ${k}`, `\n${H}Cfm3DeleteKey returned: 0xc6 : ${C6}\n\n${block('c6')}\n`);
    await refused('deleteKey -k six', invalid('six', '-k'));
  });

  it('getKeyInfo: unknown 0xa8 and someone else\'s key 0xc6, the return line alone', async () => {
    await refused('getKeyInfo -k 99', line('Cfm3GetKey', 'a8'));
    await refused('getKeyInfo -k 8', line('Cfm3GetKey', 'c6'));
  });

  it('IsValidKeyHandlefile: a missing file and a file that is no private key', async () => {
    await refused('IsValidKeyHandlefile -f none.pem', `\n${H}Error: Unable to open file none.pem.\n\n`);
    await refused('IsValidKeyHandlefile -f garbage.key', `\n${H}Error: Input file is not a valid private key file.\n\n`);
  });

  it('after all of that, the next key still takes the next object index', async () => {
    await t.type('unWrapKey -f garbage.key -w 6 -m 4');
    await t.type('wrapKey -k 7 -w 6 -m 4 -out d.key');
    expect(await t.type('unWrapKey -f d.key -w 6 -m 4')).toContain('Key Unwrapped.  Key Handle: 19\n');
  });
});
