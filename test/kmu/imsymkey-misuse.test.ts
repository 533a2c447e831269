/**
 * imSymKey misuse (kmu-commands.md §3.2.1 and the argument errors of §1.5): each gets its exact
 * answer, and the whole IndexedDB database — read through a fresh connection before and after —
 * is identical: nothing created, no object index consumed, no file touched.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { readFileSync } from 'node:fs';
import { openTerminal, type Terminal } from '../support/transcript';
import type { Scenario } from '../../src/hsm/scenario';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kmu/${name}.txt`, import.meta.url), 'utf8').replace(/\n$/, '');
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const OTHER_AES = 'ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SCENARIO: Scenario = {
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'W', id: 'wrap01', owner: 3, value: AES },
    { handle: 7, keyType: '3DES', label: 'not-aes', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 8, keyType: 'AES', label: 'someone-elses', owner: 2, value: AES },
  ],
  files: { 'short.key': '0102030405', 'aes256.key': 'a0'.repeat(32), 'other.key': OTHER_AES, 'aes-w.key': AES },
};

const H = '        ';
const nodes = (state: string, text: string) =>
  [0, 1, 2].map((n) => `${H}Node id ${n} and err state ${state} : ${text}`).join('\n');
/** A failure at the last step (§3.2.1): three return lines and the cluster block. */
const lastStep = (code: string, text: string, nodeState = `0x000000${code.slice(2)}`, nodeText = text) =>
  `\n${H}Cfm3WrapHostKey returned: 0x00 : HSM Return: SUCCESS\n\n${H}Cfm3CreateUnwrapTemplate returned: 0x00 : HSM Return: SUCCESS\n\n` +
  `${H}Cfm3UnWrapKey returned: ${code} : ${text}\n\n${H}Cluster Error Status\n${nodes(nodeState, nodeText)}\n`;

const IMSYMKEY_HELP = [
  `${H}Description`,
  `${H}===========`,
  `${H}Imports a Symmetric key`,
  '',
  `${H}Syntax:`,
  `${H}imSymKey -f <key-file>`,
  `${H}         -w <wrapping-key-handle>`,
  `${H}         -t <key-type>`,
  `${H}         -l <label>`,
  `${H}         [-id <key-ID>]`,
  `${H}         [-sess]`,
  `${H}         [-wk <wrapping-key-file> ]`,
  `${H}         [-attest]`,
  `${H}         [-min_srv <minimum-number-of-servers>]`,
  `${H}         [-timeout <number-of-seconds> ]`,
  `${H}         [-u <user-ids>]`,
  '',
  `${H}Parameters:`,
  `${H}-f  Required  file holding the plaintext key bytes`,
  `${H}-w  Required  handle of the AES key on the HSM that unwraps the key`,
  `${H}-t  Required  type of the imported key: 21 3DES, 31 AES`,
  `${H}-l  Required  label of the new key`,
  `${H}-id  Optional  ID of the new key, unique in the cluster`,
  `${H}-sess  Optional  create a session key, gone when the session ends`,
  `${H}-wk  Optional  file with the same AES key in plaintext, to wrap on the host`,
  `${H}-attest  Optional  run the firmware attestation check`,
  `${H}-min_srv  Optional  HSMs the key must reach before -timeout (default 1)`,
  `${H}-timeout  Optional  seconds to wait for -min_srv`,
  `${H}-u  Optional  comma-separated CU ids to share the key with`,
].join('\n');

let factory: IDBFactory;
let t: Terminal;
const DB = 'misuse';

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
  await t.type('key_mgmt_util');
});

/** Run `line`, check its whole output, and check the database did not change at all. */
async function refused(line: string, expected: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  expect(await t.type(line)).toBe(expected + '\n');
  expect(await dumpIdb(DB, factory)).toBe(before);
}

const login = () => t.type('loginHSM -u CU -s example_user -p example_pwd');

