/**
 * Golden transcripts of wrapKey, unWrapKey, aesWrapUnwrap, genPBEKey, findSingleKey, setAttribute,
 * getKeyInfo, deleteKey, listUsers and IsValidKeyHandlefile, compared exactly with the spec's
 * canonical blocks (test/fixtures/kmu, see its README). Where a block prints values that depend on
 * key material or on the emulator's header (wrapKey's length, aesWrapUnwrap's bytes), every other
 * character is compared exactly and the values are recomputed independently with node:crypto.
 */
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import {
  blockWithAnswers, fakeRsaPem, fileBytes, fixturePath, nodeKw, nodeKwUnwrap, nodePkcs5Unwrap, nodePkcs5Wrap, patchKey, putUser, readHeader,
} from './keys-support';

const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8').replace(/\n$/, '');
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const DES3 = '0123456789abcdeffedcba987654321089abcdef01234567';
const HOME = '/home/user/';

async function kmu(t: Terminal, login = LOGIN): Promise<void> {
  await t.type('key_mgmt_util');
  if (login) await t.type(login);
}

async function expectBlock(t: Terminal, name: string): Promise<void> {
  const want = fixture(name);
  const line = want.split('\n')[0]!.replace(/^Command: /, '');
  expect(await t.block(line)).toBe(want + '\n');
}

/** Replace each `XX ` hex pair of result-data lines by `..` so the layout can be compared alone. */
const maskHex = (s: string) => s.replace(/^([0-9A-F]{2})( [0-9A-F]{2})*$/gm, (l) => l.replace(/[0-9A-F]{2}/g, '..'));
const hexOf = (s: string) => Buffer.from((s.match(/^([0-9A-F]{2})( [0-9A-F]{2})*$/gm) ?? []).join(' ').replace(/ /g, ''), 'hex');

describe('golden transcripts: wrapping', () => {
  it('wrapKey -m 4: layout exact; the length is the file size; header and key part recomputed', async () => {
    const t = await openTerminal({
      scenario: {
        servingNode: 0,
        keys: [
          { handle: 7, keyType: '3DES', label: '3DES_shared', id: 'IT-02', owner: 3, value: DES3 },
          { handle: 14, keyType: 'AES', label: 'wrapping', owner: 3, value: AES },
        ],
      },
    });
    await kmu(t);
    const want = fixture('wrapKey');
    const got = await t.block('wrapKey -k 7 -w 14 -out 3DES-encrypted.key -m 4');
    const n = /length (\d+)\n/.exec(got)![1]!;
    expect(got).toBe(want.replace('length 307', `length ${n}`) + '\n');
    const file = (await fileBytes(t, HOME + '3DES-encrypted.key'))!;
    expect(file.length).toBe(Number(n));
    const hdr = readHeader(file);
    expect(hdr.mechanism).toBe(4);
    // 14 attributes: CLASS, KEY_TYPE, 9 booleans (1 byte each), VALUE_LEN (4), LABEL, ID.
    expect(hdr.h).toBe(20 + 14 * 8 + 1 + 1 + 9 + 4 + '3DES_shared'.length + 'IT-02'.length);
    expect(hdr.attrs.get(3)!.toString()).toBe('3DES_shared');
    expect(hdr.attrs.get(258)!.toString()).toBe('IT-02');
    expect([...hdr.attrs.get(256)!]).toEqual([21]);
    expect(hdr.wrapped.length).toBe(40); // 24 bytes + 8 of PKCS #5 padding + 8
    expect(nodePkcs5Unwrap(Buffer.from(AES, 'hex'), hdr.wrapped).toString('hex')).toBe(DES3);
  });

  it('unWrapKey with a header (handle 29) and -noheader with a node:crypto blob (handle 8)', async () => {
    const t = await openTerminal({
      scenario: {
        servingNode: 0, nextIndex: 29,
        keys: [
          { handle: 6, keyType: 'AES', label: 'wrapping', owner: 3, value: AES },
          { handle: 7, keyType: '3DES', label: '3des', owner: 3, value: DES3 },
        ],
      },
    });
    await kmu(t);
    await t.type('wrapKey -k 7 -w 6 -out 3DES.key -m 4');
    await expectBlock(t, 'unWrapKey-header');

    const blob = nodePkcs5Wrap(Buffer.from(AES, 'hex'), Buffer.from(DES3, 'hex'));
    const t2 = await openTerminal({
      scenario: {
        servingNode: 0, nextIndex: 8,
        keys: [{ handle: 6, keyType: 'AES', label: 'wrapping', owner: 3, value: AES }],
        files: { '3DES.key': blob.toString('hex') },
      },
    });
    await kmu(t2);
    await expectBlock(t2, 'unWrapKey-noheader');
    // Both unwrapped keys hold the original 3DES material.
    for (const [term, handle] of [[t, 29], [t2, 8]] as const) {
      await term.type(`exSymKey -k ${handle} -w 6 -out back.key`);
      expect((await fileBytes(term, HOME + 'back.key'))!.toString('hex')).toBe(DES3);
    }
  });

  it('aesWrapUnwrap wrap and unwrap with the default IV: layout exact, bytes recomputed', async () => {
    const data = Buffer.from('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51', 'hex'); // 32 bytes → 5 lines
    const secret = Buffer.from(DES3, 'hex'); // 24 bytes → 3 lines
    const t = await openTerminal({
      scenario: {
        keys: [{ handle: 6, keyType: 'AES', label: 'w', owner: 3, value: AES }],
        files: { '3DES.key': data.toString('hex'), '3DES.key.wrapped': nodeKw(Buffer.from(AES, 'hex'), secret).toString('hex') },
      },
    });
    await kmu(t);
    const wrapWant = fixture('aesWrapUnwrap-wrap');
    const wrapGot = await t.block('aesWrapUnwrap -f 3DES.key -w 6 -m 1 -out 3DES.key.wrapped');
    expect(maskHex(wrapGot)).toBe(maskHex(wrapWant) + '\n');
    const expected = nodeKw(Buffer.from(AES, 'hex'), data);
    expect(hexOf(wrapGot).toString('hex')).toBe(expected.toString('hex'));
    expect((await fileBytes(t, HOME + '3DES.key.wrapped'))!.toString('hex')).toBe(expected.toString('hex'));
    // Unwrap what was just written: the original 32 bytes come back (4 lines, not the doc's 3).
    const back = await t.block('aesWrapUnwrap -m 0 -f 3DES.key.wrapped -w 6 -out 3DES.key.unwrapped');
    expect(hexOf(back).toString('hex')).toBe(data.toString('hex'));

    // The doc's unwrap example: a 32-byte wrapped file gives 24 bytes (three lines).
    const t2 = await openTerminal({
      scenario: {
        keys: [{ handle: 6, keyType: 'AES', label: 'w', owner: 3, value: AES }],
        files: { '3DES.key.wrapped': nodeKw(Buffer.from(AES, 'hex'), secret).toString('hex') },
      },
    });
    await kmu(t2);
    const unwrapWant = fixture('aesWrapUnwrap-unwrap');
    const unwrapGot = await t2.block('aesWrapUnwrap -m 0 -f 3DES.key.wrapped -w 6 -out 3DES.key.unwrapped');
    expect(maskHex(unwrapGot)).toBe(maskHex(unwrapWant) + '\n');
    expect(hexOf(unwrapGot).toString('hex')).toBe(DES3);
    expect((await fileBytes(t2, HOME + '3DES.key.unwrapped'))!.toString('hex')).toBe(DES3);
    expect(nodeKwUnwrap(Buffer.from(AES, 'hex'), nodeKw(Buffer.from(AES, 'hex'), secret)).toString('hex')).toBe(DES3);
  });

  it('genPBEKey is refused by the FIPS policy', async () => {
    const t = await openTerminal();
    await kmu(t);
    await expectBlock(t, 'genPBEKey');
  });
});

