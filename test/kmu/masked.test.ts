/**
 * extractMaskedObject / insertMaskedObject (kmu-commands.md §6.1–6.2, cluster.md §6.3, errors.md
 * §4.2, G-55): the canonical blocks, the whole key record travelling (attributes, value, owner,
 * sharing, quorum), non-extractable keys, clones accepting and unrelated clusters refusing, a
 * corrupt file, an unknown owner, inserting twice, seeded reproducibility — and every refusal
 * leaving the whole IndexedDB database unchanged.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { A } from '../../src/hsm/attributes';
import { maskKey } from '../../src/hsm/masking';
import type { Console } from '../../src/shell/console';
import type { Scenario } from '../../src/hsm/scenario';
import type { KeyRecord } from '../../src/hsm/model';
import { keyRecordId } from '../../src/hsm/model';
import { KEY_CAPACITY } from '../../src/hsm/world';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes, H, patchKey, storedKey } from './keys-support';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kmu/${name}.txt`, import.meta.url), 'utf8').replace(/\n$/, '');
const HOME = '/home/user/';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/** The guide's handles: key 524295 (index 7 on HSM 2), the next index 289 on HSM 1 → 262433. */
const SCENARIO: Scenario = {
  servingNode: 1, nextIndex: 289,
  users: [{ userId: 4, name: 'cu2', type: 'CU', password: 'pwd2' }],
  keys: [
    { handle: 524295, keyType: 'AES', label: 'masked', id: 'm01', owner: 3, shared: [4], mValue: 1, value: AES },
    { handle: 262150, keyType: 'AES', label: 'nex', owner: 3, extractable: false, value: AES.slice(0, 32) },
    { handle: 262151, keyType: 'AES', label: 'cu2s', owner: 4, value: AES.slice(0, 48) },
  ],
};

const hsmOf = (t: Terminal) => (t.session as Console).hsm;
const handleOf = (out: string) => Number(/New Key Handle: (\d+)/.exec(out)?.[1] ?? NaN);
/** What a masked object must carry: everything but where the key lives. */
const carried = (k: KeyRecord) => {
  const { id: _i, rev: _r, cluster: _c, handle: _h, index: _x, holders: _o, ...rest } = k;
  return { ...rest, value: Buffer.from(rest.value).toString('hex') };
};

async function putFile(t: Terminal, name: string, bytes: Uint8Array): Promise<void> {
  await hsmOf(t).transact(async (tx) => {
    await tx.get('files', HOME + name);
    tx.put('files', { id: HOME + name, rev: 0, kind: 'file', data: new Uint8Array(bytes), mtime: 0 });
  });
}

const nodes3 = (code: string, text: string) => [0, 1, 2].map((n) => `${H}Node id ${n} and err state ${code} : ${text}`).join('\n');
const insertFailure = (code: string, text: string) =>
  `\nCfm3InsertMaskedObject returned: ${code} : ${text}\n\n${H}Cluster Error Status\n${nodes3(`0x000000${code.slice(2)}`, text)}\n`;
const DENIED = 'HSM Error: Key Access is denied';
const INTEGRITY = 'HSM Error: Unwrap failed - integrity check error';

describe('golden transcripts (§6.1, §6.2)', () => {
  it('extract the guide\'s key 524295 and insert it as 262433', async () => {
    const t = await openTerminal({ scenario: SCENARIO });
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    for (const name of ['extractMaskedObject', 'insertMaskedObject']) {
      const want = fixture(name);
      expect(await t.block(want.split('\n')[0]!.replace(/^Command: /, ''))).toBe(want + '\n');
    }
  });

  it('the same seed writes the same masked object, byte for byte', async () => {
    const run = async () => {
      const t = await openTerminal({ seed: 7, scenario: SCENARIO });
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      await t.type('extractMaskedObject -o 524295 -out maskedObj');
      const out = await t.type('insertMaskedObject -f maskedObj');
      return { file: (await fileBytes(t, HOME + 'maskedObj'))!.toString('hex'), out };
    };
    const a = await run();
    const b = await run();
    expect(a.file.length).toBeGreaterThan(100);
    expect(a).toEqual(b);
  });
});

