/**
 * A playground's records as a dump, and putting them back (src/hsm/checkpoint.ts; issue 13: a
 * lesson step's checkpoint). The restore validates every record as the store does on read, writes
 * one guarded commit, and refuses anything malformed with the playground unchanged.
 */
import { freshFactory, rawDelete, rawOpen, rawWrite } from './fake-idb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DumpError, MAX_DUMP_RECORDS, dumpProblem, dumpStore, restoreDump, type StoreDump } from '../../src/hsm/checkpoint';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import {
  ConflictError, SCHEMA_VERSION, STORE_NAMES, StorageError,
  type Backend, type StoredRecord,
} from '../../src/hsm/store';
import { openStorage } from '../../src/platform/open-storage';
import { openTerminal, type Terminal } from '../support/transcript';
import { openIdbBackend as openV1 } from '../fixtures/store/v1/idb-backend';

/** Content of a dump without revisions (a restore bumps them) and without the backend's schema tag. */
function content(d: StoreDump): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of STORE_NAMES) {
    out[s] = d[s].filter((r) => !(s === 'meta' && r.id === 'schema')).map(({ rev: _rev, ...rest }) => rest);
  }
  return out;
}

const handleOf = (out: string): number => {
  const m = /Key Handle: (\d+)/.exec(out);
  if (!m) throw new Error(`no key handle in ${out}`);
  return Number(m[1]);
};

/** The handle of the token key labelled `first`, once `playground` ran. */
let first = 0;

/** A playground with token keys, a session key and a file. */
async function playground(backend: Backend): Promise<Terminal> {
  const t = await openTerminal({ backend });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  first = handleOf(await t.type('genSymKey -t 31 -s 16 -l first'));
  const wrapper = handleOf(await t.type('genSymKey -t 31 -s 32 -l wrapper'));
  handleOf(await t.type('genSymKey -t 31 -s 32 -l sess -sess'));
  expect(await t.type(`exSymKey -k ${first} -w ${wrapper} -out first.key`)).toMatch(/written to file/i);
  return t;
}

async function handles(t: Terminal): Promise<string> {
  return t.type('findKey');
}

describe('dumpStore', () => {
  it('holds every record of every store, as copies later writes do not alter', async () => {
    const backend = cachedBackend(createMemoryBackend());
    const t = await playground(backend);
    const dump = await dumpStore(backend);
    expect(Object.keys(dump)).toEqual([...STORE_NAMES]);
    for (const s of STORE_NAMES) expect(dump[s]).toEqual(await backend.list(s));
    expect(dump.keys.length).toBeGreaterThan(0);
    expect(dump.files.length).toBeGreaterThan(0);
    const frozenCopy = structuredClone(dump);
    await t.type('genSymKey -t 31 -s 24 -l later');
    await t.type(`deleteKey -k ${first}`);
    expect(dump).toEqual(frozenCopy);
    // and the dump's records are not the store's: changing one changes nothing stored
    expect(Object.isFrozen(dump.keys[0])).toBe(false);
    dump.keys[0]!['owner'] = 99;
    expect((await backend.list('keys')).some((k) => k['owner'] === 99)).toBe(false);
  });
});

