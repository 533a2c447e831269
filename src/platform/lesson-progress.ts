/**
 * The IndexedDB adapter of the lesson-progress port (src/hsm/lesson-progress.ts): a database of
 * its own, `kmu-playground-lessons`, with the progress and the checkpoint of every lesson.
 */
import type { LessonProgressPort } from '../hsm/lesson-progress';

export const LESSON_PROGRESS_DB = 'kmu-playground-lessons';

/** Open the progress database; rejects when IndexedDB cannot be used (the page then keeps progress in memory). */
export async function openLessonProgress(factory?: IDBFactory): Promise<LessonProgressPort> {
  void factory;
  throw new Error('openLessonProgress: not built yet');
}
