/**
 * In-memory `Backend`: used by unit tests and as the fallback when IndexedDB is unavailable.
 * Behaves like the IndexedDB adapter (src/platform/idb-backend.ts) in everything the port promises:
 * records are deep-copied on the way in and out, lists are sorted by id in UTF-16 code-unit order
 * (IndexedDB's string key order), and `commit` checks every guard before applying any write.
 * No browser globals.
 */
import {
  ConflictError, SCHEMA_VERSION, STORE_NAMES, StorageError,
  type Backend, type Guard, type StoreName, type StoredRecord, type Write,
} from './store';

/** The record the backends keep in the `meta` store to tag the stored data with its schema. */
export function schemaRecord(): StoredRecord {
  return { id: 'schema', rev: 1, version: SCHEMA_VERSION };
}

/** IndexedDB orders string keys by UTF-16 code units, which is what `<` does (not localeCompare). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (e) {
    // DataCloneError: a record holding a function or the like is a bug of the command that built
    // it, not a storage failure (the IndexedDB adapter reports it the same way)
    throw new Error(`value cannot be stored: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Programming errors in a commit's arguments; both backends reject them the same way. */
/** A key no record of ours has but IndexedDB accepts (a number, a date, an array, binary): a damaged record's. */
function isForeignKey(id: unknown): boolean {
  return (typeof id === 'number' && !Number.isNaN(id)) || id instanceof Date || Array.isArray(id) ||
    id instanceof ArrayBuffer || ArrayBuffer.isView(id);
}

export function assertValidCommit(writes: readonly Write[], guards: readonly Guard[]): void {
  for (const w of writes) {
    if (!(STORE_NAMES as readonly string[]).includes(w.store)) throw new TypeError(`unknown store ${String(w.store)}`);
    if (w.op === 'put') {
      const v = w.value as Partial<StoredRecord> | null | undefined;
      if (typeof v !== 'object' || v === null || typeof v.id !== 'string') {
        throw new TypeError(`put into ${w.store}: record needs a string id`);
      }
      if (typeof v.rev !== 'number' || !Number.isSafeInteger(v.rev) || v.rev < 1) {
        throw new TypeError(`put ${w.store}/${v.id}: rev must be an integer >= 1, got ${String(v.rev)}`);
      }
    } else if (w.op === 'delete') {
      // (or, to erase a damaged record, whatever other key IndexedDB holds it under)
      if (typeof w.id !== 'string' && !isForeignKey(w.id)) throw new TypeError(`delete from ${w.store}: id must be a string`);
    } else {
      throw new TypeError(`unknown write op ${String((w as { op: unknown }).op)}`);
    }
  }
  for (const g of guards) {
    if (!(STORE_NAMES as readonly string[]).includes(g.store)) throw new TypeError(`unknown store ${String(g.store)}`);
    if (typeof g.id !== 'string') throw new TypeError(`guard on ${g.store}: id must be a string`);
    if (typeof g.rev !== 'number' || !Number.isSafeInteger(g.rev) || g.rev < 0) {
      throw new TypeError(`guard ${g.store}/${g.id}: rev must be an integer >= 0, got ${String(g.rev)}`);
    }
  }
}

/** Rev of a stored record as a guard sees it: 0 when absent. */
export function revOf(record: StoredRecord | undefined): number {
  return record === undefined ? 0 : record.rev;
}

export function createMemoryBackend(): Backend {
  const stores = new Map<StoreName, Map<string, StoredRecord>>(STORE_NAMES.map((s) => [s, new Map()]));
  let closed = false;

  const storeOf = (name: StoreName): Map<string, StoredRecord> => {
    if (closed) throw new StorageError('the storage connection is closed');
    const s = stores.get(name);
    if (!s) throw new TypeError(`unknown store ${String(name)}`);
    return s;
  };

  const seed = (): void => {
    for (const s of stores.values()) s.clear();
    stores.get('meta')?.set('schema', schemaRecord());
  };
  seed();

  return {
    kind: 'memory',

    async get(store, id) {
      const rec = storeOf(store).get(id);
      return rec === undefined ? undefined : copy(rec);
    },

    async list(store, prefix) {
      const s = storeOf(store);
      const ids = [...s.keys()].filter((id) => prefix === undefined || id.startsWith(prefix)).sort(compareIds);
      return ids.map((id) => copy(s.get(id) as StoredRecord));
    },

    async commit(writes, guards = []) {
      if (closed) throw new StorageError('the storage connection is closed');
      assertValidCommit(writes, guards);
      for (const g of guards) {
        const actual = revOf(storeOf(g.store).get(g.id));
        if (actual !== g.rev) throw new ConflictError({ ...g }, actual);
      }
      // Copy everything before touching the maps, so an uncloneable value writes nothing.
      const prepared = writes.map((w) => (w.op === 'put' ? { ...w, value: copy(w.value) } : w));
      for (const w of prepared) {
        const s = storeOf(w.store);
        if (w.op === 'put') s.set(w.value.id, w.value);
        else s.delete(w.id);
      }
    },

    async clear() {
      if (closed) throw new StorageError('the storage connection is closed');
      seed();
    },

    close() {
      closed = true;
    },
  };
}
