/**
 * importPubKey and importPrivateKey beyond the golden blocks (kmu-commands.md §5.4, §5.6;
 * attributes.md §3.2): the attributes of imported halves, session keys on the serving HSM only,
 * -id uniqueness, -u and -m_value on the private key, the -attest line, and exportPubKey of every
 * key type overwriting its output file.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import { putUser, H } from './keys-support';
import { dsaPair, ecPair, getFile, keyRecord, LOGIN, putFile, rsaPair, type NodePair } from './pair-io-support';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
let rsa: NodePair;
let ec: NodePair;
let dsa: NodePair;
let t: Terminal;

beforeAll(async () => {
  rsa = rsaPair(2048);
  ec = ecPair('secp256k1');
  dsa = dsaPair();
  t = await openTerminal({ scenario: { servingNode: 0, keys: [{ handle: 6, keyType: 'AES', label: 'w', owner: 3, value: AES }] } });
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  for (const [name, p] of [['rsa', rsa], ['ec', ec], ['dsa', dsa]] as const) {
    await putFile(t, `${name}.pub`, p.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    await putFile(t, `${name}.key`, p.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  }
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
});

const handleOf = (out: string) => Number(/(?:Public Key Handle|Key Handle): (\d+)/.exec(out)![1]);
const kcvOf = (p: NodePair) => createHash('sha1').update(p.spki).digest().subarray(0, 3);
const ALL_OK = `${H}Cluster Error Status\n` + [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x00000000 : HSM Return: SUCCESS\n`).join('');

describe('imported halves: the attributes of attributes.md §3.2', () => {
  it('importPubKey: CLASS 2, LOCAL 0, EXTRACTABLE 1, VERIFY 1; RSA also ENCRYPT and WRAP; KCV of the SPKI', async () => {
    const expected: Array<[string, NodePair, number, Record<number, number>]> = [
      ['rsa', rsa, 0, { 260: 1, 262: 1, 266: 1, 264: 0, 261: 0 }],
      ['ec', ec, 3, { 260: 0, 262: 0, 266: 1, 264: 0 }],
      ['dsa', dsa, 1, { 260: 0, 262: 0, 266: 1, 264: 0 }],
    ];
    for (const [name, p, type, flags] of expected) {
      const k = (await keyRecord(t, handleOf(await t.type(`importPubKey -l ${name}-pub -f ${name}.pub -id ${name}-pub`))))!;
      expect(k.attrs[0]).toBe(2);
      expect(k.attrs[256]).toBe(type);
      expect(k.attrs[355]).toBe(0);
      expect(k.attrs[354]).toBe(1);
      expect(k.attrs[3]).toBe(`${name}-pub`);
      expect(k.attrs[258]).toBe(`${name}-pub`);
      for (const [a, v] of Object.entries(flags)) expect(k.attrs[Number(a)], `${name} attribute ${a}`).toBe(v);
      expect(Buffer.from(k.attrs[371] as Uint8Array).equals(kcvOf(p))).toBe(true);
      expect(k.shared).toEqual([]);
    }
  });

  it('importPrivateKey: CLASS 3, LOCAL 0, EXTRACTABLE 1, ALWAYS_SENSITIVE 0, SIGN 1; VALUE_LEN the PKCS #8 length; -u and -m_value on it', async () => {
    for (const [name, p, type] of [['rsa', rsa, 0], ['ec', ec, 3], ['dsa', dsa, 1]] as const) {
      const out = await t.type(`importPrivateKey -l ${name}-priv -f ${name}.key -w 6 -u 4 -m_value 2`);
      const k = (await keyRecord(t, handleOf(out)))!;
      expect(k.attrs[0]).toBe(3);
      expect(k.attrs[256]).toBe(type);
      expect(k.attrs[355]).toBe(0);
      expect(k.attrs[354]).toBe(1);
      expect(k.attrs[357]).toBe(0);
      expect(k.attrs[264]).toBe(1);
      expect(k.attrs[353]).toBe(type === 1 ? 256 : p.pkcs8.length);
      expect(Buffer.from(k.attrs[371] as Uint8Array).equals(kcvOf(p))).toBe(true);
      expect(k.shared).toEqual([4]);
      expect(Math.max(k.manageQuorum, k.useQuorum)).toBe(2);
    }
  });
});

describe('layout of the other cases', () => {
  it('importPubKey -sess lists the serving HSM only; a used -id fails with 0xe2 on every node', async () => {
    expect(await t.type('importPubKey -l s -f rsa.pub -sess')).toMatch(
      new RegExp(`^\\nCfm3CreatePublicKey returned: 0x00 : HSM Return: SUCCESS\\n\\nPublic Key Handle: \\d+\\n\\n${H}Cluster Error Status\\n${H}Node id 0 and err state 0x00000000 : HSM Return: SUCCESS\\n\\n$`));
    await t.type('importPubKey -l a -f ec.pub -id dup');
    const E2 = 'HSM Error: Key ID already exists';
    expect(await t.type('importPubKey -l b -f ec.pub -id dup')).toBe(
      `\nCfm3CreatePublicKey returned: 0xe2 : ${E2}\n\n${H}Cluster Error Status\n` +
      [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x000000e2 : ${E2}\n`).join('') + '\n');
  });

  it('importPrivateKey -attest: the attestation line flush-left before the cluster block', async () => {
    const out = await t.type('importPrivateKey -l a -f ec.key -w 6 -attest');
    const h = handleOf(out);
    const ok = (fn: string) => `${fn} returned: 0x00 : HSM Return: SUCCESS\n\n`;
    expect(out).toBe(`\nBER encoded key length is ${ec.pkcs8.length}\n\n${ok('Cfm3WrapHostKey')}${ok('Cfm3CreateUnwrapTemplate')}${ok('Cfm3UnWrapKey')}` +
      `Private Key Unwrapped.  Key Handle: ${h}\n\nAttestation Check : [PASS]\n\n${ALL_OK}\n`);
  });

  it('exportPubKey writes every key type as node:crypto\'s SPKI PEM and overwrites the file', async () => {
    for (const [name, p] of [['rsa', rsa], ['ec', ec], ['dsa', dsa]] as const) {
      const h = handleOf(await t.type(`importPubKey -l x -f ${name}.pub`));
      await putFile(t, 'out.pem', 'old content that is longer than nothing\n'.repeat(40));
      expect(await t.type(`exportPubKey -k ${h} -out out.pem`)).toContain('PEM formatted public key is written to out.pem');
      expect((await getFile(t, 'out.pem'))!.toString()).toBe(p.publicKey.export({ type: 'spki', format: 'pem' }));
    }
  });
});
