/**
 * wrapKey / unWrapKey with RSA (kmu-commands.md §3.4–3.5, attributes.md §4.5–4.6, errors.md §4.2):
 * -m 8 RSA_OAEP with every -t, -m 12 RSA_PKCS, -m 7 RSA_AES round trips with and without the header;
 * the size limits k − 2·hLen − 2 and k − 11; private keys (RSA, EC, DSA as PKCS #8) wrapped under AES
 * and RSA_AES and unwrapped with -kc 3; the refusals, each with the whole database unchanged; and
 * seeded mode writing the same bytes from the same seed.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import { openIdbBackend } from '../../src/platform/idb-backend';
import type { Scenario } from '../../src/hsm/scenario';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes, H, readHeader, storedKey } from './keys-support';
import { HASH_BYTES, HASH_TYPES, nodePair, putPair, type NodePair } from './wrap-rsa-support';

const HOME = '/home/user/';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const hex = (n: number, b: number) => b.toString(16).padStart(2, '0').repeat(n);
const AES256 = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

const SCENARIO: Scenario = {
  servingNode: 0, handles: 'simple', nextIndex: 100,
  users: [{ userId: 4, name: 'cu2', type: 'CU', password: 'pwd2' }],
  keys: [
    { handle: 6, keyType: 'AES', label: 'kek', owner: 3, value: 'a5'.repeat(32) },
    { handle: 7, keyType: 'AES', label: 'target', id: 't7', owner: 3, value: AES256 },
    { handle: 8, keyType: 'GENERIC_SECRET', label: 'g126', owner: 3, value: hex(126, 1) },
    { handle: 9, keyType: 'GENERIC_SECRET', label: 'g127', owner: 3, value: hex(127, 2) },
    { handle: 10, keyType: 'GENERIC_SECRET', label: 'g214', owner: 3, value: hex(214, 3) },
    { handle: 11, keyType: 'GENERIC_SECRET', label: 'g215', owner: 3, value: hex(215, 4) },
    { handle: 12, keyType: 'GENERIC_SECRET', label: 'g245', owner: 3, value: hex(245, 5) },
    { handle: 13, keyType: 'GENERIC_SECRET', label: 'g246', owner: 3, value: hex(246, 6) },
    { handle: 14, keyType: 'GENERIC_SECRET', label: 'g1000', owner: 3, value: hex(1000, 7) },
  ],
};

/** Pairs: 20/21 and 22/23 wrapping pairs; 24/25 RSA, 26/27 EC, 28/29 DSA to be wrapped; 30/31 someone else's, shared with user 3; 32/33 with a quorum; 34/35 non-extractable; 36/37 user 4's. */
let A2048: NodePair, B2048: NodePair, R: NodePair, EC: NodePair, DSA: NodePair;
beforeAll(() => {
  A2048 = nodePair('rsa');
  B2048 = nodePair('rsa');
  R = nodePair('rsa');
  EC = nodePair('ec');
  DSA = nodePair('dsa');
});

async function setUp(t: Terminal): Promise<void> {
  await putPair(t, 20, 21, A2048);
  await putPair(t, 22, 23, B2048);
  await putPair(t, 24, 25, R);
  await putPair(t, 26, 27, EC);
  await putPair(t, 28, 29, DSA);
  await putPair(t, 30, 31, A2048, { owner: 4, shared: [3] });
  await putPair(t, 32, 33, A2048, { mValue: 2 });
  await putPair(t, 34, 35, R, { extractable: false });
  await putPair(t, 36, 37, A2048, { owner: 4 });
}

const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)?.[1] ?? NaN);
const wrapped = (name: string, length: number) =>
  `\n${H}Key Wrapped.\n\n${H}Wrapped Key written to file "${name} length ${length}\n\n${H}Cfm2WrapKey returned: 0x00 : HSM Return: SUCCESS\n\n`;
const value = async (t: Terminal, h: number) => Buffer.from((await storedKey(t, h))!.value).toString('hex');

