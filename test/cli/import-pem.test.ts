/**
 * `key import pem` (cloudhsm-cli.md §3.17, §4.3, G-CLI-43): an RSA or EC public key from a PEM file
 * becomes a token public key of the caller with the CLI's import defaults (every usage flag false,
 * local false, id "0x", sensitive false), `--attributes` on top; the JSON is `{ key, message }`.
 * Refusals in §2.8's words, each with the whole IndexedDB database unchanged: a missing file, a file
 * that is no PEM public key, the wrong `--key-type-class` for the key, derive, sensitive or
 * extractable=false on a public key, an id another key has, no login.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { keyImportPem } from '../../src/commands/cli/key-import-pem';
import { A } from '../../src/hsm/attributes';
import { keyRecordId, type KeyRecord } from '../../src/hsm/model';
import { cliPlayground, putFile, testPairs, type CliPlayground } from './crypto-support';

let p: CliPlayground;
beforeEach(async () => {
  p = await cliPlayground();
});

type Argv = [string, string?][];
const imp = (path: string, cls: string, more: Argv = []): Argv => [['path', path], ['label', 'example-imported-key'], ['key-type-class', cls], ...more];

async function imported(argv: Argv): Promise<{ data: Record<string, unknown>; key: KeyRecord }> {
  const out = await p.run(keyImportPem, argv);
  if (!out.ok) throw new Error(JSON.stringify(out.refusal));
  const data = out.data as Record<string, unknown>;
  expect(Object.keys(data)).toEqual(['key', 'message']);
  expect(data.message).toBe('Successfully imported key');
  const ref = (data.key as { 'key-reference': string })['key-reference'];
  const handle = Number.parseInt(ref.slice(2), 16);
  const key = await p.hsm.transact((tx) => tx.get<KeyRecord>('keys', keyRecordId('cluster-1', handle)));
  return { data, key: key! };
}

describe('key import pem', () => {
  it('an RSA public key: a new token key owned by the caller, with §4.3\'s import defaults', async () => {
    const { key } = await imported(imp('rsa-public.pem', 'rsa-public'));
    expect(key.handle).toBe(40);
    expect(key.owner).toBe(3);
    expect(key.shared).toEqual([]);
    expect(key.value).toEqual(new Uint8Array(testPairs().rsa.spki));
    expect(key.holders).toEqual([0, 1, 2]);
    const a = key.attrs;
    expect([a[A.CLASS], a[A.KEY_TYPE], a[A.LABEL], a[A.ID], a[A.TOKEN], a[A.LOCAL]]).toEqual([2, 0, 'example-imported-key', '', 1, 0]);
    for (const id of [A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP, A.SIGN, A.VERIFY, A.DERIVE, A.TRUSTED, A.WRAP_WITH_TRUSTED, A.SENSITIVE, A.ALWAYS_SENSITIVE, A.NEVER_EXTRACTABLE]) {
      expect(a[id], `attribute ${id}`).toBe(0);
    }
    for (const id of [A.DESTROYABLE, A.EXTRACTABLE, A.PRIVATE]) expect(a[id], `attribute ${id}`).toBe(1);
    expect(a[A.VALUE_LEN]).toBe(512);
    expect(a[A.KCV]).toEqual(new Uint8Array(createHash('sha1').update(testPairs().rsa.spki).digest().subarray(0, 3)));
  });

  it('a PKCS #1 RSA public key file imports too (as KMU importPubKey reads it); an EC public key as ec-public', async () => {
    expect((await imported(imp('rsa-pkcs1-public.pem', 'rsa-public'))).key.value).toEqual(new Uint8Array(testPairs().rsa.spki));
    const { key } = await imported(imp('ec-public.pem', 'ec-public'));
    expect([key.attrs[A.KEY_TYPE], key.attrs[A.VALUE_LEN], key.attrs[A.VERIFY]]).toEqual([3, 65, 0]);
  });

  it('--attributes set usage flags and an id on top of the defaults', async () => {
    const { key } = await imported(imp('rsa-public.pem', 'rsa-public', [['attributes', 'verify=true encrypt=true id=0x49542d3032']]));
    expect([key.attrs[A.VERIFY], key.attrs[A.ENCRYPT], key.attrs[A.WRAP], key.attrs[A.ID]]).toEqual([1, 1, 0, 'IT-02']);
  });
});

describe('key import pem: the key object of §2.6 (keys-view)', () => {
  it('prints the attributes of §3.17 in §4.2\'s order', async () => {
    const { data } = await imported(imp('rsa-public.pem', 'rsa-public'));
    const key = data.key as { 'key-reference': string; 'key-info': unknown; attributes: Record<string, unknown> };
    expect(key['key-reference']).toBe('0x0000000000000028');
    expect(key['key-info']).toEqual({
      'key-owners': [{ username: 'example_user', 'key-coverage': 'full' }], 'shared-users': [],
      'key-quorum-values': { 'manage-key-quorum-value': 0, 'use-key-quorum-value': 0 }, 'cluster-coverage': 'full',
    });
    const n = testPairs().rsa.publicKey.export({ format: 'jwk' }).n!;
    const kcv = createHash('sha1').update(testPairs().rsa.spki).digest().subarray(0, 3).toString('hex');
    expect(JSON.stringify(key.attributes)).toBe(JSON.stringify({
      'key-type': 'rsa', label: 'example-imported-key', id: '0x', 'check-value': `0x${kcv}`, class: 'public-key',
      encrypt: false, decrypt: false, token: true, 'always-sensitive': false, derive: false, destroyable: true,
      extractable: true, local: false, modifiable: true, 'never-extractable': false, private: true, sensitive: false,
      sign: false, trusted: false, unwrap: false, verify: false, wrap: false, 'wrap-with-trusted': false,
      'key-length-bytes': 512, 'public-exponent': '0x010001', modulus: `0x${Buffer.from(n, 'base64url').toString('hex')}`, 'modulus-size-bits': 2048,
    }));
  });
});

describe('key import pem refusals (database unchanged)', () => {
  async function refused(argv: Argv, text: string, session = p.session): Promise<void> {
    const before = await p.dump();
    expect(await p.refusal(keyImportPem, argv, session), argv.flat().join(' ')).toBe(text);
    expect(await p.dump(), argv.flat().join(' ')).toBe(before);
  }

  it('files: missing, not a PEM public key (garbage, a private key, a binary file)', async () => {
    await refused(imp('missing.pem', 'rsa-public'), 'Unable to open file missing.pem');
    await refused(imp('garbage.pem', 'rsa-public'), 'Invalid PEM file');
    await refused(imp('rsa-private.pem', 'rsa-public'), 'Invalid PEM file');
    await putFile(p.t, 'binary.pem', new Uint8Array([0x30, 0x82, 0xff, 0xfe, 0x00, 0x80]));
    await refused(imp('binary.pem', 'rsa-public'), 'Invalid PEM file');
  });

  it('the PEM\'s key is not of --key-type-class; DSA public keys have no class', async () => {
    const kind = 'Key type or class is not valid for this operation';
    await refused(imp('rsa-public.pem', 'ec-public'), kind);
    await refused(imp('ec-public.pem', 'rsa-public'), kind);
    await refused(imp('dsa-public.pem', 'rsa-public'), kind);
  });

  it('derive, sensitive or not extractable on a public key; an attribute not given at creation; an id another key has; no login', async () => {
    await refused(imp('rsa-public.pem', 'rsa-public', [['attributes', 'derive=true']]), 'Attribute derive cannot be set to true');
    await refused(imp('rsa-public.pem', 'rsa-public', [['attributes', 'sensitive=true']]), 'Attribute sensitive cannot be set to true');
    await refused(imp('rsa-public.pem', 'rsa-public', [['attributes', 'extractable=false']]), 'Attribute extractable cannot be set to false');
    await refused(imp('rsa-public.pem', 'rsa-public', [['attributes', 'local=true']]), 'Unknown key attribute: local');
    await imported(imp('ec-public.pem', 'ec-public', [['attributes', 'id=0x49542d3032']]));
    await refused(imp('rsa-public.pem', 'rsa-public', [['attributes', 'id=0x49542d3032']]), 'Key ID already exists');
    await refused(imp('rsa-public.pem', 'rsa-public'), 'User is not logged in', p.loggedOut);
  });
});
