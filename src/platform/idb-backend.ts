/**
 * IndexedDB adapter for the storage port (src/hsm/store.ts). Besides tests, the only engine-side
 * file that touches IndexedDB.
 *
 * Layout: database `kmu-playground` (by default) at version SCHEMA_VERSION, one object store per
 * STORE_NAMES entry with keyPath `id`, and in `meta` the record `{id:'schema', rev:1, version}`.
 *
 * Upgrades: opening a database of an older schema migrates it in the upgrade transaction itself
 * (`migrateSchema`: every record src/hsm/migrate.ts rewrites, then the schema record), so another
 * tab sees either the old database or the new one, never half of each. A tab of the older release
 * holding the database gets `versionchange` and closes its connection (its page goes on in memory
 * and says why); one that does not close blocks the upgrade, and this tab says so.
 *
 * Transactions (architecture.md §9): `commit` and `clear` each run in exactly one readwrite
 * transaction, and inside it nothing but IndexedDB requests is awaited — guards are read, compared
 * synchronously, then every write is issued and the transaction's completion is awaited.
 *
 * Errors: a failed guard → ConflictError (nothing written). Every DOMException from IndexedDB
 * (quota exceeded, version error, closed connection, …) → StorageError with the original as `cause`.
 * Other exceptions (our own TypeErrors for malformed commits) pass through unchanged.
 */
import { wrap, type IDBPDatabase } from 'idb';
import {
  ConflictError, SCHEMA_VERSION, STORE_NAMES, StorageError, changedRecords,
  type Backend, type ChangeListener, type Guard, type RecordRef, type StoreName, type StoredRecord, type Write,
} from '../hsm/store';
import { assertValidCommit, revOf, schemaRecord } from '../hsm/memory-backend';
import { migrateRecord, storesMigrated } from '../hsm/migrate';
import { STORAGE_NAMES } from './db-names';

/** 'kmu-playground' (the single-file build: 'kmu-playground-single', src/platform/db-names.ts). */
export const DEFAULT_DB_NAME = STORAGE_NAMES.main;

export interface IdbBackendOptions {
  /** Database name; default 'kmu-playground'. */
  name?: string;
  /** IndexedDB factory; default the global `indexedDB`. Tests pass a fresh fake-indexeddb factory. */
  factory?: IDBFactory;
  /** How long the open may take before it gives up (default OPEN_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * How long opening the storage may take. An open that needs no upgrade gets no `blocked` event:
 * it just waits behind another tab's pending upgrade or deleteDatabase for as long as a third tab
 * keeps its connection, and the page would stay blank all that time.
 */
export const OPEN_TIMEOUT_MS = 3000;

const HELD_UP = 'the playground storage did not open: another tab of kmu-playground is holding it (an older ' +
  'version, or a tab upgrading or deleting the saved data); close the other playground tabs and reload this one';

type KmuSchema = { [S in StoreName]: { key: string; value: StoredRecord } };
type Db = IDBPDatabase<KmuSchema>;

const noop = (): void => {};

/** Mark a promise as handled (its rejection is observed elsewhere, or deliberately ignored). */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(noop);
  return p;
}

function isDomException(e: unknown): e is DOMException {
  return typeof DOMException !== 'undefined' && e instanceof DOMException;
}

function toStorageError(action: string, e: unknown): unknown {
  if (e instanceof StorageError || e instanceof ConflictError || !isDomException(e)) return e;
  switch (e.name) {
    case 'QuotaExceededError':
      return new StorageError(
        `${action} failed: the browser's storage quota for this site is exhausted ` +
          '(free disk space, delete keys or files, or run reset)', e);
    case 'VersionError':
      return new StorageError(newerSchemaMessage(), e);
    case 'DataCloneError':
      // a record the engine built wrongly (a function, a symbol): a bug of that command, not of the
      // storage; the transaction was aborted, so nothing was written
      return new Error(`${action} failed: a record could not be stored (${e.name}: ${e.message})`, { cause: e });
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return new StorageError(`${action} failed: the database connection is no longer usable`, e);
    default:
      return new StorageError(`${action} failed: ${e.name}: ${e.message}`, e);
  }
}

