/**
 * Lesson 11: Import a private key by wrapping it (kmu-commands.md §5.6 importPrivateKey: the tool
 * wraps the PEM key with an AES key of the HSM and unwraps it inside; the imported key has
 * OBJ_ATTR_LOCAL = 0). The key is made on the host with `openssl genrsa`; the signature the HSM
 * makes with the imported key verifies with the public half taken from the same file.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'import-private-key',
  title: 'Import a private key by wrapping it',
  summary: 'Bring a private key made outside the HSM in with importPrivateKey, which wraps it with an AES key and unwraps it inside.',
  start: {
    keys: [
      // An AES-256 key of example_user with encrypt and unwrap on: the wrapping key of the import.
      { handle: 6, keyType: 'AES', label: 'import-wrapper', owner: 3, value: '3a7c19e2b45d06f8917e2c4b5a3d6f0812ab34cd56ef7890a1b2c3d4e5f60718' },
    ],
    files: {
      // "Ship order 4711.\n"
      'message.txt': '53686970206f7264657220343731312e0a',
    },
  },
  steps: [
    {
      title: 'A private key outside the HSM',
      text:
        'Sometimes a key already exists before the HSM does: a signing key from an older system, say. Here you make one ' +
        'on the client host with OpenSSL. `openssl genrsa` writes a 2048-bit RSA private key as a PEM file, in plaintext: ' +
        'anyone who reads the file has the key.',
      goals: [
        { kind: 'file', text: 'rsa2048.key holds an RSA private key', path: 'rsa2048.key', exists: true },
      ],
      hints: [
        '`openssl genrsa -out <file> <bits>`.',
        '`openssl genrsa -out rsa2048.key 2048`.',
      ],
      solution: [
        'openssl genrsa -out rsa2048.key 2048',
      ],
    },
    {
      title: 'Import it',
      text:
        'The HSM never accepts a key in plaintext. `importPrivateKey` therefore works in two moves: the tool wraps ' +
        '(encrypts) the key from the PEM file with an AES key of the HSM (`Cfm3WrapHostKey`), then the HSM unwraps it ' +
        'inside (`Cfm3UnWrapKey`). That is why it needs `-w`, the handle of that AES key: here `import-wrapper`, ' +
        'handle 6.\n\n' +
        'The new key is marked **OBJ_ATTR_LOCAL = 0**: it was not generated inside the HSM, so the HSM cannot vouch that ' +
        'nobody else has a copy.',
      goals: [
        {
          kind: 'key', text: 'An RSA private key labelled rsa2048-imported, not generated in the HSM (LOCAL = 0)',
          match: { keyClass: 'private', keyType: 'RSA', label: 'rsa2048-imported', local: false }, bind: 'imported',
        },
      ],
      hints: [
        'Start `key_mgmt_util` and log in with `loginHSM -u CU -s example_user -p example_pwd`.',
        'importPrivateKey takes the file (`-f`), a label (`-l`) and the wrapping key (`-w`).',
        '`importPrivateKey -f rsa2048.key -l rsa2048-imported -w 6`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'importPrivateKey -f rsa2048.key -l rsa2048-imported -w 6',
      ],
    },
    {
      title: 'Use it',
      text:
        'Inside the HSM the imported key works like any other private key. Sign `message.txt` with it (handle {imported}), ' +
        'with `-m 1` (SHA256_RSA_PKCS).',
      goals: [
        { kind: 'file', text: 'message.sig holds a 256-byte signature', path: 'message.sig', size: 256 },
      ],
      hints: [
        '`sign -f <file> -k <private key> -m 1 -out <signature file>`.',
        '`sign -f message.txt -k {imported} -m 1 -out message.sig`.',
      ],
      solution: [
        'sign -f message.txt -k {imported} -m 1 -out message.sig',
      ],
    },
    {
      title: 'Same key inside and out',
      text:
        'Prove that the key in the HSM is the one from the file: take the public half out of `rsa2048.key` with ' +
        '`openssl pkey -pubout`, and check the HSM\'s signature with it. Send the answer into `verified.txt`; it says ' +
        '`Verified OK`.',
      goals: [
        { kind: 'file', text: 'verified.txt says Verified OK', path: 'verified.txt', size: 12 },
      ],
      hints: [
        '`exit`, then `openssl pkey -in rsa2048.key -pubout -out rsa2048.pub`.',
        '`openssl dgst -sha256 -verify rsa2048.pub -signature message.sig message.txt > verified.txt`.',
      ],
      solution: [
        'exit',
        'openssl pkey -in rsa2048.key -pubout -out rsa2048.pub',
        'openssl dgst -sha256 -verify rsa2048.pub -signature message.sig message.txt > verified.txt',
      ],
    },
    {
      title: 'Remove the plaintext key',
      text:
        'The HSM now holds the key, but the plaintext copy is still on the host, readable by anyone who gets the file. ' +
        'Importing a key only protects it if the other copies are gone: delete `rsa2048.key`. The public key file can stay.',
      goals: [
        { kind: 'file', text: 'rsa2048.key is gone', path: 'rsa2048.key', exists: false },
      ],
      hints: [
        '`rm rsa2048.key`.',
      ],
      solution: [
        'rm rsa2048.key',
      ],
    },
  ],
  source: {
    title: 'AWS CloudHSM User Guide: importPrivateKey (key_mgmt_util)',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-importPrivateKey.html',
  },
};

export default lesson;
