/**
 * The refusals of `crypto sign` and `crypto verify` (cloudhsm-cli.md §2.8, §3.21, §3.22, §5.5), each
 * in §2.8's words and each leaving the whole IndexedDB database exactly as it was: no login, a
 * filter that matches 0 or 2 keys, the wrong kind of key (a public key to sign, a private key to
 * verify, an EC key for RSA, an RSA key for ECDSA, AES and DSA keys), `sign` / `verify` false, a use
 * quorum, bad Base64, a missing file, and the PSS parameters the playground does not sign with.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../src/commands/cli/command';
import { cryptoSignEcdsa } from '../../src/commands/cli/crypto-sign-ecdsa';
import { cryptoSignRsaPkcs } from '../../src/commands/cli/crypto-sign-rsa-pkcs';
import { cryptoSignRsaPkcsPss } from '../../src/commands/cli/crypto-sign-rsa-pkcs-pss';
import { cryptoVerifyEcdsa } from '../../src/commands/cli/crypto-verify-ecdsa';
import { cryptoVerifyRsaPkcs } from '../../src/commands/cli/crypto-verify-rsa-pkcs';
import { cliPlayground, K, type CliPlayground } from './crypto-support';

const B64 = Buffer.from('hello\n').toString('base64');
const SIG = Buffer.alloc(256, 1).toString('base64');
let p: CliPlayground;

beforeEach(async () => {
  p = await cliPlayground();
});

type Argv = [string, string?][];
async function refused(cmd: CliCommand, argv: Argv, text: string, session = p.session): Promise<void> {
  const before = await p.dump();
  expect(await p.refusal(cmd, argv, session), argv.flat().join(' ')).toBe(text);
  expect(await p.dump(), argv.flat().join(' ')).toBe(before);
}
const sign = (filter: string, more: Argv = []): Argv => [['key-filter', filter], ['hash-function', 'sha256'], ['data', B64], ...more];
const verify = (filter: string, more: Argv = []): Argv => [['key-filter', filter], ['hash-function', 'sha256'], ['data', B64], ['signature', SIG], ...more];

const KIND = 'Key type or class is not valid for this operation';

describe('crypto sign refusals', () => {
  it('no login', async () => {
    await refused(cryptoSignRsaPkcs, sign('attr.label=rsa-private'), 'User is not logged in', p.loggedOut);
  });

  it('a filter that matches 0 keys or more than one', async () => {
    await refused(cryptoSignRsaPkcs, sign('attr.label=nothing'), 'Key selection criteria matched 0 keys. Refine selection criteria to select a single key.');
    await refused(cryptoSignRsaPkcs, sign('attr.class=private-key'), 'Key selection criteria matched 7 keys. Refine selection criteria to select a single key.');
    // 21, 23, 25, 29 (shared with the caller), 32, 33, 35; bob's own 27 is outside example_user's scope
    await refused(cryptoSignRsaPkcs, sign(`key-reference=${K.bobRsaPriv}`), 'Key selection criteria matched 0 keys. Refine selection criteria to select a single key.');
  });

  it('the wrong kind of key: public, EC for RSA, RSA for ECDSA, DSA, AES', async () => {
    await refused(cryptoSignRsaPkcs, sign('attr.label=rsa-public'), KIND);
    await refused(cryptoSignRsaPkcs, sign('attr.label=ec-private'), KIND);
    await refused(cryptoSignRsaPkcsPss, sign('attr.label=ec-private', [['mgf', 'mgf1-sha256'], ['salt-length', '32']]), KIND);
    await refused(cryptoSignEcdsa, sign('attr.label=rsa-private'), KIND);
    await refused(cryptoSignEcdsa, sign('attr.label=dsa-private'), KIND);
    await refused(cryptoSignRsaPkcs, sign('attr.label=dsa-private'), KIND);
    await refused(cryptoSignRsaPkcs, sign('attr.label=aes-key'), KIND);
  });

  it('sign false; a use quorum above 0', async () => {
    await refused(cryptoSignRsaPkcs, sign('attr.label=no-sign'), 'The key attribute sign must be true for this operation');
    await refused(cryptoSignRsaPkcs, sign('attr.label=quorum'), 'Quorum approval is required for this operation');
  });

  it('bad Base64 data; a data file that does not exist', async () => {
    for (const bad of ['aGVsbG8', 'aGVs bG8=', 'aGVsbG8-', '====', 'aGVsbG9=']) {
      await refused(cryptoSignRsaPkcs, [['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data', bad]], 'Invalid base64 data');
    }
    await refused(cryptoSignRsaPkcs, [['key-filter', 'attr.label=rsa-private'], ['hash-function', 'sha256'], ['data-path', 'missing.txt']], 'Unable to open file missing.txt');
  });

  it('PSS: an MGF over another hash, a salt too long for the modulus; digest data of the wrong length', async () => {
    const pss = (mgf: string, salt: string, more: Argv = []) => sign('attr.label=rsa-private', [['mgf', mgf], ['salt-length', salt], ...more]);
    await refused(cryptoSignRsaPkcsPss, pss('mgf1-sha1', '32'), 'Invalid value mgf1-sha1 for --mgf');
    // RSA 2048 with SHA-256: emLen 256 ≥ 32 + salt + 2 allows salts up to 222 bytes
    await refused(cryptoSignRsaPkcsPss, pss('mgf1-sha256', '223'), 'Invalid value 223 for --salt-length');
    const digest = (n: number): Argv => [['data-type', 'digest'], ['data', Buffer.alloc(n, 7).toString('base64')]];
    const only = (argv: Argv) => argv.filter(([k]) => k !== 'data');
    await refused(cryptoSignRsaPkcsPss, [...only(pss('mgf1-sha256', '32')), ...digest(31)], 'Payload length is not valid for this mechanism');
    await refused(cryptoSignEcdsa, [...only(sign('attr.label=ec-private')), ...digest(33)], 'Payload length is not valid for this mechanism');
    await refused(cryptoSignRsaPkcs, [...only(sign('attr.label=rsa-private')), ...digest(246)], 'Payload length is not valid for this mechanism');
    await refused(cryptoVerifyEcdsa, [...only(verify('attr.label=ec-public')), ...digest(20)], 'Payload length is not valid for this mechanism');
  });
});

describe('crypto verify refusals', () => {
  it('no login; no key; the wrong kind; verify false', async () => {
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=rsa-public'), 'User is not logged in', p.loggedOut);
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=nothing'), 'Key selection criteria matched 0 keys. Refine selection criteria to select a single key.');
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=rsa-private'), KIND);
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=ec-public'), KIND);
    await refused(cryptoVerifyEcdsa, verify('attr.label=rsa-public'), KIND);
    await refused(cryptoVerifyEcdsa, verify('attr.label=dsa-public'), KIND);
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=no-verify'), 'The key attribute verify must be true for this operation');
  });

  it('a bad signature, bad Base64, a missing signature file', async () => {
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=rsa-public'), 'Signature verification failed');
    await refused(cryptoVerifyEcdsa, verify('attr.label=ec-public'), 'Signature verification failed');
    await refused(cryptoVerifyRsaPkcs, [['key-filter', 'attr.label=rsa-public'], ['hash-function', 'sha256'], ['data', B64], ['signature', 'not base64!']], 'Invalid base64 data');
    await refused(cryptoVerifyRsaPkcs, [['key-filter', 'attr.label=rsa-public'], ['hash-function', 'sha256'], ['data', B64], ['signature-path', 'nope.sig']], 'Unable to open file nope.sig');
  });
});

describe('the key availability check (§5.8, G-CLI-21)', () => {
  it('with one HSM up, sign, verify and generate-file refuse a token key; with the check off they work', async () => {
    const { keyGenerateFile } = await import('../../src/commands/cli/key-generate-file');
    const { keyImportPem } = await import('../../src/commands/cli/key-import-pem');
    await p.t.type('hsm stop 1');
    await p.t.type('hsm stop 2');
    const text = 'Cannot perform the requested key operation as the key must be available on at least 2 HSMs. Either increase the number of HSMs in the cluster, or disable the key availability check.';
    await refused(cryptoSignRsaPkcs, sign('attr.label=rsa-private'), text);
    await refused(cryptoVerifyRsaPkcs, verify('attr.label=rsa-public'), text);
    await refused(keyGenerateFile, [['encoding', 'pem'], ['path', 'out.pem'], ['filter', 'attr.label=rsa-public']], text);
    await refused(keyImportPem, [['path', 'rsa-public.pem'], ['label', 'x'], ['key-type-class', 'rsa-public']], text);
    await p.t.type('configure-cli --disable-key-availability-check');
    expect((await p.run(cryptoSignRsaPkcs, sign('attr.label=rsa-private'))).ok).toBe(true);
    expect((await p.run(keyGenerateFile, [['encoding', 'pem'], ['path', 'out.pem'], ['filter', 'attr.label=rsa-public']])).ok).toBe(true);
  });

  it('with every HSM down: HSM is disconnected', async () => {
    for (const n of [0, 1, 2]) await p.t.type(`hsm stop ${n}`);
    await refused(cryptoSignRsaPkcs, sign('attr.label=rsa-private'), 'HSM is disconnected');
    await refused(cryptoVerifyEcdsa, verify('attr.label=ec-public'), 'HSM is disconnected');
  });
});
