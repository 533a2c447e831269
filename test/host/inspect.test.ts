/**
 * `inspect FILE` (issue 13, item 5): golden transcripts for every kind of file it knows. The inputs
 * are made with the playground's own commands (genSymKey + exSymKey, wrapKey with and without
 * -noheader, getAttribute -out, exportPubKey, getCaviumPrivKey, extractMaskedObject, the host's
 * openssl) or are fixed bytes; the expected texts are written by hand: offsets and lengths counted
 * from the formats (src/hsm/wrap.ts G-26, attributes.md §6.1), the ASN.1 lines as OpenSSL 3.0's
 * `openssl asn1parse -i` prints them for the same bytes (trailing blanks dropped). What depends on
 * random key bytes (the first bytes, a KCV) is read with other commands (xxd, getAttribute) or
 * computed with node:crypto, never with the code under test.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import type { Console } from '../../src/shell/console';
import { blobFits, inspectFile, outputLength } from '../../src/hsm/ops/file-inspect';
import { aesKwpWrap, aesKwUnwrap, aesKwWrap, aesPkcs5Wrap, initCrypto } from '../../src/crypto/index';
import { MAX_LINES } from '../../src/commands/host/inspect-run';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

/** A terminal in key_mgmt_util, logged in as the guide's crypto user, with simple handles. */
async function kmu(): Promise<Terminal> {
  const t = await openTerminal();
  await t.type('settings handles simple');
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  return t;
}
const handleOf = (text: string) => Number(/Key Handle: (\d+)/.exec(text)![1]);
/** Write bytes into a file with the host's own base64 -d. */
const put = async (t: Terminal, name: string, bytes: Uint8Array | string) => {
  expect(await t.type(`echo ${Buffer.from(bytes).toString('base64')} | base64 -d > ${name}`)).toBe('');
};
/** The first line of `xxd FILE` (the host's xxd, not inspect's). */
const xxdFirst = async (t: Terminal, name: string) => (await t.type(`xxd ${name}`)).split('\n')[0]!;
/** The KCV line of a getAttribute -a 371 file (`0x` + 6 digits). */
const kcvOf = async (t: Terminal, name: string) => (await t.type(`cat ${name}`)).split('\n')[1]!;

