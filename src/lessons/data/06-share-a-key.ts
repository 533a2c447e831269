/**
 * Lesson 6: Share a key with another crypto user — cloudhsm_mgmt_util's shareKey (users-and-keys.md
 * §9.6) by the owning CU, the key used by the second CU in key_mgmt_util (as imSymKey's wrapping
 * key), and the owner-only rights of §4.2: the shared user's exSymKey answers 0xc6 (a refusal step);
 * then the owner takes the share back.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'share-a-key',
  title: 'Share a key with another crypto user',
  summary: 'Share a key from cloudhsm_mgmt_util, use it as the second user, and meet 0xc6 where sharing stops.',
  // Decision 1's users plus a second crypto user, bob (id 4, password bob_pwd); no keys yet; node 0 serves.
  start: {
    servingNode: 0,
    users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bob_pwd' }],
  },
  source: {
    title: 'AWS CloudHSM User Guide: shareKey',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/cloudhsm_mgmt_util-shareKey.html',
  },
  steps: [
    {
      title: 'Make a key as its owner',
      text:
        'Every key belongs to the crypto user (CU) who created it. Only the owner sees and uses it, unless the owner shares it. ' +
        'This cluster has two crypto users: `example_user` (password `example_pwd`) and `bob` (password `bob_pwd`).\n\n' +
        'Start `key_mgmt_util`, log in as `example_user`, and generate an AES-256 key (`-t 31 -s 32`) labelled `team-key`.',
      goals: [
        {
          kind: 'key',
          text: 'example_user owns an AES key labelled `team-key`, shared with nobody',
          match: { label: 'team-key', keyType: 'AES', owner: 'example_user', unshared: true },
          bind: 'team',
        },
      ],
      hints: [
        'Type `key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        'Type `genSymKey -t 31 -s 32 -l team-key`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'genSymKey -t 31 -s 32 -l team-key',
      ],
    },
    {
      title: 'Share it from cloudhsm_mgmt_util',
      text:
        'key_mgmt_util can share a key only while creating it (`-u`). To share key **{team}** now, the owner uses ' +
        '`cloudhsm_mgmt_util` and its `shareKey <key handle> <user id> 1` (`0` unshares). It takes the user\'s **id**, not the ' +
        'name: `listUsers` shows that bob is user 4.\n\n' +
        'Leave key_mgmt_util (`exit`), start `cloudhsm_mgmt_util`, log in there as the crypto user with ' +
        '`loginHSM CU example_user example_pwd`, and share the key with bob. shareKey warns that it is a critical operation and ' +
        'asks to continue: answer `y`.',
      goals: [
        { kind: 'key', text: 'Key {team} is shared with bob', match: { is: 'team', sharedWith: 'bob' } },
      ],
      hints: [
        'Type `exit`, `cloudhsm_mgmt_util`, then `loginHSM CU example_user example_pwd` (no `-u`/`-s`/`-p` in this tool).',
        'Type `shareKey {team} 4 1`, then answer `y`.',
      ],
      solution: [
        'exit',
        'cloudhsm_mgmt_util',
        'loginHSM CU example_user example_pwd',
        'shareKey {team} 4 1',
        '> y',
      ],
    },
    {
      title: 'Use it as bob',
      text:
        'Now be bob. Leave cloudhsm_mgmt_util (`quit`), make a fresh 32-byte key file with `openssl rand -out bob.key 32`, start ' +
        '`key_mgmt_util` and log in as bob. `findKey` lists key {team} for bob now.\n\n' +
        'A shared user may use the key in cryptographic operations. Use it as the wrapping key to import `bob.key` as an AES key ' +
        'labelled `bob-key`. The new key belongs to bob, not to the owner of the wrapping key.',
      goals: [
        {
          kind: 'key',
          text: 'bob owns a key labelled `bob-key` with the bytes of bob.key',
          match: { label: 'bob-key', owner: 'bob', materialOf: { file: 'bob.key' } },
          bind: 'bobkey',
        },
      ],
      hints: [
        'Type `quit`, `openssl rand -out bob.key 32`, `key_mgmt_util`, then `loginHSM -u CU -s bob -p bob_pwd`.',
        'Type `imSymKey -f bob.key -w {team} -t 31 -l bob-key`.',
      ],
      solution: [
        'quit',
        'openssl rand -out bob.key 32',
        'key_mgmt_util',
        'loginHSM -u CU -s bob -p bob_pwd',
        'imSymKey -f bob.key -w {team} -t 31 -l bob-key',
      ],
    },
    {
      title: 'Where sharing stops: 0xc6',
      text:
        'Sharing lends the use of a key, not the key. Only the owner may export it, delete it, share or unshare it, or change ' +
        'its attributes. Still as bob, try to take a plaintext copy of key {team} with `exSymKey`. The HSM refuses with ' +
        '`0xc6`, "Key Access is denied" (type `explain 0xc6` at the host shell for more). `deleteKey -k {team}` gets the same answer.',
      refusal: true,
      goals: [
        { kind: 'code', text: 'exSymKey of key {team} as bob is refused with 0xc6', code: 0xc6, program: 'kmu', command: 'exSymKey' },
      ],
      hints: [
        'exSymKey needs a key (`-k`), a wrapping key (`-w`) and a file (`-out`); bob can use key {team} itself as the wrapping key.',
        'Type `exSymKey -k {team} -w {team} -out team.key`.',
      ],
      solution: ['exSymKey -k {team} -w {team} -out team.key'],
    },
    {
      title: 'Take the share back',
      text:
        'The owner decides who shares a key, and can change their mind. Leave key_mgmt_util (`exit`), start ' +
        '`cloudhsm_mgmt_util`, log in as `example_user` and unshare key {team} from bob: the same `shareKey` with `0` at the end. ' +
        'From then on bob cannot even use it (`0xc6` again), but `bob-key`, which bob made with it, stays bob\'s.',
      goals: [
        { kind: 'key', text: 'Key {team} is shared with nobody again', match: { is: 'team', unshared: true } },
      ],
      hints: [
        'Type `exit`, `cloudhsm_mgmt_util`, then `loginHSM CU example_user example_pwd`.',
        'Type `shareKey {team} 4 0`, then answer `y`.',
      ],
      solution: [
        'exit',
        'cloudhsm_mgmt_util',
        'loginHSM CU example_user example_pwd',
        'shareKey {team} 4 0',
        '> y',
      ],
    },
  ],
};

export default lesson;
