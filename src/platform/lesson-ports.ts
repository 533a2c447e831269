/**
 * The lessons' adapters (issue 13), in one module src/main.ts loads when the learner first opens
 * the lessons: each lesson's playground (src/platform/lesson-storage.ts) with an `Hsm` over it to
 * load the lesson's start state (the page's randomness, clock and password KDF — the consoles' —
 * so its users log in), the progress database (src/platform/lesson-progress.ts; in memory when
 * IndexedDB does not open), and deleting a playground. The page (src/ui/lessons.svelte.ts) sees
 * them as its LessonPorts.
 */
import type { Rng } from '../crypto/rng';
import type { Clock } from '../hsm/clock';
import type { LessonProgressPort } from '../hsm/lesson-progress';
import { memoryLessonProgress } from '../hsm/memory-lesson-progress';
import { Hsm, type HsmDeps } from '../hsm/world';
import { openLessonProgress } from './lesson-progress';
import { deleteLessonStorage, listLessonStorages, openLessonStorage } from './lesson-storage';

export function lessonPorts<D extends { rng: Rng; clock: Clock; kdf: HsmDeps['kdf'] }>(deps: D) {
  return {
    /** Lesson `id`'s playground: the free-play terminals' dependencies over its own store, and an Hsm over it. */
    async playground(id: string, onFallback: (reason: string) => void) {
      const backend = await openLessonStorage(id, { onFallback });
      return { ...deps, backend, hsm: new Hsm({ backend, rng: deps.rng, clock: deps.clock, kdf: deps.kdf }) };
    },
    /** Where progress is kept: IndexedDB, or memory when it does not open. */
    async progress(): Promise<LessonProgressPort> {
      try {
        return await openLessonProgress();
      } catch (e) {
        console.warn('lesson progress is kept in memory only:', e);
        return memoryLessonProgress();
      }
    },
    remove: (id: string) => deleteLessonStorage(id),
    /** The lesson playgrounds this browser holds (ids; empty where the browser cannot list its databases). */
    stores: () => listLessonStorages(),
  };
}