describe('inspect: key files and wrapped keys', () => {
  it('an AES-256 key exported with exSymKey: its length, the key types it fits with their KCVs, the mechanisms that write 32 bytes', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    const w = handleOf(await t.type('genSymKey -t 31 -s 16 -l w'));
    await t.type(`exSymKey -k ${k} -w ${w} -out k1.key`);
    await t.type(`getAttribute -o ${k} -a 371 -out k1.kcv`);
    await t.type('exit');
    const kcv = await kcvOf(t, 'k1.kcv');
    expect(await t.type('inspect k1.key')).toBe(
      'k1.key: 32 bytes of binary data, no header\n' +
      `  ${await xxdFirst(t, 'k1.key')}\n` +
      "  As a key (imSymKey -f reads a file's bytes as they are):\n" +
      `    AES-256 (-t 31), KCV ${kcv}\n` +
      '    GENERIC_SECRET (-t 16): genSymKey makes such keys; unWrapKey -noheader -kt 16 imports them, imSymKey does not\n' +
      '  As wrapped bytes written with -noheader, it can come from:\n' +
      '    -m 4  AES_KEY_WRAP_PAD_PKCS5  a key of 16 to 23 bytes (PKCS #5 padding, then RFC 3394)\n' +
      '    -m 5  NIST_AES_WRAP_NO_PAD    a key of 24 bytes (RFC 3394; aesWrapUnwrap writes the same)\n' +
      '    -m 6  NIST_AES_WRAP_PAD       a key of 17 to 24 bytes (RFC 5649)\n' +
      '    -m 10 AES_GCM                 a key of 16 bytes, 16-byte tag (16 to 24 bytes with -tag_size 16 to 8)\n' +
      '    -m 11 CLOUDHSM_AES_GCM        12-byte IV, a key of 4 bytes, 16-byte tag (4 to 12 bytes with -tag_size 16 to 8)\n' +
      '  -m 4 is no standard: an RFC 3394 unwrap elsewhere gives the key with its PKCS #5 padding (1 to 8 bytes) still on.\n');
  });

  it('a 3DES key exported with exSymKey fits AES-192 and 3DES: both KCVs (3DES as the HSM reports it, AES-192 by node:crypto)', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 21 -s 24 -l des'));
    const w = handleOf(await t.type('genSymKey -t 31 -s 16 -l w'));
    await t.type(`exSymKey -k ${k} -w ${w} -out des.key`);
    await t.type(`getAttribute -o ${k} -a 371 -out des.kcv`);
    await t.type('exit');
    const hex = (await t.type('xxd -p des.key')).replace(/\n/g, '');
    const aes = createCipheriv('aes-192-ecb', Buffer.from(hex, 'hex'), null).setAutoPadding(false).update(Buffer.alloc(16)).subarray(0, 3).toString('hex');
    const text = await t.type('inspect des.key');
    expect(text.split('\n').slice(0, 6).join('\n')).toBe(
      'des.key: 24 bytes of binary data, no header\n' +
      `  ${await xxdFirst(t, 'des.key')}\n` +
      "  As a key (imSymKey -f reads a file's bytes as they are):\n" +
      `    AES-192 (-t 31), KCV 0x${aes}\n` +
      `    3DES (-t 21), KCV ${await kcvOf(t, 'des.kcv')}\n` +
      '    GENERIC_SECRET (-t 16): genSymKey makes such keys; unWrapKey -noheader -kt 16 imports them, imSymKey does not');
    // 24 bytes: RFC 3394 of a 16-byte key, RFC 5649 of 9-16, PKCS #5 of 8-15
    expect(text).toContain('    -m 4  AES_KEY_WRAP_PAD_PKCS5  a key of 8 to 15 bytes (PKCS #5 padding, then RFC 3394)\n');
    expect(text).toContain('    -m 5  NIST_AES_WRAP_NO_PAD    a key of 16 bytes (RFC 3394; aesWrapUnwrap writes the same)\n');
    expect(text).toContain('    -m 6  NIST_AES_WRAP_PAD       a key of 9 to 16 bytes (RFC 5649)\n');
  });

  it('wrapKey with the header: every field with its offset and length, the mechanism, the length check, and where the -noheader bytes are', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    const w = handleOf(await t.type('genSymKey -t 31 -s 16 -l w'));
    expect(await t.type(`wrapKey -k ${k} -w ${w} -out w.key -m 5`)).toContain('"w.key length 189\n');
    await t.type('exit');
    // header: 20 fixed bytes, then 14 entries of 8 + value bytes: 1 (class, type, booleans), 2 ("k1"), 0 (id), 4 (value length)
    expect(await t.type('inspect w.key')).toBe(
      "w.key: 189 bytes, a key wrapped by wrapKey with the playground's header\n" +
      '  offset  length  field\n' +
      '       0       8  magic "KMUWRAP1"\n' +
      '       8       4  header length: 149 (the wrapped key starts there)\n' +
      '      12       4  mechanism: -m 5 NIST_AES_WRAP_NO_PAD\n' +
      '      16       4  attributes: 14\n' +
      '      20       9  OBJ_ATTR_CLASS (0) = 4 (secret key)\n' +
      '      29       9  OBJ_ATTR_KEY_TYPE (256) = 31 (AES)\n' +
      '      38      10  OBJ_ATTR_LABEL (3) = "k1"\n' +
      '      48       8  OBJ_ATTR_ID (258) = ""\n' +
      '      56       9  OBJ_ATTR_ENCRYPT (260) = 1\n' +
      '      65       9  OBJ_ATTR_DECRYPT (261) = 1\n' +
      '      74       9  OBJ_ATTR_WRAP (262) = 1\n' +
      '      83       9  OBJ_ATTR_UNWRAP (263) = 1\n' +
      '      92       9  OBJ_ATTR_SIGN (264) = 0\n' +
      '     101       9  OBJ_ATTR_VERIFY (266) = 0\n' +
      '     110       9  OBJ_ATTR_DERIVE (268) = 0\n' +
      '     119       9  OBJ_ATTR_EXTRACTABLE (354) = 1\n' +
      '     128       9  OBJ_ATTR_WRAP_WITH_TRUSTED (528) = 0\n' +
      '     137      12  OBJ_ATTR_VALUE_LEN (353) = 32 bytes\n' +
      '     149      40  the wrapped key: what wrapKey -noheader writes\n' +
      '  -m 5 of a 32-byte key writes 40 bytes: the length matches.\n' +
      '  unWrapKey -f w.key reads the header; another tool needs the 40 bytes at offset 149 (or wrapKey -noheader).\n');
    // the same key with -noheader: exactly those 40 bytes
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type(`wrapKey -k ${k} -w ${w} -out wn.key -m 5 -noheader`);
    await t.type('exit');
    expect(await t.type('tail -c 40 w.key | cmp - wn.key')).toBe('');
    expect(await t.type('inspect wn.key')).toBe(
      'wn.key: 40 bytes of binary data, no header\n' +
      `  ${await xxdFirst(t, 'wn.key')}\n` +
      "  As a key (imSymKey -f reads a file's bytes as they are):\n" +
      '    GENERIC_SECRET (-t 16): genSymKey makes such keys; unWrapKey -noheader -kt 16 imports them, imSymKey does not\n' +
      '    not AES (16, 24 or 32 bytes) nor 3DES (24 bytes): imSymKey refuses 40 bytes\n' +
      '  As wrapped bytes written with -noheader, it can come from:\n' +
      '    -m 4  AES_KEY_WRAP_PAD_PKCS5  a key of 24 to 31 bytes (PKCS #5 padding, then RFC 3394)\n' +
      '    -m 5  NIST_AES_WRAP_NO_PAD    a key of 32 bytes (RFC 3394; aesWrapUnwrap writes the same)\n' +
      '    -m 6  NIST_AES_WRAP_PAD       a key of 25 to 32 bytes (RFC 5649)\n' +
      '    -m 10 AES_GCM                 a key of 24 bytes, 16-byte tag (24 to 32 bytes with -tag_size 16 to 8)\n' +
      '    -m 11 CLOUDHSM_AES_GCM        12-byte IV, a key of 12 bytes, 16-byte tag (12 to 20 bytes with -tag_size 16 to 8)\n' +
      '  -m 4 is no standard: an RFC 3394 unwrap elsewhere gives the key with its PKCS #5 padding (1 to 8 bytes) still on.\n');
  });

  it('AES_GCM with the header: the IV and tag-length entries, and where the IV is', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    const w = handleOf(await t.type('genSymKey -t 31 -s 16 -l w'));
    await t.type(`wrapKey -k ${k} -w ${w} -out g.key -m 10`);
    await t.type('exit');
    // the 14 entries end at 149 as for -m 5; then the IV (8 + 12) and the tag length (8 + 4): the header is 181 bytes
    const iv = (await t.type('xxd -p g.key')).replace(/\n/g, '').slice(2 * 157, 2 * 169);
    const text = await t.type('inspect g.key');
    expect(text.startsWith("g.key: 229 bytes, a key wrapped by wrapKey with the playground's header\n")).toBe(true);
    expect(text.slice(text.indexOf('     137 '))).toBe(
      '     137      12  OBJ_ATTR_VALUE_LEN (353) = 32 bytes\n' +
      `     149      20  GCM IV (0x80000001) = ${iv}\n` +
      '     169      12  GCM tag length (0x80000002) = 16 bytes\n' +
      '     181      48  the wrapped key: what wrapKey -noheader writes\n' +
      '  -m 10 of a 32-byte key writes 48 bytes: the length matches.\n' +
      '  AES-GCM needs the IV too: 12 bytes at offset 157 (wrapKey -noheader -iv_file writes it to a file of its own).\n' +
      '  unWrapKey -f g.key reads the header; another tool needs the 48 bytes at offset 181 (or wrapKey -noheader).\n');
  });

  it('a header cut short or a wrapped part of the wrong length is reported, never read past', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    const w = handleOf(await t.type('genSymKey -t 31 -s 16 -l w'));
    await t.type(`wrapKey -k ${k} -w ${w} -out w.key -m 6`);
    await t.type('exit');
    await t.type('head -c 100 w.key > cut.key');
    // the entries up to UNWRAP fit in 100 bytes; SIGN's head does, its value does not
    expect(await t.type('inspect cut.key')).toBe(
      "cut.key: 100 bytes, a key wrapped by wrapKey with the playground's header\n" +
      '  offset  length  field\n' +
      '       0       8  magic "KMUWRAP1"\n' +
      '       8       4  header length: 149 (the wrapped key starts there)\n' +
      '      12       4  mechanism: -m 6 NIST_AES_WRAP_PAD\n' +
      '      16       4  attributes: 14\n' +
      '      20       9  OBJ_ATTR_CLASS (0) = 4 (secret key)\n' +
      '      29       9  OBJ_ATTR_KEY_TYPE (256) = 31 (AES)\n' +
      '      38      10  OBJ_ATTR_LABEL (3) = "k1"\n' +
      '      48       8  OBJ_ATTR_ID (258) = ""\n' +
      '      56       9  OBJ_ATTR_ENCRYPT (260) = 1\n' +
      '      65       9  OBJ_ATTR_DECRYPT (261) = 1\n' +
      '      74       9  OBJ_ATTR_WRAP (262) = 1\n' +
      '      83       9  OBJ_ATTR_UNWRAP (263) = 1\n' +
      '  Damaged: the header length points outside the file.\n' +
      '     100       0  the wrapped key: what wrapKey -noheader writes\n' +
      '  unWrapKey refuses this header (the file is not what wrapKey wrote).\n');
    // one byte too many after a whole header: unWrapKey reads the header, the length says it was edited
    await t.type('echo >> w.key');
    expect(await t.type('inspect w.key')).toContain(
      '     149      41  the wrapped key: what wrapKey -noheader writes\n' +
      '  -m 6 of a 32-byte key writes 40 bytes, but the file has 41 bytes after the header: damaged or edited.\n');
  });

  it('256 bytes of random data: as long as an RSA-2048 encryption (-m 8, -m 12) and the AES wraps of 240-248-byte keys', async () => {
    const t = await openTerminal();
    await t.type('openssl rand -out r.bin 256');
    expect(await t.type('inspect r.bin')).toBe(
      'r.bin: 256 bytes of binary data, no header\n' +
      `  ${await xxdFirst(t, 'r.bin')}\n` +
      "  As a key (imSymKey -f reads a file's bytes as they are):\n" +
      '    GENERIC_SECRET (-t 16): genSymKey makes such keys; unWrapKey -noheader -kt 16 imports them, imSymKey does not\n' +
      '    not AES (16, 24 or 32 bytes) nor 3DES (24 bytes): imSymKey refuses 256 bytes\n' +
      '  As wrapped bytes written with -noheader, it can come from:\n' +
      '    -m 4  AES_KEY_WRAP_PAD_PKCS5  a key of 240 to 247 bytes (PKCS #5 padding, then RFC 3394)\n' +
      '    -m 5  NIST_AES_WRAP_NO_PAD    a key of 248 bytes (RFC 3394; aesWrapUnwrap writes the same)\n' +
      '    -m 6  NIST_AES_WRAP_PAD       a key of 241 to 248 bytes (RFC 5649)\n' +
      '    -m 8  RSA_OAEP                an RSA-2048 encryption (as long as the modulus)\n' +
      '    -m 10 AES_GCM                 a key of 240 bytes, 16-byte tag (240 to 248 bytes with -tag_size 16 to 8)\n' +
      '    -m 11 CLOUDHSM_AES_GCM        12-byte IV, a key of 228 bytes, 16-byte tag (228 to 236 bytes with -tag_size 16 to 8)\n' +
      '    -m 12 RSA_PKCS                an RSA-2048 encryption (as long as the modulus)\n' +
      '  -m 4 is no standard: an RFC 3394 unwrap elsewhere gives the key with its PKCS #5 padding (1 to 8 bytes) still on.\n' +
      '  An RSA-2048 signature (sign -m 0 to 9) is that long too.\n');
    // 13 bytes: no AES key wrap (not a multiple of 8), only GCM with a short tag
    await t.type('openssl rand -out s.bin 13');
    const small = await t.type('inspect s.bin');
    expect(small).toContain('  As wrapped bytes written with -noheader, it can come from:\n    -m 10 AES_GCM                 a key of 1 to 5 bytes with -tag_size 12 to 8\n');
    expect(small).not.toContain('-m 5 ');
  });

  it('the length rules are those of the real mechanisms: every wrap of 1–72 bytes is listed for its output length; -m 4 unwraps elsewhere with its padding on', async () => {
    await initCrypto();
    const kek = new Uint8Array(16).fill(7);
    for (let len = 1; len <= 72; len++) {
      const key = new Uint8Array(len).fill(1);
      const outputs: Array<[number, number]> = [[6, aesKwpWrap(kek, key).length]];
      if (len >= 8) {
        outputs.push([4, aesPkcs5Wrap(kek, key).length]);
        // what inspect says of -m 4: a plain RFC 3394 unwrap gives the key with its PKCS #5 padding on
        const pad = 8 - (len % 8);
        expect(aesKwUnwrap(kek, aesPkcs5Wrap(kek, key))).toEqual(Uint8Array.from([...key, ...new Array(pad).fill(pad)]));
      }
      if (len >= 16 && len % 8 === 0) outputs.push([5, aesKwWrap(kek, key).length]);
      for (const [m, w] of outputs) {
        expect(outputLength(m, len), `-m ${m} of ${len}`).toBe(w);
        const fit = blobFits(w).find((f) => f.m === m) as { min: number; max: number } | undefined;
        expect(fit && fit.min <= len && len <= fit.max, `-m ${m}: ${len} bytes → ${w}`).toBe(true);
      }
    }
  });
});

