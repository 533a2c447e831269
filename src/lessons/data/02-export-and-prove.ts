/**
 * Lesson 2: Export it again, and prove it is the same — exSymKey of the key lesson 1 imported
 * (pre-seeded here as handle 262180, OBJ_ATTR_LOCAL = 0), the exported file compared byte for byte
 * with the original, then the proof the guide uses between clusters: equal key check values
 * (getAttribute -a 371) of two keys mean equal key material.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'export-and-prove',
  title: 'Export it again, and prove it is the same',
  summary: 'Take the imported key back out with exSymKey and prove with key check values that the material never changed.',
  // Where lesson 1 ends (before the plaintext is removed): example_user owns wrapping key 20 and the
  // key imported from aes256.key as handle 262180 (not local); node 1 serves.
  start: {
    servingNode: 1,
    nextIndex: 37,
    keys: [
      { handle: 20, keyType: 'AES', label: 'wrapping-key', owner: 3, value: '8f1c3b5d2a4e6f7081920a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556' },
      { handle: 262180, keyType: 'AES', label: 'imported', owner: 3, local: false, value: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4' },
    ],
    files: { 'aes256.key': '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4' },
  },
  source: {
    title: 'AWS CloudHSM User Guide: exSymKey',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-exSymKey.html',
  },
  steps: [
    {
      title: 'Export the key to a file',
      text:
        'Key **262180** (label `imported`) came into the HSM from `aes256.key`. The crypto user `example_user` ' +
        '(password `example_pwd`) owns it, and only the owner may export a key.\n\n' +
        'Start `key_mgmt_util`, log in, and export key 262180 to `exported.key` with `exSymKey`, using key 20 as the wrapping key. ' +
        'Like imSymKey in reverse, the HSM wraps the key with key 20 (`Cfm3WrapKey`) and the tool unwraps it on the host ' +
        '(`Cfm3UnWrapHostKey`). Despite the message "Wrapped Symmetric Key written", the file holds the **plaintext** key.',
      goals: [
        { kind: 'file', text: 'exported.key holds exactly the bytes of aes256.key', path: 'exported.key', sameAs: { file: 'aes256.key' } },
        {
          kind: 'key',
          text: 'The material of key 262180 is what exported.key holds',
          match: { label: 'imported', keyType: 'AES', materialOf: { file: 'exported.key' } },
          bind: 'imported',
        },
      ],
      hints: [
        'Type `key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        'exSymKey takes the key to export (`-k`), the wrapping key (`-w`) and the output file (`-out`).',
        'Type `exSymKey -k 262180 -w 20 -out exported.key`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'exSymKey -k 262180 -w 20 -out exported.key',
      ],
    },
    {
      title: 'Read the key check value in the HSM',
      text:
        'Here you could compare the two files, but usually you cannot: the copy is in another cluster, at a partner, or you must not ' +
        'put key material on a screen. The HSM gives every key a **key check value** (KCV, attribute 371): the first 3 bytes of a ' +
        'block of zeros encrypted with the key. It reveals nothing useful about the key, yet two keys with the same KCV almost ' +
        'certainly hold the same material.\n\n' +
        'Write the KCV of key {imported} to `kcv-imported.txt`.',
      goals: [
        { kind: 'file', text: 'kcv-imported.txt holds the KCV of key {imported}', path: 'kcv-imported.txt', exists: true },
      ],
      hints: [
        'getAttribute writes one attribute to a file: `getAttribute -o <handle> -a <attribute> -out <file>`.',
        'Type `getAttribute -o {imported} -a 371 -out kcv-imported.txt`.',
      ],
      solution: ['getAttribute -o {imported} -a 371 -out kcv-imported.txt'],
    },
    {
      title: 'Import the exported file as a new key',
      text:
        'Now bring `exported.key` back in as a second, separate key labelled `roundtrip`, wrapping with key 20 again. If the export ' +
        'changed even one bit, the new key would have a different KCV.',
      goals: [
        {
          kind: 'key',
          text: 'A new AES key labelled `roundtrip` holds the bytes of exported.key',
          match: { label: 'roundtrip', keyType: 'AES', local: false, notAny: ['imported'], materialOf: { file: 'exported.key' } },
          bind: 'roundtrip',
        },
        { kind: 'kcv-equal', text: 'Keys {imported} and the new key have the same KCV', a: 'imported', b: 'roundtrip' },
      ],
      hints: [
        'This is the import you know from the first lesson, with a different file and label.',
        'Type `imSymKey -f exported.key -w 20 -t 31 -l roundtrip`.',
      ],
      solution: ['imSymKey -f exported.key -w 20 -t 31 -l roundtrip'],
    },
    {
      title: 'Compare the two KCVs',
      text:
        'The new key is handle **{roundtrip}**: a different handle, the same material. Write its KCV to `kcv-roundtrip.txt`. ' +
        'Then, back at the host (`exit`), `cat` both files or `diff kcv-imported.txt kcv-roundtrip.txt`: diff prints nothing ' +
        'when the files are equal. Equal KCVs are the proof the guide uses when it moves a key between clusters.',
      goals: [
        {
          kind: 'file',
          text: 'kcv-roundtrip.txt says the same as kcv-imported.txt',
          path: 'kcv-roundtrip.txt',
          sameAs: { file: 'kcv-imported.txt' },
        },
      ],
      hints: [
        'Use getAttribute with attribute 371 again, this time for key {roundtrip}.',
        'Type `getAttribute -o {roundtrip} -a 371 -out kcv-roundtrip.txt`.',
      ],
      solution: ['getAttribute -o {roundtrip} -a 371 -out kcv-roundtrip.txt'],
    },
  ],
};

export default lesson;
