/**
 * The canonical blocks of cloudhsm-cli.md §3.17, §3.18, §3.21 and §3.22, typed at the CLI's prompt
 * (`cloudhsm-cli interactive`, logged in as example_user) and compared exactly, JSON as text with its
 * key order; fixtures in test/fixtures/cli/ verbatim. Placeholders (`<private key ref>`, `<base64>`,
 * `<ref>`, `<kcv>`, `<n>`) are typed matchers; §3.17's elided `key-info` (`{ <as §2.6, owner =
 * caller> }`) is §2.6's key-info block (crypto-macro-key-info.txt, spec lines 319–332) with
 * `<owner>` = the caller, indented to its place. The keys and files the blocks name are made here
 * (node:crypto), and the bound values are checked against them.
 */
import { createHash, sign as nodeSign } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliFixture, expectGolden } from './crypto-golden';
import { cliPlayground, fromB64, getFile, putAsymKey, putFile, testPairs, type CliPlayground } from './crypto-support';

let p: CliPlayground;
beforeEach(async () => {
  p = await cliPlayground();
  await putAsymKey(p.t, { handle: 36, cls: 3, der: testPairs().ec.pkcs8, label: 'ec-test-private-key' });
  await putFile(p.t, 'data.txt', 'data to sign\n');
  await putFile(p.t, 'signature-file', nodeSign('sha256', Buffer.from('data to sign\n'), testPairs().rsa.privateKey));
  await p.t.type('cloudhsm-cli interactive');
  await p.t.type('login --username example_user --role crypto-user --password example_pwd');
});

/** Type the fixture's command line; match the block. */
async function golden(name: string, macros?: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const want = cliFixture(name);
  const line = want.split('\n')[0]!.replace(/^aws-cloudhsm > /, '');
  return expectGolden(await p.t.block(line), want, macros);
}

describe('canonical blocks of §3.21 and §3.22', () => {
  it('crypto sign rsa-pkcs: the private key\'s reference and OpenSSL\'s signature of "abc123"', async () => {
    const v = await golden('crypto-sign-rsa-pkcs');
    expect(v.get('private key ref')).toBe('0x0000000000000015');
    expect(fromB64(v.get('base64')!).equals(nodeSign('sha256', Buffer.from('abc123'), testPairs().rsa.privateKey))).toBe(true);
  });

  it('crypto verify rsa-pkcs with files; crypto verify ecdsa of the page\'s signature fails', async () => {
    await golden('crypto-verify-rsa-pkcs');
    await golden('crypto-verify-ecdsa');
  });
});

describe('canonical blocks of §3.17 and §3.18', () => {
  it('key generate-file --encoding reference-pem writes getCaviumPrivKey\'s reference PEM', async () => {
    await golden('key-generate-file');
    const pem = (await getFile(p.t, 'ec-private-key.pem'))!.toString();
    expect(pem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
  });

  it('key import pem prints the imported key with the caller as owner', async () => {
    const info = cliFixture('crypto-macro-key-info').replace(/\n$/, '').replace('<owner>', 'example_user')
      .split('\n').map((l, i) => (i === 0 ? l.replace(/^ {2}"key-info": /, '') : `    ${l}`)).join('\n').replace(/,$/, '');
    const v = await golden('key-import-pem', new Map([['{ <as §2.6, owner = caller> }', info]]));
    const rsa = testPairs().rsa;
    expect(v.get('ref')).toBe('0x0000000000000028');
    expect(v.get('kcv')).toBe('0x' + createHash('sha1').update(rsa.spki).digest().subarray(0, 3).toString('hex'));
    expect(v.get('n')).toBe(Buffer.from(rsa.publicKey.export({ format: 'jwk' }).n!, 'base64url').toString('hex'));
  });
});
