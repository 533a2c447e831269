/** The lesson-progress port in memory (tests; a page whose IndexedDB does not open). */
import type { LessonProgressPort } from './lesson-progress';

export function memoryLessonProgress(): LessonProgressPort {
  throw new Error('memoryLessonProgress: not built yet');
}
