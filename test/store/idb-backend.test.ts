import { freshFactory, rawDelete, rawOpen, rawWrite } from './fake-idb';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_NAME, openIdbBackend } from '../../src/platform/idb-backend';
import { SCHEMA_VERSION, STORE_NAMES, StorageError, type Backend, type StoredRecord } from '../../src/hsm/store';
import { dumpIdb } from '../support/idb-dump';
import { describeBackendContract } from './backend-contract';

describeBackendContract('indexeddb', async () => {
  const factory = freshFactory();
  const name = 'contract';
  return { backend: await openIdbBackend({ name, factory }), reopen: () => openIdbBackend({ name, factory }) };
}, { persistent: true });

const put = (store: 'keys' | 'users' | 'meta', value: StoredRecord) => ({ op: 'put' as const, store, value });

async function storageErrorOf(p: Promise<unknown>): Promise<StorageError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(StorageError);
  return e as StorageError;
}

describe('openIdbBackend', () => {
  it('creates the default database: version SCHEMA_VERSION, one store per STORE_NAMES with keyPath id', async () => {
    const factory = freshFactory();
    const backend = await openIdbBackend({ factory });
    expect(backend.kind).toBe('indexeddb');
    backend.close();
    const db = await rawOpen(factory, DEFAULT_DB_NAME);
    expect(DEFAULT_DB_NAME).toBe('kmu-playground');
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
    const tx = db.transaction([...STORE_NAMES], 'readonly');
    for (const s of STORE_NAMES) {
      expect(tx.objectStore(s).keyPath).toBe('id');
      expect(tx.objectStore(s).autoIncrement).toBe(false);
    }
    db.close();
    const dump = JSON.parse(await dumpIdb(DEFAULT_DB_NAME, factory)) as { stores: { meta: { records: unknown[] } } };
    expect(dump.stores.meta.records).toEqual([{ key: 'schema', value: { id: 'schema', rev: 1, version: SCHEMA_VERSION } }]);
  });

  it('uses only the factory it is given, and fails cleanly without one', async () => {
    expect((globalThis as { indexedDB?: unknown }).indexedDB).toBeUndefined();
    const e = await storageErrorOf(openIdbBackend());
    expect(e.message).toMatch(/IndexedDB is not available/);
  });

  it('refuses data whose schema record is newer, leaving it untouched and unblocked', async () => {
    const factory = freshFactory();
    const first = await openIdbBackend({ name: 'db', factory });
    await first.commit([put('keys', { id: 'k', rev: 1, bytes: new Uint8Array([1, 2]) })]);
    first.close();
    const db = await rawOpen(factory, 'db');
    await rawWrite(db, 'meta', (s) => s.put({ id: 'schema', rev: 2, version: 99 }));
    db.close();
    const before = await dumpIdb('db', factory);

    const e = await storageErrorOf(openIdbBackend({ name: 'db', factory }));
    expect(e.message).toMatch(/newer version of kmu-playground/);
    expect(e.message).toMatch(/schema version 99/);
    expect(await dumpIdb('db', factory)).toBe(before);
    // the refused connection was closed: deleting the database is not blocked
    expect(await rawDelete(factory, 'db')).toEqual({ blocked: false });
  });

  it('refuses a database with a higher IndexedDB version (VersionError), leaving it untouched', async () => {
    const factory = freshFactory();
    const db = await rawOpen(factory, 'db', SCHEMA_VERSION + 4, (raw) => {
      raw.createObjectStore('keys', { keyPath: 'id' }).put({ id: 'future', rev: 1 });
    });
    db.close();
    const before = await dumpIdb('db', factory);
    const e = await storageErrorOf(openIdbBackend({ name: 'db', factory }));
    expect(e.message).toMatch(/newer version of kmu-playground/);
    expect((e.cause as DOMException).name).toBe('VersionError');
    expect(await dumpIdb('db', factory)).toBe(before);
  });

  it('refuses a same-version database it did not create', async () => {
    const factory = freshFactory();
    const db = await rawOpen(factory, 'db', SCHEMA_VERSION, (raw) => { raw.createObjectStore('other'); });
    db.close();
    const before = await dumpIdb('db', factory);
    const e = await storageErrorOf(openIdbBackend({ name: 'db', factory }));
    expect(e.message).toMatch(/not created by kmu-playground/);
    expect(await dumpIdb('db', factory)).toBe(before);
  });

  it('restores a missing schema record without touching other data', async () => {
    const factory = freshFactory();
    const first = await openIdbBackend({ name: 'db', factory });
    await first.commit([put('users', { id: 'u', rev: 1 }), { op: 'delete', store: 'meta', id: 'schema' }]);
    first.close();
    const again = await openIdbBackend({ name: 'db', factory });
    expect(await again.get('meta', 'schema')).toEqual({ id: 'schema', rev: 1, version: SCHEMA_VERSION });
    expect(await again.get('users', 'u')).toEqual({ id: 'u', rev: 1 });
    again.close();
  });

  it('closes itself when another tab deletes or upgrades the database (blocking)', async () => {
    const factory = freshFactory();
    const backend = await openIdbBackend({ name: 'db', factory });
    await backend.commit([put('keys', { id: 'k', rev: 1 })]);
    expect(await rawDelete(factory, 'db')).toEqual({ blocked: false });
    const e = await storageErrorOf(backend.get('keys', 'k'));
    expect(e.message).toMatch(/another tab/);
    await storageErrorOf(backend.commit([put('keys', { id: 'k2', rev: 1 })]));

    const fresh = await openIdbBackend({ name: 'db', factory });
    await fresh.commit([put('keys', { id: 'k', rev: 1 })]);
    const upgrade = await rawOpen(factory, 'db', SCHEMA_VERSION + 1); // would hang if `fresh` blocked it
    upgrade.close();
    await storageErrorOf(fresh.list('keys'));
  });
});