describe('round trips', () => {
  let t: Terminal;
  beforeEach(async () => {
    t = await openTerminal({ scenario: SCENARIO });
    await setUp(t);
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
  });

  it('-m 8 with every -t: 256 bytes after the header, the header names mechanism 8, the key comes back', async () => {
    for (const ht of HASH_TYPES) {
      const out = await t.type(`wrapKey -k 7 -w 20 -m 8 -t ${ht} -out o${ht}.key`);
      const file = (await fileBytes(t, `${HOME}o${ht}.key`))!;
      expect(out).toBe(wrapped(`o${ht}.key`, file.length));
      const head = readHeader(file);
      expect(head.mechanism).toBe(8);
      expect(head.wrapped.length).toBe(256);
      const h = handleOf(await t.type(`unWrapKey -f o${ht}.key -w 21 -m 8 -t ${ht}`));
      expect(await value(t, h)).toBe(AES256);
      expect((await storedKey(t, h))!.attrs[A.LABEL]).toBe('target');
      expect((await storedKey(t, h))!.attrs[A.LOCAL]).toBe(0);
    }
    // -t 2 is the default.
    await t.type('wrapKey -k 7 -w 20 -m 8 -noheader -out d.key');
    const h = handleOf(await t.type('unWrapKey -f d.key -w 21 -m 8 -t 2 -noheader -l d -kc 4 -kt 31'));
    expect(await value(t, h)).toBe(AES256);
  });

  it('-m 8 takes at most k − 2·hLen − 2 bytes, -m 12 at most k − 11 (0xc6 one byte over)', async () => {
    const denied = `\n${H}Cfm2WrapKey returned: 0xc6 : HSM Error: Key Access is denied\n\n`;
    expect(256 - 2 * HASH_BYTES[2] - 2).toBe(214);
    expect(await t.type('wrapKey -k 10 -w 20 -m 8 -noheader -out a.key')).toContain('Key Wrapped.');
    expect(await t.type('wrapKey -k 11 -w 20 -m 8 -noheader -out a.key')).toBe(denied);
    expect(256 - 2 * HASH_BYTES[5] - 2).toBe(126);
    expect(await t.type('wrapKey -k 8 -w 20 -m 8 -t 5 -noheader -out a.key')).toContain('Key Wrapped.');
    expect(await t.type('wrapKey -k 9 -w 20 -m 8 -t 5 -noheader -out a.key')).toBe(denied);
    expect(await t.type('wrapKey -k 12 -w 20 -m 12 -out p.key')).toContain('Key Wrapped.');
    expect(await t.type('wrapKey -k 13 -w 20 -m 12 -out a.key')).toBe(denied);
    expect(await value(t, handleOf(await t.type('unWrapKey -f p.key -w 21 -m 12')))).toBe(hex(245, 5));
    // A private key (PKCS #8, > 1 kB) never fits RSA_OAEP; RSA_AES takes anything.
    expect(await t.type('wrapKey -k 25 -w 20 -m 8 -out a.key')).toBe(denied);
    expect(await t.type('wrapKey -k 14 -w 20 -m 7 -out big.key')).toContain('Key Wrapped.');
    expect(await value(t, handleOf(await t.type('unWrapKey -f big.key -w 21 -m 7')))).toBe(hex(1000, 7));
  });

  it('-m 7 wraps private keys of every type; -kc 3 with and without a header makes the same private key', async () => {
    for (const [priv, pair, kt] of [[25, R, 0], [27, EC, 3], [29, DSA, 1]] as const) {
      for (const ht of [2, 3]) {
        await t.type(`wrapKey -k ${priv} -w 20 -m 7 -t ${ht} -out w${priv}.key`);
        const head = readHeader((await fileBytes(t, `${HOME}w${priv}.key`))!);
        expect(head.mechanism).toBe(7);
        expect(head.wrapped.length).toBeGreaterThan(256 + pair.pkcs8.length);
        const h = handleOf(await t.type(`unWrapKey -f w${priv}.key -w 21 -m 7 -t ${ht}`));
        const orig = (await storedKey(t, priv))!;
        const got = (await storedKey(t, h))!;
        expect(Buffer.from(got.value).equals(pair.pkcs8)).toBe(true);
        for (const id of [A.CLASS, A.KEY_TYPE, A.KCV, A.VALUE_LEN, A.LABEL, A.SIGN, A.DECRYPT, A.UNWRAP, A.EXTRACTABLE, A.MODULUS, A.MODULUS_BITS]) {
          expect(got.attrs[id], `attribute ${id}`).toEqual(orig.attrs[id]);
        }
        expect(got.attrs[A.LOCAL]).toBe(0);
      }
      await t.type(`wrapKey -k ${priv} -w 20 -m 7 -noheader -out n${priv}.key`);
      const out = await t.type(`unWrapKey -f n${priv}.key -w 21 -m 7 -noheader -l u${priv} -id x${priv} -kc 3 -kt ${kt} -nex`);
      expect(out).toContain('Cfm2UnWrapWithTemplate3 returned: 0x00');
      const got = (await storedKey(t, handleOf(out)))!;
      expect(Buffer.from(got.value).equals(pair.pkcs8)).toBe(true);
      expect([got.attrs[A.CLASS], got.attrs[A.KEY_TYPE], got.attrs[A.LABEL], got.attrs[A.ID], got.attrs[A.EXTRACTABLE]]).toEqual([3, kt, `u${priv}`, `x${priv}`, 0]);
      expect(got.attrs[A.KCV]).toEqual((await storedKey(t, priv - 1))!.attrs[A.KCV]);
    }
  });

  it('private keys under AES: -m 4, 6, 10 and 11 any length, -m 5 only block-aligned PKCS #8', async () => {
    for (const [priv, pair] of [[25, R], [27, EC], [29, DSA]] as const) {
      for (const m of [4, 5, 6, 10, 11]) {
        const out = await t.type(`wrapKey -k ${priv} -w 6 -m ${m} -out a${m}.key`);
        if (m === 5 && pair.pkcs8.length % 8 !== 0) {
          expect(out).toBe(`\n${H}Cfm2WrapKey returned: 0xc6 : HSM Error: Key Access is denied\n\n`);
          continue;
        }
        expect(out).toContain('Key Wrapped.');
        const h = handleOf(await t.type(`unWrapKey -f a${m}.key -w 6 -m ${m}`));
        expect(Buffer.from((await storedKey(t, h))!.value).equals(pair.pkcs8), `${priv} -m ${m}`).toBe(true);
        expect((await storedKey(t, h))!.attrs[A.CLASS]).toBe(3);
      }
    }
    expect(EC.pkcs8.length).toBe(138); // not block-aligned: -m 5 refused above
  });

  it('a session private key (-sess) and shared, quorum-guarded unwrapped keys', async () => {
    await t.type('wrapKey -k 27 -w 20 -m 7 -out s.key');
    const out = await t.type('unWrapKey -f s.key -w 21 -m 7 -sess -u 4 -m_value 1');
    const h = handleOf(out);
    expect(out).toContain('Key Unwrapped.  Key Handle:');
    expect(await storedKey(t, h)).toBeUndefined();
    const info = await t.type(`getKeyInfo -k ${h}`);
    expect(info).toContain('also, shared to following 1 user(s):');
    expect(info).toContain(' 1 Users need to approve to use/manage this key');
  });
});

