/**
 * The views of key pairs (issue 12): KMU findKey by class, type and modulus file, getKeyInfo on a
 * public key (owner only, users-and-keys.md §4.1), getAttribute -a 512's order (attributes.md §6.1),
 * deleteKey of either half; CMU findAllKeys, getAttribute and shareKey (public keys: never, errors.md
 * "shareKey on a public key"); the inventory's class/type/size. The pairs are real records
 * (test/support/pairs.ts: node:crypto DER, §3.2 attributes), put straight into the store: these
 * tests do not depend on the generation commands.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Console } from '../../src/shell/console';
import type { KeyRecord } from '../../src/hsm/model';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { run } from '../support/cmu';
import { pairModulus, pairRecord, type PairName } from '../support/pairs';
import { fileBytes, putUser, storedKey } from './keys-support';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
/** handle → [pair, class, owner, shared]: user 3 is example_user, 4 is bob. */
const PAIRS: Array<[number, PairName, 2 | 3, number, number[]]> = [
  [6, 'rsa2048', 2, 3, []], [7, 'rsa2048', 3, 3, [4]],
  [8, 'p256', 2, 4, []], [9, 'p256', 3, 4, []],
  [10, 'dsa2048', 2, 3, []], [11, 'dsa2048', 3, 3, []],
  [13, 'rsa2048b', 2, 4, []], [14, 'rsa2048b', 3, 4, []],
  [15, 'p384', 2, 3, []], [16, 'p384', 3, 3, []],
];

let t: Terminal;
let factory: IDBFactory;
const DB = 'pairs';

async function putPairs(term: Terminal): Promise<void> {
  await (term.session as Console).hsm.transact(async (tx) => {
    for (const [handle, name, cls, owner, shared] of PAIRS) {
      tx.put<KeyRecord>('keys', { ...pairRecord(name, cls, { handle, owner, shared, label: `${name}-${cls}` }), rev: 0 });
    }
  });
}

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({
    backend: await openIdbBackend({ name: DB, factory }),
    scenario: { keys: [{ handle: 12, keyType: 'AES', label: 'aes', owner: 3, value: AES }], nextIndex: 17 },
  });
  await putUser(t, { userId: 4, name: 'bob', type: 'CU', passwordOf: 3 });
  await putPairs(t);
});

const kmu = async () => {
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
};

/** The handles a findKey printed (the line after "number of keys matched …"), or [] when none. */
async function found(line: string): Promise<number[]> {
  const out = await t.type(line);
  expect(out).toContain('Cfm3FindKey returned: 0x00 : HSM Return: SUCCESS');
  const m = /number of keys matched from start index 0::\d+\n(.*)\n/.exec(out);
  return m ? m[1]!.split(', ').map(Number) : [];
}

