/**
 * The access rules and refusals of the key-pair file commands, sign and verify (kmu-commands.md
 * §1.9, §5.4–5.10; users-and-keys.md §4.2; errors.md §4.2): public keys are usable by every CU
 * (exportPubKey and verify with another CU's public key work), private keys are exported only by
 * their owner and only when extractable, a shared user may sign but not export, quorum keys fail
 * with 0xe7 (G-17), mechanisms of another key type and keys without SIGN/VERIFY with 0xc6.
 * Expected lines are written out here from the spec. After each refusal the whole IndexedDB
 * database, read through a fresh connection, is identical.
 */
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import type { Scenario } from '../../src/hsm/scenario';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { fakeRsaPem, H, patchKey, putUser } from './keys-support';
import { dsaPair, ecPair, getFile, LOGIN, putAsymKey, putFile, rsaPair, type NodePair } from './pair-io-support';

const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const SCENARIO: Scenario = {
  servingNode: 0, nextIndex: 40,
  keys: [
    { handle: 6, keyType: 'AES', label: 'W', owner: 3, value: hex(0x06) },
    { handle: 7, keyType: 'AES', label: 'no-flags', owner: 3, value: hex(0x07) },
    { handle: 8, keyType: 'AES', label: 'other', owner: 4, value: hex(0x08) },
    { handle: 9, keyType: 'AES', label: 'quorum', owner: 3, shared: [4], value: hex(0x09) },
    { handle: 10, keyType: 'AES', label: 'no-encrypt', owner: 3, value: hex(0x0a) },
    { handle: 11, keyType: '3DES', label: 'des', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
  ],
};

let rsa: NodePair;
let ec: NodePair;
let dsa: NodePair;
let rsa4: NodePair; // user 4's

beforeAll(() => {
  rsa = rsaPair(2048);
  rsa4 = rsaPair(2048);
  ec = ecPair('P-256');
  dsa = dsaPair();
});

const DB = 'pair-io-refusals';
let factory: IDBFactory;
let t: Terminal;

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  await patchKey(t, 7, (k) => ({ ...k, attrs: { ...k.attrs, 260: 0, 261: 0, 262: 0, 263: 0 } }));
  await patchKey(t, 9, (k) => ({ ...k, manageQuorum: 2, useQuorum: 2 }));
  await patchKey(t, 10, (k) => ({ ...k, attrs: { ...k.attrs, 260: 0 } }));
  await putAsymKey(t, { handle: 20, cls: 2, der: rsa.spki });
  await putAsymKey(t, { handle: 21, cls: 3, der: rsa.pkcs8 });
  await putAsymKey(t, { handle: 22, cls: 2, der: ec.spki });
  await putAsymKey(t, { handle: 23, cls: 3, der: ec.pkcs8 });
  await putAsymKey(t, { handle: 24, cls: 2, der: dsa.spki });
  await putAsymKey(t, { handle: 25, cls: 3, der: dsa.pkcs8 });
  await putAsymKey(t, { handle: 26, cls: 2, der: rsa4.spki, owner: 4 });
  await putAsymKey(t, { handle: 27, cls: 3, der: rsa4.pkcs8, owner: 4 });
  await putAsymKey(t, { handle: 29, cls: 3, der: rsa4.pkcs8, owner: 4, shared: [3] });
  await putAsymKey(t, { handle: 30, cls: 2, der: rsa.spki, attrs: { 266: 0 } });
  await putAsymKey(t, { handle: 31, cls: 3, der: rsa.pkcs8, extractable: false });
  await putAsymKey(t, { handle: 32, cls: 3, der: rsa.pkcs8, attrs: { 264: 0 } });
  await putAsymKey(t, { handle: 33, cls: 3, der: rsa.pkcs8, shared: [4], mValue: 2 });
  await putFile(t, 'msg', 'hello\n');
  await putFile(t, 'big', new Uint8Array(65537));
  await putFile(t, 'max', new Uint8Array(65536));
  await putFile(t, 'sig1', nodeSign('sha256', Buffer.from('hello\n'), rsa.privateKey));
  await putFile(t, 'sig4', nodeSign('sha256', Buffer.from('hello\n'), rsa4.privateKey));
  await putFile(t, 'garbage.pem', 'not a key\n');
  await putFile(t, 'aes.key', Buffer.from(hex(0x06), 'hex'));
  await putFile(t, 'wrong.key', Buffer.from(hex(0x99), 'hex'));
  await putFile(t, 'rsa.pem', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  await putFile(t, 'rsa.pub', rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const jwk = rsa.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  await putFile(t, 'fake.pem', fakeRsaPem(jwk, 21));
  await putFile(t, 'encrypted.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
});

async function refused(line: string, expected: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  expect(await t.type(line), line).toBe(expected);
  expect(await dumpIdb(DB, factory), line).toBe(before);
}

const TEXT: Record<string, string> = {
  '00': 'HSM Return: SUCCESS',
  a8: 'HSM Error: Invalid object handle is passed to this operation',
  c6: 'HSM Error: Key Access is denied',
  e5: 'HSM Error: Unwrap failed - integrity check error',
  e7: 'HSM Error: RET_MXN_AUTH_FAILED',
  e9: 'HSM Error: Invalid user id in share list',
};
const ret = (fn: string, c: string, indent = '') => `${indent}${fn} returned: 0x${c} : ${TEXT[c]}`;
const nodes = (c: string) =>
  `${H}Cluster Error Status\n` + [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x000000${c} : ${TEXT[c]}\n`).join('');
const lone = (fn: string, c: string, indent = '') => `\n${ret(fn, c, indent)}\n\n`;
const signRefused = (c: string) => `\n${ret('Cfm3Sign', c)}\n\n${nodes(c)}\n`;
const err = (text: string) => `\n${H}Error: ${text}\n\n`;

describe('sign: who may sign with what', () => {
  it('unknown handle 0xa8; public key, symmetric key, another CU\'s private key, SIGN 0, wrong key type, DSA: 0xc6; quorum: 0xe7', async () => {
    await refused('sign -f msg -k 99 -m 1 -out s', signRefused('a8'));
    for (const k of [20, 6, 11, 27, 32]) await refused(`sign -f msg -k ${k} -m 1 -out s`, signRefused('c6'));
    await refused('sign -f msg -k 21 -m 17 -out s', signRefused('c6')); // RSA key, ECDSA mechanism
    await refused('sign -f msg -k 23 -m 1 -out s', signRefused('c6')); // EC key, RSA mechanism
    for (const m of [1, 6, 17]) await refused(`sign -f msg -k 25 -m ${m} -out s`, signRefused('c6')); // DSA: no mechanism
    await refused('sign -f msg -k 33 -m 1 -out s', signRefused('e7'));
  });

  it('client-side: a mechanism outside the table, a file over 65536 bytes, a missing file — nothing reaches the HSM', async () => {
    for (const m of ['10', '14', '20', 'x']) await refused(`sign -f msg -k 21 -m ${m} -out s`, err(`Invalid value (${m}) for parameter (-m).`));
    await refused('sign -f big -k 21 -m 1 -out s', err('File big holds 65537 bytes; at most 65536 can be signed or verified.'));
    await refused('sign -f nothing -k 21 -m 1 -out s', err('Unable to open file nothing.'));
    await refused('sign -f msg -k 21 -m 1 -out no/dir/s', err('Unable to create file no/dir/s.'));
  });

  it('a shared user signs with the owner\'s key; 65536 bytes are signed', async () => {
    expect(await t.type('sign -f msg -k 29 -m 1 -out s29')).toBe(`\n${ret('Cfm3Sign', '00')}\n\nsignature is written to file s29\n\n` +
      `${H}Cluster Error Status\n` + [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x00000000 : HSM Return: SUCCESS\n`).join('') + '\n');
    expect((await getFile(t, 's29'))!.equals(nodeSign('sha256', Buffer.from('hello\n'), rsa4.privateKey))).toBe(true);
    expect(await t.type('sign -f max -k 21 -m 1 -out smax')).toContain('signature is written to file smax');
  });
});

