/**
 * RSA-wrapped blobs are interoperable (kmu-commands.md §3.4–3.5): -m 8 (-noheader, and the key
 * bytes after a header) unwraps with node:crypto's RSA-OAEP for every -t, and node's publicEncrypt
 * output unwraps here; -m 7 equals PKCS #11 CKM_RSA_AES_KEY_WRAP built in the test from node's
 * RSA-OAEP and OpenSSL's RFC 5649 (id-aes256-wrap-pad), both ways; -m 12 is PKCS #1 v1.5 both ways;
 * for RSA 2048, 3072 and 4096 wrapping keys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Console } from '../../src/shell/console';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes, readHeader, storedKey } from '../kmu/keys-support';
import {
  HASH_TYPES, kwpUnwrap, kwpWrap, nodePair, oaepDecrypt, oaepEncrypt, pkcs1Decrypt, pkcs1Encrypt, putPair, rsaAesUnwrap, rsaAesWrap,
  type NodePair,
} from '../kmu/wrap-rsa-support';

const HOME = '/home/user/';
const AES = randomBytes(32);
const GENERIC = randomBytes(100);
const SIZES = [2048, 3072, 4096] as const;
const PAIRS: Record<number, NodePair> = {};
let EC: NodePair;

beforeAll(() => {
  for (const bits of SIZES) PAIRS[bits] = nodePair('rsa', { bits });
  EC = nodePair('ec', { curve: 'P-384' });
}, 60_000);

async function terminal(): Promise<Terminal> {
  const t = await openTerminal({
    scenario: {
      servingNode: 0, handles: 'simple', nextIndex: 100,
      keys: [
        { handle: 7, keyType: 'AES', label: 'aes', owner: 3, value: AES.toString('hex') },
        { handle: 8, keyType: 'GENERIC_SECRET', label: 'gen', owner: 3, value: GENERIC.toString('hex') },
      ],
    },
  });
  let h = 20;
  for (const bits of SIZES) {
    await putPair(t, h, h + 1, PAIRS[bits]!);
    h += 2;
  }
  await putPair(t, 30, 31, EC);
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  return t;
}

async function putFile(t: Terminal, name: string, bytes: Buffer): Promise<void> {
  await (t.session as Console).hsm.transact(async (tx) => {
    await tx.get('files', HOME + name);
    tx.put('files', { id: HOME + name, rev: 0, kind: 'file', data: new Uint8Array(bytes), mtime: 0 });
  });
}

const file = async (t: Terminal, name: string) => (await fileBytes(t, HOME + name))!;
const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)?.[1] ?? NaN);
const material = async (t: Terminal, h: number) => Buffer.from((await storedKey(t, h))!.value);

describe.each(SIZES.map((bits, i) => [bits, 20 + 2 * i] as const))('RSA-%i', (bits, pub) => {
  const priv = pub + 1;
  const k = bits / 8;
  let t: Terminal;
  let pair: NodePair;
  beforeAll(async () => {
    t = await terminal();
    pair = PAIRS[bits]!;
  });

  it('-m 8: our blobs open with node:crypto OAEP, node\'s open here, for every -t', async () => {
    for (const ht of HASH_TYPES) {
      await t.type(`wrapKey -k 7 -w ${pub} -m 8 -t ${ht} -noheader -out o.bin`);
      const blob = await file(t, 'o.bin');
      expect(blob.length).toBe(k);
      expect(oaepDecrypt(pair.privateKey, ht, blob).equals(AES)).toBe(true);
      await t.type(`wrapKey -k 8 -w ${pub} -m 8 -t ${ht} -out h.bin`);
      expect(oaepDecrypt(pair.privateKey, ht, readHeader(await file(t, 'h.bin')).wrapped).equals(GENERIC)).toBe(true);
      await putFile(t, 'n.bin', oaepEncrypt(pair.publicKey, ht, AES));
      const h = handleOf(await t.type(`unWrapKey -f n.bin -w ${priv} -m 8 -t ${ht} -noheader -l n -kc 4 -kt 31`));
      expect((await material(t, h)).equals(AES)).toBe(true);
    }
  });

  it('-m 7: equals OAEP(ephemeral) ‖ RFC 5649 both ways, for secret and private keys', async () => {
    for (const ht of [2, 3, 5] as const) {
      await t.type(`wrapKey -k 7 -w ${pub} -m 7 -t ${ht} -noheader -out r.bin`);
      const blob = await file(t, 'r.bin');
      expect(blob.length).toBe(k + 40); // KWP of 32 bytes: 40
      expect(rsaAesUnwrap(pair.privateKey, k, ht, blob).equals(AES)).toBe(true);
      // The ephemeral key is AES-256 and the KWP block is exactly OpenSSL's for it.
      const ephemeral = oaepDecrypt(pair.privateKey, ht, blob.subarray(0, k));
      expect(ephemeral.length).toBe(32);
      expect(kwpUnwrap(ephemeral, blob.subarray(k)).equals(AES)).toBe(true);
      expect(kwpWrap(ephemeral, AES).equals(blob.subarray(k))).toBe(true); // byte for byte (KWP is deterministic)
      // A private key (EC P-384, PKCS #8) with the header: the part after the header.
      await t.type(`wrapKey -k 31 -w ${pub} -m 7 -t ${ht} -out p.bin`);
      expect(rsaAesUnwrap(pair.privateKey, k, ht, readHeader(await file(t, 'p.bin')).wrapped).equals(EC.pkcs8)).toBe(true);
      // Node → here.
      await putFile(t, 'ref.bin', rsaAesWrap(pair.publicKey, ht, randomBytes(32), EC.pkcs8));
      const h = handleOf(await t.type(`unWrapKey -f ref.bin -w ${priv} -m 7 -t ${ht} -noheader -l ref -kc 3 -kt 3`));
      expect((await material(t, h)).equals(EC.pkcs8)).toBe(true);
      await putFile(t, 'ref128.bin', rsaAesWrap(pair.publicKey, ht, randomBytes(16), GENERIC));
      const g = handleOf(await t.type(`unWrapKey -f ref128.bin -w ${priv} -m 7 -t ${ht} -noheader -l g -kc 4 -kt 16`));
      expect((await material(t, g)).equals(GENERIC)).toBe(true);
    }
  });

  it('-m 12: PKCS #1 v1.5 both ways', async () => {
    await t.type(`wrapKey -k 7 -w ${pub} -m 12 -noheader -out p1.bin`);
    const blob = await file(t, 'p1.bin');
    expect(blob.length).toBe(k);
    expect(pkcs1Decrypt(pair.privateKey, blob).equals(AES)).toBe(true);
    await putFile(t, 'np1.bin', pkcs1Encrypt(pair.publicKey, GENERIC));
    const h = handleOf(await t.type(`unWrapKey -f np1.bin -w ${priv} -m 12 -noheader -l p -kc 4 -kt 16`));
    expect((await material(t, h)).equals(GENERIC)).toBe(true);
  });
});