describe('golden transcripts: key administration', () => {
  it('findSingleKey on a key every HSM holds', async () => {
    const t = await openTerminal({ scenario: { keys: [{ handle: 252136, keyType: 'AES', label: 'k', owner: 3, value: AES }] } });
    await kmu(t);
    await expectBlock(t, 'findSingleKey');
  });

  it('setAttribute turns the doc session key 262154 (node 1 of two) into a token key', async () => {
    const t = await openTerminal({ scenario: { hsms: 2, servingNode: 1, nextIndex: 10 } });
    await kmu(t);
    expect(await t.type('genSymKey -t 31 -s 24 -l tmpAES -sess')).toContain('Key Handle: 262154\n');
    const want = fixture('setAttribute-two-nodes');
    expect(await blockWithAnswers(t, 'setAttribute -o 262154 -a 1', ['1'])).toBe(want + '\n');
  });

  it('getKeyInfo: shared with two users under a quorum of 2, and owner only', async () => {
    const t = await openTerminal({
      scenario: {
        keys: [
          { handle: 17, keyType: 'AES', label: 'q', owner: 3, shared: [4, 6], value: AES },
          { handle: 21, keyType: 'AES', label: 'mine', owner: 3, value: AES },
        ],
      },
    });
    await patchKey(t, 17, (k) => ({ ...k, manageQuorum: 2, useQuorum: 2 }));
    await kmu(t);
    await expectBlock(t, 'getKeyInfo-shared-quorum');
    await expectBlock(t, 'getKeyInfo-owner-only');
  });

  it('deleteKey: success, unknown handle, and a key shared with me but not mine', async () => {
    const t = await openTerminal({
      scenario: {
        keys: [
          { handle: 6, keyType: 'AES', label: 'mine', owner: 3, value: AES },
          { handle: 262152, keyType: 'AES', label: 'bobs', owner: 4, shared: [3], value: AES },
        ],
      },
    });
    await kmu(t);
    await expectBlock(t, 'deleteKey');
    await expectBlock(t, 'deleteKey-unknown-handle');
    await expectBlock(t, 'deleteKey-not-owner');
  });

  it('listUsers: the doc users, rows by ID, count equal to the rows', async () => {
    const t = await openTerminal();
    await putUser(t, { userId: 3, name: 'alice', type: 'CU', mofnPubKey: true });
    await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
    await putUser(t, { userId: 5, name: 'trent', type: 'CU', mofnPubKey: true });
    await kmu(t, 'loginHSM -u CU -s alice -p example_pwd');
    await expectBlock(t, 'listUsers');
  });

  it('IsValidKeyHandlefile: a real private key and a fake PEM for handle 15', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const real = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const fake = fakeRsaPem(publicKey.export({ format: 'jwk' }) as { n: string; e: string }, 15);
    const t = await openTerminal({
      scenario: { files: { 'privateKey.pem': Buffer.from(real).toString('hex'), 'caviumKey.pem': Buffer.from(fake).toString('hex') } },
    });
    await kmu(t);
    await expectBlock(t, 'IsValidKeyHandlefile-real');
    await expectBlock(t, 'IsValidKeyHandlefile-fake');
  });
});