describe('KMU on key pairs', () => {
  it('findKey: every public key to every CU, own and shared private keys; by class, type and modulus file', async () => {
    await kmu();
    expect(await found('findKey')).toEqual([6, 7, 8, 10, 11, 12, 13, 15, 16]);
    expect(await found('findKey -c 2')).toEqual([6, 8, 10, 13, 15]);
    expect(await found('findKey -c 3')).toEqual([7, 11, 16]);
    expect(await found('findKey -c 4')).toEqual([12]);
    expect(await found('findKey -t 0')).toEqual([6, 7, 13]);
    expect(await found('findKey -t 1')).toEqual([10, 11]);
    expect(await found('findKey -t 3')).toEqual([8, 15, 16]);
    expect(await found('findKey -c 3 -t 3')).toEqual([16]);
    expect(await found('findKey -t 31')).toEqual([12]);
    // -m: a file with the modulus as hex text, then as raw bytes (G-31): both halves of that key
    const n = Buffer.from(pairModulus('rsa2048')!).toString('hex');
    await t.type('exit');
    await t.type(`echo ${n} > mod.hex`);
    await kmu();
    expect(await found('findKey -m mod.hex')).toEqual([6, 7]);
    expect(await found('findKey -m mod.hex -c 2')).toEqual([6]);
  });

  it('findKey -m with raw modulus bytes matches the other pair\'s public key only (its private key is bob\'s)', async () => {
    await (t.session as Console).hsm.transact(async (tx) => {
      tx.put('files', { id: '/home/user/mod.bin', rev: 0, kind: 'file', data: pairModulus('rsa2048b')!, mtime: 0 });
    });
    await kmu();
    expect(await found('findKey -m mod.bin')).toEqual([13]);
    expect(await found('findKey -m mod.bin -c 3')).toEqual([]);
  });

  it('getKeyInfo: a public key shows only its owner, even another user\'s; a private key its share list', async () => {
    await kmu();
    const ownerOnly = (u: number) => `\n        Cfm3GetKey returned: 0x00 : HSM Return: SUCCESS\n\n        Owned by user ${u}\n\n`;
    expect(await t.type('getKeyInfo -k 6')).toBe(ownerOnly(3));
    expect(await t.type('getKeyInfo -k 8')).toBe(ownerOnly(4));
    expect(await t.type('getKeyInfo -k 7')).toBe('\n        Cfm3GetKey returned: 0x00 : HSM Return: SUCCESS\n\n        Owned by user 3\n\n' +
      '        also, shared to following 1 user(s):\n\n                4\n\n');
    expect(await t.type('getKeyInfo -k 9')).toMatch(/returned: 0xc6|returned: 0xa8/);
  });

  it('getAttribute -a 512 of an RSA public key: the §6.1 order, MODULUS, MODULUS_BITS, PUBLIC_EXPONENT after KCV', async () => {
    await kmu();
    const out = await t.type('getAttribute -o 6 -a 512 -out attr6');
    expect(out).toMatch(/got all attributes of size \d+ attr cnt 20\n/);
    const text = (await fileBytes(t, '/home/user/attr6'))!.toString('utf8');
    const names = text.split('\n').filter((l) => l.startsWith('OBJ_ATTR_'));
    expect(names).toEqual(['CLASS', 'KEY_TYPE', 'TOKEN', 'PRIVATE', 'ENCRYPT', 'DECRYPT', 'WRAP', 'UNWRAP', 'SIGN', 'VERIFY', 'LOCAL',
      'SENSITIVE', 'EXTRACTABLE', 'LABEL', 'ID', 'VALUE_LEN', 'KCV', 'MODULUS', 'MODULUS_BITS', 'PUBLIC_EXPONENT'].map((n) => `OBJ_ATTR_${n}`));
    // the values as the RSA public key sample prints them (attributes.md §6.1)
    const n = Buffer.from(pairModulus('rsa2048')!).toString('hex');
    const modulus = ('0x' + n).match(/.{1,80}/g)!.join('\n');
    expect(text).toContain('OBJ_ATTR_CLASS\n0x02\nOBJ_ATTR_KEY_TYPE\n0x00\nOBJ_ATTR_TOKEN\n0x01\nOBJ_ATTR_PRIVATE\n0x01\nOBJ_ATTR_ENCRYPT\n0x01\n' +
      'OBJ_ATTR_DECRYPT\n0x00\nOBJ_ATTR_WRAP\n0x01\nOBJ_ATTR_UNWRAP\n0x00\nOBJ_ATTR_SIGN\n0x00\nOBJ_ATTR_VERIFY\n0x01\nOBJ_ATTR_LOCAL\n0x01\n' +
      'OBJ_ATTR_SENSITIVE\n0x00\nOBJ_ATTR_EXTRACTABLE\n0x01\nOBJ_ATTR_LABEL\nrsa2048-2\nOBJ_ATTR_ID\n\nOBJ_ATTR_VALUE_LEN\n0x00000200\n');
    expect(text.endsWith(`OBJ_ATTR_MODULUS\n${modulus}\nOBJ_ATTR_MODULUS_BITS\n0x00000800\nOBJ_ATTR_PUBLIC_EXPONENT\n0x010001\n`)).toBe(true);
    // the private half: same names, its own VALUE_LEN (the PKCS #8 length, 1218 = 0x4c2)
    await t.type('getAttribute -o 7 -a 512 -out attr7');
    const priv = (await fileBytes(t, '/home/user/attr7'))!.toString('utf8');
    expect(priv).toContain('OBJ_ATTR_VALUE_LEN\n0x000004c2\n');
    expect(priv.split('\n').filter((l) => l.startsWith('OBJ_ATTR_'))).toEqual(names);
    // an EC private key as the §6.1 sample: 19 attributes, the point bare hex on one line, then MODULUS_BITS
    expect(await t.type('getAttribute -o 16 -a 512 -out attr16')).toMatch(/attr cnt 19\n/);
    const ec = (await fileBytes(t, '/home/user/attr16'))!.toString('utf8');
    expect(ec.split('\n').filter((l) => l.startsWith('OBJ_ATTR_'))).toEqual(names.slice(0, 19));
    expect(ec.endsWith(`OBJ_ATTR_VALUE_LEN\n0x000000b9\nOBJ_ATTR_KCV\n0x${Buffer.from(pairRecord('p384', 3, { handle: 16, owner: 3 }).attrs[371] as Uint8Array).toString('hex')}\n` +
      `OBJ_ATTR_MODULUS\n${Buffer.from(pairModulus('p384')!).toString('hex')}\nOBJ_ATTR_MODULUS_BITS\n0x00000180\n`)).toBe(true);
    // a DSA half has none of the RSA attributes
    await t.type('getAttribute -o 10 -a 512 -out attr10');
    const dsa = (await fileBytes(t, '/home/user/attr10'))!.toString('utf8');
    expect(dsa.split('\n').filter((l) => l.startsWith('OBJ_ATTR_'))).toEqual(names.slice(0, 17));
    expect(dsa).toContain('OBJ_ATTR_VALUE_LEN\n0x00000100\n');
  });

  it('listAttributes lists MODULUS, MODULUS_BITS and PUBLIC_EXPONENT', async () => {
    await kmu();
    const out = await t.type('listAttributes');
    for (const [n, id] of [['MODULUS', 288], ['MODULUS_BITS', 289], ['PUBLIC_EXPONENT', 290]] as const) {
      expect(out).toContain(`      ${`OBJ_ATTR_${n}`.padEnd(32)}= ${id}\n`);
    }
  });

  it('deleteKey of either half deletes that half only; another user\'s public key: owner only (0xc6), nothing changed', async () => {
    await kmu();
    const before = await dumpIdb(DB, factory);
    expect(await t.type('deleteKey -k 8')).toMatch(/Cfm3DeleteKey returned: 0xc6/);
    expect(await dumpIdb(DB, factory)).toBe(before);
    expect(await t.type('deleteKey -k 6')).toMatch(/Cfm3DeleteKey returned: 0x00 : HSM Return: SUCCESS/);
    expect(await storedKey(t, 6)).toBeUndefined();
    expect(await storedKey(t, 7)).toBeDefined();
    expect(await t.type('deleteKey -k 16')).toMatch(/Cfm3DeleteKey returned: 0x00/);
    expect(await storedKey(t, 16)).toBeUndefined();
    expect(await storedKey(t, 15)).toBeDefined();
    expect(await found('findKey')).toEqual([7, 8, 10, 11, 12, 13, 15]);
  });
});