function newerSchemaMessage(found?: unknown): string {
  const what = found === undefined ? 'a newer schema' : `schema version ${String(found)}`;
  return `the saved playground data was written by a newer version of kmu-playground (${what}; ` +
    `this version understands schema ${SCHEMA_VERSION}). It was left untouched: open the newer version, ` +
    'or use a different browser profile.';
}

/** Smallest key range holding exactly the strings that start with `prefix` (UTF-16 code-unit order). */
function prefixRange(prefix: string): IDBKeyRange {
  // Upper bound: drop trailing U+FFFF code units and bump the last remaining one, exclusive.
  // (`prefix + '\uffff'` as an inclusive bound would miss ids like prefix + '\uffff' + 'x'.)
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return IDBKeyRange.lowerBound(prefix);
  const upper = prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
  return IDBKeyRange.bound(prefix, upper, false, true);
}

/**
 * Inside the upgrade transaction from `oldVersion` (>= 1): check the schema record, rewrite every
 * record the migrations change (one store at a time, by cursor; a record they leave stays exactly
 * as it is), then the schema record. `refuse(reason)` aborts the upgrade: the database stays as it was.
 */
function migrateSchema(tx: IDBTransaction, name: string, oldVersion: number, refuse: (reason: string) => void): void {
  const meta = tx.objectStore('meta');
  const schemaRead = meta.get('schema');
  schemaRead.onsuccess = () => {
    const schema = schemaRead.result as { version?: unknown } | undefined;
    if (schema !== undefined && typeof schema?.version !== 'number') {
      refuse(`database "${name}" has an unreadable schema record; it was left untouched`);
      return;
    }
    if (schema !== undefined && (schema.version as number) > oldVersion) {
      refuse(newerSchemaMessage(schema.version));
      return;
    }
    const stores = [...new Set(Array.from({ length: SCHEMA_VERSION - oldVersion }, (_, i) => storesMigrated(oldVersion + i)).flat())];
    const walk = (i: number): void => {
      if (i === stores.length) {
        meta.put(schemaRecord());
        return;
      }
      const store = stores[i]!;
      const cursorRequest = tx.objectStore(store).openCursor();
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (!cursor) {
          walk(i + 1);
          return;
        }
        let rec: unknown = cursor.value;
        for (let from = oldVersion; from < SCHEMA_VERSION && rec !== null; from++) {
          if (storesMigrated(from).includes(store)) rec = migrateRecord(from, store, rec);
        }
        if (rec !== null) cursor.update(rec);
        cursor.continue();
      };
    };
    walk(0);
  };
}

/** Opens (creating or upgrading when needed) the raw connection. Rejects with StorageError. */
function openRaw(factory: IDBFactory, name: string, onVersionChange: (db: IDBDatabase) => void,
  onClose: () => void, abandoned: () => boolean): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, SCHEMA_VERSION);
    } catch (e) {
      reject(toStorageError('opening the storage', e));
      return;
    }
    let gaveUp = false;
    let refused: string | undefined;
    request.onupgradeneeded = (event) => {
      const db = request.result;
      const tx = request.transaction;
      if (gaveUp || abandoned()) {
        // the page went on in memory meanwhile: leave the storage as it is
        tx?.abort();
        return;
      }
      try {
        for (const store of STORE_NAMES) {
          if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: 'id' });
        }
        if (event.oldVersion === 0) tx?.objectStore('meta').put(schemaRecord());
        else if (tx) {
          migrateSchema(tx, name, event.oldVersion, (reason) => {
            refused = reason;
            tx.abort();
          });
        }
      } catch {
        tx?.abort(); // the open request then fails with AbortError
      }
    };
    request.onblocked = () => {
      // Another tab holds an older connection and does not close it on versionchange.
      gaveUp = true;
      reject(new StorageError('the playground storage is in use by an older version of kmu-playground in ' +
        'another tab; close that tab and reload this one'));
    };
    request.onsuccess = () => {
      const db = request.result;
      if (gaveUp || abandoned()) {
        // too late: the page went on without it; close it so it holds up no other tab
        db.close();
        reject(new StorageError(HELD_UP));
        return;
      }
      db.onversionchange = () => onVersionChange(db);
      db.onclose = onClose;
      resolve(db);
    };
    request.onerror = () => {
      if (gaveUp) return;
      reject(refused !== undefined ? new StorageError(refused, request.error) : toStorageError('opening the storage', request.error));
    };
  });
}