describe('imSymKey misuse leaves every object store unchanged', () => {
  it('not logged in: the first step fails with 0xe3 and no cluster block', async () => {
    const block = fixture('imSymKey-misuse-not-logged-in').split('\n').slice(1).join('\n');
    await refused('imSymKey -f aes256.key -w 6 -t 31 -l x', block + '\n');
  });

  describe('logged in', () => {
    beforeEach(login);

    it('a key file that does not fit -t (canonical), for AES and 3DES', async () => {
      const block = fixture('imSymKey-misuse-short-key').split('\n').slice(1).join('\n');
      await refused('imSymKey -f short.key -w 6 -t 31 -l x', block + '\n');
      await refused('imSymKey -f short.key -w 6 -t 21 -l x', `\n${H}Error: Key file short.key holds 5 bytes; key type 21 (3DES) takes 24.\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 21 -l x', `\n${H}Error: Key file aes256.key holds 32 bytes; key type 21 (3DES) takes 24.\n`);
    });

    it('a key file that does not exist', async () => {
      await refused('imSymKey -f nofile.key -w 6 -t 31 -l x', `\n${H}Error: Unable to open file nofile.key.\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -wk nofile.key', `\n${H}Error: Unable to open file nofile.key.\n`);
    });

    it('a wrapping handle that does not exist: 0xa8 at the first step (canonical)', async () => {
      await refused('imSymKey -f aes256.key -w 999999 -t 31 -l x', fixture('imSymKey-misuse-no-handle').split('\n').slice(1).join('\n') + '\n');
      for (const reserved of [1, 4, 5]) {
        await refused(`imSymKey -f aes256.key -w ${reserved} -t 31 -l x`,
          `\n${H}Cfm3WrapHostKey returned: 0xa8 : HSM Error: Invalid object handle is passed to this operation\n`);
      }
    });

    it('a wrapping key that is not AES, or belongs to someone else: 0xc6 (canonical)', async () => {
      const block = fixture('imSymKey-misuse-unusable-wrapping-key').split('\n').slice(1).join('\n') + '\n';
      await refused('imSymKey -f aes256.key -w 7 -t 31 -l x', block);
      await refused('imSymKey -f aes256.key -w 8 -t 31 -l x', block.replace('-w 7', '-w 8'));
    });

    it('with -wk the wrapping-key checks move to the last step, with the cluster block', async () => {
      await refused('imSymKey -f aes256.key -w 999999 -t 31 -l x -wk aes-w.key',
        lastStep('0xa8', 'HSM Error: Invalid object handle is passed to this operation'));
      await refused('imSymKey -f aes256.key -w 7 -t 31 -l x -wk aes-w.key', lastStep('0xc6', 'HSM Error: Key Access is denied'));
    });

    it('-u naming the caller (canonical), an unknown id or a non-CU: 0xe9', async () => {
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -u 3', fixture('imSymKey-misuse-share-list').split('\n').slice(1).join('\n') + '\n');
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -u 99', lastStep('0xe9', 'HSM Error: Invalid user id in share list'));
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -u 2', lastStep('0xe9', 'HSM Error: Invalid user id in share list'));
    });

    it('-t 18 and -t 19: 0xb3, every node 0x30000085 like the documented non-FIPS sample', async () => {
      for (const type of [18, 19]) {
        await refused(`imSymKey -f aes256.key -w 6 -t ${type} -l x`,
          lastStep('0xb3', 'HSM Error: This operation violates the current configured/FIPS policies', '0x30000085',
            'HSM CLUSTER ERROR: Server in cluster is unavailable'));
      }
    });

    it('-wk material different from the -w key: 0xe5', async () => {
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -wk other.key', lastStep('0xe5', 'HSM Error: Unwrap failed - integrity check error'));
    });

    it('-id already used: 0xe2', async () => {
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -id wrap01', lastStep('0xe2', 'HSM Error: Key ID already exists'));
    });

    it('-min_srv above the cluster size: 0x30000085, at once without -timeout, after it with one', async () => {
      const expected = `\n${H}Cfm3WrapHostKey returned: 0x00 : HSM Return: SUCCESS\n\n${H}Cfm3CreateUnwrapTemplate returned: 0x00 : HSM Return: SUCCESS\n\n` +
        `${H}Cfm3UnWrapKey returned: 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable\n\n${H}Cluster Error Status\n` +
        `${nodes('0x00000000', 'HSM Return: SUCCESS')}\n`;
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -min_srv 4', expected);
      expect(t.clock.slept).toBe(0);
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -min_srv 4 -timeout 3', expected);
      expect(t.clock.slept).toBe(3000);
    });

    it('argument errors (§1.5): missing, unknown, value-less, out-of-set', async () => {
      await refused('imSymKey -f aes256.key -w 6 -t 31', `\n${H}Error: Required parameter (-l) is missing.\n\n${IMSYMKEY_HELP}\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -foo', `\n${H}Error: Unknown parameter (-foo).\n\n${IMSYMKEY_HELP}\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l', `\n${H}Error: Missing value for parameter (-l).\n\n${IMSYMKEY_HELP}\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 16 -l x', `\n${H}Error: Invalid value (16) for parameter (-t).\n`);
      await refused('imSymKey -f aes256.key -w six -t 31 -l x', `\n${H}Error: Invalid value (six) for parameter (-w).\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -u 4,x', `\n${H}Error: Invalid value (4,x) for parameter (-u).\n`);
      await refused('imSymKey -f aes256.key -w 6 -t 31 -l x -min_srv 0', `\n${H}Error: Invalid value (0) for parameter (-min_srv).\n`);
      await refused('imSymKey -h', `\n${IMSYMKEY_HELP}\n`);
      await refused('imsymkey -w 6 -h', `\n${IMSYMKEY_HELP}\n`);
      await refused('importSymKey -f x', `\n${H}Error: Invalid command "importSymKey". Type "help" to see the list of commands.\n`);
      await refused('getToken -k 6', `\n${H}Error: getToken is not available in this playground yet.\n`);
    });

    it('after all that, the next import takes the next object index', async () => {
      for (const line of ['imSymKey -f short.key -w 6 -t 31 -l x', 'imSymKey -f aes256.key -w 6 -t 31 -l x -u 3']) await t.type(line);
      expect(await t.type('imSymKey -f aes256.key -w 6 -t 31 -l x')).toContain('Symmetric Key Unwrapped.  Key Handle: 9\n');
    });
  });
});
