/**
 * The help and argument errors of the four generation commands (cloudhsm-cli.md §1.3, §2.7,
 * §3.8–§3.11): the option tables of src/commands/cli/key-generate-*.ts printed by the program. The
 * expected help texts (test/fixtures/cli/help-key-generate-*.txt) are written from the spec's
 * tables: about line, usage line, every option in the table's order with its quoted help text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliRig } from './support';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');

describe('help of the generation commands', () => {
  it.each([
    ['key generate-symmetric aes', 'help-key-generate-symmetric-aes'],
    ['key generate-symmetric generic-secret', 'help-key-generate-symmetric-generic-secret'],
    ['key generate-asymmetric-pair rsa', 'help-key-generate-asymmetric-pair-rsa'],
    ['key generate-asymmetric-pair ec', 'help-key-generate-asymmetric-pair-ec'],
  ])('%s', async (path, name) => {
    const r = await cliRig();
    const expected = fixture(name);
    for (const line of [`help ${path}`, `${path} --help`, `${path} -h`]) {
      const out = await r.run(line);
      expect(out.text.replace(/\n+$/, '\n')).toBe(expected);
    }
  });
});

describe('argument errors come from the tables, before any login (§2.7)', () => {
  it('required flags, a value outside --curve\'s list, a length that is no number', async () => {
    const r = await cliRig();
    expect(await r.block('key generate-symmetric aes --label x')).toBe([
      'aws-cloudhsm > key generate-symmetric aes --label x',
      'error: the following required arguments were not provided:',
      '  --key-length-bytes <KEY_LENGTH_BYTES>',
      '',
      'Usage: key generate-symmetric aes [OPTIONS] --label <LABEL> --key-length-bytes <KEY_LENGTH_BYTES>',
      '',
      "For more information, try '--help'.",
      '', '',
    ].join('\n'));
    expect(await r.block('key generate-asymmetric-pair ec --curve ed25519 --public-label a --private-label b')).toBe([
      'aws-cloudhsm > key generate-asymmetric-pair ec --curve ed25519 --public-label a --private-label b',
      "error: invalid value 'ed25519' for '--curve <CURVE>'",
      '  [possible values: prime256v1, secp256r1, secp224r1, secp384r1, secp256k1, secp521r1]',
      '',
      "For more information, try '--help'.",
      '', '',
    ].join('\n'));
    expect(await r.block('key generate-symmetric generic-secret --label x --key-length-bytes 0x10')).toBe([
      'aws-cloudhsm > key generate-symmetric generic-secret --label x --key-length-bytes 0x10',
      "error: invalid value '0x10' for '--key-length-bytes <KEY_LENGTH_BYTES>': invalid digit found in string",
      '',
      "For more information, try '--help'.",
      '', '',
    ].join('\n'));
    expect(await r.block('key generate-asymmetric-pair rsa --public-label a --private-label b --modulus-size-bits 2048 --public-exponent 65537 --session --session')).toBe([
      'aws-cloudhsm > key generate-asymmetric-pair rsa --public-label a --private-label b --modulus-size-bits 2048 --public-exponent 65537 --session --session',
      "error: the argument '--session' cannot be used multiple times",
      '',
      'Usage: key generate-asymmetric-pair rsa [OPTIONS] --public-label <PUBLIC_LABEL> --private-label <PRIVATE_LABEL> --modulus-size-bits <MODULUS_SIZE_BITS> --public-exponent <PUBLIC_EXPONENT>',
      '',
      "For more information, try '--help'.",
      '', '',
    ].join('\n'));
  });
});