describe('CMU on key pairs', () => {
  const cmu = async (login: string) => {
    await t.type('cloudhsm_mgmt_util');
    await t.type(login);
  };
  const S = ['0(10.0.2.9)', '1(10.0.3.11)', '2(10.0.1.12)'];

  it('findAllKeys: a user\'s own halves (o) and shared private keys (s); public keys only their owner\'s', async () => {
    await cmu('loginHSM CO admin co12345');
    const listing = (keys: string) => S.map((s) => `Keys on server ${s}:\nNumber of keys found ${keys.split(',').length}\n` +
      `number of keys matched from start index 0::${keys.split(',').length}\n${keys}\nfindAllKeys success on server ${s}\n`).join('\n');
    expect(await t.type('findAllKeys 3 0')).toBe(listing('6(o),7(o),10(o),11(o),12(o),15(o),16(o)') + '\n');
    expect(await t.type('findAllKeys 4 0')).toBe(listing('7(s),8(o),9(o),13(o),14(o)') + '\n');
  });

  it('getAttribute: class and type of either half, and another user\'s public key (every CU may read it)', async () => {
    await cmu('loginHSM CU example_user example_pwd');
    const cls = await t.type('getAttribute 6 0');
    expect(cls).toContain('OBJ_ATTR_CLASS\n0x00000002');
    expect(await t.type('getAttribute 7 0')).toContain('OBJ_ATTR_CLASS\n0x00000003');
    expect(await t.type('getAttribute 8 256')).toContain('OBJ_ATTR_KEY_TYPE\n0x00000003');
    expect(await t.type('getAttribute 9 256')).not.toContain('OBJ_ATTR_KEY_TYPE');
  });

  it('shareKey of a public key is refused on every server, even by its owner; the private half shares', async () => {
    await cmu('loginHSM CU example_user example_pwd');
    const before = await dumpIdb(DB, factory);
    const denied = await run(t, 'shareKey 6 4 1', 'y', 'A');
    expect(denied).toContain('shareKey failed: HSM Error: Key Access is denied\nshareKey failed on server 0(10.0.2.9)');
    expect(await dumpIdb(DB, factory)).toBe(before);
    expect(await run(t, 'shareKey 11 4 1', 'y')).toContain('shareKey success on server 0(10.0.2.9)');
    expect((await storedKey(t, 11))!.shared).toEqual([4]);
  });
});

describe('the inventory: class, type and size of each half', () => {
  it('RSA 2048, EC P-256 / P-384, DSA 2048 from the attributes and DER; a secret key its bytes', async () => {
    await kmu();
    const view = await (t.session as Console).snapshot();
    const row = (h: number) => {
      const k = view.keys.find((x) => x.handle === h)!;
      return `${k.className} ${k.typeName} ${k.sizeText} ${k.sizeUnit}`;
    };
    expect([6, 7, 8, 9, 10, 11, 12, 13, 15, 16].map(row)).toEqual([
      'public RSA 2048 modulus bits', 'private RSA 2048 modulus bits', 'public EC P-256 curve', 'private EC P-256 curve',
      'public DSA 2048 prime bits', 'private DSA 2048 prime bits', 'secret AES 32 bytes', 'public RSA 2048 modulus bits',
      'public EC P-384 curve', 'private EC P-384 curve',
    ]);
    expect(view.keys.find((x) => x.handle === 9)!.visible).toBe(false);
    expect(view.keys.find((x) => x.handle === 8)!.visible).toBe(true);
  });
});
