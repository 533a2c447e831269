/**
 * Lesson 4: Move a key between two clusters — the imSymKey page's second example
 * (`imSymKey -f aes.key -w 262152 -t 31 -l xcluster` in the destination cluster) and cluster.md §6.4's
 * plaintext route between unrelated clusters: exSymKey in cluster-1, imSymKey in cluster-2 with a
 * wrapping key of that cluster, equal KCVs (getAttribute -a 371) on both sides as the proof.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'move-between-clusters',
  title: 'Move a key between two clusters',
  summary: 'Export a key from one cluster, import it into another with a wrapping key of that cluster, and prove it arrived.',
  // Two unrelated clusters, each with decision 1's users (example_user / example_pwd on both).
  // cluster-1 (the terminal starts there): AES key 14 `to-move` and wrapping key 6, both owned by
  // example_user. cluster-2: its own wrapping key 262152 (the guide's handle); its object index
  // continues at 21, as in the guide's sample.
  start: {
    keys: [
      { handle: 6, keyType: 'AES', label: 'wrapping-key', owner: 3, value: '2b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfe' },
      { handle: 14, keyType: 'AES', label: 'to-move', owner: 3, value: '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51' },
    ],
    clusters: [
      {
        id: 'cluster-2',
        nextIndex: 21,
        keys: [
          { handle: 262152, keyType: 'AES', label: 'wrapping-key', owner: 3, value: 'f69f2445df4f9b17ad2b417be66c3710b9d8e4a3c7f2e5d1a0c3b6e9f8d7c5a4' },
        ],
      },
    ],
  },
  source: {
    title: 'AWS CloudHSM User Guide: imSymKey',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-imSymKey.html',
  },
  steps: [
    {
      title: 'Export the key from cluster-1',
      text:
        'You have two clusters that share nothing: not a backup, not a masking key (`cluster list` at the `$ ` prompt shows them). ' +
        'Key **14** (`to-move`) is in `cluster-1`, where your terminal is, and it must also be in `cluster-2`. The guide\'s route ' +
        'for unrelated clusters goes through the client host: export the key in plaintext, import it on the other side.\n\n' +
        'Start `key_mgmt_util`, log in as `example_user` (password `example_pwd`) and export key 14 to `aes.key` with `exSymKey`, ' +
        'wrapping with key 6.',
      goals: [
        {
          kind: 'key',
          text: 'aes.key holds the material of key 14 of cluster-1',
          match: { cluster: 'cluster-1', label: 'to-move', materialOf: { file: 'aes.key' } },
          bind: 'source',
        },
      ],
      hints: [
        'Type `key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        'Type `exSymKey -k 14 -w 6 -out aes.key`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'exSymKey -k 14 -w 6 -out aes.key',
      ],
    },
    {
      title: 'Note its key check value',
      text:
        'Before you leave cluster-1, write the key check value of key 14 (attribute 371) to `kcv-cluster-1.txt`. ' +
        'The KCV depends only on the key bytes, so it is the same in every cluster that holds the same key.',
      goals: [
        { kind: 'file', text: 'kcv-cluster-1.txt holds the KCV of key 14 in cluster-1', path: 'kcv-cluster-1.txt', exists: true },
      ],
      hints: ['Type `getAttribute -o 14 -a 371 -out kcv-cluster-1.txt`.'],
      solution: ['getAttribute -o 14 -a 371 -out kcv-cluster-1.txt'],
    },
    {
      title: 'Import it into cluster-2',
      text:
        'Leave key_mgmt_util (`exit`), switch the terminal to the other cluster with `cluster use cluster-2`, and start ' +
        'key_mgmt_util again. The same crypto user exists there, with the same password: the guide\'s route needs one user who ' +
        'can log in to both clusters.\n\n' +
        'Import `aes.key` as an AES key labelled `xcluster`. Key 6 means nothing in cluster-2: wrap with a key of **this** ' +
        'cluster, 262152. The two wrapping keys need not be related, because the key travels as plaintext in the file.',
      goals: [
        {
          kind: 'key',
          text: 'cluster-2 holds a key labelled `xcluster` with the material of key 14',
          match: { cluster: 'cluster-2', label: 'xcluster', keyType: 'AES', materialOf: { key: 'source' } },
          bind: 'arrived',
        },
        { kind: 'kcv-equal', text: 'Its KCV equals the KCV of key 14 in cluster-1', a: 'source', b: 'arrived' },
      ],
      hints: [
        'Type `exit`, then `cluster use cluster-2`; `cluster list` marks the current cluster.',
        'Start `key_mgmt_util` and log in as in cluster-1.',
        'Type `imSymKey -f aes.key -w 262152 -t 31 -l xcluster`.',
      ],
      solution: [
        'exit',
        'cluster use cluster-2',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'imSymKey -f aes.key -w 262152 -t 31 -l xcluster',
      ],
    },
    {
      title: 'Prove it arrived',
      text:
        'The key arrived as handle **{arrived}**: a handle of cluster-2, not 14, because each cluster numbers its own objects. ' +
        'A different number, the same key: show it as the guide does. Write the KCV of key {arrived} to `kcv-cluster-2.txt`; it ' +
        'must read exactly like `kcv-cluster-1.txt`.',
      goals: [
        {
          kind: 'file',
          text: 'kcv-cluster-2.txt says the same as kcv-cluster-1.txt',
          path: 'kcv-cluster-2.txt',
          sameAs: { file: 'kcv-cluster-1.txt' },
        },
      ],
      hints: ['Type `getAttribute -o {arrived} -a 371 -out kcv-cluster-2.txt`.'],
      solution: ['getAttribute -o {arrived} -a 371 -out kcv-cluster-2.txt'],
    },
    {
      title: 'Compare, and remove the plaintext in transit',
      text:
        'Back at the host (`exit`), `diff kcv-cluster-1.txt kcv-cluster-2.txt` prints nothing: the KCVs are equal, and so is the key. ' +
        '`aes.key` has done its job, and it is the one place where the key sits unprotected: remove it with `rm aes.key`.\n\n' +
        'From now on the two clusters share an AES key. To move further keys, you no longer need plaintext: wrap them with ' +
        '`wrapKey` in one cluster and `unWrapKey` them in the other with that shared key.',
      goals: [
        { kind: 'file', text: 'The plaintext aes.key is gone from the client host', path: 'aes.key', exists: false },
      ],
      hints: [
        'Type `exit`, then `diff kcv-cluster-1.txt kcv-cluster-2.txt`.',
        'Type `rm aes.key`.',
      ],
      solution: ['exit', 'diff kcv-cluster-1.txt kcv-cluster-2.txt', 'rm aes.key'],
    },
  ],
};

export default lesson;
