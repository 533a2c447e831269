/**
 * `crypto sign|verify` with `--data-type digest` and PSS salt lengths other than the hash's
 * (cloudhsm-cli.md §3.21): what KMU cannot do, done by the crypto layer with the same key. Checked
 * against OpenSSL (node:crypto): a PKCS #1 v1.5 signature of a DER DigestInfo is the signature of the
 * message; a PSS signature of a bare hash, with salts 0, 20 and 64, verifies over the message with
 * that salt; an ECDSA signature of a bare hash verifies over the message; the CLI verifies them too.
 */
import { constants, createHash, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { cryptoSignEcdsa } from '../../src/commands/cli/crypto-sign-ecdsa';
import { cryptoSignRsaPkcs } from '../../src/commands/cli/crypto-sign-rsa-pkcs';
import { cryptoSignRsaPkcsPss } from '../../src/commands/cli/crypto-sign-rsa-pkcs-pss';
import { cryptoVerifyEcdsa } from '../../src/commands/cli/crypto-verify-ecdsa';
import { cryptoVerifyRsaPkcs } from '../../src/commands/cli/crypto-verify-rsa-pkcs';
import { cryptoVerifyRsaPkcsPss } from '../../src/commands/cli/crypto-verify-rsa-pkcs-pss';
import { cliPlayground, fromB64, testPairs, type CliPlayground } from './crypto-support';

const MSG = Buffer.from('hello\n');
const SHA256 = createHash('sha256').update(MSG).digest();
const DIGEST_INFO_SHA256 = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), SHA256]);
const VERIFIED = { ok: true, data: { message: 'Signature verified successfully' } };
let p: CliPlayground;

beforeEach(async () => {
  p = await cliPlayground();
});

async function signature(cmd: typeof cryptoSignRsaPkcs, argv: [string, string][]): Promise<Buffer> {
  const out = await p.run(cmd, argv);
  if (!out.ok) throw new Error(JSON.stringify(out.refusal));
  return fromB64((out.data as { signature: string }).signature);
}

describe('--data-type digest', () => {
  it('rsa-pkcs signs a DER DigestInfo: the bytes OpenSSL makes for the message; the CLI verifies it both ways', async () => {
    const sig = await signature(cryptoSignRsaPkcs, [
      ['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data-type', 'digest'], ['data', DIGEST_INFO_SHA256.toString('base64')],
    ]);
    expect(sig.equals(nodeSign('sha256', MSG, testPairs().rsa.privateKey))).toBe(true);
    const verify = (data: [string, string][]) => p.run(cryptoVerifyRsaPkcs, [
      ['key-filter', 'attr.label=rsa-public'], ['hash-function', 'sha256'], ...data, ['signature', sig.toString('base64')],
    ]);
    expect(await verify([['data-type', 'digest'], ['data', DIGEST_INFO_SHA256.toString('base64')]])).toEqual(VERIFIED);
    expect(await verify([['data', MSG.toString('base64')]])).toEqual(VERIFIED);
    expect((await verify([['data-type', 'digest'], ['data', SHA256.toString('base64')]])).ok).toBe(false);
  });

  it('ecdsa signs a bare hash: r ‖ s that OpenSSL verifies over the message', async () => {
    const sig = await signature(cryptoSignEcdsa, [
      ['key-filter', 'attr.label=ec-private'], ['hash-function', 'sha256'], ['data-type', 'digest'], ['data', SHA256.toString('base64')],
    ]);
    expect(sig.length).toBe(64);
    expect(nodeVerify('sha256', MSG, { key: testPairs().ec.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(await p.run(cryptoVerifyEcdsa, [
      ['key-filter', 'attr.label=ec-public'], ['hash-function', 'sha256'], ['data-type', 'digest'], ['data', SHA256.toString('base64')], ['signature', sig.toString('base64')],
    ])).toEqual(VERIFIED);
  });

  it('rsa-pkcs-pss signs a bare hash that OpenSSL verifies over the message', async () => {
    const sig = await signature(cryptoSignRsaPkcsPss, [
      ['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data-type', 'digest'], ['data', SHA256.toString('base64')],
      ['mgf', 'mgf1-sha256'], ['salt-length', '32'],
    ]);
    expect(nodeVerify('sha256', MSG, { key: testPairs().rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)).toBe(true);
  });
});

describe('PSS salt lengths', () => {
  it('salts of 0, 20 and 64 bytes: OpenSSL verifies with that salt, the CLI verifies with it and fails with another', async () => {
    for (const salt of [0, 20, 64]) {
      const sig = await signature(cryptoSignRsaPkcsPss, [
        ['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data', MSG.toString('base64')], ['mgf', 'mgf1-sha256'], ['salt-length', String(salt)],
      ]);
      expect(nodeVerify('sha256', MSG, { key: testPairs().rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt }, sig), `salt ${salt}`).toBe(true);
      const verify = (s: number) => p.run(cryptoVerifyRsaPkcsPss, [
        ['key-filter', 'attr.label=rsa-public'], ['hash-function', 'sha256'], ['mgf', 'mgf1-sha256'], ['salt-length', String(s)],
        ['data', MSG.toString('base64')], ['signature', sig.toString('base64')],
      ]);
      expect(await verify(salt), `salt ${salt}`).toEqual(VERIFIED);
      expect((await verify(salt + 1)).ok, `salt ${salt}`).toBe(false);
    }
  });

  it('verifies an OpenSSL signature with a salt of 10 bytes (SHA-384)', async () => {
    const sig = nodeSign('sha384', MSG, { key: testPairs().rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 10 });
    expect(await p.run(cryptoVerifyRsaPkcsPss, [
      ['key-filter', 'attr.label=rsa-public'], ['hash-function', 'sha384'], ['mgf', 'mgf1-sha384'], ['salt-length', '10'],
      ['data', MSG.toString('base64')], ['signature', sig.toString('base64')],
    ])).toEqual(VERIFIED);
  });
});