/**
 * Open the storage, or reject with a StorageError. Gives up after `timeoutMs` (an open another tab
 * holds up never settles by itself); a connection that opens after that is closed at once.
 */
export function openIdbBackend(opts: IdbBackendOptions = {}): Promise<Backend> {
  const timeoutMs = opts.timeoutMs ?? OPEN_TIMEOUT_MS;
  let abandoned = false;
  return new Promise<Backend>((resolve, reject) => {
    const timer = setTimeout(() => {
      abandoned = true;
      reject(new StorageError(HELD_UP));
    }, timeoutMs);
    openUnbounded(opts, () => abandoned).then((backend) => {
      if (abandoned) backend.close();
      else {
        clearTimeout(timer);
        resolve(backend);
      }
    }, (e: unknown) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function openUnbounded(opts: IdbBackendOptions, abandoned: () => boolean): Promise<Backend> {
  const name = opts.name ?? DEFAULT_DB_NAME;
  const factory = opts.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    throw new StorageError('IndexedDB is not available in this browser (private browsing or site data disabled?)');
  }

  const state: { closedReason?: string } = {};
  const raw = await openRaw(factory, name,
    (db) => {
      // `blocking`: let the other tab's upgrade or deleteDatabase proceed instead of blocking it.
      state.closedReason ??= 'the storage was closed because another tab is upgrading or deleting the ' +
        'kmu-playground database';
      db.close();
    },
    () => {
      // `terminated`: the browser closed the connection abnormally.
      state.closedReason ??= 'the browser closed the storage unexpectedly (site data cleared or storage ' +
        'evicted?)';
    }, abandoned);
  const db = wrap(raw) as unknown as Db;

  try {
    for (const store of STORE_NAMES) {
      if (!raw.objectStoreNames.contains(store)) {
        throw new StorageError(`database "${name}" has no "${store}" store; it was not created by kmu-playground ` +
          'and was left untouched');
      }
    }
    const schema = await db.get('meta', 'schema');
    if (abandoned()) throw new StorageError(HELD_UP);
    if (schema === undefined) {
      await db.put('meta', schemaRecord());
    } else {
      const version = schema['version'];
      if (typeof version !== 'number') {
        throw new StorageError(`database "${name}" has an unreadable schema record; it was left untouched`);
      }
      if (version > SCHEMA_VERSION) throw new StorageError(newerSchemaMessage(version));
    }
  } catch (e) {
    state.closedReason ??= 'the storage connection is closed';
    raw.close();
    throw toStorageError('opening the storage', e);
  }

  return new IdbBackend(raw, db, state, name);
}

/** The records a change notice names, or undefined when it names none reliably (reload everything). */
function noticeRecords(data: unknown): RecordRef[] | undefined {
  const changed = (data as { changed?: unknown } | null)?.changed;
  if (!Array.isArray(changed)) return undefined;
  const out: RecordRef[] = [];
  for (const r of changed as unknown[]) {
    const store = (r as { store?: unknown } | null)?.store;
    const id = (r as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !(STORE_NAMES as readonly unknown[]).includes(store)) return undefined;
    out.push({ store: store as StoreName, id });
  }
  return out;
}

class IdbBackend implements Backend {
  readonly kind = 'indexeddb';

  /**
   * Change notices between tabs of the same playground (issue 4: "two tabs, one playground"):
   * after a commit, `{changed: [{store, id}, …]}` names the records it wrote, so another tab
   * re-reads only those; after a clear, `{changed: null}` (everything may have changed).
   */
  private readonly channel: BroadcastChannel | undefined;
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly raw: IDBDatabase,
    private readonly db: Db,
    private readonly state: { closedReason?: string },
    name: string,
  ) {
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(`kmu-playground:${name}`);
      this.channel.onmessage = (event: MessageEvent) => {
        const changed = noticeRecords(event.data);
        this.listeners.forEach((l) => l(changed));
      };
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private conn(): Db {
    if (this.state.closedReason !== undefined) throw new StorageError(this.state.closedReason);
    return this.db;
  }

  async get(store: StoreName, id: string): Promise<StoredRecord | undefined> {
    const db = this.conn();
    try {
      return await db.get(store, id);
    } catch (e) {
      throw toStorageError(`reading ${store}/${id}`, e);
    }
  }

  async list(store: StoreName, prefix?: string): Promise<StoredRecord[]> {
    const db = this.conn();
    try {
      return await db.getAll(store, prefix ? prefixRange(prefix) : undefined);
    } catch (e) {
      throw toStorageError(`listing ${store}`, e);
    }
  }

  async commit(writes: readonly Write[], guards: readonly Guard[] = []): Promise<void> {
    const db = this.conn();
    assertValidCommit(writes, guards);
    if (writes.length === 0 && guards.length === 0) return;
    const scope = [...new Set<StoreName>([...writes.map((w) => w.store), ...guards.map((g) => g.store)])];

    let tx;
    try {
      tx = db.transaction(scope, 'readwrite');
    } catch (e) {
      throw toStorageError('saving changes', e);
    }
    const done = quiet(tx.done);
    const abort = async (): Promise<void> => {
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
      await done.catch(noop);
    };

    try {
      // Only IndexedDB requests are awaited from here to the end of the transaction.
      const current = await Promise.all(guards.map((g) => quiet(tx.objectStore(g.store).get(g.id))));
      for (const [i, g] of guards.entries()) {
        const actual = revOf(current[i]);
        if (actual !== g.rev) {
          await abort();
          throw new ConflictError({ ...g }, actual);
        }
      }
      const requests: Promise<unknown>[] = [];
      for (const w of writes) {
        const store = tx.objectStore(w.store);
        requests.push(quiet<unknown>(w.op === 'put' ? store.put(w.value) : store.delete(w.id)));
      }
      await Promise.all(requests);
      await done;
    } catch (e) {
      if (e instanceof ConflictError) throw e;
      await abort();
      throw toStorageError('saving changes', e);
    }
    this.notify(changedRecords(writes));
  }

  private notify(changed: RecordRef[] | null): void {
    try {
      this.channel?.postMessage({ changed });
    } catch {
      // a closed channel: this tab is going away
    }
  }

  async clear(): Promise<void> {
    const db = this.conn();
    let tx;
    try {
      tx = db.transaction([...STORE_NAMES], 'readwrite');
    } catch (e) {
      throw toStorageError('clearing the storage', e);
    }
    const done = quiet(tx.done);
    try {
      const requests: Promise<unknown>[] = STORE_NAMES.map((s) => quiet(tx.objectStore(s).clear()));
      requests.push(quiet<unknown>(tx.objectStore('meta').put(schemaRecord())));
      await Promise.all(requests);
      await done;
      this.notify(null);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
      await done.catch(noop);
      throw toStorageError('clearing the storage', e);
    }
  }

  close(): void {
    this.state.closedReason ??= 'the storage connection is closed';
    this.channel?.close();
    this.raw.close();
  }
}
