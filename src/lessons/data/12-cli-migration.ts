/**
 * Lesson 12: From key_mgmt_util to the CloudHSM CLI — walkthroughs 1 to 3 of cloudhsm-cli.md §7
 * (§7.2 a KMU key found in the CLI, §7.3 `wrapKey -m 5 -noheader` and `key wrap aes-no-pad` write
 * the same bytes, §7.4 `key share` and CMU `shareKey` edit one share list), on the same keys. With
 * simple handles, as the walkthroughs start, the keys are 6 and 7; the lesson names them by binding.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'cli-migration',
  title: 'From key_mgmt_util to the CloudHSM CLI',
  summary: "Do what you know in key_mgmt_util again in the CloudHSM CLI, on the same keys: find, share and wrap them in the successor's syntax.",
  start: {
    handles: 'simple',
  },
  steps: [
    {
      title: 'Two keys, the way you know',
      text:
        'key_mgmt_util and cloudhsm_mgmt_util belong to Client SDK 3. Their successor, the **CloudHSM CLI** of Client SDK 5, ' +
        'is one tool for both jobs, with new syntax over the same HSMs, users and keys. This lesson does each thing twice: ' +
        'first as you know it, then in the CLI.\n\n' +
        'Start with key_mgmt_util: log in as `example_user` (password `example_pwd`) and make two AES keys, a 256-bit ' +
        '`wrapping-key` and a 128-bit `payload-key`.',
      goals: [
        { kind: 'key', text: 'A 32-byte AES key labelled wrapping-key', match: { keyType: 'AES', label: 'wrapping-key', size: 32 }, bind: 'wrapping' },
        { kind: 'key', text: 'A 16-byte AES key labelled payload-key', match: { keyType: 'AES', label: 'payload-key', size: 16 }, bind: 'payload' },
      ],
      hints: [
        '`key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        '`genSymKey -t 31 -s 32 -l wrapping-key`, then `genSymKey -t 31 -s 16 -l payload-key`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'genSymKey -t 31 -s 32 -l wrapping-key',
        'genSymKey -t 31 -s 16 -l payload-key',
      ],
    },
    {
      title: 'Wrap with -m 5, with and without the header',
      text:
        'Wrap payload-key (handle {payload}) with wrapping-key (handle {wrapping}) using `-m 5`, RFC 3394 AES key wrap, ' +
        'twice: once with `-noheader` into `payload.kmu`, which holds just the 24 wrapped bytes, and once without it into ' +
        '`payload.hdr`, which starts with key_mgmt_util\'s own header carrying the key\'s attributes.\n\n' +
        'After a wrap, **Inside a key wrap** beside the terminal offers to step through it: RFC 3394 runs 6 rounds over the ' +
        'key\'s two 64-bit blocks, 12 steps.',
      goals: [
        { kind: 'file', text: 'payload.kmu holds the 24 bytes of the bare wrap', path: 'payload.kmu', size: 24 },
        { kind: 'file', text: 'payload.hdr holds the wrap with its header', path: 'payload.hdr', exists: true },
      ],
      hints: [
        '`wrapKey -k <key> -w <wrapping key> -m 5 -out <file>`; add `-noheader` for the bare form.',
        '`wrapKey -k {payload} -w {wrapping} -m 5 -noheader -out payload.kmu`, then `wrapKey -k {payload} -w {wrapping} -m 5 -out payload.hdr`.',
      ],
      solution: [
        'wrapKey -k {payload} -w {wrapping} -m 5 -noheader -out payload.kmu',
        'wrapKey -k {payload} -w {wrapping} -m 5 -out payload.hdr',
      ],
    },
    {
      title: 'The same keys, the same wrap, in the CLI',
      text:
        'Leave key_mgmt_util and start the CLI with `cloudhsm-cli interactive`. Its login names the role: ' +
        '`login --username example_user --role crypto-user --password example_pwd`. Answers are JSON.\n\n' +
        'The CLI finds keys with **filters** instead of handles: `key list --filter attr.label=wrapping-key` finds the key you ' +
        'made in key_mgmt_util. Its `key-reference` is handle {wrapping} written in hex ({wrapping.ref}): one key, two spellings. ' +
        'Add `--verbose` to see all its attributes.\n\n' +
        'Then wrap payload-key with `key wrap aes-no-pad`, the CLI\'s name for RFC 3394, into `payload.cli`. RFC 3394 has no ' +
        'randomness, so the CLI writes exactly the bytes of `payload.kmu`.',
      goals: [
        { kind: 'program', text: 'You are in the CloudHSM CLI as example_user', program: 'cli', user: 'example_user' },
        { kind: 'file', text: 'payload.cli is byte for byte payload.kmu', path: 'payload.cli', sameAs: { file: 'payload.kmu' } },
      ],
      hints: [
        '`exit`, `cloudhsm-cli interactive`, then `login --username example_user --role crypto-user --password example_pwd`.',
        '`key list --filter attr.label=wrapping-key` finds it; `key wrap aes-no-pad` takes `--payload-filter`, `--wrapping-filter` and `--path`.',
        '`key wrap aes-no-pad --payload-filter attr.label=payload-key --wrapping-filter attr.label=wrapping-key --path payload.cli`.',
      ],
      solution: [
        'exit',
        'cloudhsm-cli interactive',
        'login --username example_user --role crypto-user --password example_pwd',
        'key list --filter attr.label=wrapping-key',
        'key wrap aes-no-pad --payload-filter attr.label=payload-key --wrapping-filter attr.label=wrapping-key --path payload.cli',
      ],
    },
    {
      title: 'Unwrap in the CLI',
      text:
        '`key unwrap aes-no-pad` takes the unwrapping key by filter, the file, a label and the type of the key inside ' +
        '(`--key-type-class aes`). Try `payload.hdr` first: it fails with "Unwrap failed - integrity check error", because ' +
        'the CLI reads the whole file as wrapped bytes and knows nothing of key_mgmt_util\'s header. Then unwrap ' +
        '`payload.kmu` as `payload-copy`: the copy has payload-key\'s check value and `local` false, and it gets the ' +
        'CLI\'s unwrap defaults (encrypt and decrypt off) rather than key_mgmt_util\'s.',
      goals: [
        {
          kind: 'key', text: 'payload-copy: a new key with payload-key\'s check value', match: { label: 'payload-copy', kcvOf: 'payload', notAny: ['payload'], local: false },
          bind: 'copy',
        },
      ],
      hints: [
        '`key unwrap aes-no-pad --filter attr.label=wrapping-key --key-type-class aes --label header-copy --data-path payload.hdr` shows the failure.',
        '`key unwrap aes-no-pad --filter attr.label=wrapping-key --key-type-class aes --label payload-copy --data-path payload.kmu`.',
      ],
      solution: [
        'key unwrap aes-no-pad --filter attr.label=wrapping-key --key-type-class aes --label header-copy --data-path payload.hdr',
        'key unwrap aes-no-pad --filter attr.label=wrapping-key --key-type-class aes --label payload-copy --data-path payload.kmu',
      ],
    },
    {
      title: 'A new user, created by the admin',
      text:
        'In cloudhsm_mgmt_util a crypto officer creates users with `createUser`. In the CLI the crypto officer is the ' +
        '**admin** role. Log out, log in as `admin` (password `co12345`) and create a crypto user `alice` with the password ' +
        '`alice_pwd`.',
      goals: [
        { kind: 'program', text: 'You are in the CloudHSM CLI as admin', program: 'cli', user: 'admin' },
        { kind: 'user', text: 'alice is a crypto user', name: 'alice', type: 'CU' },
      ],
      hints: [
        '`logout`, then `login --username admin --role admin --password co12345`.',
        '`user create --username alice --role crypto-user --password alice_pwd`.',
      ],
      solution: [
        'logout',
        'login --username admin --role admin --password co12345',
        'user create --username alice --role crypto-user --password alice_pwd',
      ],
    },
    {
      title: 'Share the key in the CLI',
      text:
        'Share wrapping-key with alice. Try it as admin first: "Invalid user type for this operation". As in ' +
        'cloudhsm_mgmt_util, only the key\'s owner shares it, and the owner is a crypto user. Log back in as example_user and ' +
        'run the same `key share`. In key_mgmt_util, `getKeyInfo -k {wrapping}` would now say "shared to following 1 user(s): 4": ' +
        'alice is user 4 to the old tools.',
      goals: [
        { kind: 'program', text: 'You are back in the CLI as the owner, example_user', program: 'cli', user: 'example_user' },
        { kind: 'key', text: 'wrapping-key is shared with alice', match: { is: 'wrapping', sharedWith: 'alice' } },
      ],
      hints: [
        '`key share --filter key-reference={wrapping.ref} --username alice --role crypto-user`, as admin and then as example_user.',
        'Between the two: `logout` and `login --username example_user --role crypto-user --password example_pwd`.',
      ],
      solution: [
        'key share --filter key-reference={wrapping.ref} --username alice --role crypto-user',
        'logout',
        'login --username example_user --role crypto-user --password example_pwd',
        'key share --filter key-reference={wrapping.ref} --username alice --role crypto-user',
      ],
    },
    {
      title: 'One share list for both tools',
      text:
        'The CLI\'s `key share` and cloudhsm_mgmt_util\'s `shareKey` edit the same list on the HSMs. Unshare the key the old ' +
        'way: `quit` the CLI, start `cloudhsm_mgmt_util`, log in as example_user and run `shareKey {wrapping} 4 0` ' +
        '(key, user id, 0 = unshare), confirming with `y`. A `key unshare` in the CLI afterwards would answer ' +
        '"Key is not shared with alice".',
      goals: [
        { kind: 'key', text: 'wrapping-key is shared with nobody again', match: { is: 'wrapping', unshared: true } },
      ],
      hints: [
        '`quit`, `cloudhsm_mgmt_util`, then `loginHSM CU example_user example_pwd`.',
        '`shareKey {wrapping} 4 0`, then `y`.',
      ],
      solution: [
        'quit',
        'cloudhsm_mgmt_util',
        'loginHSM CU example_user example_pwd',
        'shareKey {wrapping} 4 0',
        '> y',
      ],
    },
  ],
  source: {
    title: 'AWS CloudHSM User Guide: Migrate from KMU and CMU to CloudHSM CLI',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/cloudhsm_cli-migrate-from-kmu-cmu.html',
  },
};

export default lesson;