describe('verify: every CU verifies with any public key', () => {
  it('another CU\'s public key verifies its owner\'s signature', async () => {
    expect(await t.type('verify -f msg -s sig4 -k 26 -m 1')).toBe('\nSignature verification successful\n\nCfm3Verify returned: 0x00 : HSM Return: SUCCESS\n\n');
  });

  it('a bad, truncated, empty or foreign signature, or another hash: 0x1b ERR_BAD_PKCS_DATA', async () => {
    const bad = '\nCfm3Verify returned: 0x1b\n\nCSP Error: ERR_BAD_PKCS_DATA\n\n';
    const sig = (await getFile(t, 'sig1'))!;
    await putFile(t, 'flipped', Buffer.concat([sig.subarray(0, 10), Buffer.from([sig[10]! ^ 1]), sig.subarray(11)]));
    await putFile(t, 'short', sig.subarray(1));
    await putFile(t, 'empty', new Uint8Array(0));
    for (const s of ['flipped', 'short', 'empty', 'sig4', 'msg']) await refused(`verify -f msg -s ${s} -k 20 -m 1`, bad);
    await refused('verify -f msg -s sig1 -k 20 -m 2', bad);
    await refused('verify -f msg -s sig1 -k 20 -m 6', bad);
    await refused('verify -f msg -s sig1 -k 22 -m 17', bad); // an RSA signature under an EC key
  });

  it('unknown handle 0xa8; a private or secret key, VERIFY 0, a mechanism of another key type, DSA: 0xc6', async () => {
    await refused('verify -f msg -s sig1 -k 99 -m 1', lone('Cfm3Verify', 'a8'));
    for (const k of [21, 6, 30]) await refused(`verify -f msg -s sig1 -k ${k} -m 1`, lone('Cfm3Verify', 'c6'));
    await refused('verify -f msg -s sig1 -k 20 -m 17', lone('Cfm3Verify', 'c6'));
    await refused('verify -f msg -s sig1 -k 24 -m 1', lone('Cfm3Verify', 'c6'));
    await refused('verify -f big -s sig1 -k 20 -m 1', err('File big holds 65537 bytes; at most 65536 can be signed or verified.'));
  });
});

