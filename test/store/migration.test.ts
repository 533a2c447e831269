/**
 * Schema 1 → 2 (G-CLI-29: a key's `mValue` becomes `manageQuorum` and `useQuorum`), on a database
 * written by the previous release: test/fixtures/store/schema1-db.json was dumped ONCE from the
 * release at dc4314d (see make-schema1.gen.ts), never by the code under test. The database is
 * created by that release's own adapter (frozen in test/fixtures/store/v1) and filled with the
 * dumped records, exactly as they were stored.
 */
import { freshFactory, rawOpen, rawWrite } from './fake-idb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { openStorage } from '../../src/platform/open-storage';
import { failoverBackend } from '../../src/platform/failover-backend';
import { cachedBackend, type CachedBackend } from '../../src/hsm/cached-backend';
import { SCHEMA_VERSION, StorageError, type StoredRecord } from '../../src/hsm/store';
import { migrateRecord, storesMigrated } from '../../src/hsm/migrate';
import { recordProblem } from '../../src/hsm/validate';
import { manageQuorum, shownQuorum, useQuorum } from '../../src/hsm/quorum';
import type { KeyRecord } from '../../src/hsm/model';
import { openIdbBackend as openV1 } from '../fixtures/store/v1/idb-backend';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal } from '../support/transcript';

const DB = 'kmu-playground';

interface Dumped { key: string; value: Record<string, unknown> }
interface Fixture {
  madeBy: string;
  kmuGetKeyInfo: Record<string, string>;
  cmuGetKeyInfo: Record<string, string>;
  db: { version: number; stores: Record<string, { keyPath: string; records: Dumped[] }> };
}
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/store/schema1-db.json', import.meta.url), 'utf8')) as Fixture;

/** The dump's tagged values back to what IndexedDB held ({$bytes} → Uint8Array). */
function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.$bytes, 'hex'));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
}

const records = (store: string): Record<string, unknown>[] => FIXTURE.db.stores[store]!.records.map((r) => decode(r.value) as Record<string, unknown>);
const DAMAGED_ID = 'cluster-1/0000009999';

/** The previous release's database: made by its adapter, holding the records it wrote. */
async function schema1Database(factory: IDBFactory): Promise<void> {
  const v1 = await openV1({ name: DB, factory });
  v1.close();
  const raw = await rawOpen(factory, DB, 1);
  for (const store of Object.keys(FIXTURE.db.stores)) {
    await rawWrite(raw, store, (s) => { for (const r of records(store)) s.put(r); });
  }
  raw.close();
}

type Dump = Fixture['db'];
const dumpOf = async (factory: IDBFactory) => JSON.parse(await dumpIdb(DB, factory)) as Dump;
const valuesOf = (d: Dump, store: string) => d.stores[store]!.records.map((r) => r.value);

describe('the fixture: a database of the previous release', () => {
  it('is schema 1 and holds what the migration must carry: quorum 0 and 2, shared keys, users, files, a damaged key', async () => {
    const factory = freshFactory();
    await schema1Database(factory);
    const d = await dumpOf(factory);
    expect(FIXTURE.madeBy).toBe('dc4314d');
    expect(d.version).toBe(1);
    expect(JSON.stringify(d.stores)).toBe(JSON.stringify(FIXTURE.db.stores)); // exactly the dumped records
    const keys = valuesOf(d, 'keys');
    expect(keys.map((k) => k['mValue'])).toEqual([0, 2, 0, 0, 1]);
    expect(keys.some((k) => 'manageQuorum' in k)).toBe(false);
    expect(valuesOf(d, 'meta').find((r) => r['id'] === 'schema')).toEqual({ id: 'schema', rev: 1, version: 1 });
    expect(valuesOf(d, 'users')).toHaveLength(15);
    expect(valuesOf(d, 'files').map((f) => f['id'])).toEqual(['/home/keys', '/home/notes.txt']);
  });
});

