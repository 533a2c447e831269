/**
 * The canonical blocks of cloudhsm-cli.md §3.8–§3.11 typed at `cloudhsm-cli interactive` (seeded).
 * Fixtures copied verbatim (test/fixtures/cli/README.md): the AES block of §3.8, the RSA block of
 * §3.10 and the three P-256 lines of §3.11. The generic-secret block (§3.9) and the EC block (§3.11)
 * are expanded here from them exactly as those sections say (EXPANSIONS below).
 * Each `<name>` placeholder is a typed matcher, bound on first use and equal on every reuse; the
 * bound values are then checked against the stored key with node:crypto (KCV, modulus, point,
 * PKCS #8 length) and against the handles (key reference = handle as 0x%016x, §5.2).
 */
import { createCipheriv, createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../src/hsm/model';
import { openTerminal, type Terminal } from '../support/transcript';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');

/** Replace each `from` (present exactly `times` times) by `to`: an expansion that fails loudly when its source changes. */
function replaced(text: string, pairs: ReadonlyArray<readonly [from: string, to: string, times: number]>): string {
  let out = text;
  for (const [from, to, times] of pairs) {
    expect(out.split(from).length - 1, from).toBe(times);
    out = out.split(from).join(to);
  }
  return out;
}

/** The blocks §3.9 and §3.11 describe by difference from §3.8 and §3.10. */
const EXPANSIONS = {
  /**
   * §3.9: "Same as §3.8 …" with `"key-type": "generic-secret"` and `"check-value": "0x000000"`; the
   * command line is §3.9's usage with the §3.8 example's values (label renamed to say what it is).
   */
  genericSecret: () => replaced(fixture('key-generate-symmetric-aes'), [
    ['key generate-symmetric aes --label example-aes --key-length-bytes 24',
      'key generate-symmetric generic-secret --label example-generic-secret --key-length-bytes 24', 1],
    ['"label": "example-aes"', '"label": "example-generic-secret"', 1],
    ['"key-type": "aes"', '"key-type": "generic-secret"', 1],
    ['"check-value": "<kcv>"', '"check-value": "0x000000"', 1],
  ]),
  /**
   * §3.11: "the structure of §3.10 with "key-type": "ec", the RSA fields replaced, for P-256, by" the
   * three lines of the fixture in the public key, and "key-length-bytes": 138 with the same ec-point
   * and curve in the private key; the command line is §3.11's usage with `--curve prime256v1`
   * (the labels say ec for rsa).
   */
  ec: () => {
    const p256 = fixture('key-generate-asymmetric-pair-ec-p256').replace(/\n$/, '');
    const rsaFields = (len: string) =>
      `        "key-length-bytes": ${len},\n        "public-exponent": "0x010001",\n        "modulus": "0x<n>",\n        "modulus-size-bits": 2048`;
    return replaced(fixture('key-generate-asymmetric-pair-rsa'), [
      ['key generate-asymmetric-pair rsa --public-exponent 65537 --modulus-size-bits 2048 --public-label rsa-public-key-example --private-label rsa-private-key-example',
        'key generate-asymmetric-pair ec --curve prime256v1 --public-label ec-public-key-example --private-label ec-private-key-example', 1],
      ['"key-type": "rsa"', '"key-type": "ec"', 2],
      ['rsa-public-key-example"', 'ec-public-key-example"', 1],
      ['rsa-private-key-example"', 'ec-private-key-example"', 1],
      [rsaFields('512'), p256, 1],
      [rsaFields('<p8len>'), p256.replace('"key-length-bytes": 65', '"key-length-bytes": 138'), 1],
    ]);
  },
};

/** What each placeholder of the blocks may stand for. */
const TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^ref( n(\+1)?)?$/, '0x[0-9a-f]{16}'],
  [/^kcv$/, '0x[0-9a-f]{6}'],
  [/^n$/, '[0-9a-f]{512}'],
  [/^p8len$/, '[1-9][0-9]*'],
  [/^128 hex digits: x then y$/, '[0-9a-f]{128}'],
];

/** Match `text` against a block with placeholders; the bound values by name, or a readable failure. */
function matchBlock(block: string, text: string): Record<string, string> {
  const names: string[] = [];
  let re = '';
  for (const part of block.split(/(<[^<>\n]+>)/)) {
    const m = /^<([^<>\n]+)>$/.exec(part);
    if (!m) { re += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); continue; }
    const name = m[1]!;
    const seen = names.indexOf(name);
    if (seen >= 0) { re += `\\${seen + 1}`; continue; }
    const type = TYPES.find(([n]) => n.test(name));
    if (!type) throw new Error(`no matcher for <${name}>`);
    names.push(name);
    re += `(${type[1]})`;
  }
  const found = new RegExp(`^${re}$`).exec(text);
  if (!found) expect(text).toBe(block); // shows the difference
  return Object.fromEntries(names.map((n, i) => [n, found![i + 1]!]));
}