describe('inspect: getAttribute files', () => {
  it('a -a 512 dump: every attribute named with its id, its value as written and what it means', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    await t.type(`getAttribute -o ${k} -a 512 -out attr`);
    await t.type(`getAttribute -o ${k} -a 371 -out kcv`);
    await t.type(`getAttribute -o ${k} -a 256 -out type`);
    await t.type('exit');
    const kcv = await kcvOf(t, 'kcv');
    // 17 attributes of a secret key (attributes.md §6.1), 362 bytes: Σ name + value + 2 newlines
    expect(await t.type('inspect attr')).toBe(
      'attr: 362 bytes, getAttribute output (-a 512): 17 attributes\n' +
      '  OBJ_ATTR_CLASS (0)                0x04        secret key\n' +
      '  OBJ_ATTR_KEY_TYPE (256)           0x1f        AES\n' +
      '  OBJ_ATTR_TOKEN (1)                0x01        true\n' +
      '  OBJ_ATTR_PRIVATE (2)              0x01        true\n' +
      '  OBJ_ATTR_ENCRYPT (260)            0x01        true\n' +
      '  OBJ_ATTR_DECRYPT (261)            0x01        true\n' +
      '  OBJ_ATTR_WRAP (262)               0x01        true\n' +
      '  OBJ_ATTR_UNWRAP (263)             0x01        true\n' +
      '  OBJ_ATTR_SIGN (264)               0x00        false\n' +
      '  OBJ_ATTR_VERIFY (266)             0x00        false\n' +
      '  OBJ_ATTR_LOCAL (355)              0x01        true\n' +
      '  OBJ_ATTR_SENSITIVE (259)          0x01        true\n' +
      '  OBJ_ATTR_EXTRACTABLE (354)        0x01        true\n' +
      '  OBJ_ATTR_LABEL (3)                "k1"\n' +
      '  OBJ_ATTR_ID (258)                 ""\n' +
      '  OBJ_ATTR_VALUE_LEN (353)          0x00000020  32 bytes\n' +
      `  OBJ_ATTR_KCV (371)                ${kcv}\n`);
    expect(await t.type('inspect kcv type')).toBe(
      'kcv: 22 bytes, getAttribute output: one attribute\n' +
      `  OBJ_ATTR_KCV (371)                ${kcv}\n` +
      '\n' +
      'type: 29 bytes, getAttribute output: one attribute\n' +
      '  OBJ_ATTR_KEY_TYPE (256)           0x0000001f  AES\n');
  });

  it('cloudhsm_mgmt_util\'s getAttribute file: one value per server, under the server it came from', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    await t.type('exit');
    await t.type('cloudhsm_mgmt_util');
    await t.type('loginHSM CU example_user example_pwd');
    await t.type(`getAttribute ${k} 256 cmu.attr`);
    await t.type('quit');
    const servers = (await t.type('grep server cmu.attr')).split('\n').filter(Boolean).map((l) => /^Attribute Value on server (.*):$/.exec(l)![1]!);
    expect(servers).toHaveLength(3);
    const size = Number((await t.type('wc -c < cmu.attr')).trim());
    expect(await t.type('inspect cmu.attr')).toBe(
      `cmu.attr: ${size} bytes, cloudhsm_mgmt_util getAttribute output: 3 values from 3 servers\n` +
      servers.map((s) => `  on server ${s}:\n  OBJ_ATTR_KEY_TYPE (256)           0x0000001f  AES\n`).join(''));
  });

  it('a public key\'s dump (the spec\'s RSA sample): the modulus, its bits and the exponent', async () => {
    const t = await openTerminal();
    const modulus = 'bb9301cc362c1d9724eb93da8adab0364296bde7124a241087d9436b9be57e4f7780040df03c2c' +
      '1c0fe6e3b61aa83c205280119452868f66541bbbffacbbe787b8284fc81deaeef2b8ec0ba25a077d' +
      '6983c77a1de7b17cbe8e15b203868704c6452c2810344a7f2736012424cf0703cf15a37183a1d2d0' +
      '97240829f8f90b063dd3a41171402b162578d581980976653935431da0c1260bfe756d85dca63857' +
      'd9f27a541676cb9c7def0ef6a2a89c9b9304bcac16fdf8183c0a555421f9ad5dfeb534cf26b65873' +
      '970cdf1a07484f1c128b53e10209cc6f7ac308669112968c81a5de408e7f644fe58b1a9ae1286fec' +
      'b3e4203294a96fae06f8f0db7982cb5d7f';
    const text = `OBJ_ATTR_CLASS\n0x02\nOBJ_ATTR_KEY_TYPE\n0x00\nOBJ_ATTR_LABEL\nrsa_test\nOBJ_ATTR_ID\n\nOBJ_ATTR_KCV\n0xc51c18\nOBJ_ATTR_MODULUS\n0x${
      modulus.match(/.{1,80}/g)!.join('\n')}\nOBJ_ATTR_MODULUS_BITS\n0x00000800\nOBJ_ATTR_PUBLIC_EXPONENT\n0x010001\nOBJ_ATTR_TRUSTED\n0x00\n`;
    await put(t, 'attr_rsa', text);
    expect(await t.type('inspect attr_rsa')).toBe(
      `attr_rsa: ${text.length} bytes, getAttribute output (-a 512): 9 attributes\n` +
      '  OBJ_ATTR_CLASS (0)                0x02        public key\n' +
      '  OBJ_ATTR_KEY_TYPE (256)           0x00        RSA\n' +
      '  OBJ_ATTR_LABEL (3)                "rsa_test"\n' +
      '  OBJ_ATTR_ID (258)                 ""\n' +
      '  OBJ_ATTR_KCV (371)                0xc51c18\n' +
      '  OBJ_ATTR_MODULUS (288)            256 bytes   RSA modulus, 2048 bits\n' +
      '  OBJ_ATTR_MODULUS_BITS (289)       0x00000800  2048 bits\n' +
      '  OBJ_ATTR_PUBLIC_EXPONENT (290)    0x010001    65537\n' +
      '  OBJ_ATTR_TRUSTED (134)            0x00        false\n');
  });
});

