/**
 * Lesson 9: Trusted keys (users-and-keys.md §6, attributes.md §2: OBJ_ATTR_TRUSTED 134 is written
 * only by a CO with CMU setAttribute; OBJ_ATTR_WRAP_WITH_TRUSTED 528 is one-way and set by the
 * key's owner; errors.md §4.2: wrapKey of such a key with an untrusted wrapping key is `0xc6`).
 * Two keys of example_user are in the start state, with simple handles so they are 6 and 7.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'trusted-keys',
  title: 'Trusted keys',
  summary: 'As the crypto officer, mark a wrapping key trusted, and make a key that may only be wrapped with trusted keys.',
  start: {
    handles: 'simple',
    keys: [
      { handle: 6, keyType: 'AES', label: 'wrapping-key', owner: 3, value: '6f1c0b7e2a9d4c3f8e5b7a0d1c2e3f405162738495a6b7c8d9eaf0b1c2d3e4f5' },
      { handle: 7, keyType: 'AES', label: 'data-key', owner: 3, value: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
    ],
  },
  steps: [
    {
      title: 'Protect the data key',
      text:
        'example_user owns two AES keys: `wrapping-key` (handle 6) and `data-key` (handle 7). The owner of a key may wrap it ' +
        'with any wrapping key it can use and carry it out of the HSM, even one whose material is known outside: an ' +
        'application that is careless or compromised could leak the key that way. **OBJ_ATTR_WRAP_WITH_TRUSTED** ' +
        '(attribute 528) closes that door: a key with it set to 1 may only be wrapped with a key a crypto officer has marked ' +
        '**trusted**.\n\n' +
        'The key\'s owner sets it, in `cloudhsm_mgmt_util` with `setAttribute <handle> <attribute> <value>`. It is one-way: ' +
        'once 1, nobody can set it back to 0. Log in there as `example_user` (password `example_pwd`) and set attribute 528 of ' +
        'key 7 to 1; confirm with `y`.',
      goals: [
        { kind: 'program', text: 'You are in cloudhsm_mgmt_util as the key\'s owner, example_user', program: 'cmu', user: 'example_user' },
        { kind: 'key', text: 'data-key may only be wrapped with trusted keys', match: { label: 'data-key', wrapWithTrusted: true }, bind: 'data' },
      ],
      hints: [
        'Start `cloudhsm_mgmt_util` and log in with `loginHSM CU example_user example_pwd`.',
        '`setAttribute 7 528 1`, then answer `y`.',
      ],
      solution: [
        'cloudhsm_mgmt_util',
        'loginHSM CU example_user example_pwd',
        'setAttribute 7 528 1',
        '> y',
      ],
    },
    {
      title: 'An untrusted key may not wrap it',
      text:
        'Now try to wrap the data key with `wrapping-key` in `key_mgmt_util`. You own both keys, yet the HSM refuses with ' +
        '`0xc6` (Key Access is denied): wrapping-key is not trusted.',
      refusal: true,
      goals: [
        { kind: 'code', text: 'wrapKey answered 0xc6', code: 0xc6, program: 'kmu', command: 'wrapKey' },
      ],
      hints: [
        '`quit` leaves cloudhsm_mgmt_util; start `key_mgmt_util` and log in with `loginHSM -u CU -s example_user -p example_pwd`.',
        '`wrapKey -k 7 -w 6 -m 5 -out data-key.wrapped` wraps key 7 with key 6 (`-m 5`: RFC 3394 key wrap).',
      ],
      solution: [
        'quit',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'wrapKey -k 7 -w 6 -m 5 -out data-key.wrapped',
      ],
    },
    {
      title: 'The crypto officer trusts the wrapping key',
      text:
        'Trust is the crypto officer\'s decision, not the key owner\'s: only a CO can set **OBJ_ATTR_TRUSTED** (attribute 134), ' +
        'and no crypto user can, not even the owner. The CO vets a wrapping key and marks it; crypto users can then wrap ' +
        'protected keys with it.\n\n' +
        'Leave key_mgmt_util, log in to `cloudhsm_mgmt_util` as the CO `admin` (password `co12345`) and set attribute 134 of ' +
        'key 6 to 1.',
      goals: [
        { kind: 'program', text: 'You are in cloudhsm_mgmt_util as the CO admin', program: 'cmu', user: 'admin' },
        { kind: 'key', text: 'wrapping-key is trusted', match: { label: 'wrapping-key', trusted: true }, bind: 'wrapper' },
      ],
      hints: [
        '`exit`, then `cloudhsm_mgmt_util` and `loginHSM CO admin co12345`.',
        '`setAttribute 6 134 1`, then answer `y`.',
      ],
      solution: [
        'exit',
        'cloudhsm_mgmt_util',
        'loginHSM CO admin co12345',
        'setAttribute 6 134 1',
        '> y',
      ],
    },
    {
      title: 'Now the wrap works',
      text:
        'Go back to key_mgmt_util as example_user and run the same wrapKey again. This time the wrapping key is trusted, ' +
        'so the HSM lets the data key out, encrypted under it.',
      goals: [
        { kind: 'file', text: 'data-key.wrapped holds the wrapped data key', path: 'data-key.wrapped', exists: true },
      ],
      hints: [
        '`quit`, `key_mgmt_util`, then log in as example_user.',
        '`wrapKey -k 7 -w 6 -m 5 -out data-key.wrapped`.',
      ],
      solution: [
        'quit',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'wrapKey -k 7 -w 6 -m 5 -out data-key.wrapped',
      ],
    },
    {
      title: 'The protection travels with the key',
      text:
        'Unwrap the file to make a copy of the data key. key_mgmt_util\'s file header carries the key\'s attributes, so the ' +
        'copy is born with WRAP_WITH_TRUSTED = 1 as well: it can only leave the HSM under a trusted key too. Its key check ' +
        'value is the data key\'s: the same material.',
      goals: [
        {
          kind: 'key', text: 'A new copy of data-key, with the same KCV and still wrap-with-trusted',
          match: { kcvOf: 'data', notAny: ['data'], wrapWithTrusted: true, local: false }, bind: 'copy',
        },
      ],
      hints: [
        'unWrapKey reads the file (`-f`), the unwrapping key (`-w`) and the mechanism it was wrapped with (`-m 5`).',
        '`unWrapKey -f data-key.wrapped -w 6 -m 5`.',
      ],
      solution: [
        'unWrapKey -f data-key.wrapped -w 6 -m 5',
      ],
    },
  ],
  source: {
    title: 'AWS CloudHSM User Guide: Using trusted keys to control key unwraps',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/cloudhsm_using_trusted_keys_control_key_wrap.html',
  },
};

export default lesson;
