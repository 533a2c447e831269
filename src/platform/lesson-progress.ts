/**
 * The IndexedDB adapter of the lesson-progress port (src/hsm/lesson-progress.ts): a database of
 * its own, `kmu-playground-lessons` (version 1), with the progress and the checkpoint of every
 * lesson: object stores `progress` and `checkpoints`, both keyed by the record's `lesson` id.
 *
 * - Every record read is checked (src/hsm/memory-lesson-progress.ts readProgress / readCheckpoint:
 *   shape, types, sizes; a checkpoint's records as restoreDump would): a damaged record reads as
 *   absent, with a console.warn, never a crash; it stays stored until the lesson is saved again or
 *   deleted. A malformed record is refused on the way in (TypeError, nothing written).
 * - A database of a newer version (a newer release) is never opened: the open rejects, and the page
 *   keeps progress in memory. So does an open another tab holds up past OPEN_TIMEOUT_MS (a
 *   connection that opens after that is closed at once, so it blocks no one).
 * - When another tab upgrades or deletes the database (`versionchange`) this connection closes, so
 *   it never blocks it; every later call then rejects with a StorageError saying why.
 */
import type { Checkpoint, LessonProgress, LessonProgressPort } from '../hsm/lesson-progress';
import { isLessonId, readCheckpoint, readProgress } from '../hsm/memory-lesson-progress';
import { StorageError } from '../hsm/store';
import { OPEN_TIMEOUT_MS } from './idb-backend';
import { STORAGE_NAMES } from './db-names';

/** 'kmu-playground-lessons' (the single-file build: 'kmu-playground-single-lessons', src/platform/db-names.ts). */
export const LESSON_PROGRESS_DB = STORAGE_NAMES.lessonProgress;
export const LESSON_PROGRESS_VERSION = 1;
const PROGRESS = 'progress';
const CHECKPOINTS = 'checkpoints';

export interface LessonProgressOptions {
  /** How long the open may take before it gives up (default OPEN_TIMEOUT_MS). */
  timeoutMs?: number;
}

const HELD_UP = 'the lesson progress storage did not open: another tab of kmu-playground is holding it; ' +
  'progress is kept in memory until this page is reloaded';

function storageError(action: string, e: unknown): unknown {
  if (e instanceof StorageError || e instanceof TypeError) return e;
  if (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'QuotaExceededError') {
    return new StorageError(`${action} failed: the browser's storage quota for this site is exhausted`, e);
  }
  const what = e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)
    ? `${String((e as { name: unknown }).name)}: ${String((e as { message?: unknown }).message)}` : String(e);
  return new StorageError(`${action} failed: ${what}`, e);
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new StorageError('the transaction was aborted'));
    tx.onerror = (ev) => ev.preventDefault(); // the abort that follows reports it
  });
}

function openRaw(factory: IDBFactory, abandoned: () => boolean): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(LESSON_PROGRESS_DB, LESSON_PROGRESS_VERSION);
    } catch (e) {
      reject(storageError('opening the lesson progress storage', e));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (abandoned()) {
        req.transaction?.abort();
        return;
      }
      if (!db.objectStoreNames.contains(PROGRESS)) db.createObjectStore(PROGRESS, { keyPath: 'lesson' });
      if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS, { keyPath: 'lesson' });
    };
    req.onsuccess = () => {
      const db = req.result;
      if (abandoned()) {
        db.close();
        return;
      }
      resolve(db);
    };
    req.onerror = () => {
      const e = req.error;
      if (e?.name === 'VersionError') {
        reject(new StorageError('the lesson progress was saved by a newer version of kmu-playground; it was left ' +
          'untouched, and progress is kept in memory on this page', e));
      } else reject(storageError('opening the lesson progress storage', e));
    };
    req.onblocked = () => {
      // version 1 is the first: only an older, unversioned holder could block it; wait for the timeout
    };
  });
}