describe('inspect: PEM and DER', () => {
  it('exportPubKey\'s PEM and its DER: SubjectPublicKeyInfo, the ASN.1 lines of openssl asn1parse -i', async () => {
    const t = await kmu();
    const out = await t.type('genECCKeyPair -i 2 -l ec');
    const [pub, priv] = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(out)!.slice(1).map(Number);
    await t.type(`exportPubKey -k ${pub} -out ec.pem`);
    await t.type(`getCaviumPrivKey -k ${priv} -out fake.pem`);
    await t.type('exit');
    const asn1 =
      '      0:d=0  hl=2 l=  89 cons: SEQUENCE\n' +
      '      2:d=1  hl=2 l=  19 cons:  SEQUENCE\n' +
      '      4:d=2  hl=2 l=   7 prim:   OBJECT            :id-ecPublicKey\n' +
      '     13:d=2  hl=2 l=   8 prim:   OBJECT            :prime256v1\n' +
      '     23:d=1  hl=2 l=  66 prim:  BIT STRING\n';
    const what = '  SubjectPublicKeyInfo (PUBLIC KEY): an EC public key on P-256 (prime256v1), as exportPubKey and openssl pkey -pubout write it\n';
    // 91 bytes of DER: 124 Base64 characters on two lines, between 27 + 25 bytes of armour
    expect(await t.type('inspect ec.pem')).toBe(
      'ec.pem: 178 bytes, PEM with 1 block\n' +
      '  -----BEGIN PUBLIC KEY----- (line 1): 91 bytes of DER\n' + what + asn1);
    expect(await t.type('openssl pkey -pubin -in ec.pem -outform DER -out ec.der')).toBe('');
    expect(await t.type('inspect ec.der')).toBe('ec.der: 91 bytes of DER\n' + what + asn1);
    // the fake PEM: the private value is the marker and the handle (31 bytes for a one-digit handle)
    expect(String(priv)).toHaveLength(1);
    expect(await t.type('inspect fake.pem')).toBe(
      'fake.pem: 223 bytes, PEM with 1 block\n' +
      '  -----BEGIN EC PRIVATE KEY----- (line 1): 120 bytes of DER\n' +
      '  SEC 1 ECPrivateKey (EC PRIVATE KEY): an EC private key on P-256 (prime256v1)\n' +
      `  A fake PEM (getCaviumPrivKey): it holds no private key, only a reference to the HSM key with handle ${priv}.\n` +
      '      0:d=0  hl=2 l= 118 cons: SEQUENCE\n' +
      '      2:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      `      5:d=1  hl=2 l=  31 prim:  OCTET STRING      :KMU-PLAYGROUND-HSM-KEY-HANDLE:${priv}\n` +
      '     38:d=1  hl=2 l=  10 cons:  cont [ 0 ]\n' +
      '     40:d=2  hl=2 l=   8 prim:   OBJECT            :prime256v1\n' +
      '     50:d=1  hl=2 l=  68 cons:  cont [ 1 ]\n' +
      '     52:d=2  hl=2 l=  66 prim:   BIT STRING\n');
  });

  it('RSA: exportPubKey\'s SubjectPublicKeyInfo, and the fake PEM of an RSA key (PKCS #1, the marker in d)', async () => {
    const t = await kmu();
    const out = await t.type('genRSAKeyPair -m 2048 -e 65537 -l r');
    const [pub, priv] = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(out)!.slice(1).map(Number);
    await t.type(`exportPubKey -k ${pub} -out r.pub`);
    await t.type(`getCaviumPrivKey -k ${priv} -out r.fake`);
    await t.type('exit');
    const modulus = (await t.type('openssl rsa -pubin -in r.pub -noout -modulus')).trim().replace(/^Modulus=/, '');
    expect(modulus).toMatch(/^[0-9A-F]{512}$/);
    // a 2048-bit modulus (257 bytes with its sign byte) and 65537 in an RSAPublicKey of 270 bytes, in a BIT STRING of 271
    expect((await t.type('inspect r.pub')).split('\n').slice(1).join('\n')).toBe(
      '  -----BEGIN PUBLIC KEY----- (line 1): 294 bytes of DER\n' +
      '  SubjectPublicKeyInfo (PUBLIC KEY): an RSA 2048-bit public key, exponent 65537, as exportPubKey and openssl pkey -pubout write it\n' +
      '      0:d=0  hl=4 l= 290 cons: SEQUENCE\n' +
      '      4:d=1  hl=2 l=  13 cons:  SEQUENCE\n' +
      '      6:d=2  hl=2 l=   9 prim:   OBJECT            :rsaEncryption\n' +
      '     17:d=2  hl=2 l=   0 prim:   NULL\n' +
      '     19:d=1  hl=4 l= 271 prim:  BIT STRING\n' +
      '  Inside the BIT STRING at 19 (openssl asn1parse -strparse 19):\n' +
      '      0:d=0  hl=4 l= 266 cons: SEQUENCE\n' +
      `      4:d=1  hl=4 l= 257 prim:  INTEGER           :${modulus.slice(0, 64)}...(256 bytes)\n` +
      '    265:d=1  hl=2 l=   3 prim:  INTEGER           :010001\n');
    // RSAPrivateKey: version (3), n (4 + 257), e (5), d = the 31-byte marker (2 + 31), five CRT values of 1 (3 each): 317
    expect(String(priv)).toHaveLength(1);
    const marker = Buffer.from(`KMU-PLAYGROUND-HSM-KEY-HANDLE:${priv}`).toString('hex').toUpperCase();
    expect((await t.type('inspect r.fake')).split('\n').slice(1).join('\n')).toBe(
      '  -----BEGIN RSA PRIVATE KEY----- (line 1): 321 bytes of DER\n' +
      '  PKCS #1 RSAPrivateKey (RSA PRIVATE KEY): an RSA 2048-bit private key\n' +
      `  A fake PEM (getCaviumPrivKey): it holds no private key, only a reference to the HSM key with handle ${priv}.\n` +
      '      0:d=0  hl=4 l= 317 cons: SEQUENCE\n' +
      '      4:d=1  hl=2 l=   1 prim:  INTEGER           :00\n' +
      `      7:d=1  hl=4 l= 257 prim:  INTEGER           :${modulus.slice(0, 64)}...(256 bytes)\n` +
      '    268:d=1  hl=2 l=   3 prim:  INTEGER           :010001\n' +
      `    273:d=1  hl=2 l=  31 prim:  INTEGER           :${marker}\n` +
      '    306:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      '    309:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      '    312:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      '    315:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      '    318:d=1  hl=2 l=   1 prim:  INTEGER           :01\n');
  });

  it('a signature of sign with ECDSA, and a private key wrapped with the header', async () => {
    const t = await kmu();
    const out = await t.type('genECCKeyPair -i 2 -l ec');
    const priv = Number(/private key handle: (\d+)/.exec(out)![1]);
    const w = handleOf(await t.type('genSymKey -t 31 -s 16 -l w'));
    await t.type('exit');
    await t.type('echo data > data.txt');
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type(`sign -f data.txt -k ${priv} -m 17 -out data.sig`);
    await t.type(`wrapKey -k ${priv} -w ${w} -m 4 -out ec.wrapped`);
    await t.type('exit');
    const sig = await t.type('inspect data.sig');
    expect(sig).toMatch(/^data\.sig: \d+ bytes of DER\n  Two INTEGERs r \(\d+ bits\) and s \(\d+ bits\): an ECDSA or DSA signature in DER\n      0:d=0  hl=2 l= +\d+ cons: SEQUENCE\n/);
    const wrapped = await t.type('inspect ec.wrapped');
    expect(wrapped).toContain('      20       9  OBJ_ATTR_CLASS (0) = 3 (private key)\n      29       9  OBJ_ATTR_KEY_TYPE (256) = 3 (EC)\n      38      10  OBJ_ATTR_LABEL (3) = "ec"\n');
    expect(wrapped).toContain('  The wrapped bytes hold the private key in PKCS #8 (DER).\n');
    expect(wrapped).toMatch(/unWrapKey -f ec\.wrapped reads the header; another tool needs the \d+ bytes at offset 149 \(or wrapKey -noheader\)\.\n$/);
  });

  // Made by OpenSSL 3.0 (`openssl ecparam -name prime256v1 -genkey`, `openssl genpkey -algorithm EC`, `openssl req -x509 -key … -subj /CN=test -days 1`);
  // the expected lines are what `openssl asn1parse -i` printed for them.
  const ECPARAM = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n-----BEGIN EC PRIVATE KEY-----\n' +
    'MHcCAQEEILw9QkFJxH+5FaLyQmnCh7u5NAvCDSk2mKuiiZjEsLjooAoGCCqGSM49\nAwEHoUQDQgAE7akpUN0D0YSxPhppMOpifmsdHtHnFRVddDkCKDWmLNIbsYpc99jB\n' +
    'RzwZHi3c4v/aKYjULlvtmER+b8eZnLATfg==\n-----END EC PRIVATE KEY-----\n';
  const PKCS8_EC = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgeSbT7OmJvcHZ9pIZ\n' +
    'OFm9Aui+yjS+K40fL2/9BBgsp1ihRANCAASnwCiclbORYxf2myIzhTLxEjZEry4x\ni4XYOVbVsEJpINfU1KRueYokzpE5py9GcG1B/REgSzZMqN91mOZPX4mn\n' +
    '-----END PRIVATE KEY-----\n';
  const CERT = '-----BEGIN CERTIFICATE-----\n' +
    'MIIBczCCARmgAwIBAgIUJ7MRfla6zN16WTU2ctjkbqkQ35MwCgYIKoZIzj0EAwIw\nDzENMAsGA1UEAwwEdGVzdDAeFw0yNjEyMDcwODIxMjhaFw0yNjEyMDgwODIxMjha\n' +
    'MA8xDTALBgNVBAMMBHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASnwCic\nlbORYxf2myIzhTLxEjZEry4xi4XYOVbVsEJpINfU1KRueYokzpE5py9GcG1B/REg\n' +
    'SzZMqN91mOZPX4mno1MwUTAdBgNVHQ4EFgQUutIH4NUDzykaG0Lw4YS4J7IsQcsw\nHwYDVR0jBBgwFoAUutIH4NUDzykaG0Lw4YS4J7IsQcswDwYDVR0TAQH/BAUwAwEB\n' +
    '/zAKBggqhkjOPQQDAgNIADBFAiBavJ8NA2Tf06u10dE5ayhtfM3S+PmXfivn+ESA\n4Ob/gAIhANwgRzxOFUy4UOIVLdAONSB7XZw2yclzLRAlkDQ5xP2I\n' +
    '-----END CERTIFICATE-----\n';

  it('openssl ecparam -genkey\'s two blocks: the curve, then a real SEC 1 key', async () => {
    const t = await openTerminal();
    await put(t, 'ecp.pem', ECPARAM);
    expect(await t.type('inspect ecp.pem')).toBe(
      'ecp.pem: 302 bytes, PEM with 2 blocks\n' +
      '  -----BEGIN EC PARAMETERS----- (line 1): 10 bytes of DER\n' +
      '  EC PARAMETERS: the curve P-256 (prime256v1) (openssl ecparam -genkey writes it before the key)\n' +
      '      0:d=0  hl=2 l=   8 prim: OBJECT            :prime256v1\n' +
      '  -----BEGIN EC PRIVATE KEY----- (line 4): 121 bytes of DER\n' +
      '  SEC 1 ECPrivateKey (EC PRIVATE KEY): an EC private key on P-256 (prime256v1)\n' +
      '      0:d=0  hl=2 l= 119 cons: SEQUENCE\n' +
      '      2:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      '      5:d=1  hl=2 l=  32 prim:  OCTET STRING      [HEX DUMP]:BC3D424149C47FB915A2F24269C287BBB9340BC20D293698ABA28998C4B0B8E8\n' +
      '     39:d=1  hl=2 l=  10 cons:  cont [ 0 ]\n' +
      '     41:d=2  hl=2 l=   8 prim:   OBJECT            :prime256v1\n' +
      '     51:d=1  hl=2 l=  68 cons:  cont [ 1 ]\n' +
      '     53:d=2  hl=2 l=  66 prim:   BIT STRING\n');
  });

  it('a PKCS #8 EC key of openssl genpkey: its lines, then the SEC 1 key inside the OCTET STRING', async () => {
    const t = await openTerminal();
    await put(t, 'pk8.pem', PKCS8_EC);
    // what OpenSSL prints for the OCTET STRING in full; inspect shows its first 32 bytes and its length
    const octets = '306B02010104207926D3ECE989BDC1D9F692193859BD02E8BECA34BE2B8D1F2F6FFD04182CA758A14403420004A7C0289C95B3916317F69B22338532F1123644AF2E318B85D83956D5B0426920D7D4D4A46E798A24CE9139A72F46706D41FD11204B364CA8DF7598E64F5F89A7';
    expect(await t.type('inspect pk8.pem')).toBe(
      'pk8.pem: 241 bytes, PEM with 1 block\n' +
      '  -----BEGIN PRIVATE KEY----- (line 1): 138 bytes of DER\n' +
      '  PKCS #8 PrivateKeyInfo (PRIVATE KEY, unencrypted): an EC private key on P-256 (prime256v1)\n' +
      '      0:d=0  hl=3 l= 135 cons: SEQUENCE\n' +
      '      3:d=1  hl=2 l=   1 prim:  INTEGER           :00\n' +
      '      6:d=1  hl=2 l=  19 cons:  SEQUENCE\n' +
      '      8:d=2  hl=2 l=   7 prim:   OBJECT            :id-ecPublicKey\n' +
      '     17:d=2  hl=2 l=   8 prim:   OBJECT            :prime256v1\n' +
      `     27:d=1  hl=2 l= 109 prim:  OCTET STRING      [HEX DUMP]:${octets.slice(0, 64)}...(109 bytes)\n` +
      '  Inside the OCTET STRING at 27 (openssl asn1parse -strparse 27):\n' +
      '      0:d=0  hl=2 l= 107 cons: SEQUENCE\n' +
      '      2:d=1  hl=2 l=   1 prim:  INTEGER           :01\n' +
      '      5:d=1  hl=2 l=  32 prim:  OCTET STRING      [HEX DUMP]:7926D3ECE989BDC1D9F692193859BD02E8BECA34BE2B8D1F2F6FFD04182CA758\n' +
      '     39:d=1  hl=2 l=  68 cons:  cont [ 1 ]\n' +
      '     41:d=2  hl=2 l=  66 prim:   BIT STRING\n');
  });

  it('a certificate: subject, issuer, validity, signature and key, then its ASN.1 lines', async () => {
    const t = await openTerminal();
    await put(t, 'cert.pem', CERT);
    expect(await t.type('inspect cert.pem')).toBe(
      'cert.pem: 562 bytes, PEM with 1 block\n' +
      '  -----BEGIN CERTIFICATE----- (line 1): 375 bytes of DER\n' +
      '  An X.509 certificate:\n' +
      '    subject CN=test\n' +
      '    issuer  CN=test\n' +
      '    valid   261207082128Z to 261208082128Z\n' +
      '    signed  with ecdsa-with-SHA256\n' +
      '    key     an EC public key on P-256 (prime256v1)\n' +
      '      0:d=0  hl=4 l= 371 cons: SEQUENCE\n' +
      '      4:d=1  hl=4 l= 281 cons:  SEQUENCE\n' +
      '      8:d=2  hl=2 l=   3 cons:   cont [ 0 ]\n' +
      '     10:d=3  hl=2 l=   1 prim:    INTEGER           :02\n' +
      '     13:d=2  hl=2 l=  20 prim:   INTEGER           :27B3117E56BACCDD7A59353672D8E46EA910DF93\n' +
      '     35:d=2  hl=2 l=  10 cons:   SEQUENCE\n' +
      '     37:d=3  hl=2 l=   8 prim:    OBJECT            :ecdsa-with-SHA256\n' +
      '     47:d=2  hl=2 l=  15 cons:   SEQUENCE\n' +
      '     49:d=3  hl=2 l=  13 cons:    SET\n' +
      '     51:d=4  hl=2 l=  11 cons:     SEQUENCE\n' +
      '     53:d=5  hl=2 l=   3 prim:      OBJECT            :commonName\n' +
      '     58:d=5  hl=2 l=   4 prim:      UTF8STRING        :test\n' +
      '     64:d=2  hl=2 l=  30 cons:   SEQUENCE\n' +
      '     66:d=3  hl=2 l=  13 prim:    UTCTIME           :261207082128Z\n' +
      '     81:d=3  hl=2 l=  13 prim:    UTCTIME           :261208082128Z\n' +
      '     96:d=2  hl=2 l=  15 cons:   SEQUENCE\n' +
      '     98:d=3  hl=2 l=  13 cons:    SET\n' +
      '    100:d=4  hl=2 l=  11 cons:     SEQUENCE\n' +
      '    102:d=5  hl=2 l=   3 prim:      OBJECT            :commonName\n' +
      '    107:d=5  hl=2 l=   4 prim:      UTF8STRING        :test\n' +
      '    113:d=2  hl=2 l=  89 cons:   SEQUENCE\n' +
      '    115:d=3  hl=2 l=  19 cons:    SEQUENCE\n' +
      '    117:d=4  hl=2 l=   7 prim:     OBJECT            :id-ecPublicKey\n' +
      '    126:d=4  hl=2 l=   8 prim:     OBJECT            :prime256v1\n' +
      '    136:d=3  hl=2 l=  66 prim:    BIT STRING\n' +
      '    204:d=2  hl=2 l=  83 cons:   cont [ 3 ]\n' +
      '    206:d=3  hl=2 l=  81 cons:    SEQUENCE\n' +
      '    208:d=4  hl=2 l=  29 cons:     SEQUENCE\n' +
      '    210:d=5  hl=2 l=   3 prim:      OBJECT            :X509v3 Subject Key Identifier\n' +
      '    215:d=5  hl=2 l=  22 prim:      OCTET STRING      [HEX DUMP]:0414BAD207E0D503CF291A1B42F0E184B827B22C41CB\n' +
      '    239:d=4  hl=2 l=  31 cons:     SEQUENCE\n' +
      '    241:d=5  hl=2 l=   3 prim:      OBJECT            :X509v3 Authority Key Identifier\n' +
      '    246:d=5  hl=2 l=  24 prim:      OCTET STRING      [HEX DUMP]:30168014BAD207E0D503CF291A1B42F0E184B827B22C41CB\n' +
      '    272:d=4  hl=2 l=  15 cons:     SEQUENCE\n' +
      '    274:d=5  hl=2 l=   3 prim:      OBJECT            :X509v3 Basic Constraints\n' +
      '    279:d=5  hl=2 l=   1 prim:      BOOLEAN           :255\n' +
      '    282:d=5  hl=2 l=   5 prim:      OCTET STRING      [HEX DUMP]:30030101FF\n' +
      '    289:d=1  hl=2 l=  10 cons:  SEQUENCE\n' +
      '    291:d=2  hl=2 l=   8 prim:   OBJECT            :ecdsa-with-SHA256\n' +
      '    301:d=1  hl=2 l=  72 prim:  BIT STRING\n');
  });

  it('the host\'s openssl genrsa: PKCS #8 with an RSA-2048 key, a long value cut with its length; the same key as PKCS #1', async () => {
    const t = await openTerminal();
    await t.type('openssl genrsa -out r.pem 2048');
    const text = await t.type('inspect r.pem');
    const lines = text.split('\n');
    expect(lines[2]).toBe('  PKCS #8 PrivateKeyInfo (PRIVATE KEY, unencrypted): an RSA 2048-bit private key');
    expect(lines[4]).toBe('      4:d=1  hl=2 l=   1 prim:  INTEGER           :00');
    expect(lines[6]).toBe('      9:d=2  hl=2 l=   9 prim:   OBJECT            :rsaEncryption');
    expect(lines[8]).toMatch(/^ {5}22:d=1  hl=4 l=\d{4} prim:  OCTET STRING      \[HEX DUMP\]:308204[0-9A-F]{58}\.\.\.\(\d{4} bytes\)$/);
    // inside the OCTET STRING: the RSAPrivateKey (openssl asn1parse -strparse 22), version 0, then n
    expect(lines[9]).toBe('  Inside the OCTET STRING at 22 (openssl asn1parse -strparse 22):');
    expect(lines[10]).toMatch(/^ {6}0:d=0  hl=4 l=\d{4} cons: SEQUENCE$/);
    expect(lines[11]).toBe('      4:d=1  hl=2 l=   1 prim:  INTEGER           :00');
    expect(lines[12]).toMatch(/^ {6}7:d=1  hl=4 l= 257 prim:  INTEGER           :[0-9A-F]{64}\.\.\.\(256 bytes\)$/);
    expect(lines[13]).toBe('    268:d=1  hl=2 l=   3 prim:  INTEGER           :010001');
    // the same key as PKCS #1 (traditional): a real key, no fake marker
    await t.type('openssl pkey -in r.pem -traditional -out t.pem');
    const trad = (await t.type('inspect t.pem')).split('\n');
    expect(trad[1]).toMatch(/^ {2}-----BEGIN RSA PRIVATE KEY----- \(line 1\): \d{4} bytes of DER$/);
    expect(trad[2]).toBe('  PKCS #1 RSAPrivateKey (RSA PRIVATE KEY): an RSA 2048-bit private key');
    expect(trad[3]).toMatch(/^ {6}0:d=0  hl=4 l=\d{4} cons: SEQUENCE$/);
    expect(trad.filter((l) => l.includes('prim:  INTEGER'))).toHaveLength(9);
  });
});

