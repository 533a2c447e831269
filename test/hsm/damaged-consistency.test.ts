/**
 * The damaged-storage suite (issue 11, findings 2 and 7): every store's records damaged in each
 * way, one at a time, on a reload. Records that are well-typed but inconsistent (a key value that
 * does not fit its type or VALUE_LEN, a 2 MiB secret, two records for one handle, a repeated node
 * id, 5,000 HSMs, a field over its cap, like the 64 MiB one) are damaged too. Each time: the page starts (the console and the
 * view the page renders), it warns once, the rest keeps working, and both resets (the shell's
 * `reset` and the page's, Hsm.resetPlayground) give a fresh playground.
 */
import { describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import { MAX_TEXT_CHARS } from '../../src/hsm/validate';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { freshFactory, rawOpen, rawWrite } from '../store/fake-idb';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
type Rec = Record<string, unknown> & { id: string };
/** A string one character longer than a record may hold (the finding's 64 MiB field, at the cap). */
const OVER = 'x'.repeat(MAX_TEXT_CHARS + 1);

function rawGet(db: IDBDatabase, store: string, id: string): Promise<Rec> {
  let rec: Rec | undefined;
  return rawWrite(db, store, (s) => { s.get(id).onsuccess = (e) => { rec = (e.target as IDBRequest).result; }; })
    .then(() => { if (!rec) throw new Error(`no ${store}/${id}`); return rec; });
}

/** A playground saved in IndexedDB: cluster-1 (3 HSMs) with two AES keys and a file, cluster b (2 HSMs). */
async function saved(name: string) {
  const factory = freshFactory();
  const t = await openTerminal({ backend: await openIdbBackend({ name, factory }), scenario: { servingNode: 0 } });
  await t.type('cluster create b -hsms 2');
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  const handle = async (line: string) => Number(/Key Handle: (\d+)/.exec(await t.type(line))![1]);
  const wrapper = await handle('genSymKey -t 31 -s 16 -l wrapper');
  const target = await handle('genSymKey -t 31 -s 32 -l target');
  await t.type('exit');
  expect(await t.session.upload('note.txt', new Uint8Array([1, 2, 3]))).toContain('saved');
  t.backend.close();
  return { factory, wrapper, target };
}

const keyId = (h: number) => `cluster-1/${String(h).padStart(10, '0')}`;

interface Damage {
  name: string;
  store: 'meta' | 'clusters' | 'users' | 'keys' | 'files';
  /** The record id the damage is reported under. */
  id: (k: { wrapper: number; target: number }) => string;
  /** The damaged record (from the stored one), or a deletion. */
  damage: (rec: Rec, k: { wrapper: number; target: number }) => Rec | 'delete';
  /** Read the record at this id (default: `id`). */
  from?: (k: { wrapper: number; target: number }) => string;
  /** No warning is expected (a missing pointer is not damage). */
  silent?: boolean;
}

const CASES: Damage[] = [
  // finding 7: keys
  { name: 'an AES key whose value is shorter than its VALUE_LEN', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, value: (r.value as Uint8Array).slice(0, 15) }) },
  { name: 'an AES key whose value and VALUE_LEN are 15 bytes', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, value: (r.value as Uint8Array).slice(0, 15), attrs: { ...(r.attrs as object), [A.VALUE_LEN]: 15 } }) },
  { name: 'a 2 MiB generic secret', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, value: new Uint8Array(2 << 20), attrs: { ...(r.attrs as object), [A.KEY_TYPE]: 16, [A.VALUE_LEN]: 2 << 20 } }) },
  { name: 'a second record holding the handle of another key', store: 'keys', id: () => keyId(99), from: (k) => keyId(k.target),
    damage: (r) => ({ ...r, id: keyId(99) }) },
  { name: 'a key record filed under another cluster', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, cluster: 'b' }) },
  { name: 'a key with a 4 Mi + 1 character label', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, attrs: { ...(r.attrs as object), [A.LABEL]: OVER } }) },
  { name: 'a key held by one HSM twice', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, holders: [0, 0, 1, 2] }) },
  { name: 'a key with a 3-byte check value missing a byte', store: 'keys', id: (k) => keyId(k.wrapper),
    damage: (r) => ({ ...r, attrs: { ...(r.attrs as object), [A.KCV]: new Uint8Array(2) } }) },
  // finding 7: clusters
  { name: 'the current cluster with a repeated node id', store: 'clusters', id: () => 'cluster-1',
    damage: (r) => ({ ...r, hsms: [{ node: 0, state: 'up', tampered: false }, { node: 0, state: 'up', tampered: false }, { node: 2, state: 'up', tampered: false }] }) },
  { name: 'a cluster with 5,000 HSMs', store: 'clusters', id: () => 'b',
    damage: (r) => ({ ...r, hsms: Array.from({ length: 5000 }, (_, node) => ({ node, state: 'up', tampered: false })) }) },
  { name: 'a cluster filed under another name', store: 'clusters', id: () => 'b',
    damage: (r) => ({ ...r, name: 'cluster-1' }) },
  { name: 'a cluster with a 4 Mi + 1 character lineage', store: 'clusters', id: () => 'b',
    damage: (r) => ({ ...r, lineage: OVER }) },
  // finding 7: users
  { name: 'a user filed under another HSM', store: 'users', id: () => 'cluster-1/0/0002',
    damage: (r) => ({ ...r, node: 1 }) },
  { name: 'a user with a 4 Mi + 1 character name', store: 'users', id: () => 'cluster-1/0/0001',
    damage: (r) => ({ ...r, name: OVER }) },
  // finding 7: files
  { name: 'a file over the 1 MiB cap (2 MiB)', store: 'files', id: () => '/home/user/note.txt',
    damage: (r) => ({ ...r, data: new Uint8Array(2 << 20) }) },
  { name: 'a file whose id is not an absolute path', store: 'files', id: () => 'note.txt', from: () => '/home/user/note.txt',
    damage: (r) => ({ ...r, id: 'note.txt' }) },
  // finding 2: meta
  { name: 'a damaged current pointer', store: 'meta', id: () => 'current', damage: (r) => ({ ...r, cluster: 42 }) },
  { name: 'a missing current pointer', store: 'meta', id: () => 'current', damage: () => 'delete', silent: true },
  { name: 'damaged settings', store: 'meta', id: () => 'settings', damage: (r) => ({ ...r, handles: 'x' }) },
];

