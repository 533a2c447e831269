/**
 * `crypto sign` and `crypto verify` (cloudhsm-cli.md §3.21, §3.22, §5.9, G-CLI-32): RSA PKCS #1 v1.5
 * signatures are the bytes OpenSSL makes and the bytes KMU `sign -m 1` writes; ECDSA signatures are
 * r ‖ s of the curve's size (64 bytes on P-256, 96 on P-384) that OpenSSL verifies as IEEE P1363,
 * and a KMU DER signature does not verify in the CLI; PSS verifies with OpenSSL; a key shared with
 * the caller signs; the output names are §3.21's (`key-reference` with a hyphen).
 */
import { constants, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { cryptoSignEcdsa } from '../../src/commands/cli/crypto-sign-ecdsa';
import { cryptoSignRsaPkcs } from '../../src/commands/cli/crypto-sign-rsa-pkcs';
import { cryptoSignRsaPkcsPss } from '../../src/commands/cli/crypto-sign-rsa-pkcs-pss';
import { cryptoVerifyEcdsa } from '../../src/commands/cli/crypto-verify-ecdsa';
import { cryptoVerifyRsaPkcs } from '../../src/commands/cli/crypto-verify-rsa-pkcs';
import { cryptoVerifyRsaPkcsPss } from '../../src/commands/cli/crypto-verify-rsa-pkcs-pss';
import { cliPlayground, fromB64, getFile, K, patchKey, putFile, testPairs, type CliPlayground } from './crypto-support';

const MSG = Buffer.from('hello\n');
const B64 = MSG.toString('base64');
let p: CliPlayground;

beforeEach(async () => {
  p = await cliPlayground();
});

async function signed(cmd: typeof cryptoSignRsaPkcs, argv: [string, string?][]): Promise<{ ref: string; sig: Buffer }> {
  const out = await p.run(cmd, argv);
  if (!out.ok) throw new Error(JSON.stringify(out.refusal));
  const data = out.data as { 'key-reference': string; signature: string };
  expect(Object.keys(data)).toEqual(['key-reference', 'signature']);
  return { ref: data['key-reference'], sig: fromB64(data.signature) };
}

describe('crypto sign rsa-pkcs', () => {
  it('signs --data (Base64) as OpenSSL does, and names the key by its reference', async () => {
    const { ref, sig } = await signed(cryptoSignRsaPkcs, [['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data', B64]]);
    expect(ref).toBe('0x0000000000000015');
    expect(sig.equals(nodeSign('sha256', MSG, testPairs().rsa.privateKey))).toBe(true);
  });

  it('signs --data-path with every hash function; the bytes equal KMU sign -m 0–4 of the same file', async () => {
    await p.t.type('key_mgmt_util');
    await p.t.type('loginHSM -u CU -s example_user -p example_pwd');
    const kmu = new Map([['sha1', 0], ['sha256', 1], ['sha384', 2], ['sha512', 3], ['sha224', 4]]);
    for (const [hash, m] of kmu) {
      await p.t.type(`sign -f msg.txt -k ${K.rsaPriv} -m ${m} -out kmu.sig`);
      const { sig } = await signed(cryptoSignRsaPkcs, [['key-filter', `key-reference=${K.rsaPriv}`], ['hash-function', hash], ['data-path', 'msg.txt']]);
      expect(sig.equals((await getFile(p.t, 'kmu.sig'))!), hash).toBe(true);
      expect(nodeVerify(hash, MSG, testPairs().rsa.publicKey, sig), hash).toBe(true);
    }
  });

  it('a private key shared with the caller signs (§3.21: owned or shared)', async () => {
    const { ref, sig } = await signed(cryptoSignRsaPkcs, [['key-filter', 'attr.label=bob-shared'], ['hash-function', 'sha256'], ['data', B64]]);
    expect(ref).toBe('0x000000000000001d');
    expect(nodeVerify('sha256', MSG, testPairs().rsaBob.publicKey, sig)).toBe(true);
  });
});

describe('quorum values (§5.5)', () => {
  it('a manage-key quorum does not block signing (only the use-key quorum does)', async () => {
    await patchKey(p.t, K.rsaPriv, (k) => ({ ...k, manageQuorum: 2, useQuorum: 0 }));
    const { sig } = await signed(cryptoSignRsaPkcs, [['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data', B64]]);
    expect(nodeVerify('sha256', MSG, testPairs().rsa.publicKey, sig)).toBe(true);
  });
});

describe('crypto verify rsa-pkcs', () => {
  it('verifies an OpenSSL signature given as a file or as Base64; a changed byte fails', async () => {
    const sig = nodeSign('sha256', MSG, testPairs().rsa.privateKey);
    await putFile(p.t, 'sig.bin', sig);
    const ok = { ok: true, data: { message: 'Signature verified successfully' } };
    expect(await p.run(cryptoVerifyRsaPkcs, [['hash-function', 'sha256'], ['key-filter', 'attr.label=rsa-public'], ['data-path', 'msg.txt'], ['signature-path', 'sig.bin']])).toEqual(ok);
    expect(await p.run(cryptoVerifyRsaPkcs, [['hash-function', 'sha256'], ['key-filter', 'attr.label=rsa-public'], ['data', B64], ['signature', sig.toString('base64')]])).toEqual(ok);
    const bad = Buffer.from(sig);
    bad[10]! ^= 1;
    expect(await p.refusal(cryptoVerifyRsaPkcs, [['hash-function', 'sha256'], ['key-filter', 'attr.label=rsa-public'], ['data', B64], ['signature', bad.toString('base64')]]))
      .toBe('Signature verification failed');
    expect(await p.refusal(cryptoVerifyRsaPkcs, [['hash-function', 'sha384'], ['key-filter', 'attr.label=rsa-public'], ['data', B64], ['signature', sig.toString('base64')]]))
      .toBe('Signature verification failed');
  });

  it('every crypto user may verify with another user\'s public key', async () => {
    const sig = nodeSign('sha256', MSG, testPairs().rsaBob.privateKey);
    expect(await p.run(cryptoVerifyRsaPkcs, [['hash-function', 'sha256'], ['key-filter', 'attr.label=bob-public'], ['data', B64], ['signature', sig.toString('base64')]]))
      .toEqual({ ok: true, data: { message: 'Signature verified successfully' } });
  });
});

describe('crypto sign / verify ecdsa: r ‖ s, not DER (G-CLI-32)', () => {
  it('P-256 signatures are 64 bytes that OpenSSL verifies as IEEE P1363, and the CLI verifies them', async () => {
    const { ref, sig } = await signed(cryptoSignEcdsa, [['key-filter', 'attr.label=ec-private'], ['hash-function', 'sha256'], ['data', B64]]);
    expect(ref).toBe('0x0000000000000017');
    expect(sig.length).toBe(64);
    expect(nodeVerify('sha256', MSG, { key: testPairs().ec.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(await p.run(cryptoVerifyEcdsa, [['hash-function', 'sha256'], ['key-filter', 'attr.label=ec-public'], ['data', B64], ['signature', sig.toString('base64')]]))
      .toEqual({ ok: true, data: { message: 'Signature verified successfully' } });
  });

  it('P-384 signatures are 96 bytes; an OpenSSL r ‖ s signature verifies', async () => {
    const { sig } = await signed(cryptoSignEcdsa, [['key-filter', 'attr.label=p384-private'], ['hash-function', 'sha384'], ['data-path', 'msg.txt']]);
    expect(sig.length).toBe(96);
    expect(nodeVerify('sha384', MSG, { key: testPairs().ec384.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    const theirs = nodeSign('sha384', MSG, { key: testPairs().ec384.privateKey, dsaEncoding: 'ieee-p1363' });
    expect(await p.run(cryptoVerifyEcdsa, [['hash-function', 'sha384'], ['key-filter', 'attr.label=p384-public'], ['data', B64], ['signature', theirs.toString('base64')]]))
      .toEqual({ ok: true, data: { message: 'Signature verified successfully' } });
  });

  it('a DER signature (as KMU writes it) fails in the CLI; the CLI\'s r ‖ s fails in KMU verify', async () => {
    const der = nodeSign('sha256', MSG, testPairs().ec.privateKey); // DER
    expect(await p.refusal(cryptoVerifyEcdsa, [['hash-function', 'sha256'], ['key-filter', 'attr.label=ec-public'], ['data', B64], ['signature', der.toString('base64')]]))
      .toBe('Signature verification failed');
    const { sig } = await signed(cryptoSignEcdsa, [['key-filter', 'attr.label=ec-private'], ['hash-function', 'sha256'], ['data', B64]]);
    await putFile(p.t, 'raw.sig', sig);
    await p.t.type('key_mgmt_util');
    await p.t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await p.t.type(`verify -f msg.txt -s raw.sig -k ${K.ecPub} -m 17`)).toContain('0x1b');
  });

  it('the spec\'s failing example: a signature that does not match answers Signature verification failed', async () => {
    const sig = '+ogk7M7S3iTqFg3SndJfd91dZFr5Qo6YixJl8JwcvqqVgsVuO6o+VKvTRjz0/V05kf3JJbBLr87Q+wLWcMAJfA==';
    expect(await p.refusal(cryptoVerifyEcdsa, [['hash-function', 'sha256'], ['key-filter', 'attr.label=ec-public'], ['data', 'aW52YWxpZA=='], ['signature', sig]]))
      .toBe('Signature verification failed');
  });
});

describe('crypto sign / verify rsa-pkcs-pss', () => {
  it('a salt as long as the hash and MGF1 over the same hash: OpenSSL verifies, and so does the CLI', async () => {
    for (const [hash, salt] of [['sha256', '32'], ['sha1', '20'], ['sha512', '64']] as const) {
      const { sig } = await signed(cryptoSignRsaPkcsPss, [
        ['key-filter', 'attr.label=rsa-private'], ['hash-function', hash], ['data', B64], ['mgf', `mgf1-${hash}`], ['salt-length', salt],
      ]);
      expect(nodeVerify(hash, MSG, { key: testPairs().rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(salt) }, sig), hash).toBe(true);
      expect(await p.run(cryptoVerifyRsaPkcsPss, [
        ['key-filter', 'attr.label=rsa-public'], ['hash-function', hash], ['mgf', `mgf1-${hash}`], ['salt-length', salt], ['data', B64], ['signature', sig.toString('base64')],
      ]), hash).toEqual({ ok: true, data: { message: 'Signature verified successfully' } });
    }
  });

  it('verifies an OpenSSL PSS signature; a PKCS #1 v1.5 signature fails', async () => {
    const pss = nodeSign('sha256', MSG, { key: testPairs().rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const argv = (s: Buffer): [string, string][] => [
      ['key-filter', 'attr.label=rsa-public'], ['hash-function', 'sha256'], ['mgf', 'mgf1-sha256'], ['salt-length', '32'], ['data', B64], ['signature', s.toString('base64')],
    ];
    expect((await p.run(cryptoVerifyRsaPkcsPss, argv(pss))).ok).toBe(true);
    expect(await p.refusal(cryptoVerifyRsaPkcsPss, argv(nodeSign('sha256', MSG, testPairs().rsa.privateKey)))).toBe('Signature verification failed');
  });
});

describe('session keys of the CLI session (§5.4)', () => {
  it('a secp256k1 pair made with --session signs and verifies while one HSM is up (no availability check for session keys)', async () => {
    await p.t.type('hsm stop 1');
    await p.t.type('hsm stop 2');
    await p.t.type('cloudhsm-cli interactive');
    await p.t.type('login --username example_user --role crypto-user --password example_pwd');
    const made = JSON.parse(await p.t.type('key generate-asymmetric-pair ec --curve secp256k1 --public-label s-pub --private-label s-priv --session'
      + ' --private-attributes sign=true --public-attributes verify=true')) as { error_code: number; data: { private_key: { 'key-reference': string } } };
    expect(made.error_code).toBe(0);
    const signedOut = JSON.parse(await p.t.type(`crypto sign ecdsa --key-filter attr.label=s-priv --hash-function sha256 --data ${B64}`)) as
      { error_code: number; data: { 'key-reference': string; signature: string } };
    expect(signedOut.error_code).toBe(0);
    expect(signedOut.data['key-reference']).toBe(made.data.private_key['key-reference']);
    const sig = fromB64(signedOut.data.signature);
    expect(sig.length).toBe(64);
    expect(JSON.parse(await p.t.type(`crypto verify ecdsa --key-filter attr.label=s-pub --hash-function sha256 --data ${B64} --signature ${sig.toString('base64')}`)))
      .toEqual({ error_code: 0, data: { message: 'Signature verified successfully' } });
    // OpenSSL verifies it with the public key `key generate-file --encoding pem` writes
    expect(JSON.parse(await p.t.type('key generate-file --encoding pem --path s-pub.pem --filter attr.label=s-pub')).error_code).toBe(0);
    const pub = createPublicKey((await getFile(p.t, 's-pub.pem'))!.toString());
    expect(pub.asymmetricKeyDetails?.namedCurve).toBe('secp256k1');
    expect(nodeVerify('sha256', MSG, { key: pub, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    // a token key on one HSM is refused (§5.8)
    expect(JSON.parse(await p.t.type(`crypto sign ecdsa --key-filter attr.label=ec-private --hash-function sha256 --data ${B64}`)).error_code).toBe(1);
  });
});