describe('restoreDump', () => {
  it('round trip: the playground returns to the dump, through the cache, and goes on working', async () => {
    const inner = createMemoryBackend();
    const backend = cachedBackend(inner);
    const t = await playground(backend);
    const dump = await dumpStore(backend);
    const before = await handles(t);
    await t.type('genSymKey -t 31 -s 24 -l later');
    await t.type(`deleteKey -k ${first}`);
    await t.type('logoutHSM');
    expect(await handles(t)).not.toBe(before);
    await restoreDump(backend, dump);
    const after = await dumpStore(backend);
    expect(content(after)).toEqual(content(dump));
    // the cache is right: what the wrapped backend holds is what the cache answers
    for (const s of STORE_NAMES) expect(await inner.list(s)).toEqual(await backend.list(s));
    // and every revision moved past both the dump's and what was there
    for (const s of STORE_NAMES) {
      for (const r of after[s]) {
        if (s === 'meta' && r.id === 'schema') continue;
        const old = dump[s].find((x) => x.id === r.id)!;
        expect(r.rev).toBeGreaterThan(old.rev);
      }
    }
    // the restored playground works: a new key gets the next free handle of the restored state
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('findKey -l first')).toContain(`\n${first}\n`);
    expect(await t.type('genSymKey -t 31 -s 16 -l next')).toMatch(/Key Handle: \d+/);
  });

  it('restores into an empty playground and into a fresh one, and a dump of nothing empties it', async () => {
    const source = cachedBackend(createMemoryBackend());
    await playground(source);
    const dump = await dumpStore(source);
    const target = cachedBackend(createMemoryBackend());
    await restoreDump(target, dump);
    expect(content(await dumpStore(target))).toEqual(content(dump));
    const empty = { meta: [], clusters: [], users: [], keys: [], files: [] } as StoreDump;
    await restoreDump(target, empty);
    for (const s of STORE_NAMES) {
      expect((await target.list(s)).map((r) => r.id)).toEqual(s === 'meta' ? ['schema'] : []);
    }
  });

  it('through IndexedDB: one commit, seen by a second connection; a tab that read before fails its guard', async () => {
    const factory = freshFactory();
    const onFallback = (r: string) => { throw new Error(`fell back: ${r}`); };
    const a = await openStorage({ name: 'lesson', factory, onFallback });
    const b = await openStorage({ name: 'lesson', factory, onFallback });
    expect(a.kind).toBe('indexeddb');
    const t = await playground(a);
    const dump = await dumpStore(a);
    await t.type('genSymKey -t 31 -s 24 -l later');
    const seenByB = (await b.list('keys')).map((r) => ({ ...r }));
    await restoreDump(a, dump);
    const c = await openStorage({ name: 'lesson', factory, onFallback });
    expect(content(await dumpStore(c))).toEqual(content(dump));
    // b read the key records before the restore: a write guarded on what it read is refused
    const k = seenByB.find((r) => r['handle'] === first)!;
    await expect(b.commit([{ op: 'put', store: 'keys', value: { ...k, rev: k.rev + 1 } }], [{ store: 'keys', id: k.id, rev: k.rev }]))
      .rejects.toBeInstanceOf(ConflictError);
    a.close(); b.close(); c.close();
  });

  it('the storage deleted by another tab meanwhile: the restore goes on in memory (failover) and the cache is right', async () => {
    const factory = freshFactory();
    const reasons: string[] = [];
    const backend = await openStorage({ name: 'gone', factory, onFallback: (r) => reasons.push(r) });
    const t = await playground(backend);
    const dump = await dumpStore(backend);
    await t.type('genSymKey -t 31 -s 24 -l later');
    expect(await rawDelete(factory, 'gone')).toEqual({ blocked: false });
    await restoreDump(backend, dump);
    expect(backend.kind).toBe('memory');
    expect(reasons).toHaveLength(1);
    expect(content(await dumpStore(backend))).toEqual(content(dump));
    expect(await t.type('findKey -l later')).toMatch(/Total number of keys present 0/);
    expect(await t.type('findKey -l first')).toContain(`\n${first}\n`);
  });

  describe('refuses, with the playground unchanged', () => {
    async function setup() {
      const backend = cachedBackend(createMemoryBackend());
      await playground(backend);
      const dump = await dumpStore(backend);
      const before = await dumpStore(backend);
      const unchanged = async () => {
        expect(await dumpStore(backend)).toEqual(before);
      };
      return { backend, dump, unchanged };
    }

    const refusal = async (backend: Backend, dump: unknown, pattern: RegExp) => {
      const e = await restoreDump(backend, dump as StoreDump).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(DumpError);
      expect((e as Error).message).toMatch(/^the saved playground state cannot be restored: .*; the playground was left unchanged$/);
      expect((e as Error).message).toMatch(pattern);
      expect(dumpProblem(dump)).toMatch(pattern);
    };

    it('a damaged key record (value does not fit VALUE_LEN)', async () => {
      const { backend, dump, unchanged } = await setup();
      const k = dump.keys[0]!;
      k['value'] = new Uint8Array(5);
      await refusal(backend, dump, /the record keys\/cluster-1\/\d+ is damaged \(its value does not fit/);
      await unchanged();
    });

    it('a record whose id does not match its fields, a bad revision, a non-object', async () => {
      const { backend, dump, unchanged } = await setup();
      const u = structuredClone(dump);
      u.users[0]!['userId'] = 77;
      await refusal(backend, u, /users\/.* is damaged \(its id does not match/);
      const r = structuredClone(dump);
      r.keys[0]!.rev = 0;
      await refusal(backend, r, /is damaged \(id or revision is malformed\)/);
      r.keys[0]!.rev = Number.MAX_SAFE_INTEGER;
      await refusal(backend, r, /keys\/.* has a revision too large/);
      const n = structuredClone(dump) as unknown as Record<string, unknown[]>;
      n['files']!.push(null);
      await refusal(backend, n, /the record files\[\d+\] is damaged \(not an object\)/);
      await unchanged();
    });

    it('a record there twice', async () => {
      const { backend, dump, unchanged } = await setup();
      dump.keys.push(structuredClone(dump.keys[0]!));
      await refusal(backend, dump, /is there twice/);
      await unchanged();
    });

    it('missing, unknown or malformed stores; not an object at all', async () => {
      const { backend, dump, unchanged } = await setup();
      const { files: _files, ...noFiles } = dump;
      await refusal(backend, noFiles, /its files store is missing/);
      await refusal(backend, { ...dump, extra: [] }, /unknown store "extra"/);
      await refusal(backend, { ...dump, keys: {} }, /its keys store is missing/);
      await refusal(backend, null, /not a set of stores/);
      await refusal(backend, [], /not a set of stores/);
      await refusal(backend, 'meta', /not a set of stores/);
      await unchanged();
    });

    it('prototype-polluting __proto__ keys, at any depth, and nothing is polluted', async () => {
      const { backend, dump, unchanged } = await setup();
      const key = dump.keys[0]!;
      // as a JSON file would bring them: own properties named __proto__
      const attrs = JSON.parse(`{"__proto__": {"polluted": true}, ${Object.keys(key['attrs'] as object).map((k) => `"${k}": 0`).join(', ')}}`) as object;
      const deep = structuredClone(dump);
      deep.keys[0] = { ...structuredClone(key), attrs };
      await refusal(backend, deep, /keys\[0\]\.attrs has a field named __proto__/);
      const top = structuredClone(dump);
      top.users[0] = Object.assign(JSON.parse('{"__proto__": {"type": "CO"}}') as StoredRecord, top.users[0]);
      await refusal(backend, top, /users\[0\] has a field named __proto__/);
      const outer = JSON.parse('{"__proto__": [], "meta": [], "clusters": [], "users": [], "keys": [], "files": []}') as unknown;
      await refusal(backend, outer, /unknown store "__proto__"/);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      await unchanged();
    });

    it('getters, class instances, functions, symbols and other typed arrays', async () => {
      const { backend, dump, unchanged } = await setup();
      const getter = structuredClone(dump);
      Object.defineProperty(getter.keys[0]!, 'owner', { get: () => 3, enumerable: true });
      await refusal(backend, getter, /keys\[0\]\.owner is not plain data/);
      const inst = structuredClone(dump);
      inst.files[0]!['mtime'] = new Date(0);
      await refusal(backend, inst, /files\[0\]\.mtime is not plain data/);
      const fn = structuredClone(dump);
      fn.meta.push({ id: 'x', rev: 1, f: () => 1 });
      await refusal(backend, fn, /meta\[\d+\]\.f holds a function/);
      const sym = structuredClone(dump);
      sym.meta.push({ id: 'y', rev: 1, s: Symbol('s') });
      await refusal(backend, sym, /meta\[\d+\]\.s holds a symbol/);
      const view = structuredClone(dump);
      view.keys[0]!['value'] = new Uint16Array(8);
      await refusal(backend, view, /keys\[0\]\.value is not plain data/);
      const nested = structuredClone(dump);
      let deep: Record<string, unknown> = {};
      nested.meta.push({ id: 'z', rev: 1, deep });
      for (let i = 0; i < 20; i++) deep = (deep['d'] = {}) as Record<string, unknown>;
      await refusal(backend, nested, /nested too deeply/);
      await unchanged();
    });

    it('too many records, or too many bytes', async () => {
      const { backend, dump, unchanged } = await setup();
      const many = structuredClone(dump);
      for (let i = 0; i <= MAX_DUMP_RECORDS; i++) many.meta.push({ id: `m${i}`, rev: 1 });
      await refusal(backend, many, /more than 50000 records/);
      const big = structuredClone(dump);
      for (let i = 0; i < 70; i++) big.files.push({ id: `/big${i}`, rev: 1, kind: 'file', mtime: 0, data: new Uint8Array(1 << 20) });
      await refusal(backend, big, /larger than a playground can be/);
      await unchanged();
    });

    it('a dump of another schema version', async () => {
      const { backend, dump, unchanged } = await setup();
      const old = structuredClone(dump);
      const schema = old.meta.find((r) => r.id === 'schema')!;
      expect(schema['version']).toBe(SCHEMA_VERSION);
      schema['version'] = 1;
      await refusal(backend, old, /saved with schema version 1 \(this version uses 2\)/);
      schema['version'] = SCHEMA_VERSION + 1;
      await refusal(backend, old, /saved with schema version 3/);
      await unchanged();
      // without a schema record the dump is taken as the current schema
      const untagged = structuredClone(dump);
      untagged.meta = untagged.meta.filter((r) => r.id !== 'schema');
      await restoreDump(backend, untagged);
      expect((await backend.get('meta', 'schema'))?.['version']).toBe(SCHEMA_VERSION);
    });

    it('a storage failure during the commit: a StorageError, nothing written', async () => {
      const inner = createMemoryBackend();
      const failing: Backend = {
        ...inner, kind: 'memory',
        get: (s, id) => inner.get(s, id), list: (s, p) => inner.list(s, p), clear: () => inner.clear(), close: () => inner.close(),
        commit: () => Promise.reject(new StorageError('saving changes failed: quota')),
      };
      await playground(inner);
      const dump = await dumpStore(inner);
      const before = structuredClone(dump);
      dump.keys = [];
      await expect(restoreDump(failing, dump)).rejects.toBeInstanceOf(StorageError);
      expect(await dumpStore(inner)).toEqual(before);
    });
  });

  it('another tab writing meanwhile: the restore reads again and wins; one that keeps writing gets a ConflictError', async () => {
    const inner = createMemoryBackend();
    await playground(inner);
    const dump = await dumpStore(inner);
    let raced = 0;
    const racing = (times: number): Backend => ({
      ...inner, kind: 'memory',
      get: (s, id) => inner.get(s, id), list: (s, p) => inner.list(s, p), clear: () => inner.clear(), close: () => inner.close(),
      async commit(writes, guards) {
        if (raced < times) {
          raced++;
          // another tab bumps a record this commit guards
          const k = (await inner.list('keys'))[0]!;
          await inner.commit([{ op: 'put', store: 'keys', value: { ...k, rev: k.rev + 1 } }]);
        }
        return inner.commit(writes, guards);
      },
    });
    await inner.commit([{ op: 'put', store: 'meta', value: { id: 'stray', rev: 1 } }]);
    await restoreDump(racing(1), dump);
    expect(raced).toBe(1);
    expect(content(await dumpStore(inner))).toEqual(content(dump));
    raced = 0;
    const before = await dumpStore(inner);
    const e = await restoreDump(racing(100), { ...dump, keys: [] }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    // nothing of the restore was written (only the other tab's bumps)
    const now = await dumpStore(inner);
    expect(now.keys.map((k) => k.id)).toEqual(before.keys.map((k) => k.id));
  });
});

describe('dumpProblem', () => {
  it('is null for a dump restoreDump takes', async () => {
    const backend = cachedBackend(createMemoryBackend());
    await playground(backend);
    expect(dumpProblem(await dumpStore(backend))).toBeNull();
  });
});

describe('a dump of a playground the previous release wrote (schema 1)', () => {
  // test/fixtures/store/schema1-db.json: the previous release's records (see test/store/migration.test.ts)
  interface Fixture { kmuGetKeyInfo: Record<string, string>; db: { stores: Record<string, { records: { value: unknown }[] }> } }
  const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/store/schema1-db.json', import.meta.url), 'utf8')) as Fixture;
  const decode = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(decode);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.$bytes, 'hex'));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
  };
  const DAMAGED = 'keys/cluster-1/0000009999';

  it('is of the current schema (read through the migrated store); its one damaged record is named, the rest restores', async () => {
    const factory = freshFactory();
    (await openV1({ name: 'old', factory })).close();
    const raw = await rawOpen(factory, 'old', 1);
    for (const [store, { records }] of Object.entries(FIXTURE.db.stores)) {
      await rawWrite(raw, store, (os) => { for (const r of records) os.put(decode(r.value)); });
    }
    raw.close();
    const old = await openStorage({ name: 'old', factory, onFallback: (r) => { throw new Error(r); } });
    const dump = await dumpStore(old);
    expect(dump.meta.find((r) => r.id === 'schema')?.['version']).toBe(SCHEMA_VERSION);
    const keys = dump.keys.filter((k) => `keys/${k.id}` !== DAMAGED);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k).toHaveProperty('manageQuorum');
      expect(k).not.toHaveProperty('mValue');
    }
    // the damaged record the old database kept is dumped as it is, and the restore names it
    const target = cachedBackend(createMemoryBackend());
    await expect(restoreDump(target, dump)).rejects.toThrow(`the record ${DAMAGED} is damaged`);
    expect(await target.list('keys')).toEqual([]);
    await restoreDump(target, { ...dump, keys });
    const t = await openTerminal({ backend: target });
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const [h, out] = Object.entries(FIXTURE.kmuGetKeyInfo).find(([x]) => x !== '10')!;
    expect(await t.type(`getKeyInfo -k ${h}`)).toBe(out);
    old.close();
  });
});
