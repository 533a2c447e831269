/**
 * Lesson playgrounds (issue 13): each lesson runs in a playground of its own, an IndexedDB
 * database named `kmu-playground-lesson-<id>` beside the free-play one (`kmu-playground`), so a
 * lesson never touches the learner's free-play keys. Opened like the free-play storage (memory
 * when IndexedDB does not open), listed and deleted from Settings.
 */
import type { CachedBackend } from '../hsm/cached-backend';
import type { StorageOptions } from './open-storage';

export const LESSON_DB_PREFIX = 'kmu-playground-lesson-';

/** The database name of lesson `id` (ids are URL-safe: [a-z0-9-]). */
export function lessonDbName(id: string): string {
  return LESSON_DB_PREFIX + id;
}

/** Open lesson `id`'s playground (created empty when new). */
export async function openLessonStorage(id: string, opts: StorageOptions): Promise<CachedBackend> {
  void id; void opts;
  throw new Error('openLessonStorage: not built yet');
}

/**
 * Delete lesson `id`'s playground. Resolves when it is gone; rejects with a sentence the page can
 * show when another tab keeps it open past the timeout (nothing is deleted then).
 */
export async function deleteLessonStorage(id: string, factory?: IDBFactory): Promise<void> {
  void id; void factory;
  throw new Error('deleteLessonStorage: not built yet');
}
