/**
 * Lesson playgrounds (issue 13): each lesson runs in a playground of its own, an IndexedDB
 * database named `kmu-playground-lesson-<id>` beside the free-play one (`kmu-playground`), so a
 * lesson never touches the learner's free-play keys. Opened like the free-play storage (memory
 * when IndexedDB does not open: src/platform/open-storage.ts, given the lesson's database name),
 * listed and deleted from Settings.
 *
 * A lesson id is checked ([a-z0-9-]{1,64}) before any database name is formed from it: a typed or
 * linked id (`?lesson=…`) never names another database.
 */
import type { CachedBackend } from '../hsm/cached-backend';
import { isLessonId } from '../hsm/memory-lesson-progress';
import { StorageError } from '../hsm/store';
import { OPEN_TIMEOUT_MS } from './idb-backend';
import { openStorage, type StorageOptions } from './open-storage';
import { STORAGE_NAMES } from './db-names';

/** 'kmu-playground-lesson-' (the single-file build: 'kmu-playground-single-lesson-', src/platform/db-names.ts). */
export const LESSON_DB_PREFIX = STORAGE_NAMES.lessonPrefix;

/** The database name of lesson `id` (ids are URL-safe: [a-z0-9-]{1,64}; any other id throws a TypeError). */
export function lessonDbName(id: string): string {
  if (!isLessonId(id)) throw new TypeError(`not a lesson id: ${JSON.stringify(String(id).slice(0, 80))}`);
  return LESSON_DB_PREFIX + id;
}

/** Open lesson `id`'s playground (created empty when new); `opts.name` is ignored (the lesson's database is used). */
export async function openLessonStorage(id: string, opts: StorageOptions): Promise<CachedBackend> {
  const name = lessonDbName(id);
  return openStorage({ ...opts, name });
}

/**
 * Delete lesson `id`'s playground. Resolves when it is gone (or was never there); rejects with a
 * sentence the page can show when another tab keeps it open past the timeout. The page closes its
 * own connection to that playground first. A tab of kmu-playground closes its connection when asked
 * (versionchange), so only a tab that does not (an older release, a hung tab) holds it up; the
 * browser then deletes the playground as soon as that tab lets go of it, which the sentence says.
 */
export async function deleteLessonStorage(id: string, factory?: IDBFactory, timeoutMs = OPEN_TIMEOUT_MS): Promise<void> {
  const name = lessonDbName(id);
  const f = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) return; // no IndexedDB: the playground lived in memory only, and is gone with the page
  const heldUp = `the lesson playground "${id}" is not deleted yet: another tab of kmu-playground is keeping it ` +
    'open; close the other playground tabs (it is deleted as soon as they let go of it)';
  await new Promise<void>((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      req = f.deleteDatabase(name);
    } catch (e) {
      reject(new StorageError(`deleting the lesson playground "${id}" failed: ${e instanceof Error ? e.message : String(e)}`, e));
      return;
    }
    // an open blocked behind another tab's connection gets `blocked` only sometimes: the timer decides
    const timer = setTimeout(() => reject(new StorageError(heldUp)), timeoutMs);
    req.onblocked = () => {
      // the other tab was told (versionchange) and did not close yet: give it until the timer
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    req.onerror = () => {
      clearTimeout(timer);
      const e = req.error;
      reject(new StorageError(`deleting the lesson playground "${id}" failed: ${e ? `${e.name}: ${e.message}` : 'unknown error'}`, e));
    };
  });
}

/**
 * The ids of the lesson playgrounds this browser holds, sorted (for Settings: a playground whose
 * progress was lost is still listed and can be deleted). Empty when the browser cannot list its
 * databases (`indexedDB.databases()` is missing in older browsers) or has no IndexedDB.
 */
export async function listLessonStorages(factory?: IDBFactory): Promise<string[]> {
  const f = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f || typeof f.databases !== 'function') return [];
  let all: IDBDatabaseInfo[];
  try {
    all = await f.databases();
  } catch {
    return [];
  }
  return all
    .map((d) => d.name ?? '')
    .filter((n) => n.startsWith(LESSON_DB_PREFIX) && isLessonId(n.slice(LESSON_DB_PREFIX.length)))
    .map((n) => n.slice(LESSON_DB_PREFIX.length))
    .sort();
}