/** The host shell in seeded mode, `cloudhsm-cli interactive`, logged in as the spec's crypto user. */
async function loggedIn(): Promise<Terminal> {
  const t = await openTerminal({ seed: 7 });
  await t.type('settings seed 7');
  expect(await t.type('cloudhsm-cli interactive')).toBe('');
  expect(await t.type('login --username example_user --role crypto-user --password example_pwd')).toContain('"error_code": 0');
  return t;
}

/** The block of one canonical line: the prompt, the line as typed, the output. */
async function typed(t: Terminal, block: string): Promise<string> {
  const line = block.split('\n')[0]!.slice('aws-cloudhsm > '.length);
  return t.block(line);
}

const keyByLabel = (t: Terminal, label: string) => t.session.hsm.transact(async (tx) =>
  (await tx.list<KeyRecord>('keys', 'cluster-1/')).filter((k) => k.attrs[3] === label));
const ref = (handle: number) => '0x' + handle.toString(16).padStart(16, '0');
const hex = (b: Uint8Array | Buffer) => Buffer.from(b).toString('hex');
const spkiKcv = (spki: Uint8Array) => '0x' + createHash('sha1').update(spki).digest().subarray(0, 3).toString('hex');

describe('canonical blocks of §3.8–§3.11', () => {
  it('§3.8 key generate-symmetric aes', async () => {
    const t = await loggedIn();
    const block = fixture('key-generate-symmetric-aes');
    const bound = matchBlock(block, await typed(t, block));
    const [k] = await keyByLabel(t, 'example-aes');
    expect(bound.ref).toBe(ref(k!.handle));
    const kcv = createCipheriv('aes-192-ecb', k!.value, null).update(Buffer.alloc(16)).subarray(0, 3);
    expect(bound.kcv).toBe('0x' + hex(kcv));
  });

  it('§3.9 key generate-symmetric generic-secret', async () => {
    const t = await loggedIn();
    const block = EXPANSIONS.genericSecret();
    const bound = matchBlock(block, await typed(t, block));
    const [k] = await keyByLabel(t, 'example-generic-secret');
    expect(bound.ref).toBe(ref(k!.handle));
    expect(k!.value.length).toBe(24);
  });

  it('§3.10 key generate-asymmetric-pair rsa', async () => {
    const t = await loggedIn();
    const block = fixture('key-generate-asymmetric-pair-rsa');
    const bound = matchBlock(block, await typed(t, block));
    const [pub] = await keyByLabel(t, 'rsa-public-key-example');
    const [priv] = await keyByLabel(t, 'rsa-private-key-example');
    expect([bound['ref n'], bound['ref n+1']]).toEqual([ref(pub!.handle), ref(pub!.handle + 1)]);
    expect(priv!.handle).toBe(pub!.handle + 1);
    expect(bound.kcv).toBe(spkiKcv(pub!.value));
    const jwk = createPublicKey({ key: Buffer.from(pub!.value), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    expect(bound.n).toBe(Buffer.from(jwk.n!, 'base64url').toString('hex'));
    expect(Number(bound.p8len)).toBe(priv!.value.length);
  });

  it('§3.11 key generate-asymmetric-pair ec', async () => {
    const t = await loggedIn();
    const block = EXPANSIONS.ec();
    const bound = matchBlock(block, await typed(t, block));
    const [pub] = await keyByLabel(t, 'ec-public-key-example');
    const [priv] = await keyByLabel(t, 'ec-private-key-example');
    expect([bound['ref n'], bound['ref n+1']]).toEqual([ref(pub!.handle), ref(priv!.handle)]);
    expect(priv!.handle).toBe(pub!.handle + 1);
    expect(bound.kcv).toBe(spkiKcv(pub!.value));
    const jwk = createPublicKey({ key: Buffer.from(pub!.value), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    expect(jwk.crv).toBe('P-256');
    expect(bound['128 hex digits: x then y']).toBe(hex(Buffer.from(jwk.x!, 'base64url')) + hex(Buffer.from(jwk.y!, 'base64url')));
  });
});

describe('seeded mode (README decision 3)', () => {
  it('the same seed prints the same blocks, key material included', async () => {
    const lines = [
      'key generate-symmetric aes --label a --key-length-bytes 32',
      'key generate-asymmetric-pair ec --curve secp384r1 --public-label p --private-label q --session',
      'key generate-symmetric generic-secret --label g --key-length-bytes 64',
    ];
    const outputs = async () => {
      const t = await loggedIn();
      const out: string[] = [];
      for (const line of lines) out.push(await t.block(line));
      return out;
    };
    const first = await outputs();
    expect(first.every((o) => o.includes('"error_code": 0'))).toBe(true);
    expect(await outputs()).toEqual(first);
  });
});