describe('opening a schema-1 database under schema 2', () => {
  it('migrates every key record in the upgrade: both quorum values = mValue, rev + 1, nothing else changed', async () => {
    expect(SCHEMA_VERSION).toBe(2);
    const factory = freshFactory();
    await schema1Database(factory);
    const before = await dumpOf(factory);
    const backend = await openIdbBackend({ name: DB, factory });
    backend.close();
    const after = await dumpOf(factory);
    expect(after.version).toBe(2);
    expect(valuesOf(after, 'meta')).toEqual(valuesOf(before, 'meta').map((r) => (r['id'] === 'schema' ? { id: 'schema', rev: 1, version: 2 } : r)));
    for (const store of ['clusters', 'users', 'files']) expect(after.stores[store]).toEqual(before.stores[store]);
    const old = before.stores['keys']!.records;
    const now = after.stores['keys']!.records;
    expect(now.map((r) => r.key)).toEqual(old.map((r) => r.key));
    for (const [i, { key, value }] of old.entries()) {
      const migrated = now[i]!.value;
      if (key === DAMAGED_ID) {
        expect(migrated).toEqual(value); // damaged: left exactly as it was
        continue;
      }
      const { mValue, rev, ...rest } = value;
      expect(migrated).toEqual({ ...rest, rev: (rev as number) + 1, manageQuorum: mValue, useQuorum: mValue });
      expect(recordProblem('keys', decode(migrated) as StoredRecord)).toBeNull();
    }
    // the damaged record is still reported, not repaired or dropped
    const damaged = decode(now.find((r) => r.key === DAMAGED_ID)!.value) as StoredRecord;
    expect(recordProblem('keys', damaged)).toMatch(/missing or malformed/);
  });

  it('opens again without change (the upgrade ran once, in one transaction)', async () => {
    const factory = freshFactory();
    await schema1Database(factory);
    (await openIdbBackend({ name: DB, factory })).close();
    const once = await dumpIdb(DB, factory);
    (await openIdbBackend({ name: DB, factory })).close();
    expect(await dumpIdb(DB, factory)).toBe(once);
  });

  it('KMU getKeyInfo and CMU getKeyInfo print what the previous release printed, and the quorum still guards', async () => {
    const factory = freshFactory();
    await schema1Database(factory);
    const reasons: string[] = [];
    const backend = await openStorage({ name: DB, factory, onFallback: (r) => reasons.push(r) });
    expect(backend.kind).toBe('indexeddb');
    const t = await openTerminal({ backend });
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    for (const [h, out] of Object.entries(FIXTURE.kmuGetKeyInfo)) {
      // 10 was the old console's session key: it ended with that session (in schema 1 as well)
      if (h === '10') expect(await t.type(`getKeyInfo -k ${h}`)).toMatch(/returned: 0xa8/);
      else expect(await t.type(`getKeyInfo -k ${h}`), `KMU getKeyInfo -k ${h}`).toBe(out);
    }
    // manageQuorum 2 guards wrapping key 7 (0xe7), as mValue 2 did
    expect(await t.type('wrapKey -k 7 -w 6 -m 4 -out w.bin')).toMatch(/0xe7/);
    await t.type('logoutHSM');
    await t.type('exit');
    await t.type('cloudhsm_mgmt_util');
    await t.type('loginHSM CU example_user example_pwd');
    for (const [h, out] of Object.entries(FIXTURE.cmuGetKeyInfo)) expect(await t.type(`getKeyInfo -k ${h}`), `CMU getKeyInfo -k ${h}`).toBe(out);
    expect(reasons).toEqual([]);
    backend.close();
  });
});

describe('an old tab (the previous release) holding the database open', () => {
  /** The previous release's page storage: its adapter under the failover and the cache (open-storage.ts). */
  async function oldTab(factory: IDBFactory, reasons: string[]): Promise<CachedBackend> {
    const v1 = await openV1({ name: DB, factory });
    let cache: CachedBackend | undefined;
    cache = cachedBackend(failoverBackend(v1, (r) => reasons.push(r), { lastKnown: (store) => cache?.lastRead(store) }));
    return cache;
  }

  it('closes on versionchange: the new tab upgrades; the old tab goes on in memory and says why; nothing is lost', async () => {
    const factory = freshFactory();
    await schema1Database(factory);
    const oldReasons: string[] = [];
    const old = await openTerminal({ backend: await oldTab(factory, oldReasons) });
    expect(await old.type('cat /home/notes.txt')).toBe('hello from schema 1\n');
    await old.type('cloudhsm_mgmt_util');
    expect(await old.type('listUsers')).toContain('alice');
    await old.type('quit');

    const newReasons: string[] = [];
    const fresh = await openStorage({ name: DB, factory, onFallback: (r) => newReasons.push(r), timeoutMs: 1000 });
    expect(fresh.kind).toBe('indexeddb');
    expect(newReasons).toEqual([]);
    expect((await dumpOf(factory)).version).toBe(2);
    const migrated = await dumpIdb(DB, factory);

    // the old tab's next command meets the closed connection: it goes on in memory from what it had read
    expect(await old.type('echo "written by the old tab" > /home/old.txt')).toBe('');
    expect(oldReasons).toEqual(['the storage was closed because another tab is upgrading or deleting the kmu-playground ' +
      'database. The playground goes on in memory from what this tab had read; the saved keys could not be read back']);
    expect(old.backend.kind).toBe('memory');
    expect(await old.type('cat /home/old.txt')).toBe('written by the old tab\n');
    expect(await old.type('cat /home/notes.txt')).toBe('hello from schema 1\n');
    // … and never reaches the upgraded database
    expect(await dumpIdb(DB, factory)).toBe(migrated);

    // the new tab has everything
    const t = await openTerminal({ backend: fresh });
    expect(await t.type('cat /home/notes.txt')).toBe('hello from schema 1\n');
    expect(await t.type('cat /home/old.txt')).toMatch(/No such file/);
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('getKeyInfo -k 7')).toBe(FIXTURE.kmuGetKeyInfo['7']);
    fresh.close();
  });

  it('an old connection that ignores versionchange blocks the upgrade: the new tab runs in memory and says why; the database stays schema 1', async () => {
    const factory = freshFactory();
    await schema1Database(factory);
    const stubborn = await rawOpen(factory, DB, 1);
    stubborn.onversionchange = () => {}; // does not close
    const reasons: string[] = [];
    const fresh = await openStorage({ name: DB, factory, onFallback: (r) => reasons.push(r), timeoutMs: 200 });
    expect(fresh.kind).toBe('memory');
    expect(reasons).toEqual(['the playground storage is in use by an older version of kmu-playground in another tab; close that tab and reload this one']);
    stubborn.close();
    // once the old tab is gone, the (abandoned) upgrade did not run: schema 1, records as written
    const d = await dumpOf(factory);
    expect(d.version).toBe(1);
    expect(JSON.stringify(d.stores)).toBe(JSON.stringify(FIXTURE.db.stores));
    fresh.close();
  });
});