describe('IdbBackend transaction failures', () => {
  async function withPatchedPut(
    patch: (original: IDBObjectStore['put']) => IDBObjectStore['put'],
    body: () => Promise<void>,
  ): Promise<void> {
    const proto = FakeObjectStore.prototype as unknown as IDBObjectStore;
    const original = proto.put;
    proto.put = patch(original);
    try {
      await body();
    } finally {
      proto.put = original;
    }
  }

  async function seeded(): Promise<{ factory: IDBFactory; backend: Backend }> {
    const factory = freshFactory();
    const backend = await openIdbBackend({ name: 'db', factory });
    await backend.commit([put('keys', { id: 'k1', rev: 1, v: 'old' }), put('users', { id: 'u1', rev: 1 })]);
    return { factory, backend };
  }

  it('QuotaExceededError on put → StorageError, nothing written', async () => {
    const { factory, backend } = await seeded();
    const before = await dumpIdb('db', factory);
    let calls = 0;
    await withPatchedPut((original) => function (this: IDBObjectStore, ...args) {
      // the first put of the commit goes through, the second exceeds the quota
      if (++calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    }, async () => {
      const e = await storageErrorOf(backend.commit([
        { op: 'delete', store: 'users', id: 'u1' },
        put('keys', { id: 'k1', rev: 2, v: 'new' }),
        put('keys', { id: 'k2', rev: 1, blob: new Uint8Array(16) }),
      ], [{ store: 'keys', id: 'k1', rev: 1 }]));
      expect(e.message).toMatch(/quota/);
      expect((e.cause as DOMException).name).toBe('QuotaExceededError');
    });
    expect(calls).toBe(2);
    expect(await dumpIdb('db', factory)).toBe(before);
    // the backend stays usable
    await backend.commit([put('keys', { id: 'k1', rev: 2, v: 'new' })], [{ store: 'keys', id: 'k1', rev: 1 }]);
    expect(await backend.get('keys', 'k1')).toEqual({ id: 'k1', rev: 2, v: 'new' });
    backend.close();
  });

  it('a request that fails asynchronously aborts the transaction → StorageError, nothing written', async () => {
    const { factory, backend } = await seeded();
    const before = await dumpIdb('db', factory);
    await withPatchedPut(() => function (this: IDBObjectStore, value: unknown) {
      return this.add(value); // fails later with ConstraintError when the key exists
    }, async () => {
      const e = await storageErrorOf(backend.commit([
        put('users', { id: 'u2', rev: 1 }),
        put('keys', { id: 'k1', rev: 2 }),
      ]));
      expect((e.cause as DOMException).name).toBe('ConstraintError');
    });
    expect(await dumpIdb('db', factory)).toBe(before);
    backend.close();
  });

  it('clear() that fails leaves everything in place', async () => {
    const { factory, backend } = await seeded();
    const before = await dumpIdb('db', factory);
    await withPatchedPut(() => () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }, async () => {
      await storageErrorOf(backend.clear());
    });
    expect(await dumpIdb('db', factory)).toBe(before);
    backend.close();
  });
});