describe('inspect: text, masked objects, empty files', () => {
  it('hex text, Base64 text, other text, an empty file', async () => {
    const t = await openTerminal();
    await t.type('openssl rand -hex 32 > hex.txt');
    await t.type('openssl rand -base64 32 > b64.txt');
    await t.type('echo "hello world" > hello.txt');
    await t.type('echo -n > empty');
    expect(await t.type('inspect hex.txt b64.txt hello.txt empty')).toBe(
      'hex.txt: 65 bytes of text: 64 hex digits\n' +
      "  They spell 32 bytes, but imSymKey and unWrapKey read a file's bytes as they are: to them this is 65 bytes of text.\n" +
      '\n' +
      'b64.txt: 45 bytes of text: Base64 of 32 bytes\n' +
      '  base64 -d b64.txt > FILE writes those bytes (then inspect FILE).\n' +
      '\n' +
      'hello.txt: 12 bytes of text, 1 line\n' +
      '  first line: "hello world"\n' +
      '\n' +
      'empty: empty (0 bytes)\n');
  });

  it('a masked object: the lineage in clear, the IV, the sealed object and the tag, at their offsets', async () => {
    const t = await kmu();
    const k = handleOf(await t.type('genSymKey -t 31 -s 32 -l k1'));
    await t.type(`extractMaskedObject -o ${k} -out k1.mask`);
    await t.type('exit');
    const size = Number((await t.type('wc -c < k1.mask')).trim());
    const hex = (await t.type('xxd -p k1.mask')).replace(/\n/g, '');
    const n = parseInt(hex.slice(16, 24), 16);
    const name = Buffer.from(hex.slice(24, 24 + 2 * n), 'hex').toString('utf8');
    expect(await t.type('inspect k1.mask')).toBe(
      `k1.mask: ${size} bytes, a masked object (extractMaskedObject)\n` +
      '  offset  length  field\n' +
      '       0       8  magic "KMUMASK1"\n' +
      `       8       4  lineage length: ${n}\n` +
      `      12  ${String(n).padStart(6)}  backup lineage: "${name}"\n` +
      `  ${String(12 + n).padStart(6)}      12  AES-GCM IV\n` +
      `  ${String(24 + n).padStart(6)}  ${String(size - 40 - n).padStart(6)}  the key object, encrypted under the masking key of the lineage (AES-256-GCM)\n` +
      `  ${String(size - 16).padStart(6)}      16  GCM tag\n` +
      '  insertMaskedObject inserts it only into the same cluster or a clone of it (the same lineage).\n');
  });
});

