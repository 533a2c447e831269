/**
 * sign and verify beyond the golden blocks (kmu-commands.md §5.8, §5.9; issue 12 point 4): in
 * seeded mode PSS salts and ECDSA nonces come from the seed, so the same seed gives the same
 * signature bytes (and another seed another PSS signature); a key whose record changes under the
 * same handle (another tab, a reset) is never signed with from a stale cached CryptoKey; session
 * keys sign; the -h text lists the mechanism table.
 */
import { constants, verify as nodeVerify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import { ecPair, getFile, LOGIN, putAsymKey, putFile, rsaPair, type NodePair } from './pair-io-support';
import { SIGN_MECHANISMS } from '../../src/hsm/sign-mechanisms';

let rsa: NodePair;
let rsaB: NodePair;
let ec: NodePair;
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

beforeAll(() => {
  rsa = rsaPair(2048);
  rsaB = rsaPair(2048);
  ec = ecPair('P-256');
});

async function playground(seed: number | null): Promise<Terminal> {
  const t = await openTerminal({ scenario: { servingNode: 0, nextIndex: 30, keys: [{ handle: 6, keyType: 'AES', label: 'w', owner: 3, value: AES }] } });
  await putAsymKey(t, { handle: 20, cls: 2, der: rsa.spki });
  await putAsymKey(t, { handle: 21, cls: 3, der: rsa.pkcs8 });
  await putAsymKey(t, { handle: 22, cls: 2, der: ec.spki });
  await putAsymKey(t, { handle: 23, cls: 3, der: ec.pkcs8 });
  await putFile(t, 'msg', 'seeded signatures\n');
  if (seed !== null) await t.type(`settings seed ${seed}`);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  return t;
}

async function signatures(t: Terminal): Promise<{ pss: Buffer; ecdsa: Buffer }> {
  await t.type('sign -f msg -k 21 -m 6 -out pss.sig');
  await t.type('sign -f msg -k 23 -m 17 -out ec.sig');
  return { pss: (await getFile(t, 'pss.sig'))!, ecdsa: (await getFile(t, 'ec.sig'))! };
}

const MSG = Buffer.from('seeded signatures\n');
const pssOk = (sig: Buffer, p: NodePair) =>
  nodeVerify('sha256', MSG, { key: p.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
const ecdsaOk = (sig: Buffer) => nodeVerify('sha256', MSG, { key: ec.publicKey, dsaEncoding: 'der' }, sig);

describe('sign in seeded mode', () => {
  it('the same seed gives the same PSS and ECDSA signatures; another seed another PSS signature; all verify', async () => {
    const a = await signatures(await playground(7));
    const b = await signatures(await playground(7));
    const c = await signatures(await playground(8));
    expect(b.pss.equals(a.pss)).toBe(true);
    expect(b.ecdsa.equals(a.ecdsa)).toBe(true);
    expect(c.pss.equals(a.pss)).toBe(false);
    for (const s of [a, b, c]) {
      expect(pssOk(s.pss, rsa)).toBe(true);
      expect(ecdsaOk(s.ecdsa)).toBe(true);
    }
  });

  it('without a seed, two PSS signatures of the same file differ (a random salt) and both verify', async () => {
    const t = await playground(null);
    const a = await signatures(t);
    const b = await signatures(t);
    expect(a.pss.equals(b.pss)).toBe(false);
    expect(pssOk(a.pss, rsa) && pssOk(b.pss, rsa)).toBe(true);
  });
});

describe('the CryptoKey cache never outlives the key it was made for', () => {
  it('a record changed under the same handle (another tab, a reset) signs and verifies with its new material', async () => {
    const t = await playground(null);
    await t.type('sign -f msg -k 21 -m 6 -out a.sig');
    expect(pssOk((await getFile(t, 'a.sig'))!, rsa)).toBe(true);
    // Another tab replaces both halves behind the same handles (the record's revision moves on).
    await putAsymKey(t, { handle: 20, cls: 2, der: rsaB.spki });
    await putAsymKey(t, { handle: 21, cls: 3, der: rsaB.pkcs8 });
    await t.type('sign -f msg -k 21 -m 6 -out b.sig');
    expect(pssOk((await getFile(t, 'b.sig'))!, rsaB)).toBe(true);
    expect(await t.type('verify -f msg -s b.sig -k 20 -m 6')).toContain('Signature verification successful');
    expect(await t.type('verify -f msg -s a.sig -k 20 -m 6')).toContain('Cfm3Verify returned: 0x1b');
  });

  it('a deleted key\'s handle is gone; a session key signs and lists every node', async () => {
    const t = await playground(null);
    await t.type('sign -f msg -k 23 -m 17 -out a.sig');
    await t.type('deleteKey -k 23');
    expect(await t.type('sign -f msg -k 23 -m 17 -out b.sig')).toContain('Cfm3Sign returned: 0xa8');
    await putFile(t, 'ec.pem', ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string);
    const out = await t.type('importPrivateKey -l s -f ec.pem -w 6 -sess');
    const h = /Key Handle: (\d+)/.exec(out)![1];
    const signed = await t.type(`sign -f msg -k ${h} -m 17 -out s.sig`);
    expect(signed).toContain('signature is written to file s.sig');
    expect(signed.match(/Node id \d and err state 0x00000000/g)).toHaveLength(3);
    expect(ecdsaOk((await getFile(t, 's.sig'))!)).toBe(true);
  });
});

describe('the mechanism table drives -h and the value check', () => {
  it('sign -h and verify -h list every mechanism of the table; values outside it are refused', async () => {
    const t = await playground(null);
    for (const cmd of ['sign', 'verify']) {
      const help = await t.type(`${cmd} -h`);
      for (const r of SIGN_MECHANISMS) expect(help).toContain(`${r.m} ${r.name}`);
    }
    expect(SIGN_MECHANISMS.map((r) => r.m)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 18, 19]);
    expect(await t.type('verify -f msg -s msg -k 20 -m 12')).toBe('\n        Error: Invalid value (12) for parameter (-m).\n\n');
  });
});
