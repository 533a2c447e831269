/**
 * Lesson 10: Sign, and verify with an exported public key (kmu-commands.md §5.1 genRSAKeyPair,
 * §5.8 sign, §5.5 exportPubKey, §5.9 verify; the host's `openssl dgst -verify`). `-m 1` is
 * SHA256_RSA_PKCS, the signature `openssl dgst -sha256 -verify` checks by default. A signature
 * that does not verify is `0x1b` (ERR_BAD_PKCS_DATA).
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'sign-verify',
  title: 'Sign, and verify with an exported public key',
  summary: 'Generate a key pair, sign a file in the HSM, export the public key and verify the signature outside it.',
  start: {
    files: {
      // "Pay 100 EUR to Alice.\n"
      'message.txt': '506179203130302045555220746f20416c6963652e0a',
    },
  },
  steps: [
    {
      title: 'A key pair in the HSM',
      text:
        'A signature is made with a **private key** and checked with the matching **public key**. The private key should ' +
        'never leave the HSM; the public key may go anywhere.\n\n' +
        'Start `key_mgmt_util`, log in as `example_user` (password `example_pwd`) and generate a 2048-bit RSA key pair ' +
        'labelled `signing-key`, with the usual public exponent 65537. The command prints two handles: the public key\'s ' +
        'and the private key\'s.',
      goals: [
        { kind: 'key', text: 'An RSA private key labelled signing-key', match: { keyClass: 'private', keyType: 'RSA', label: 'signing-key' }, bind: 'priv' },
        { kind: 'key', text: 'Its public key', match: { keyClass: 'public', keyType: 'RSA', label: 'signing-key' }, bind: 'pub' },
      ],
      hints: [
        '`key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        '`genRSAKeyPair -m 2048 -e 65537 -l signing-key` (`-m` is the modulus length in bits, `-e` the public exponent).',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'genRSAKeyPair -m 2048 -e 65537 -l signing-key',
      ],
    },
    {
      title: 'Sign a file in the HSM',
      text:
        '`message.txt` is a file on the client host. `sign` sends it to the HSM, which signs it with the private key ' +
        '(handle {priv}) and writes the signature to a file. `-m 1` picks SHA256_RSA_PKCS: a SHA-256 hash, signed with ' +
        'PKCS #1 v1.5 padding. A 2048-bit RSA signature is 256 bytes.',
      goals: [
        { kind: 'file', text: 'message.sig holds a 256-byte signature', path: 'message.sig', size: 256 },
      ],
      hints: [
        'sign takes the file (`-f`), the private key (`-k`), the mechanism (`-m`) and the output file (`-out`).',
        '`sign -f message.txt -k {priv} -m 1 -out message.sig`.',
      ],
      solution: [
        'sign -f message.txt -k {priv} -m 1 -out message.sig',
      ],
    },
    {
      title: 'Export the public key, and check in the HSM',
      text:
        'Whoever receives the message has no HSM. Give them the public key (handle {pub}): `exportPubKey` writes it as a ' +
        'PEM file, and the private key stays where it is.\n\n' +
        'The HSM can check the signature too: `verify` with the public key and the same mechanism answers ' +
        '"Signature verification successful" (`0x00`).',
      goals: [
        { kind: 'file', text: 'signing-key.pem holds the public key', path: 'signing-key.pem', exists: true },
        { kind: 'code', text: 'verify in the HSM accepted the signature (0x00)', code: 0, program: 'kmu', command: 'verify' },
      ],
      hints: [
        '`exportPubKey -k {pub} -out signing-key.pem` writes the public key.',
        '`verify -f message.txt -s message.sig -k {pub} -m 1` checks the signature in the HSM.',
      ],
      solution: [
        'exportPubKey -k {pub} -out signing-key.pem',
        'verify -f message.txt -s message.sig -k {pub} -m 1',
      ],
    },
    {
      title: 'Verify outside the HSM',
      text:
        'Leave key_mgmt_util and check the signature the way the receiver would, with OpenSSL on the host and nothing but ' +
        'the public key: `openssl dgst -sha256 -verify <public key> -signature <signature> <file>`. It prints ' +
        '`Verified OK`. Send that line into a file with `> verified.txt` so the lesson can see it, then `cat verified.txt`.',
      goals: [
        { kind: 'file', text: 'verified.txt says Verified OK', path: 'verified.txt', size: 12 },
      ],
      hints: [
        '`exit` returns to the `$ ` prompt.',
        '`openssl dgst -sha256 -verify signing-key.pem -signature message.sig message.txt > verified.txt`.',
      ],
      solution: [
        'exit',
        'openssl dgst -sha256 -verify signing-key.pem -signature message.sig message.txt > verified.txt',
      ],
    },
    {
      title: 'Change one word',
      text:
        'A signature covers every byte. Change the message, for example to "Pay 900 EUR to Alice.", and verify again in ' +
        'the HSM: the signature no longer matches and verify answers `0x1b` (ERR_BAD_PKCS_DATA). (OpenSSL would say ' +
        '`Verification failure`.)',
      refusal: true,
      goals: [
        { kind: 'code', text: 'verify answered 0x1b: the signature does not match', code: 0x1b, program: 'kmu', command: 'verify' },
      ],
      hints: [
        '`echo "Pay 900 EUR to Alice." > message.txt` replaces the file.',
        'Then `key_mgmt_util`, log in, and `verify -f message.txt -s message.sig -k {pub} -m 1`.',
      ],
      solution: [
        'echo "Pay 900 EUR to Alice." > message.txt',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'verify -f message.txt -s message.sig -k {pub} -m 1',
      ],
    },
  ],
  source: {
    title: 'AWS CloudHSM User Guide: sign (key_mgmt_util)',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-sign.html',
  },
};

export default lesson;