describe('what travels', () => {
  let t: Terminal;
  beforeEach(async () => {
    t = await openTerminal({ scenario: SCENARIO });
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
  });

  it('the inserted key keeps every attribute, its value, owner, sharing and quorum; the file does not show the key', async () => {
    await t.type('extractMaskedObject -o 524295 -out m.obj');
    const file = (await fileBytes(t, HOME + 'm.obj'))!;
    expect(file.includes(Buffer.from(AES, 'hex'))).toBe(false);
    expect(file.includes(Buffer.from(AES.slice(0, 16), 'hex'))).toBe(false);
    expect(file.includes(Buffer.from('"label"'))).toBe(false);
    const h = handleOf(await t.type('insertMaskedObject -f m.obj'));
    expect(h).toBe(262433);
    const original = (await storedKey(t, 524295))!;
    const inserted = (await storedKey(t, h))!;
    expect(carried(inserted)).toEqual(carried(original));
    expect(inserted.owner).toBe(3);
    expect(inserted.shared).toEqual([4]);
    expect([inserted.manageQuorum, inserted.useQuorum]).toEqual([1, 1]);
    expect(inserted.holders).toEqual([0, 1, 2]);
    // The original is not changed (same revision) and both keys are listed.
    expect(original.rev).toBe(1);
    expect(await t.type('findKey -l masked')).toContain('524295, 262433');
  });

  it('a non-extractable key can be masked and inserted; it stays non-extractable', async () => {
    await t.type('extractMaskedObject -o 262150 -out nex.obj');
    const h = handleOf(await t.type('insertMaskedObject -f nex.obj'));
    expect((await storedKey(t, h))!.attrs[A.EXTRACTABLE]).toBe(0);
    expect(carried((await storedKey(t, h))!)).toEqual(carried((await storedKey(t, 262150))!));
  });

  it('inserting the same file twice makes two keys (the ID is not checked again)', async () => {
    await t.type('extractMaskedObject -o 524295 -out m.obj');
    const a = handleOf(await t.type('insertMaskedObject -f m.obj'));
    const b = handleOf(await t.type('insertMaskedObject -f m.obj'));
    expect(a).not.toBe(b);
    expect((await storedKey(t, b))!.attrs[A.ID]).toBe('m01');
  });

  it('a key of another owner may be inserted by any CU of the cluster; it keeps that owner', async () => {
    await t.type('logoutHSM');
    await t.type('loginHSM -u CU -s cu2 -p pwd2');
    await t.type('extractMaskedObject -o 262151 -out cu2.obj');
    await t.type('logoutHSM');
    await t.type(LOGIN);
    const h = handleOf(await t.type('insertMaskedObject -f cu2.obj'));
    expect((await storedKey(t, h))!.owner).toBe(4);
  });

  it('a session key comes back as a session key of the inserting session', async () => {
    const made = await t.type('genSymKey -t 31 -s 16 -l s1 -sess');
    const h = Number(/Key Handle: (\d+)/.exec(made)![1]);
    await t.type(`extractMaskedObject -o ${h} -out sess.obj`);
    const out = await t.type('insertMaskedObject -f sess.obj');
    const n = handleOf(out);
    expect(out).toContain(`${H}Node id 1 and err state 0x00000000`);
    expect(out).not.toContain('Node id 0');
    expect(await storedKey(t, n)).toBeUndefined(); // never in the store
    expect(await t.type(`getAttribute -o ${n} -a 1 -out tok.txt`)).toContain('SUCCESS');
    expect((await fileBytes(t, HOME + 'tok.txt'))!.toString()).toContain('OBJ_ATTR_TOKEN\n0x00000000');
  });
});

describe('-min_srv and -timeout', () => {
  it('an HSM down: -min_srv 3 fails at once with 0x30000085 (nothing created); -min_srv 2 succeeds on the two up', async () => {
    const t = await openTerminal({ scenario: SCENARIO });
    await t.type('hsm stop 2');
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('extractMaskedObject -o 262150 -out m.obj');
    const before = await hsmOf(t).transact((tx) => tx.list('keys'));
    const down = 'HSM CLUSTER ERROR: Server in cluster is unavailable';
    expect(await t.type('insertMaskedObject -f m.obj -min_srv 3')).toBe(`\nCfm3InsertMaskedObject returned: 0x30000085 : ${down}\n\n` +
      `${H}Cluster Error Status\n${H}Node id 0 and err state 0x00000000 : HSM Return: SUCCESS\n` +
      `${H}Node id 1 and err state 0x00000000 : HSM Return: SUCCESS\n${H}Node id 2 and err state 0x30000085 : ${down}\n\n`);
    expect(await t.type('insertMaskedObject -f m.obj -min_srv 3 -timeout 2')).toContain('returned: 0x30000085');
    expect(t.clock.slept).toBe(2000);
    expect(await hsmOf(t).transact((tx) => tx.list('keys'))).toEqual(before);
    const h = handleOf(await t.type('insertMaskedObject -f m.obj -min_srv 2'));
    expect((await storedKey(t, h))!.holders).toEqual([0, 1]);
  });
});

