/**
 * Lesson 8: -min_srv and -timeout with an HSM down (cluster.md §3, kmu-commands.md §1.8 and G-16,
 * errors.md §4.3: a -min_srv that cannot be met creates no key and answers `0x30000085`). The
 * learner takes HSM 2 down with the playground's `hsm stop`, sees a key demanded on two HSMs made
 * and one demanded on three refused after the timeout, then brings the HSM back.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'min-srv-timeout',
  title: '-min_srv and -timeout with an HSM down',
  summary: 'Take an HSM down and see how -min_srv and -timeout decide whether a new key is made.',
  start: {
    hsms: 3,
  },
  steps: [
    {
      title: 'Two copies, with one HSM down',
      text:
        'A new token key is made on one HSM and then copied to the others. By default key_mgmt_util reports success as soon ' +
        'as **one** HSM holds it, so if that HSM fails before the copy, the key is lost. `-min_srv <n>` makes the command ' +
        'succeed only once the key is on at least n HSMs; the guide recommends at least 2.\n\n' +
        'This cluster has three HSMs (node ids 0, 1 and 2). Take HSM 2 down with the playground command `hsm stop 2` ' +
        '(`hsm list` shows their states), then start `key_mgmt_util`, log in as `example_user` (password `example_pwd`) ' +
        'and make an AES key labelled `two_copies` that must be on two HSMs. Read the node block: HSM 2 answers `0x30000085`, ' +
        'and the key is made anyway, because two HSMs hold it.',
      goals: [
        { kind: 'hsm', text: 'HSM 2 is down', node: 2, state: 'down' },
        { kind: 'key', text: 'An AES key labelled two_copies exists', match: { keyType: 'AES', label: 'two_copies', token: true }, bind: 'two' },
      ],
      hints: [
        'At the `$ ` prompt: `hsm stop 2`. Then `key_mgmt_util` and `loginHSM -u CU -s example_user -p example_pwd`.',
        'genSymKey takes the key type (`-t 31` is AES), the size in bytes (`-s 32`), the label (`-l`) and `-min_srv 2`.',
      ],
      solution: [
        'hsm stop 2',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'genSymKey -t 31 -s 32 -l two_copies -min_srv 2',
      ],
    },
    {
      title: 'Three copies cannot be made',
      text:
        'Now ask for a key that must be on all three HSMs. Only two are up, so the requirement cannot be met. ' +
        '`-timeout <seconds>` says how long key_mgmt_util waits for it: if the HSM came back within that time (from another ' +
        'tab, say) it would receive the key and the command would succeed. Here it does not, so after the wait the client ' +
        'removes the copies it made and answers `0x30000085`: no key is created.\n\n' +
        'Without `-timeout` the real tool would wait for ever; the playground refuses at once instead.\n\n' +
        'This is why the guide recommends a `-min_srv` of at most one fewer than the HSMs in the cluster: asking for all of ' +
        'them means a single HSM down stops every new key.',
      refusal: true,
      goals: [
        { kind: 'code', text: 'genSymKey answered 0x30000085 (not enough HSMs)', code: 0x30000085, program: 'kmu', command: 'genSymKey' },
      ],
      hints: [
        'The same genSymKey with another label, `-min_srv 3` and a short `-timeout`, e.g. `-timeout 3`.',
      ],
      solution: [
        'genSymKey -t 31 -s 32 -l three_copies -min_srv 3 -timeout 3',
      ],
    },
    {
      title: 'Bring the HSM back',
      text:
        'Start HSM 2 again and repeat the command: with three HSMs up, three copies are made and the command succeeds. ' +
        'An HSM that comes back also receives the token keys made while it was down (here `two_copies`).\n\n' +
        '`hsm` is a command of the host shell, so leave key_mgmt_util first. Leaving it ends your session: log in again after.',
      goals: [
        { kind: 'hsm', text: 'HSM 2 is up', node: 2, state: 'up' },
        { kind: 'key', text: 'An AES key labelled three_copies exists', match: { keyType: 'AES', label: 'three_copies', token: true }, bind: 'three' },
      ],
      hints: [
        '`exit`, then `hsm start 2`.',
        'Then `key_mgmt_util`, log in, and run `genSymKey -t 31 -s 32 -l three_copies -min_srv 3 -timeout 3` again.',
      ],
      solution: [
        'exit',
        'hsm start 2',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'genSymKey -t 31 -s 32 -l three_copies -min_srv 3 -timeout 3',
      ],
    },
  ],
  source: {
    title: 'AWS CloudHSM User Guide: Key synchronization in AWS CloudHSM',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/manage-key-sync.html',
  },
};

export default lesson;