/** Every HSM chip and inventory row the page would key its lists on, and that the lists are unique. */
async function pageStarts(t: Terminal) {
  const view = await t.session.snapshot();
  const rowKeys = view.keys.map((k) => k.key);
  expect(new Set(rowKeys).size).toBe(rowKeys.length);
  expect(new Set(view.hsms.map((h) => h.node)).size).toBe(view.hsms.length);
  expect(new Set(view.files.map((f) => f.path)).size).toBe(view.files.length);
  return view;
}

async function fresh(t: Terminal) {
  const list = await t.type('hsm list');
  expect(list).not.toMatch(/warning|Error|internal error/);
  expect(list).toMatch(/^0 +up/m);
  const view = await pageStarts(t);
  expect(view.cluster).toBe('cluster-1');
  expect(view.hsms.map((h) => h.node)).toEqual([0, 1, 2]);
  expect(view.keys).toEqual([]);
  expect(view.clusters).toEqual(['cluster-1']);
}

describe('damaged storage (issue 11, findings 2 and 7)', () => {
  CASES.forEach((c, n) => {
    it(`${c.store}: ${c.name} — the page starts, warns once, keeps the rest, and both resets work`, async () => {
      const name = `dc${n}`;
      const { factory, ...k } = await saved(name);
      const id = c.id(k);
      let bad: Rec | 'delete' | undefined;
      const damage = async () => { // the same damaged record again after a reset
        const db = await rawOpen(factory, name);
        bad ??= c.damage(await rawGet(db, c.store, (c.from ?? c.id)(k)), k);
        await rawWrite(db, c.store, (s) => (bad === 'delete' ? s.delete(id) : s.put(bad!)));
        db.close();
      };
      await damage();
      const before = await dumpIdb(name, factory);

      // a reload: the page starts and shows what is intact
      const t = await openTerminal({ backend: await openIdbBackend({ name, factory }) });
      const view = await pageStarts(t);
      const currentDamaged = c.store === 'clusters' && id === 'cluster-1';
      if (!currentDamaged) {
        expect(view.hsms.map((h) => h.node)).toEqual([0, 1, 2]);
        if (c.store !== 'files') expect(view.files.map((f) => f.path)).toContain('/home/user/note.txt');
      }

      // the rest works: the intact key, wraps with it, the other cluster, the files
      await t.type('cluster list');
      await t.type('ls');
      await t.type('hsm list');
      if (!currentDamaged) {
        await t.type('key_mgmt_util');
        expect(await t.type(LOGIN)).toContain('HSM Return: SUCCESS');
        expect(await t.type('findKey')).toMatch(/Total number of keys present [12]\n/);
        expect(await t.type(`findKey -l target`)).toContain('Total number of keys present 1\n');
        await t.type(`wrapKey -k ${k.target} -w ${k.wrapper} -m 4 -out w.bin`);
        expect(await t.type(`genSymKey -t 31 -s 16 -l more`)).toContain('Key Handle: ');
        await t.type(`getAttribute -o ${k.wrapper} -a 512 -out attrs.txt`);
        await t.type('exit');
      }
      // the damaged record is left as it was
      const recordOf = (dump: string) => JSON.stringify((JSON.parse(dump).stores[c.store].records as Array<{ key: string }>).find((r) => r.key === id));
      expect(recordOf(await dumpIdb(name, factory))).toBe(recordOf(before));
      if (!currentDamaged) {
        await t.type('cluster use b');
        expect(await t.type('hsm list')).toMatch(/^1 +up/m);
        await t.type('cluster use cluster-1');
      }
      await pageStarts(t);
      const screen = t.screen();
      if (process.env.SHOW_SCREEN) console.log(screen);
      expect(screen).not.toMatch(/internal error|could not be set up/i);
      const warnings = screen.split('\n').filter((l) => l.startsWith('warning: the stored record'));
      if (c.silent) expect(warnings).toEqual([]);
      else expect(warnings).toEqual([expect.stringContaining(`warning: the stored record ${c.store}/${id} is damaged (`)]);
      // the shell's reset
      await t.type('reset');
      expect(await t.type('y')).toContain('The playground is fresh again');
      await fresh(t);

      // the page's reset, over the same damage again
      await damage();
      await t.session.reset();
      await fresh(t);
      expect(t.screen()).not.toMatch(/warning|internal error/i);
      t.backend.close();
    }, 60_000);
  });
});

describe('a handle names one key (issue 11, finding 7)', () => {
  it('a lowered next index never gives a new key the handle of a session key of this console', async () => {
    const factory = freshFactory();
    const t = await openTerminal({ backend: await openIdbBackend({ name: 'sess', factory }), scenario: { servingNode: 0 } });
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    const s = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l s -sess'))![1]);
    const db = await rawOpen(factory, 'sess');
    const cluster = await rawGet(db, 'clusters', 'cluster-1');
    await rawWrite(db, 'clusters', (st) => st.put({ ...cluster, rev: (cluster.rev as number) + 1, nextIndex: s })); // consistent, but lowered
    db.close();
    const made = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l token'))![1]);
    expect(made).not.toBe(s);
    expect(await t.type('findKey')).toContain('Total number of keys present 2\n');
    const view = await pageStarts(t);
    expect(view.keys.map((k) => k.handle)).toEqual([s, made]);
    expect(view.keys.map((k) => k.key)).toEqual([`session/${s}`, keyId(made)]);
  });
});
