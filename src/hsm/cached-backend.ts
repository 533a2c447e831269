/**
 * A `Backend` that keeps what another backend holds in memory, so a command's reads cost no
 * storage round trip and a full HSM (3,300 keys) reads like an empty one (issue 9, item 4).
 *
 * - Each store is read once (its first use) with one `list`; afterwards `get` and `list` are
 *   answered from memory, in the wrapped backend's id order (kept sorted, so a prefix is found by
 *   binary search, never by sorting).
 * - Records handed out are frozen and the same object on every read: a bug that mutates a read
 *   record throws instead of corrupting the cache, and Tx's validation (cached per record object)
 *   runs once per record version. Typed arrays cannot be frozen; the engine never writes into one it
 *   read (it builds new ones).
 * - `commit` goes to the wrapped backend, which checks the guards against the truth (another tab may
 *   have written); only then are the writes applied here. A commit refused with ConflictError
 *   re-reads the guarded records first, so the retried unit of work sees what won.
 * - Change notices from another tab name the records it wrote: only those are re-read (a notice
 *   that names none — a `clear`, or an older tab — drops everything, and each store is read again on
 *   its next use). Subscribers hear the notice after the cache has taken it in.
 *
 * Loads and re-reads run one at a time and never beside a commit of this tab (a re-read never lands
 * on top of a newer commit); commits may overlap each other; reads wait only for a load or a
 * re-read in progress, never for a commit.
 */
import {
  ConflictError, NOT_HELD, STORE_NAMES, StorageError,
  type Backend, type ChangeListener, type Guard, type RecordRef, type StoreName, type StoredRecord, type Write,
} from './store';

/**
 * Key order of the stores, as IndexedDB's: strings by UTF-16 code units; keys of other types
 * (damaged data) by IndexedDB's type order — numbers, dates, strings, binary, arrays — numbers and
 * dates by value among themselves, so a cache of several such records finds each one again.
 */
function keyRank(k: unknown): number {
  if (typeof k === 'number') return 0;
  if (k instanceof Date) return 1;
  if (typeof k === 'string') return 2;
  if (k instanceof ArrayBuffer || ArrayBuffer.isView(k)) return 3;
  return 4;
}

function compareIds(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ra = keyRank(a);
  const rb = keyRank(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 1) {
    const na = Number(a);
    const nb = Number(b);
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return 0;
}

/** Freeze a record and everything it holds (typed arrays cannot be frozen and are skipped). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

class StoreCache {
  /** Ids in key order, and the records in the same order. */
  ids: unknown[] = [];
  recs: StoredRecord[] = [];
  readonly byId = new Map<unknown, StoredRecord>();

  constructor(records: StoredRecord[]) {
    const sorted = records.every((r, i) => i === 0 || compareIds(records[i - 1]!.id, r.id) < 0)
      ? records : [...records].sort((a, b) => compareIds(a.id, b.id));
    for (const r of sorted) {
      deepFreeze(r);
      this.ids.push(r.id);
      this.recs.push(r);
      this.byId.set(r.id, r);
    }
  }

  /** First position whose id is >= `id`. */
  private lowerBound(id: unknown): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.ids[mid], id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(rec: StoredRecord): void {
    const had = this.byId.has(rec.id);
    this.byId.set(rec.id, rec);
    const i = this.lowerBound(rec.id);
    if (had && this.ids[i] === rec.id) this.recs[i] = rec;
    else {
      this.ids.splice(i, 0, rec.id);
      this.recs.splice(i, 0, rec);
    }
  }

  delete(id: string): void {
    if (!this.byId.delete(id)) return;
    const i = this.lowerBound(id);
    if (this.ids[i] === id) {
      this.ids.splice(i, 1);
      this.recs.splice(i, 1);
    }
  }

  list(prefix: string | undefined): StoredRecord[] {
    if (!prefix) return this.recs.slice();
    const start = this.lowerBound(prefix);
    let end = start;
    while (end < this.ids.length && (this.ids[end] as string).startsWith(prefix)) end++;
    return this.recs.slice(start, end);
  }
}

/** How often the wrapped backend was asked (tests and benchmarks read it). */
export interface CacheStats { loads: number; gets: number; commits: number }

export interface CachedBackend extends Backend {
  readonly stats: CacheStats;
  /**
   * What this tab last read of a store, as its reads see it (undefined when the store was never
   * read): what the failover (src/platform/failover-backend.ts) keeps when the storage can no
   * longer be read back.
   */
  lastRead(store: StoreName): readonly StoredRecord[] | undefined;
}

