/**
 * `key generate-file` (cloudhsm-cli.md §3.18): `--encoding pem` writes a public key as the same
 * bytes KMU exportPubKey writes (SubjectPublicKeyInfo PEM, which OpenSSL reads back as the key);
 * `--encoding reference-pem` writes an RSA or EC private key's reference PEM, the same bytes KMU
 * getCaviumPrivKey writes (the real public part, the handle as the private value: no private key
 * data leaves the HSM). Refusals in §2.8's words write nothing and leave the whole database as it
 * was: the wrong class for the encoding, a symmetric or DSA key, 0 or 2 keys, a path that cannot
 * be created, no login.
 */
import { createPublicKey } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { keyGenerateFile } from '../../src/commands/cli/key-generate-file';
import { cliPlayground, getFile, K, testPairs, type CliPlayground } from './crypto-support';

let p: CliPlayground;
beforeEach(async () => {
  p = await cliPlayground();
});

type Argv = [string, string?][];
const gen = (encoding: string, path: string, filter: string): Argv => [['encoding', encoding], ['path', path], ['filter', filter]];
const OK = { ok: true, data: { message: 'Successfully generated key file' } };

async function kmu(line: string): Promise<void> {
  if (!p.t.screen().endsWith('Command: ')) {
    await p.t.type('key_mgmt_util');
    await p.t.type('loginHSM -u CU -s example_user -p example_pwd');
  }
  await p.t.type(line);
}

describe('key generate-file', () => {
  it('pem: a public key, byte for byte what KMU exportPubKey writes; OpenSSL reads the key back', async () => {
    for (const [label, handle, pair] of [['rsa-public', K.rsaPub, testPairs().rsa], ['ec-public', K.ecPub, testPairs().ec], ['bob-public', K.bobRsaPub, testPairs().rsaBob]] as const) {
      expect(await p.run(keyGenerateFile, gen('pem', `${label}.cli.pem`, `attr.label=${label}`)), label).toEqual(OK);
      await kmu(`exportPubKey -k ${handle} -out ${label}.kmu.pem`);
      const cli = (await getFile(p.t, `${label}.cli.pem`))!;
      expect(cli.equals((await getFile(p.t, `${label}.kmu.pem`))!), label).toBe(true);
      expect(cli.toString()).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(createPublicKey(cli.toString()).export({ type: 'spki', format: 'der' }).equals(pair.spki), label).toBe(true);
    }
  });

  it('reference-pem: an RSA or EC private key (own or shared), byte for byte what KMU getCaviumPrivKey writes', async () => {
    for (const [label, handle] of [['rsa-private', K.rsaPriv], ['ec-private', K.ecPriv], ['bob-shared', K.sharedPriv]] as const) {
      expect(await p.run(keyGenerateFile, gen('reference-pem', `${label}.ref.pem`, `key-reference=0x${handle.toString(16)}`)), label).toEqual(OK);
      await kmu(`getCaviumPrivKey -k ${handle} -out ${label}.kmu.pem`);
      const cli = (await getFile(p.t, `${label}.ref.pem`))!;
      expect(cli.equals((await getFile(p.t, `${label}.kmu.pem`))!), label).toBe(true);
      expect(cli.toString()).toContain('PRIVATE KEY-----');
    }
  });

  it('overwrites an existing file without warning', async () => {
    expect(await p.run(keyGenerateFile, gen('pem', 'msg.txt', 'attr.label=ec-public'))).toEqual(OK);
    expect((await getFile(p.t, 'msg.txt'))!.toString()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
});

describe('key generate-file refusals (nothing written, database unchanged)', () => {
  async function refused(argv: Argv, text: string, session = p.session): Promise<void> {
    const before = await p.dump();
    expect(await p.refusal(keyGenerateFile, argv, session), argv.flat().join(' ')).toBe(text);
    expect(await p.dump(), argv.flat().join(' ')).toBe(before);
  }
  const KIND = 'Key type or class is not valid for this operation';

  it('the wrong class for the encoding; symmetric and DSA keys', async () => {
    await refused(gen('pem', 'out.pem', 'attr.label=rsa-private'), KIND);
    await refused(gen('reference-pem', 'out.pem', 'attr.label=rsa-public'), KIND);
    await refused(gen('pem', 'out.pem', 'attr.label=aes-key'), KIND);
    await refused(gen('reference-pem', 'out.pem', 'attr.label=aes-key'), KIND);
    await refused(gen('pem', 'out.pem', 'attr.label=dsa-public'), KIND);
    await refused(gen('reference-pem', 'out.pem', 'attr.label=dsa-private'), KIND);
  });

  it('0 or 2 keys; a path that cannot be created; no login', async () => {
    await refused(gen('pem', 'out.pem', 'attr.label=nothing'), 'Key selection criteria matched 0 keys. Refine selection criteria to select a single key.');
    // 20, 22, 24, 26 (bob's: every public key is in scope), 30, 34
    await refused(gen('pem', 'out.pem', 'attr.class=public-key'), 'Key selection criteria matched 6 keys. Refine selection criteria to select a single key.');
    await refused(gen('pem', 'no/such/dir/out.pem', 'attr.label=rsa-public'), 'Unable to create file no/such/dir/out.pem');
    await refused(gen('pem', '/tmp', 'attr.label=rsa-public'), 'Unable to create file /tmp');
    await refused(gen('pem', 'out.pem', 'attr.label=rsa-public'), 'User is not logged in', p.loggedOut);
  });
});