describe('inspect: bad input never breaks it', () => {
  it('control characters are escaped, never sent to the terminal', async () => {
    const t = await openTerminal();
    // text with control characters is no text: shown as data, the bytes as xxd shows them
    await put(t, 'evil', 'OBJ_ATTR_LABEL\n\x1b[31mred\x07\nOBJ_ATTR_ID\nx\n');
    const evil = await t.type('inspect evil');
    expect(evil.split('\n').slice(0, 2)).toEqual(['evil: 39 bytes of binary data, no header', '  00000000: 4f42 4a5f 4154 5452 5f4c 4142 454c 0a1b  OBJ_ATTR_LABEL..']);
    expect(evil).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    await put(t, 'evil.pem', `-----BEGIN PUBLIC KEY-----\n${Buffer.from([0x0c, 0x04, 0x1b, 0x5b, 0x32, 0x4a]).toString('base64')}\n-----END PUBLIC KEY-----\n`);
    expect(await t.type('inspect evil.pem')).toContain('      0:d=0  hl=2 l=   4 prim: UTF8STRING        :\\x1b[2J\n');
    // a right-to-left override in a text file's first line is shown, not obeyed
    await put(t, 'rtl.txt', 'abc\u202edef\n');
    expect(await t.type('inspect rtl.txt')).toBe('rtl.txt: 10 bytes of text, 1 line\n  first line: "abc\\u202edef"\n');
  });

  it('a huge or deeply nested file: the output stops at its cap, the walk at its depth', async () => {
    const t = await openTerminal();
    // 40 nested SEQUENCEs: the walk stops at depth 16 with an error line
    let der: number[] = [0x05, 0x00];
    for (let i = 0; i < 40; i++) der = [0x30, der.length, ...der];
    await put(t, 'deep.der', Uint8Array.from(der));
    const deep = await t.type('inspect deep.der');
    expect(deep.split('\n')[0]).toBe('deep.der: 82 bytes of binary data, no header');
    // as PEM, the same bytes are read as DER and the error is shown
    await put(t, 'deep.pem', `-----BEGIN X-----\n${Buffer.from(der).toString('base64')}\n-----END X-----\n`);
    const pem = await t.type('inspect deep.pem');
    expect(pem).toContain('  An ASN.1 structure the playground has no name for.\n');
    expect(pem).toContain(':error: nesting deeper than 16\n');
    expect(pem).toContain(`     32:d=16 hl=2 l=  48 cons: ${' '.repeat(16)}SEQUENCE\n`);
    // 5,000 attributes: 300 lines, then how many more there were
    await put(t, 'many', 'OBJ_ATTR_LABEL\nx\n'.repeat(5000));
    const many = (await t.type('inspect many')).split('\n');
    expect(many).toHaveLength(MAX_LINES + 2);
    expect(many.at(-2)).toBe(`  ... (${5001 - MAX_LINES} more lines not shown)`);
    // a mebibyte of random bytes: one screen
    await t.type('openssl rand -out big 1048576');
    const big = await t.type('inspect big');
    expect(big.split('\n')[0]).toBe('big: 1048576 bytes of binary data, no header');
    expect(big).toContain('    not AES (16, 24 or 32 bytes) nor 3DES (24 bytes): imSymKey refuses 1048576 bytes\n');
    expect(big.split('\n').length).toBeLessThan(20);
    // the analysis itself never throws on short or odd bytes
    for (const bytes of [[0x4b, 0x4d, 0x55, 0x57, 0x52, 0x41, 0x50, 0x31], [0x4b, 0x4d, 0x55, 0x4d, 0x41, 0x53, 0x4b, 0x31, 0xff, 0xff, 0xff, 0xff], [0x30, 0x84, 0xff, 0xff, 0xff, 0xff], [0x30, 0x80, 0, 0]]) {
      expect(() => inspectFile(Uint8Array.from(bytes))).not.toThrow();
    }
    expect(await t.type('echo S01VV1JBUDE= | base64 -d | inspect')).toBe(
      "standard input: 8 bytes, a key wrapped by wrapKey with the playground's header\n" +
      '  offset  length  field\n' +
      '       0       8  magic "KMUWRAP1"\n' +
      '  Damaged: the file is shorter than the header\'s fixed fields (20 bytes).\n' +
      '       8       0  the wrapped key: what wrapKey -noheader writes\n' +
      '  unWrapKey refuses this header (the file is not what wrapKey wrote).\n');
  });

  it('missing files, directories and unknown options: the tools\' messages and status', async () => {
    const t = await openTerminal();
    expect(await t.type('inspect nope')).toBe('inspect: nope: No such file or directory\n');
    expect(await t.type('echo $?')).toBe('1\n');
    expect(await t.type('inspect /tmp')).toBe('inspect: /tmp: Is a directory\n');
    expect(await t.type('inspect -x')).toBe("inspect: invalid option -- 'x'\nTry 'inspect -h' for more information.\n");
    expect(await t.type('inspect')).toBe("inspect: missing file operand\nTry 'inspect -h' for more information.\n");
    expect(await t.type('echo $?')).toBe('1\n');
  });
});

describe('inspect: help and completion', () => {
  it('inspect -h and --help print its help with status 0; help inspect its usage; help lists it', async () => {
    const t = await openTerminal();
    const help = await t.type('inspect -h');
    expect(help.startsWith('Usage: inspect FILE...\nExplain what a file holds')).toBe(true);
    expect(await t.type('echo $?')).toBe('0\n');
    expect(await t.type('inspect --help')).toBe(help);
    expect(await t.type('help inspect')).toBe('Usage: inspect FILE...\nexplain a file: key, wrapped key (header or not), getAttribute output, PEM/DER\n');
    expect(await t.type('help')).toMatch(/^ {2}inspect FILE\.\.\. +explain a file: key, wrapped key/m);
  });

  it('completes its name and file names', async () => {
    const t = await openTerminal();
    await t.type('echo x > notes.txt');
    const c = t.session as Console;
    expect((await c.complete('insp')).candidates).toEqual(['inspect']);
    expect((await c.complete('inspect no')).candidates).toEqual(['notes.txt']);
    expect((await c.complete('cat notes.txt | inspect no')).candidates).toEqual(['notes.txt']);
  });
});