describe('capacity (cluster.md §7)', () => {
  it('a full cluster answers 0xe6 and changes nothing', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0, handles: 'simple', keys: [{ handle: 6, keyType: 'AES', label: 'k', owner: 3, value: AES }] } });
    const hsm = hsmOf(t);
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('extractMaskedObject -o 6 -out m.obj');
    await hsm.transact(async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', keyRecordId('cluster-1', 6)))!;
      for (let handle = 7; handle < 6 + KEY_CAPACITY; handle++) {
        tx.put<KeyRecord>('keys', { ...k, id: keyRecordId('cluster-1', handle), rev: 0, handle, index: handle });
      }
      const c = (await tx.get<{ id: string; rev: number; nextIndex: number }>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, nextIndex: 6 + KEY_CAPACITY });
    });
    const before = await hsm.transact((tx) => tx.list('keys'));
    expect(await t.type('insertMaskedObject -f m.obj')).toBe(insertFailure('0xe6', 'HSM Error: Object table is full') + '\n');
    expect((await hsm.transact((tx) => tx.list('keys'))).length).toBe(before.length);
  }, 120_000);
});

describe('between clusters', () => {
  it('a clone inserts the object; an unrelated cluster refuses it with 0xc6', async () => {
    const t = await openTerminal({ scenario: SCENARIO });
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('extractMaskedObject -o 524295 -out m.obj');
    await t.type('exit');
    await t.type('cluster clone backup-1');
    await t.type('cluster create other');
    await t.type('cluster use backup-1');
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    expect(await t.type('insertMaskedObject -f m.obj')).toContain('Cfm3InsertMaskedObject returned: 0x00 : HSM Return: SUCCESS');
    await t.type('exit');
    await t.type('cluster use other');
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    const everything = () => hsmOf(t).transact(async (tx) => JSON.stringify(
      await Promise.all((['clusters', 'users', 'keys', 'files', 'meta'] as const).map((s) => tx.list(s))),
      (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
    const before = await everything();
    expect(await t.type('insertMaskedObject -f m.obj')).toBe(insertFailure('0xc6', DENIED) + '\n');
    expect(await everything()).toBe(before);
  });
  it('after a reset the fresh cluster-1 is another cluster: a masked object from before is refused (0xc6)', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    const made = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 32 -l before'))![1]);
    await t.type(`extractMaskedObject -o ${made} -out m.obj`);
    const masked = (await fileBytes(t, HOME + 'm.obj'))!;
    await t.type('exit');
    const lineage = async () => hsmOf(t).transact(async (tx) => (await hsmOf(t).cluster(tx, 'cluster-1')).lineage);
    const first = await lineage();
    await t.clock.sleep(1000); // the learner resets a second later (a reset keeps no files: the learner uploads it again)
    await t.type('reset');
    await t.type('y');
    expect(await lineage()).not.toBe(first);
    await putFile(t, 'm.obj', masked);
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    expect(await t.type('insertMaskedObject -f m.obj')).toBe(insertFailure('0xc6', DENIED) + '\n');
  });
});

describe('refusals leave the whole database unchanged', () => {
  const DB = 'masked';
  let factory: IDBFactory;
  let t: Terminal;
  beforeEach(async () => {
    factory = freshFactory();
    t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
    await t.type('key_mgmt_util');
  });
  async function refused(line: string, expected: string): Promise<void> {
    const before = await dumpIdb(DB, factory);
    expect(await t.type(line)).toBe(expected + '\n');
    expect(await dumpIdb(DB, factory)).toBe(before);
  }

  it('not logged in: 0xe3 from both commands', async () => {
    await refused('extractMaskedObject -o 524295 -out m.obj', `\n${H}Cfm3ExtractMaskedObject returned: 0xe3 : HSM Error: User is not logged in\n`);
    await refused('insertMaskedObject -f m.obj', '\nCfm3InsertMaskedObject returned: 0xe3 : HSM Error: User is not logged in\n');
  });

  describe('logged in', () => {
    beforeEach(async () => {
      await t.type(LOGIN);
    });

    it('extract: an unknown handle is 0xa8; a key of another CU, shared or not, is 0xc6 (owner only)', async () => {
      await refused('extractMaskedObject -o 99 -out m.obj', `\n${H}Cfm3ExtractMaskedObject returned: 0xa8 : HSM Error: Invalid object handle is passed to this operation\n`);
      await refused('extractMaskedObject -o 262151 -out m.obj', `\n${H}Cfm3ExtractMaskedObject returned: 0xc6 : ${DENIED}\n`);
      await t.type('logoutHSM');
      await t.type('loginHSM -u CU -s cu2 -p pwd2');
      await refused('extractMaskedObject -o 524295 -out m.obj', `\n${H}Cfm3ExtractMaskedObject returned: 0xc6 : ${DENIED}\n`);
    });

    it('insert: a corrupt, truncated or foreign file is 0xe5', async () => {
      await t.type('extractMaskedObject -o 524295 -out m.obj');
      const good = (await fileBytes(t, HOME + 'm.obj'))!;
      const flipped = Buffer.from(good);
      flipped[flipped.length - 20]! ^= 1;
      await putFile(t, 'flipped.obj', flipped);
      await putFile(t, 'short.obj', good.subarray(0, 30));
      await putFile(t, 'junk.obj', Buffer.from('not a masked object at all'));
      const head = Buffer.from(good);
      head.writeUInt32BE(0xffffffff, 8); // a lineage length past the end
      await putFile(t, 'head.obj', head);
      for (const f of ['flipped.obj', 'short.obj', 'junk.obj', 'head.obj']) {
        await refused(`insertMaskedObject -f ${f}`, insertFailure('0xe5', INTEGRITY));
      }
    });

    it('insert: any one byte changed anywhere in the file never makes a key (0xe5, or 0xc6 in the lineage bytes)', async () => {
      await t.type('extractMaskedObject -o 524295 -out m.obj');
      const good = (await fileBytes(t, HOME + 'm.obj'))!;
      const before = await dumpIdb(DB, factory);
      for (let i = 0; i < good.length; i += Math.max(1, Math.floor(good.length / 40))) {
        const bad = Buffer.from(good);
        bad[i]! ^= 0x80;
        await putFile(t, 'x.obj', bad);
        const out = await t.type('insertMaskedObject -f x.obj');
        expect(out, `byte ${i}`).toMatch(i >= 12 && i < 12 + 'cluster-1'.length ? /returned: 0x(c6|e5) / : /returned: 0xe5 /);
        expect(out).not.toContain('New Key Handle');
      }
      // Only the file written for the test changed: no key, no object index.
      const stores = (dump: string) => (JSON.parse(dump) as { stores: Record<string, unknown> }).stores;
      for (const name of ['keys', 'clusters', 'users', 'meta']) expect(stores(await dumpIdb(DB, factory))[name]).toEqual(stores(before)[name]);
    });

    it('insert: an object whose owner is no CU of this cluster is 0xc6; one that makes no valid key is 0xe5', async () => {
      const key = (await storedKey(t, 524295))!;
      await putFile(t, 'ghost.obj', await maskKey({ ...key, owner: 99 }, 'cluster-1', { fill: (b) => b.fill(1) }));
      await putFile(t, 'au.obj', await maskKey({ ...key, owner: 2 }, 'cluster-1', { fill: (b) => b.fill(1) }));
      await putFile(t, 'bad.obj', await maskKey({ ...key, value: new Uint8Array(5) }, 'cluster-1', { fill: (b) => b.fill(1) }));
      await putFile(t, 'foreign.obj', await maskKey(key, 'cluster-9', { fill: (b) => b.fill(1) }));
      await refused('insertMaskedObject -f ghost.obj', insertFailure('0xc6', DENIED));
      await refused('insertMaskedObject -f au.obj', insertFailure('0xc6', DENIED));
      await refused('insertMaskedObject -f bad.obj', insertFailure('0xe5', INTEGRITY));
      await refused('insertMaskedObject -f foreign.obj', insertFailure('0xc6', DENIED));
    });

    it('the masked object of a key with an unwrap template carries the template', async () => {
      await patchKey(t, 524295, (k) => ({ ...k, attrs: { ...k.attrs, [A.UNWRAP_TEMPLATE]: Uint8Array.of(0, 0, 0, 0) } }));
      await t.type('extractMaskedObject -o 524295 -out m.obj');
      const h = handleOf(await t.type('insertMaskedObject -f m.obj'));
      const got = await hsmOf(t).transact((tx) => tx.get<KeyRecord>('keys', keyRecordId('cluster-1', h)));
      expect(got!.attrs[A.UNWRAP_TEMPLATE]).toEqual(Uint8Array.of(0, 0, 0, 0));
    });
  });
});
