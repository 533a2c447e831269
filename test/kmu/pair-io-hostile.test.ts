/**
 * Hostile and odd inputs to the key-pair file commands, sign and verify: they never crash (no
 * JavaScript error reaches the screen) and never change the store when they refuse.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import { LOGIN, putFile, snapshot } from './pair-io-support';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
let t: Terminal;

beforeAll(async () => {
  t = await openTerminal({ scenario: { servingNode: 0, keys: [{ handle: 6, keyType: 'AES', label: 'w', owner: 3, value: AES }] } });
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
  await putFile(t, 'rsa1024.key', small.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  await putFile(t, 'rsa1024.pub', small.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const p192 = generateKeyPairSync('ec', { namedCurve: 'prime192v1' });
  await putFile(t, 'p192.key', p192.privateKey.export({ type: 'sec1', format: 'pem' }) as string);
  await putFile(t, 'p192.pub', p192.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const ed = generateKeyPairSync('ed25519');
  await putFile(t, 'ed.key', ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  await putFile(t, 'ed.pub', ed.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  await putFile(t, 'msg', 'm');
  await putFile(t, 'binary', Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) & 0xff));
  await putFile(t, 'huge.pem', `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(64).concat('\n').repeat(8000)}-----END PUBLIC KEY-----\n`);
  await putFile(t, 'nested.pem', `-----BEGIN PUBLIC KEY-----\n${Buffer.from('30'.repeat(2000) + '00', 'hex').toString('base64')}\n-----END PUBLIC KEY-----\n`);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
});

const crashFree = (out: string) => {
  expect(out).not.toMatch(/TypeError|RangeError|Error: [a-z]|internal error|undefined|NaN/);
};

describe('odd keys and files', () => {
  it('curves and algorithms the HSM does not know (P-192, Ed25519), garbage, huge and deeply nested PEMs are refused on the host', async () => {
    for (const f of ['p192.pub', 'ed.pub', 'binary', 'huge.pem', 'nested.pem']) {
      const before = await snapshot(t);
      const out = await t.type(`importPubKey -l x -f ${f}`);
      expect(out, f).toBe('\n        Error: Input file is not a valid public key file.\n\n');
      expect(await snapshot(t)).toBe(before);
    }
    for (const f of ['p192.key', 'ed.key', 'binary', 'huge.pem']) {
      const before = await snapshot(t);
      const out = await t.type(`importPrivateKey -l x -f ${f} -w 6`);
      expect(out, f).toBe('\n        Error: Input file is not a valid private key file.\n\n');
      expect(await snapshot(t)).toBe(before);
    }
  });

  it('a small RSA key imported from elsewhere: every mechanism answers (a signature or an HSM error), never a crash', async () => {
    const pub = await t.type('importPubKey -l small -f rsa1024.pub');
    const priv = await t.type('importPrivateKey -l small -f rsa1024.key -w 6');
    crashFree(pub + priv);
    const ph = /Public Key Handle: (\d+)/.exec(pub);
    const kh = /Key Handle: (\d+)/.exec(priv);
    expect(ph && kh, pub + priv).toBeTruthy(); // imported: only generation is limited to 2048–4096 bits
    for (const m of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const out = await t.type(`sign -f msg -k ${kh![1]} -m ${m} -out s${m}`);
      crashFree(out);
      // SHA512_RSA_PKCS_PSS needs 2·64 + 2 bytes of modulus: more than RSA-1024 has (0xc6); the rest sign
      expect(out).toContain(m === 8 ? 'Cfm3Sign returned: 0xc6 : HSM Error: Key Access is denied' : 'Cfm3Sign returned: 0x00');
      const v = await t.type(`verify -f msg -s ${m === 8 ? 's7' : `s${m}`} -k ${ph![1]} -m ${m}`);
      crashFree(v);
      expect(v).toContain(m === 8 ? 'Cfm3Verify returned: 0xc6' : 'Signature verification successful');
    }
  });

  it('verify with a signature file of any size and content answers 0x1b', async () => {
    const pub = await t.type('importPubKey -l small2 -f rsa1024.pub');
    const h = /Public Key Handle: (\d+)/.exec(pub)![1];
    for (const f of ['binary', 'huge.pem', 'msg']) {
      expect(await t.type(`verify -f msg -s ${f} -k ${h} -m 1`)).toBe('\nCfm3Verify returned: 0x1b\n\nCSP Error: ERR_BAD_PKCS_DATA\n\n');
    }
  });
});
