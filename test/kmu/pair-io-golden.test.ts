/**
 * Golden transcripts of importPubKey, exportPubKey, importPrivateKey, exportPrivateKey, sign,
 * verify, getCaviumPrivKey and IsValidKeyHandlefile on the files they write (kmu-commands.md
 * §5.4–5.11), compared exactly with the spec's canonical blocks (test/fixtures/kmu, see its
 * README), in seeded mode. The keys are node:crypto's, put at the guide's handles; what each
 * command writes is checked independently with node:crypto. Every block is run twice from the same
 * seed, and the two runs print the same bytes and leave the same store and files.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/hsm/scenario';
import { openTerminal, type Terminal } from '../support/transcript';
import { fixturePath } from './keys-support';
import { getFile, keyRecord, LOGIN, putAsymKey, putFile, rsa2048OfLength, rsaPair, snapshot, type NodePair } from './pair-io-support';

const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8').replace(/\n$/, '');
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SEED = 20261207;

let rsa: NodePair; // the guide's keys: RSA-2048
let rsa1216: NodePair; // an RSA-2048 key whose PKCS #8 is 1216 bytes, as in the guide's importPrivateKey

beforeAll(() => {
  rsa = rsaPair(2048);
  rsa1216 = rsa2048OfLength(1216);
});

interface Block {
  fixture: string;
  scenario: Scenario;
  setup?: (t: Terminal) => Promise<void>;
}

const pkcs1Pem = (p: NodePair) => p.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const spkiPem = (p: NodePair) => p.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const sha256Rsa = (p: NodePair, data: Buffer) => nodeSign('sha256', data, p.privateKey);

const BLOCKS = (): Record<string, Block> => ({
  importPubKey: {
    fixture: 'importPubKey',
    scenario: { servingNode: 1, nextIndex: 86, files: { 'public.pem': Buffer.from(spkiPem(rsa)).toString('hex') } },
  },
  exportPubKey: {
    fixture: 'exportPubKey',
    scenario: { servingNode: 0, nextIndex: 12 },
    setup: (t) => putAsymKey(t, { handle: 10, cls: 2, der: rsa.spki }),
  },
  importPrivateKey: {
    fixture: 'importPrivateKey',
    scenario: {
      servingNode: 2, nextIndex: 13,
      keys: [{ handle: 524299, keyType: 'AES', label: 'wrapping', owner: 3, value: AES }],
      files: { 'rsa2048.key': Buffer.from(pkcs1Pem(rsa1216)).toString('hex') },
    },
  },
  exportPrivateKey: {
    fixture: 'exportPrivateKey',
    scenario: { servingNode: 0, keys: [{ handle: 16, keyType: 'AES', label: 'wrapping', owner: 3, value: AES }] },
    setup: async (t) => {
      await putAsymKey(t, { handle: 14, cls: 2, der: rsa.spki });
      await putAsymKey(t, { handle: 15, cls: 3, der: rsa.pkcs8 });
    },
  },
  sign: {
    fixture: 'sign',
    scenario: { servingNode: 1, nextIndex: 4200, files: { messageFile: Buffer.from('The message the guide signs.\n').toString('hex') } },
    setup: async (t) => {
      await putAsymKey(t, { handle: 266308, cls: 2, der: rsa.spki });
      await putAsymKey(t, { handle: 266309, cls: 3, der: rsa.pkcs8 });
    },
  },
  'verify-success': {
    fixture: 'verify-success',
    scenario: { servingNode: 1, nextIndex: 200 },
    setup: async (t) => {
      await putAsymKey(t, { handle: 262276, cls: 2, der: rsa.spki });
      const cert = Buffer.from('a hardware certificate');
      await putFile(t, 'hardwareCert.crt', cert);
      await putFile(t, 'hardwareCertSigned', sha256Rsa(rsa, cert));
    },
  },
  'verify-failure': {
    fixture: 'verify-failure',
    scenario: { servingNode: 1, nextIndex: 200 },
    setup: async (t) => {
      await putAsymKey(t, { handle: 262276, cls: 2, der: rsa.spki });
      await putFile(t, 'hardwarecert.crt', 'a hardware certificate');
      await putFile(t, 'usercertsigned', sha256Rsa(rsa, Buffer.from('a user certificate')));
    },
  },
  getCaviumPrivKey: {
    fixture: 'getCaviumPrivKey',
    scenario: { servingNode: 0, nextIndex: 20 },
    setup: async (t) => {
      await putAsymKey(t, { handle: 14, cls: 2, der: rsa.spki });
      await putAsymKey(t, { handle: 15, cls: 3, der: rsa.pkcs8 });
    },
  },
});

/** A fresh seeded playground with the block's setup, logged in; the block's text and the store after it. */
async function run(name: string): Promise<{ t: Terminal; got: string; want: string; after: string }> {
  const b = BLOCKS()[name]!;
  const t = await openTerminal({ scenario: b.scenario });
  await b.setup?.(t);
  await t.type(`settings seed ${SEED}`);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  const want = fixture(b.fixture);
  const got = await t.block(want.split('\n')[0]!.replace(/^Command: /, ''));
  return { t, got, want: want + '\n', after: await snapshot(t) };
}

