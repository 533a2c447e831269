/**
 * Lesson 5: Wrap and unwrap: -m 5, -m 6 and -m 4 — one AES-256 key wrapped with the three AES
 * mechanisms of wrapKey (kmu-commands.md §3.4: 5 NIST_AES_WRAP_NO_PAD = RFC 3394, 6 NIST_AES_WRAP_PAD
 * = RFC 5649, 4 AES_KEY_WRAP_PAD_PKCS5), each blob unwrapped in the HSM, then opened with
 * aesWrapUnwrap — plain RFC 3394 with a chosen IV, as any other tool does it — to see why only
 * -m 5 and -m 6 interoperate: -m 4 is RFC 3394 over a PKCS #5-padded key, which no RFC defines.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'wrap-mechanisms',
  title: 'Wrap and unwrap: -m 5, -m 6 and -m 4',
  summary: 'Wrap one key with three AES mechanisms and unwrap each blob, and see why only RFC 3394 and RFC 5649 interoperate with other tools.',
  // example_user owns AES-256 key 6 (`wrapping-key`); node 0 serves.
  start: {
    servingNode: 0,
    keys: [{ handle: 6, keyType: 'AES', label: 'wrapping-key', owner: 3, value: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' }],
  },
  source: {
    title: 'AWS CloudHSM User Guide: AES key wrapping',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/manage-aes-key-wrapping.html',
  },
  steps: [
    {
      title: 'Make a key to wrap',
      text:
        'Key wrapping encrypts one key (the payload) with another (the wrapping key, here AES key **6**), so the payload can leave ' +
        'the HSM without ever being in the clear. AES key wrap is not ordinary encryption: it has no random IV, and it carries an ' +
        'integrity check, so unwrapping with the wrong key or damaged bytes fails instead of producing garbage.\n\n' +
        'Start `key_mgmt_util`, log in as `example_user` (password `example_pwd`) and generate the payload: an AES-256 key ' +
        '(`-t 31 -s 32`) labelled `payload`.',
      goals: [
        {
          kind: 'key',
          text: 'An AES-256 key labelled `payload` exists',
          match: { label: 'payload', keyType: 'AES', size: 32 },
          bind: 'payload',
        },
      ],
      hints: [
        'Type `key_mgmt_util`, then `loginHSM -u CU -s example_user -p example_pwd`.',
        'Type `genSymKey -t 31 -s 32 -l payload`.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p example_pwd',
        'genSymKey -t 31 -s 32 -l payload',
      ],
    },
    {
      title: '-m 5: RFC 3394, no padding',
      text:
        'Wrap key {payload} with key 6 using `-m 5` (NIST_AES_WRAP_NO_PAD, the AES Key Wrap of RFC 3394) into `payload.m5`. ' +
        'Add `-noheader`: without it, key_mgmt_util puts its own header with the key\'s attributes in front, which only ' +
        'unWrapKey understands. With it, the file holds exactly what the standard defines, for any other tool to read.\n\n' +
        'RFC 3394 works on 8-byte blocks and adds one: 32 key bytes become 40. That extra block starts as the fixed value ' +
        '`A6A6A6A6A6A6A6A6` and must come back as that value on unwrap: that is the integrity check. No padding means the key ' +
        'length must be a multiple of 8.\n\n' +
        'After the command, **Inside a key wrap** beside the terminal offers to step through it: 6 rounds over the key\'s 4 blocks, ' +
        '24 AES encryptions, each mixing the step number into the check block. A real HSM never shows these values.',
      goals: [
        { kind: 'file', text: 'payload.m5 holds the RFC 3394 wrap of the key: 40 bytes', path: 'payload.m5', size: 40 },
      ],
      hints: [
        'wrapKey takes the key (`-k`), the wrapping key (`-w`), the mechanism (`-m`), the output file (`-out`) and here `-noheader`.',
        'Type `wrapKey -k {payload} -w 6 -m 5 -noheader -out payload.m5`.',
      ],
      solution: ['wrapKey -k {payload} -w 6 -m 5 -noheader -out payload.m5'],
    },
    {
      title: '-m 6: RFC 5649, with padding',
      text:
        'Now wrap the same key with `-m 6` (NIST_AES_WRAP_PAD, RFC 5649) into `payload.m6`, again with `-noheader`. RFC 5649 ' +
        'wraps keys of any length: it pads with zeros to a multiple of 8 and writes the real length into the check block, which ' +
        'becomes `A65959A6` followed by the length as 4 bytes. A 32-byte key needs no padding, so the file is 40 bytes again, ' +
        'but not the same 40 bytes: a different check block changes every byte.',
      goals: [
        { kind: 'file', text: 'payload.m6 holds the RFC 5649 wrap of the key: 40 bytes', path: 'payload.m6', size: 40 },
      ],
      hints: ['Type `wrapKey -k {payload} -w 6 -m 6 -noheader -out payload.m6`.'],
      solution: ['wrapKey -k {payload} -w 6 -m 6 -noheader -out payload.m6'],
    },
    {
      title: '-m 4: PKCS #5 padding',
      text:
        'Wrap it a third time with `-m 4` (AES_KEY_WRAP_PAD_PKCS5) into `payload.m4`. This mechanism pads the key the PKCS #5 way ' +
        'first (bytes that each hold the pad\'s length, always at least one; a 32-byte key gets eight bytes of `08`), then ' +
        'applies RFC 3394 to the padded 40 bytes. The result is 48 bytes (see the padding in **Inside a key wrap**). The guide\'s ' +
        'table of mechanisms lists no specification for this one.',
      goals: [
        { kind: 'file', text: 'payload.m4 holds the -m 4 wrap of the key: 48 bytes', path: 'payload.m4', size: 48 },
      ],
      hints: ['Type `wrapKey -k {payload} -w 6 -m 4 -noheader -out payload.m4`.'],
      solution: ['wrapKey -k {payload} -w 6 -m 4 -noheader -out payload.m4'],
    },
    {
      title: 'Unwrap all three in the HSM',
      text:
        'Inside CloudHSM all three work. Unwrap each file with `unWrapKey`, using the same mechanism as for wrapping. A file ' +
        'without a header carries no attributes, so you give them: a label (`-l`), the key class (`-kc 4`, secret key) and the ' +
        'key type (`-kt 31`, AES). Label them `from-m5`, `from-m6` and `from-m4`.\n\n' +
        'Try a wrong mechanism too, for example `-m 5` on `payload.m6`: the check block does not match, and the HSM answers `0xe5`.',
      goals: [
        { kind: 'key', text: 'Key `from-m5` holds the material of {payload}', match: { label: 'from-m5', local: false, materialOf: { key: 'payload' } } },
        { kind: 'key', text: 'Key `from-m6` holds the material of {payload}', match: { label: 'from-m6', local: false, materialOf: { key: 'payload' } } },
        { kind: 'key', text: 'Key `from-m4` holds the material of {payload}', match: { label: 'from-m4', local: false, materialOf: { key: 'payload' } } },
      ],
      hints: [
        'The syntax is `unWrapKey -f <file> -w 6 -m <mechanism> -noheader -l <label> -kc 4 -kt 31`.',
        'Type `unWrapKey -f payload.m5 -w 6 -m 5 -noheader -l from-m5 -kc 4 -kt 31`, then the same for m6 and m4.',
      ],
      solution: [
        'unWrapKey -f payload.m5 -w 6 -m 5 -noheader -l from-m5 -kc 4 -kt 31',
        'unWrapKey -f payload.m6 -w 6 -m 6 -noheader -l from-m6 -kc 4 -kt 31',
        'unWrapKey -f payload.m4 -w 6 -m 4 -noheader -l from-m4 -kc 4 -kt 31',
      ],
    },
    {
      title: 'Open -m 5 and -m 6 the way another tool does',
      text:
        'The point of a standard is that the other side needs nothing from CloudHSM. `aesWrapUnwrap` does plain RFC 3394 and ' +
        'nothing else, with a check block you choose (`-i`), just like OpenSSL\'s `id-aes256-wrap` or Java\'s `AESWrap`: let it play ' +
        'the other side. (Here it uses key 6 from the HSM; the partner would hold the same wrapping key.)\n\n' +
        'Unwrap `payload.m5` with `-m 0` into `m5.plain`: out comes the payload key itself. Then `payload.m6` into `m6.plain` ' +
        'with `-i A65959A600000020`, the RFC 5649 check block for a 32-byte key (0x20 = 32): the same key again. RFC 5649 is ' +
        'RFC 3394 with a check block that carries the length, so every RFC 5649 implementation reads it.',
      goals: [
        { kind: 'file', text: 'm5.plain holds the key {payload}', path: 'm5.plain', sameAs: { key: 'payload' } },
        { kind: 'file', text: 'm6.plain holds the key {payload}', path: 'm6.plain', sameAs: { key: 'payload' } },
      ],
      hints: [
        'aesWrapUnwrap unwraps with `-m 0`: `aesWrapUnwrap -m 0 -f <file> -w 6 [-i <check block>] -out <file>`.',
        'Type `aesWrapUnwrap -m 0 -f payload.m5 -w 6 -out m5.plain`.',
        'Then type `aesWrapUnwrap -m 0 -f payload.m6 -w 6 -i A65959A600000020 -out m6.plain`.',
      ],
      solution: [
        'aesWrapUnwrap -m 0 -f payload.m5 -w 6 -out m5.plain',
        'aesWrapUnwrap -m 0 -f payload.m6 -w 6 -i A65959A600000020 -out m6.plain',
      ],
    },
    {
      title: 'And -m 4?',
      text:
        'Unwrap `payload.m4` the same standard way into `m4.plain`. It succeeds, but look at `result data`: 40 bytes, the key ' +
        'followed by eight `08` bytes. RFC 3394 knows nothing of PKCS #5 padding, so it hands the padding back as if it were key ' +
        'material; an RFC 5649 tool rejects the file outright, because the check block is `A6A6A6A6A6A6A6A6`, not `A65959A6…`.\n\n' +
        'That is why only `-m 5` and `-m 6` interoperate: they are RFC 3394 and RFC 5649, which OpenSSL, Java and most crypto ' +
        'libraries implement as written. `-m 4` follows no RFC; the other side must know exactly how CloudHSM pads before it ' +
        'wraps. Use it only when CloudHSM unwraps on the other side too.',
      goals: [
        { kind: 'file', text: 'm4.plain holds 40 bytes: the key and its padding', path: 'm4.plain', size: 40 },
      ],
      hints: ['Type `aesWrapUnwrap -m 0 -f payload.m4 -w 6 -out m4.plain`.'],
      solution: ['aesWrapUnwrap -m 0 -f payload.m4 -w 6 -out m4.plain'],
    },
  ],
};

export default lesson;