describe('exportPubKey, exportPrivateKey, getCaviumPrivKey: the export rules', () => {
  it('exportPubKey: another CU\'s public key is exported; a private or secret key 0xc6; unknown 0xa8', async () => {
    expect(await t.type('exportPubKey -k 26 -out p26.pem')).toBe('\nPEM formatted public key is written to p26.pem\n\nCfm3ExportPubKey returned: 0x00 : HSM Return: SUCCESS\n\n');
    expect((await getFile(t, 'p26.pem'))!.toString()).toBe(rsa4.publicKey.export({ type: 'spki', format: 'pem' }));
    for (const k of [21, 27, 6]) await refused(`exportPubKey -k ${k} -out p.pem`, lone('Cfm3ExportPubKey', 'c6'));
    await refused('exportPubKey -k 99 -out p.pem', lone('Cfm3ExportPubKey', 'a8'));
  });

  it('exportPrivateKey: only the owner, only extractable private keys, a wrapping key with WRAP and DECRYPT, no quorum', async () => {
    for (const k of [29, 27, 31, 20, 6]) await refused(`exportPrivateKey -k ${k} -w 6 -out x.pem`, lone('Cfm3WrapKey', 'c6'));
    for (const w of [7, 8, 11, 20, 21]) await refused(`exportPrivateKey -k 21 -w ${w} -out x.pem`, lone('Cfm3WrapKey', 'c6'));
    await refused('exportPrivateKey -k 33 -w 6 -out x.pem', lone('Cfm3WrapKey', 'e7'));
    await refused('exportPrivateKey -k 21 -w 9 -out x.pem', lone('Cfm3WrapKey', 'e7'));
    await refused('exportPrivateKey -k 99 -w 6 -out x.pem', lone('Cfm3WrapKey', 'a8'));
    await refused('exportPrivateKey -k 21 -w 99 -out x.pem', lone('Cfm3WrapKey', 'a8'));
    await refused('exportPrivateKey -k 21 -w 6 -out x.pem -m 5', err('Invalid value (5) for parameter (-m).'));
    // -wk with other key material: the host's unwrap fails after the HSM's wrap
    await refused('exportPrivateKey -k 21 -w 6 -out x.pem -wk wrong.key', `\n${ret('Cfm3WrapKey', '00')}\n\n${ret('Cfm3UnWrapHostKey', 'e5', H)}\n\n`);
  });

  it('exportPrivateKey with -wk: no Cfm3UnWrapHostKey line; EC and DSA keys are written as OpenSSL writes them', async () => {
    expect(await t.type('exportPrivateKey -k 21 -w 6 -out r.pem -wk aes.key'))
      .toBe('\nCfm3WrapKey returned: 0x00 : HSM Return: SUCCESS\n\nPEM formatted private key is written to r.pem\n\n');
    expect((await getFile(t, 'r.pem'))!.toString()).toBe(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
    await t.type('exportPrivateKey -k 23 -w 6 -out e.pem');
    expect((await getFile(t, 'e.pem'))!.toString()).toBe(ec.privateKey.export({ type: 'sec1', format: 'pem' }));
    await t.type('exportPrivateKey -k 25 -w 6 -out d.pem');
    const d = (await getFile(t, 'd.pem'))!.toString();
    expect(d).toMatch(/^-----BEGIN DSA PRIVATE KEY-----\n/);
    expect(createPrivateKey(d).export({ type: 'pkcs8', format: 'der' }).equals(dsa.pkcs8)).toBe(true);
  });

  it('getCaviumPrivKey: RSA and EC keys the user owns or shares; DSA, public, another CU\'s key 0xc6; unknown 0xa8', async () => {
    const ok = (f: string) => `\nPrivate Key Handle is written to ${f} in fake PEM format\n\n${H}getCaviumPrivKey returned: 0x00 : HSM Return: SUCCESS\n\n`;
    expect(await t.type('getCaviumPrivKey -k 23 -out ec.fake')).toBe(ok('ec.fake'));
    expect(await t.type('getCaviumPrivKey -k 29 -out shared.fake')).toBe(ok('shared.fake'));
    expect(await t.type('getCaviumPrivKey -k 31 -out nex.fake')).toBe(ok('nex.fake'));
    expect(await t.type('IsValidKeyHandlefile -f ec.fake')).toBe('\nInput file has invalid key handle: 23\n\n');
    expect(await t.type('IsValidKeyHandlefile -f shared.fake')).toBe('\nInput file has invalid key handle: 29\n\n');
    for (const k of [25, 20, 27, 6]) await refused(`getCaviumPrivKey -k ${k} -out f.pem`, lone('getCaviumPrivKey', 'c6', H));
    await refused('getCaviumPrivKey -k 99 -out f.pem', lone('getCaviumPrivKey', 'a8', H));
  });
});

describe('importPubKey, importPrivateKey: the files and the wrapping key', () => {
  it('files that hold no key of the kind asked for are refused on the host', async () => {
    for (const f of ['garbage.pem', 'rsa.pem', 'msg']) await refused(`importPubKey -l x -f ${f}`, err('Input file is not a valid public key file.'));
    for (const f of ['garbage.pem', 'rsa.pub', 'fake.pem', 'encrypted.pem']) {
      await refused(`importPrivateKey -l x -f ${f} -w 6`, err('Input file is not a valid private key file.'));
    }
    await refused('importPubKey -l x -f none.pem', err('Unable to open file none.pem.'));
  });

  it('importPrivateKey: a wrapping key without ENCRYPT/UNWRAP or not AES fails at the first step; -wk of other material at the last', async () => {
    const first = (c: string) => `\nBER encoded key length is ${rsa.pkcs8.length}\n\n${ret('Cfm3WrapHostKey', c)}\n\n`;
    for (const w of [7, 10, 8, 11, 20]) await refused(`importPrivateKey -l x -f rsa.pem -w ${w}`, first('c6'));
    await refused('importPrivateKey -l x -f rsa.pem -w 9', first('e7'));
    await refused('importPrivateKey -l x -f rsa.pem -w 99', first('a8'));
    const ok = (fn: string) => `${ret(fn, '00')}\n\n`;
    await refused('importPrivateKey -l x -f rsa.pem -w 6 -wk wrong.key',
      `\nBER encoded key length is ${rsa.pkcs8.length}\n\n${ok('Cfm3WrapHostKey')}${ok('Cfm3CreateUnwrapTemplate')}${ret('Cfm3UnWrapKey', 'e5')}\n\n${nodes('e5')}\n`);
    await refused('importPrivateKey -l x -f rsa.pem -w 6 -u 3', `\nBER encoded key length is ${rsa.pkcs8.length}\n\n${ok('Cfm3WrapHostKey')}${ok('Cfm3CreateUnwrapTemplate')}${ret('Cfm3UnWrapKey', 'e9')}\n\n${nodes('e9')}\n`);
    await refused('importPrivateKey -l x -f rsa.pem -w 6 -m_value 2', err('Invalid value (2) for parameter (-m_value).'));
  });
});