describe('golden transcripts: key-pair files, sign and verify (seeded)', () => {
  it('importPubKey: the guide\'s block; the key is the file\'s, CLASS 2, LOCAL 0', async () => {
    const { t, got, want } = await run('importPubKey');
    expect(got).toBe(want);
    const k = (await keyRecord(t, 262230))!;
    expect(Buffer.from(k.value).equals(rsa.spki)).toBe(true);
    expect(k.attrs[0]).toBe(2);
    expect(k.attrs[355]).toBe(0);
    expect(k.attrs[266]).toBe(1);
  });

  it('exportPubKey: the guide\'s block; the file is OpenSSL\'s SPKI PEM of the key', async () => {
    const { t, got, want } = await run('exportPubKey');
    expect(got).toBe(want);
    expect((await getFile(t, 'public.pem'))!.toString()).toBe(spkiPem(rsa));
  });

  it('importPrivateKey: the guide\'s block (BER length 1216); the stored key is the file\'s PKCS #8', async () => {
    const { t, got, want } = await run('importPrivateKey');
    expect(got).toBe(want);
    const k = (await keyRecord(t, 524301))!;
    expect(Buffer.from(k.value).equals(rsa1216.pkcs8)).toBe(true);
    expect(k.attrs[0]).toBe(3);
    expect(k.attrs[355]).toBe(0);
    expect(k.attrs[354]).toBe(1);
  });

  it('exportPrivateKey: the guide\'s block; the file is OpenSSL\'s PKCS #1 PEM of the key, and it is a real key', async () => {
    const { t, got, want } = await run('exportPrivateKey');
    expect(got).toBe(want);
    const pem = (await getFile(t, 'exportKey.pem'))!.toString();
    expect(pem).toBe(pkcs1Pem(rsa));
    expect(createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }).equals(rsa.pkcs8)).toBe(true);
    expect(await t.block('IsValidKeyHandlefile -f exportKey.pem')).toBe('Command: IsValidKeyHandlefile -f exportKey.pem\n\nInput key file has real private key\n');
  });

  it('sign: the guide\'s block; the signature is node:crypto\'s SHA256_RSA_PKCS signature of the file', async () => {
    const { t, got, want } = await run('sign');
    expect(got).toBe(want);
    const sig = (await getFile(t, 'signedFile'))!;
    const msg = (await getFile(t, 'messageFile'))!;
    expect(sig.equals(sha256Rsa(rsa, msg))).toBe(true);
    expect(nodeVerify('sha256', msg, rsa.publicKey, sig)).toBe(true);
  });

  it('verify: the guide\'s success block and its ERR_BAD_PKCS_DATA block', async () => {
    for (const name of ['verify-success', 'verify-failure']) {
      const { got, want } = await run(name);
      expect(got).toBe(want);
    }
  });

  it('getCaviumPrivKey: the guide\'s block; IsValidKeyHandlefile reads the handle back (both IsValidKeyHandlefile blocks)', async () => {
    const { t, got, want } = await run('getCaviumPrivKey');
    expect(got).toBe(want);
    const pem = (await getFile(t, 'cavKey.pem'))!.toString();
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    // The fake PEM carries the real public part.
    const fake = createPrivateKey(pem);
    expect(createPublicKey(fake).export({ type: 'spki', format: 'der' }).equals(rsa.spki)).toBe(true);
    await t.type('getCaviumPrivKey -k 15 -out caviumKey.pem');
    await putFile(t, 'privateKey.pem', pkcs1Pem(rsa));
    for (const name of ['IsValidKeyHandlefile-fake', 'IsValidKeyHandlefile-real']) {
      const w = fixture(name);
      expect(await t.block(w.split('\n')[0]!.replace(/^Command: /, ''))).toBe(w + '\n');
    }
  });

  it('every block twice from the same seed: the same bytes, store and files', async () => {
    for (const name of Object.keys(BLOCKS())) {
      const a = await run(name);
      const b = await run(name);
      expect(b.got, name).toBe(a.got);
      expect(b.after, name).toBe(a.after);
    }
  });
});