export function cachedBackend(inner: Backend): CachedBackend {
  const stores = new Map<StoreName, StoreCache>();
  const loading = new Map<StoreName, Promise<StoreCache>>();
  const listeners = new Set<ChangeListener>();
  const stats: CacheStats = { loads: 0, gets: 0, commits: 0 };
  /**
   * Loads and re-reads run alone (`serial`); commits may overlap each other (`shared`: the storage
   * orders them, and the history line's commit does not hold up the command's), but never a load
   * or a re-read, so neither can land on top of a newer commit of this tab.
   */
  let queue: Promise<unknown> = Promise.resolve();
  const commitsInFlight = new Set<Promise<unknown>>();
  /** A re-read after a change notice, while it runs: reads wait for it. */
  let refreshing: Promise<void> | null = null;

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = Promise.allSettled([queue, ...commitsInFlight]).then(work);
    queue = run.catch(() => {});
    return run;
  };
  const shared = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    const settled = run.then(() => {}, () => {});
    commitsInFlight.add(settled);
    void settled.then(() => commitsInFlight.delete(settled));
    return run;
  };

  const copy = (rec: StoredRecord): StoredRecord => deepFreeze(structuredClone(rec));

  let closed = false;
  const cacheOf = async (store: StoreName): Promise<StoreCache> => {
    if (refreshing) await refreshing;
    if (closed) throw new StorageError('the storage connection is closed');
    const ready = stores.get(store);
    if (ready) return ready;
    if (!(STORE_NAMES as readonly string[]).includes(store)) throw new TypeError(`unknown store ${String(store)}`);
    let p = loading.get(store);
    if (!p) {
      p = serial(async () => {
        const now = stores.get(store);
        if (now) return now;
        stats.loads++;
        const c = new StoreCache(await inner.list(store));
        stores.set(store, c);
        return c;
      });
      loading.set(store, p);
      p.then(() => loading.delete(store), () => loading.delete(store));
    }
    return p;
  };

  /** Re-read these records from the wrapped backend (inside the queue). */
  const reread = async (refs: readonly RecordRef[]): Promise<void> => {
    for (const { store, id } of refs) {
      const c = stores.get(store);
      if (!c) continue; // not loaded: it will be read whole on its first use
      stats.gets++;
      const rec = await inner.get(store, id);
      if (rec === undefined) c.delete(id);
      else c.set(deepFreeze(rec));
    }
  };

  const dropAll = (): void => {
    stores.clear();
  };

  const onNotice = (changed?: readonly RecordRef[]): void => {
    const done = serial(async () => {
      if (changed === undefined) dropAll();
      else {
        try {
          await reread(changed);
        } catch {
          dropAll(); // read everything again on next use
        }
      }
    });
    const mine = done.finally(() => {
      if (refreshing === mine) refreshing = null;
      for (const l of listeners) {
        try {
          l(changed);
        } catch (e) {
          console.error(e);
        }
      }
    });
    refreshing = mine;
  };
  const unsubscribe = inner.subscribe?.(onNotice);

  const apply = (writes: readonly Write[]): void => {
    for (const w of writes) {
      const c = stores.get(w.store);
      if (!c) continue;
      if (w.op === 'put') c.set(copy(w.value));
      else c.delete(w.id);
    }
  };

  const backend: CachedBackend = {
    get kind() {
      return inner.kind;
    },
    stats,

    lastRead(store) {
      return stores.get(store)?.list(undefined);
    },

    get(store, id) {
      // (the warm path without an async function's promises: the store is cached and nothing refreshes it)
      const ready = refreshing || closed ? undefined : stores.get(store);
      if (ready) return Promise.resolve(ready.byId.get(id));
      return cacheOf(store).then((c) => c.byId.get(id));
    },

    peek(store, id) {
      // exactly the records `get` answers at once: the store is cached and nothing refreshes it
      const ready = refreshing || closed ? undefined : stores.get(store);
      return ready ? ready.byId.get(id) : NOT_HELD;
    },

    async list(store, prefix) {
      return (await cacheOf(store)).list(prefix);
    },

    commit(writes: readonly Write[], guards: readonly Guard[] = []) {
      return shared(async () => {
        stats.commits++;
        try {
          await inner.commit(writes, guards);
        } catch (e) {
          if (e instanceof ConflictError) {
            try {
              await reread(guards);
            } catch {
              dropAll();
            }
          } else {
            // a failed write may or may not have reached the storage: read it again
            dropAll();
          }
          throw e;
        }
        apply(writes);
      });
    },

    clear() {
      return serial(async () => {
        try {
          await inner.clear();
        } finally {
          dropAll();
        }
      });
    },

    close() {
      closed = true;
      dropAll();
      unsubscribe?.();
      inner.close();
    },
  };
  if (inner.subscribe) {
    backend.subscribe = (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
  }
  return backend;
}