describe('refusals leave the whole database unchanged', () => {
  const DB = 'wrap-rsa';
  let factory: IDBFactory;
  let t: Terminal;
  beforeEach(async () => {
    factory = freshFactory();
    t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
    await setUp(t);
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
  });
  async function refused(line: string, expected: string): Promise<void> {
    const before = await dumpIdb(DB, factory);
    expect(await t.type(line)).toBe(expected + '\n\n');
    expect(await dumpIdb(DB, factory)).toBe(before);
  }
  const TEXT: Record<string, string> = {
    a8: 'HSM Error: Invalid object handle is passed to this operation', c6: 'HSM Error: Key Access is denied',
    e5: 'HSM Error: Unwrap failed - integrity check error', e7: 'HSM Error: RET_MXN_AUTH_FAILED',
  };
  const wrapFails = (line: string, c: string) => refused(line, `\n${H}Cfm2WrapKey returned: 0x${c} : ${TEXT[c]}`);
  const nodes = (c: string) => [0, 1, 2].map((n) => `${H}Node id ${n} and err state 0x000000${c} : ${TEXT[c]}`).join('\n');
  const unwrapFails = (line: string, c: string) =>
    refused(line, `\n${H}Cfm3UnWrapKey returned: 0x${c} : ${TEXT[c]}\n\n${H}Cluster Error Status\n${nodes(c)}`);
  const noHeaderFails = (line: string, c: string) => refused(line,
    `\n${H}Cfm3CreateUnwrapTemplate2 returned: 0x00 : HSM Return: SUCCESS\n${H}Cfm2UnWrapWithTemplate3 returned: 0x${c} : ${TEXT[c]}\n\n${H}Cluster Error Status\n${nodes(c)}`);

  it('wrapKey: the wrapping half, the target, the owner, EXTRACTABLE, the quorum', async () => {
    await wrapFails('wrapKey -k 7 -w 21 -m 8 -out x.key', 'c6'); // wrap with the PUBLIC key (G-52)
    await wrapFails('wrapKey -k 7 -w 26 -m 8 -out x.key', 'c6'); // an EC key is no RSA key
    await wrapFails('wrapKey -k 7 -w 6 -m 8 -out x.key', 'c6'); // nor is an AES key
    await wrapFails('wrapKey -k 20 -w 6 -m 6 -out x.key', 'c6'); // public keys: exportPubKey
    await wrapFails('wrapKey -k 31 -w 20 -m 7 -out x.key', 'c6'); // shared with me, not mine
    await wrapFails('wrapKey -k 35 -w 20 -m 7 -out x.key', 'c6'); // non-extractable
    await wrapFails('wrapKey -k 33 -w 20 -m 7 -out x.key', 'e7'); // quorum-guarded
    await wrapFails('wrapKey -k 7 -w 99 -m 8 -out x.key', 'a8');
    await refused('wrapKey -k 7 -w 20 -m 12 -t 3 -out x.key', `\n${H}Error: Invalid value (3) for parameter (-t).`);
  });

  it('unWrapKey: the unwrapping half, the wrong key, -t or mechanism, material of another type', async () => {
    for (const line of ['wrapKey -k 7 -w 20 -m 8 -t 3 -out o.key', 'wrapKey -k 7 -w 20 -m 7 -out r.key',
      'wrapKey -k 7 -w 20 -m 8 -noheader -out n.key', 'wrapKey -k 25 -w 20 -m 7 -noheader -out p.key']) {
      expect(await t.type(line)).toContain('Key Wrapped.');
    }
    await unwrapFails('unWrapKey -f o.key -w 20 -m 8 -t 3', 'c6'); // unwrap with the PRIVATE key
    await unwrapFails('unWrapKey -f o.key -w 33 -m 8 -t 3', 'e7'); // a quorum on the unwrapping key
    await unwrapFails('unWrapKey -f o.key -w 37 -m 8 -t 3', 'c6'); // someone else's private key, not shared
    await unwrapFails('unWrapKey -f o.key -w 21 -m 8', 'e5'); // -t 2 is not the hash it was wrapped with
    await unwrapFails('unWrapKey -f o.key -w 23 -m 8 -t 3', 'e5'); // another pair
    await unwrapFails('unWrapKey -f o.key -w 21 -m 12', 'e5'); // the header names mechanism 8
    await unwrapFails('unWrapKey -f r.key -w 23 -m 7', 'e5');
    await noHeaderFails('unWrapKey -f n.key -w 21 -m 8 -noheader -l x -kc 3 -kt 0', 'e5'); // an AES key is no PKCS #8
    await noHeaderFails('unWrapKey -f p.key -w 21 -m 7 -noheader -l x -kc 3 -kt 3', 'e5'); // an RSA key is no EC key
    await noHeaderFails('unWrapKey -f p.key -w 21 -m 7 -noheader -l x -kc 4 -kt 16 -t 4', 'e5');
  });
});

describe('seeded mode', () => {
  it('the same seed writes the same -m 7, 8 and 12 blobs; another seed other ones', async () => {
    const run = async (seed: number) => {
      const t = await openTerminal({ scenario: SCENARIO });
      await setUp(t);
      await t.type(`settings seed ${seed}`);
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      const out: string[] = [];
      for (const m of [7, 8, 12]) {
        await t.type(`wrapKey -k 7 -w 20 -m ${m} -out s${m}.key`);
        out.push((await fileBytes(t, `${HOME}s${m}.key`))!.toString('hex'));
      }
      return out;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    const b = await run(6);
    for (let i = 0; i < 3; i++) expect(b[i]).not.toBe(a[i]);
  });
});