/** Open the progress database; rejects when IndexedDB cannot be used (the page then keeps progress in memory). */
export async function openLessonProgress(factory?: IDBFactory, opts: LessonProgressOptions = {}): Promise<LessonProgressPort> {
  const f = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) throw new StorageError('IndexedDB is not available in this browser (private browsing or site data disabled?)');
  const timeoutMs = opts.timeoutMs ?? OPEN_TIMEOUT_MS;
  let abandoned = false;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const timer = setTimeout(() => {
      abandoned = true;
      reject(new StorageError(HELD_UP));
    }, timeoutMs);
    openRaw(f, () => abandoned).then((d) => {
      clearTimeout(timer);
      resolve(d);
    }, (e: unknown) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  for (const store of [PROGRESS, CHECKPOINTS]) {
    if (!db.objectStoreNames.contains(store)) {
      db.close();
      throw new StorageError(`database "${LESSON_PROGRESS_DB}" has no "${store}" store; it was not created by ` +
        'kmu-playground and was left untouched');
    }
  }
  return new IdbLessonProgress(db);
}

class IdbLessonProgress implements LessonProgressPort {
  private closedReason: string | undefined;

  constructor(private readonly db: IDBDatabase) {
    db.onversionchange = () => {
      this.closedReason ??= 'the lesson progress storage was closed because another tab is upgrading or deleting it';
      db.close();
    };
    db.onclose = () => {
      this.closedReason ??= 'the browser closed the lesson progress storage unexpectedly (site data cleared?)';
    };
  }

  private tx(stores: string[], mode: IDBTransactionMode): IDBTransaction {
    if (this.closedReason !== undefined) throw new StorageError(this.closedReason);
    try {
      return this.db.transaction(stores, mode);
    } catch (e) {
      throw storageError('using the lesson progress storage', e);
    }
  }

  private async read<T>(store: string, key: string, check: (v: unknown) => T | string): Promise<T | undefined> {
    if (!isLessonId(key)) return undefined;
    let raw: unknown;
    try {
      raw = await request(this.tx([store], 'readonly').objectStore(store).get(key));
    } catch (e) {
      throw storageError(`reading the lesson ${store}`, e);
    }
    if (raw === undefined) return undefined;
    const rec = check(raw);
    if (typeof rec === 'string' || (rec as { lesson: string }).lesson !== key) {
      console.warn(`kmu-playground: the saved lesson ${store} of "${key}" is damaged and was ignored:`,
        typeof rec === 'string' ? rec : 'it names another lesson');
      return undefined;
    }
    return rec;
  }

  private async write(store: string, value: object): Promise<void> {
    const tx = this.tx([store], 'readwrite');
    const done = completion(tx);
    try {
      tx.objectStore(store).put(value);
      await done;
    } catch (e) {
      try { tx.abort(); } catch { /* already finished */ }
      await done.catch(() => {});
      throw storageError(`saving the lesson ${store}`, e);
    }
  }

  async list(): Promise<LessonProgress[]> {
    let all: unknown[];
    try {
      all = await request(this.tx([PROGRESS], 'readonly').objectStore(PROGRESS).getAll());
    } catch (e) {
      throw storageError('reading the lesson progress', e);
    }
    const out: LessonProgress[] = [];
    for (const raw of all) {
      const rec = readProgress(raw);
      if (typeof rec === 'string') console.warn('kmu-playground: a saved lesson progress record is damaged and was ignored:', rec);
      else out.push(rec);
    }
    return out;
  }

  get(lesson: string): Promise<LessonProgress | undefined> {
    return this.read(PROGRESS, lesson, readProgress);
  }

  async put(progress: LessonProgress): Promise<void> {
    const rec = readProgress(progress);
    if (typeof rec === 'string') throw new TypeError(`cannot keep this lesson progress: ${rec}`);
    await this.write(PROGRESS, { ...rec, bindings: { ...rec.bindings } });
  }

  checkpoint(lesson: string): Promise<Checkpoint | undefined> {
    return this.read(CHECKPOINTS, lesson, readCheckpoint);
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const rec = readCheckpoint(checkpoint);
    if (typeof rec === 'string') throw new TypeError(`cannot keep this lesson checkpoint: ${rec}`);
    await this.write(CHECKPOINTS, { ...rec, bindings: { ...rec.bindings } });
  }

  async delete(lesson: string): Promise<void> {
    if (!isLessonId(lesson)) return;
    const tx = this.tx([PROGRESS, CHECKPOINTS], 'readwrite');
    const done = completion(tx);
    try {
      tx.objectStore(PROGRESS).delete(lesson);
      tx.objectStore(CHECKPOINTS).delete(lesson);
      await done;
    } catch (e) {
      try { tx.abort(); } catch { /* already finished */ }
      await done.catch(() => {});
      throw storageError('deleting the lesson progress', e);
    }
  }
}