describe('a schema-1 database the upgrade must not touch', () => {
  async function withSchemaRecord(schema: StoredRecord) {
    const factory = freshFactory();
    await schema1Database(factory);
    const raw = await rawOpen(factory, DB, 1);
    await rawWrite(raw, 'meta', (s) => s.put(schema));
    raw.close();
    const before = await dumpIdb(DB, factory);
    const e = await openIdbBackend({ name: DB, factory }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect(await dumpIdb(DB, factory)).toBe(before);
    return (e as Error).message;
  }

  it('its schema record names a newer schema: the existing message, nothing changed', async () => {
    expect(await withSchemaRecord({ id: 'schema', rev: 3, version: 7 })).toBe(
      'the saved playground data was written by a newer version of kmu-playground (schema version 7; this version ' +
      'understands schema 2). It was left untouched: open the newer version, or use a different browser profile.');
  });

  it('its schema record is unreadable: refused, nothing changed', async () => {
    expect(await withSchemaRecord({ id: 'schema', rev: 1, version: 'one' })).toMatch(/unreadable schema record; it was left untouched/);
  });

  it('a database of a newer schema (IndexedDB version 3) still gives the existing message', async () => {
    const factory = freshFactory();
    const raw = await rawOpen(factory, DB, 3, (db) => { for (const s of ['meta', 'clusters', 'users', 'keys', 'files']) db.createObjectStore(s, { keyPath: 'id' }); });
    await rawWrite(raw, 'meta', (s) => s.put({ id: 'schema', rev: 1, version: 3 }));
    raw.close();
    const before = await dumpIdb(DB, factory);
    const e = await openIdbBackend({ name: DB, factory }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toBe(
      'the saved playground data was written by a newer version of kmu-playground (a newer schema; this version ' +
      'understands schema 2). It was left untouched: open the newer version, or use a different browser profile.');
    expect(await dumpIdb(DB, factory)).toBe(before);
  });
});

describe('migrateRecord 1 → 2 and the damage check of schema-2 key records', () => {
  const good = () => decode(FIXTURE.db.stores['keys']!.records.find((r) => r.key === 'cluster-1/0000000007')!.value) as StoredRecord;

  it('rewrites a key record; leaves other stores, damaged keys and already-migrated keys', () => {
    expect(storesMigrated(1)).toEqual(['keys']);
    expect(storesMigrated(2)).toEqual([]);
    const m = migrateRecord(1, 'keys', good())! as unknown as KeyRecord;
    expect(m).not.toHaveProperty('mValue');
    expect([manageQuorum(m), useQuorum(m), shownQuorum(m), m.rev]).toEqual([2, 2, 2, 2]);
    expect(migrateRecord(1, 'users', good())).toBeNull();
    expect(migrateRecord(1, 'keys', { ...good(), mValue: 9 })).toBeNull();
    expect(migrateRecord(1, 'keys', { ...good(), mValue: '2' })).toBeNull();
    expect(migrateRecord(1, 'keys', m)).toBeNull();
    for (const bad of [null, 'x', 7, [], { id: 'k' }]) expect(migrateRecord(1, 'keys', bad)).toBeNull();
    expect(migrateRecord(2, 'keys', good())).toBeNull();
  });

  it('knows schema-2 key records: both values 0..8 required; a schema-1 shape is damaged', () => {
    const m = migrateRecord(1, 'keys', good())!;
    expect(recordProblem('keys', m)).toBeNull();
    expect(recordProblem('keys', { ...m, useQuorum: 0 })).toBeNull(); // the two may differ (CloudHSM CLI)
    expect(recordProblem('keys', good())).toMatch(/field manageQuorum/);
    for (const [f, v] of [['manageQuorum', 9], ['useQuorum', -1], ['useQuorum', 1.5], ['manageQuorum', undefined], ['useQuorum', '2']] as const) {
      expect(recordProblem('keys', { ...m, [f]: v }), `${f}=${String(v)}`).toMatch(new RegExp(`field ${f}`));
    }
  });
});
