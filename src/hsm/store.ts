/**
 * Storage port of the engine. The engine never touches IndexedDB itself: it reads records through
 * a `Backend` and writes every change of one command through one `commit` call, which the backend
 * applies atomically (one IndexedDB transaction in the browser). Reads may happen across several
 * awaits; writes never do (architecture.md §9: nothing but IndexedDB requests inside a transaction).
 *
 * Optimistic concurrency: each record carries `rev` (a positive integer, bumped by the engine on
 * every put). A commit may carry guards ("this record still has rev N", or "is still absent"); the
 * backend checks them inside the same transaction before writing and rejects the whole commit
 * with `ConflictError` when one fails, so two tabs never overwrite each other's writes.
 */

/**
 * Bump when the shape of any stored record changes; backends refuse to open newer data, and the
 * IndexedDB adapter migrates older data (src/platform/idb-backend.ts). History:
 *   1  first release
 *   2  key records hold `manageQuorum` and `useQuorum` instead of `mValue` (G-CLI-29)
 */
export const SCHEMA_VERSION = 2;

/** The object stores. Every store's key is the record's `id` string property. */
export const STORE_NAMES = ['meta', 'clusters', 'users', 'keys', 'files'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export interface StoredRecord {
  /** Primary key, unique within its store (e.g. `cluster-1/0/3` for user 3 on HSM 0). */
  id: string;
  /** Revision, >= 1; incremented on every write of the record. */
  rev: number;
  [field: string]: unknown;
}

export type Write =
  | { op: 'put'; store: StoreName; value: StoredRecord }
  | { op: 'delete'; store: StoreName; id: string };

/** `rev: 0` means "the record must not exist". */
export interface Guard { store: StoreName; id: string; rev: number }

export class ConflictError extends Error {
  constructor(readonly guard: Guard, readonly actualRev: number) {
    super(`conflict on ${guard.store}/${guard.id}: expected rev ${guard.rev}, found ${actualRev}`);
    this.name = 'ConflictError';
  }
}

/** The storage could not be used at all (blocked, quota exceeded, evicted, newer schema). */
export class StorageError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StorageError';
  }
}

/** What `Backend.peek` and `Tx.peek` answer when the record is not at hand without a read. */
export const NOT_HELD: unique symbol = Symbol('not held');

export interface Backend {
  /** Human-readable kind for status lines: 'indexeddb' | 'memory'. */
  readonly kind: string;
  get(store: StoreName, id: string): Promise<StoredRecord | undefined>;
  /**
   * The record as `get` would answer it, without a promise, when the backend holds it in memory
   * ready to hand out (a warm read cache); NOT_HELD when answering needs a read. Optional: a
   * backend without it is always read through `get`.
   */
  peek?(store: StoreName, id: string): StoredRecord | undefined | typeof NOT_HELD;
  /** All records of a store whose id starts with `prefix` (all records when omitted), sorted by id. */
  list(store: StoreName, prefix?: string): Promise<StoredRecord[]>;
  /** Apply all writes atomically after checking all guards; all or nothing. */
  commit(writes: readonly Write[], guards?: readonly Guard[]): Promise<void>;
  /** Remove every record of every store (used by `reset`), atomically. */
  clear(): Promise<void>;
  close(): void;
  /**
   * Change notices from other instances on the same data (another tab): `listener` runs after
   * another instance committed, with the records that commit wrote (undefined when unknown: then
   * anything may have changed). Returns the unsubscribe function. Optional: a backend no one else
   * can write (memory) has none.
   */
  subscribe?(listener: ChangeListener): () => void;
}

/** A record named by store and id (what a change notice lists). */
export interface RecordRef { store: StoreName; id: string }

/** Told after another instance committed: the records it wrote, or undefined when not known. */
export type ChangeListener = (changed?: readonly RecordRef[]) => void;

/** The records a commit writes, as a change notice names them. */
export function changedRecords(writes: readonly Write[]): RecordRef[] {
  return writes.map((w) => ({ store: w.store, id: w.op === 'put' ? w.value.id : w.id }));
}
