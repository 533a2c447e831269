/**
 * Lesson 3: Session keys and token keys — the imSymKey page's 3DES example
 * (`imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest`, session key 37 on node 0),
 * the session key gone after logoutHSM, and a session key turned into a token key with KMU
 * setAttribute (OBJ_ATTR_TOKEN, attribute 1).
 *
 * The session key that setAttribute turns into a token key is made in the same step: a reload ends
 * the KMU session and its session keys, and returns to the step's checkpoint, so a step that acts on
 * a session key makes that key itself (step 2's goal, the session key gone, holds after a reload too).
 */
import type { Lesson } from '../format';
import { GUIDE_IMSYMKEY_3DES_SESSION } from '../../scenarios/guide';

const lesson: Lesson = {
  id: 'session-vs-token',
  title: 'Session keys and token keys',
  summary: 'Import a 3DES key as a session key, see it vanish when the session ends, and turn a session key into a token key.',
  // The guide's start state: example_user owns AES key 6 (`wrapping-key`); the client host holds
  // 3des192.key, 24 raw bytes; node 0 serves, so the session key gets the guide's handle 37.
  start: GUIDE_IMSYMKEY_3DES_SESSION,
  source: {
    title: 'AWS CloudHSM User Guide: imSymKey',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-imSymKey.html',
  },
  steps: [
    {
      title: 'Import a 3DES key as a session key',
      text:
        'A key normally lives in the HSM until someone deletes it: a **token key**, copied to every HSM of the cluster. ' +
        'With `-sess` it is a **session key** instead: it exists on one HSM only, and only for the key_mgmt_util session ' +
        'that made it. That suits keys you need for a moment, such as a key used only to carry another one.\n\n' +
        'Start `key_mgmt_util`, log in as `example_user` (password `example_pwd`), and import `3des192.key` as a 3DES key ' +
        '(`-t 21`) labelled `temp` with ID `test01`, wrapping with key 6, as a session key, with `-attest` to have the HSM\'s answer ' +
        'checked. Note the cluster block: only the one HSM that holds the key answers.',
      goals: [
        {
          kind: 'key',
          text: 'A 3DES session key labelled `temp` with ID test01 exists',
          match: { label: 'temp', id: 'test01', keyType: '3DES', size: 24, token: false },
          bind: 'temp',
        },
      ],
      hints: [
        'Type `key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        'Besides `-f`, `-w`, `-t` and `-l`, this import takes `-id test01`, `-sess` and `-attest`.',
        'Type `imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest',
      ],
    },
    {
      title: 'End the session',
      text:
        'Session key **{temp}** is listed by `findKey -sess 1` (keys valid only in this session). Now log out with `logoutHSM`. ' +
        'Logging out, `exit`, a lost connection (or reloading this page) ends the session, and its session keys are destroyed: ' +
        'there is no way to get them back.',
      goals: [
        { kind: 'key', text: 'Session key {temp} no longer exists', match: { is: 'temp' }, absent: true },
      ],
      hints: [
        'Logging out ends the session.',
        'Type `logoutHSM`.',
      ],
      solution: ['logoutHSM'],
    },
    {
      title: 'Make a session key, and keep it',
      text:
        'Log in again: `findKey -sess 1` now finds nothing. Import `3des192.key` once more as a session key, this time labelled ' +
        '`kept` (no `-id` this time, and `-attest` is optional).\n\n' +
        'Suppose this session key turns out to be worth keeping. key_mgmt_util\'s `setAttribute` can change exactly one ' +
        'attribute: `OBJ_ATTR_TOKEN` (number 1), from 0 to 1. Give it the new key\'s handle; it asks for the value: answer `1`. ' +
        'The cluster block then lists every HSM, because the key is now copied to all of them. It survives `logoutHSM` and ' +
        '`exit`: try it, and find it with `findKey -sess 0`.\n\n' +
        'The other way, a token key back into a session key, is refused: an answer of `0` fails with `0xe1`.',
      goals: [
        {
          kind: 'key',
          text: 'A 3DES key labelled `kept` exists',
          match: { label: 'kept', keyType: '3DES' },
          bind: 'kept',
        },
        { kind: 'key', text: 'Key `kept` is a token key', match: { is: 'kept', token: true } },
      ],
      hints: [
        'Log in again with `loginHSM -u CU -s example_user -p example_pwd`, then type `imSymKey -f 3des192.key -w 6 -t 21 -l kept -sess`.',
        'The syntax is `setAttribute -o <handle> -a 1`; it then asks for the value.',
        'Type `setAttribute -o`, the handle imSymKey printed (`Key Handle: …`) and `-a 1`; then answer `1`.',
      ],
      solution: [
        'loginHSM -u CU -s example_user -p example_pwd',
        'imSymKey -f 3des192.key -w 6 -t 21 -l kept -sess',
        'setAttribute -o {kept} -a 1',
        '> 1',
      ],
    },
  ],
};

export default lesson;
