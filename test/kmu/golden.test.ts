/**
 * Golden transcripts: the console's output compared exactly, blanks included, with blocks copied
 * from the spec's canonical outputs (test/fixtures/kmu, see its README). Scenarios pin the serving
 * HSM and pre-seed keys so the guide's handles come out.
 */
import { readFileSync } from 'node:fs';
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GUIDE_IMSYMKEY, GUIDE_IMSYMKEY_3DES_SESSION } from '../../src/scenarios/guide';
import { openTerminal, type Terminal } from '../support/transcript';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kmu/${name}.txt`, import.meta.url), 'utf8').replace(/\n$/, '');
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

async function kmu(t: Terminal, login = true): Promise<void> {
  await t.type('key_mgmt_util');
  if (login) await t.type(LOGIN);
}

/** The block of `line` as printed, compared with a fixture whose first line is that command. */
async function expectBlock(t: Terminal, name: string): Promise<void> {
  const want = fixture(name);
  const line = want.split('\n')[0]!.replace(/^Command: /, '');
  expect(await t.block(line)).toBe(want + '\n');
}

const AES_A = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const AES_B = '4a6f7265206c6f6e67206b6579206d6174657269616c20666f722074657374';

describe('golden transcripts (canonical blocks of kmu-commands.md)', () => {
  it('loginHSM and logoutHSM', async () => {
    const t = await openTerminal();
    await kmu(t, false);
    await expectBlock(t, 'loginHSM');
    await expectBlock(t, 'logoutHSM');
  });

  it('help lists every command of the real tool', async () => {
    const t = await openTerminal();
    await kmu(t, false);
    await expectBlock(t, 'help');
  });

  it('genSymKey: token key, then a session key with -attest on node 0', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0 } });
    await kmu(t);
    await expectBlock(t, 'genSymKey-token');
    await expectBlock(t, 'genSymKey-sess-attest');
  });

  it('imSymKey: the guide example reproduced by the checked-in scenario (handle 262180)', async () => {
    const t = await openTerminal({ scenario: GUIDE_IMSYMKEY });
    await kmu(t);
    await expectBlock(t, 'imSymKey');
  });

  it('imSymKey of a 3DES session key with -id, -sess and -attest, found again with findKey', async () => {
    const t = await openTerminal({ scenario: GUIDE_IMSYMKEY_3DES_SESSION });
    await kmu(t);
    await expectBlock(t, 'imSymKey-3des-sess-attest');
    await expectBlock(t, 'findKey-3des-sess');
  });

  it('exSymKey, with and without -wk', async () => {
    const t = await openTerminal({
      scenario: {
        keys: [
          { handle: 6, keyType: 'AES', label: 'wrap', owner: 3, value: AES_A },
          { handle: 7, keyType: '3DES', label: '3DES_shared', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
          { handle: 21, keyType: 'AES', label: 'aes192', owner: 3, value: AES_B.slice(0, 48) },
          { handle: 262167, keyType: 'AES', label: 'aes256-forImport', owner: 3, value: AES_B.padEnd(64, '0') },
        ],
        files: { 'aes256-forImport.key': AES_B.padEnd(64, '0') },
      },
    });
    await kmu(t);
    await expectBlock(t, 'exSymKey');
    await expectBlock(t, 'exSymKey-wk');
    await t.type('exit');
    expect(await t.type('xxd -p 3DES.key')).toBe('0123456789abcdeffedcba987654321089abcdef01234567\n');
    expect(await t.type('xxd -p aes192_H21.key')).toBe(AES_B.slice(0, 48) + '\n');
  });

  it('findKey in a two-node cluster: matches and no match', async () => {
    const key = (handle: number) => ({ handle, keyType: 'AES' as const, label: `k${handle}`, owner: 3, value: AES_A });
    const t = await openTerminal({ scenario: { hsms: 2, keys: [6, 7, 524296, 9, 262154].map(key) } });
    await kmu(t);
    await expectBlock(t, 'findKey-sess0-two-nodes');
    await expectBlock(t, 'findKey-sess1-two-nodes');
  });

  it('getAttribute: one attribute, and all of them with size and count recomputed', async () => {
    const t = await openTerminal({
      scenario: {
        keys: [
          { handle: 524296, keyType: '3DES', label: 'des', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
          { handle: 7, keyType: '3DES', label: '3DES_shared', id: 'IT-02', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
        ],
      },
    });
    await kmu(t);
    await expectBlock(t, 'getAttribute-one');
    const [head, tail] = fixture('getAttribute-all').split('<S> attr cnt <C>');
    const got = await t.block('getAttribute -o 7 -a 512 -out attr_7');
    const m = /got all attributes of size (\d+) attr cnt (\d+)\n/.exec(got)!;
    expect(got).toBe(`${head}${m[1]} attr cnt ${m[2]}${tail}\n`);
    await t.type('exit');
    const file = await t.type('cat attr_7');
    // 17 attributes of the legacy secret-key layout; size = Σ (8 + value bytes), G-34.
    const values = file.trimEnd().split('\n').filter((_, i) => i % 2 === 1);
    expect(values).toHaveLength(17);
    const byteLen = (v: string, i: number) => (i === 13 || i === 14 ? Buffer.byteLength(v) : i === 15 ? 4 : i === 16 ? 3 : 1);
    expect(Number(m[2])).toBe(17);
    expect(Number(m[1])).toBe(values.reduce((s, v, i) => s + 8 + byteLen(v, i), 0));
    expect(file).toBe(
      'OBJ_ATTR_CLASS\n0x04\nOBJ_ATTR_KEY_TYPE\n0x15\nOBJ_ATTR_TOKEN\n0x01\nOBJ_ATTR_PRIVATE\n0x01\n' +
        'OBJ_ATTR_ENCRYPT\n0x01\nOBJ_ATTR_DECRYPT\n0x01\nOBJ_ATTR_WRAP\n0x00\nOBJ_ATTR_UNWRAP\n0x00\n' +
        'OBJ_ATTR_SIGN\n0x00\nOBJ_ATTR_VERIFY\n0x00\nOBJ_ATTR_LOCAL\n0x01\nOBJ_ATTR_SENSITIVE\n0x01\n' +
        'OBJ_ATTR_EXTRACTABLE\n0x01\nOBJ_ATTR_LABEL\n3DES_shared\nOBJ_ATTR_ID\nIT-02\nOBJ_ATTR_VALUE_LEN\n0x00000018\n' +
        `OBJ_ATTR_KCV\n0x${tdesKcv('0123456789abcdeffedcba987654321089abcdef01234567')}\n`,
    );
    expect(await t.type('cat attribute.txt')).toBe('OBJ_ATTR_KEY_TYPE\n0x00000015\n');
  });

  it('Error2String and listAttributes (no login needed)', async () => {
    const t = await openTerminal();
    await kmu(t, false);
    await expectBlock(t, 'Error2String-db');
    await expectBlock(t, 'Error2String-c6');
    await expectBlock(t, 'listAttributes');
  });
});

function tdesKcv(hex: string): string {
  const c = createCipheriv('des-ede3-ecb', Buffer.from(hex, 'hex'), null).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.alloc(8)), c.final()]).subarray(0, 3).toString('hex');
}
