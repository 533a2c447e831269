/**
 * Where lesson progress is kept (issue 13): a port, so the runner and the panel never touch
 * IndexedDB (src/platform/lesson-progress.ts is the IndexedDB adapter, a database of its own
 * beside the playgrounds; src/hsm/memory-lesson-progress.ts keeps it in memory for tests and pages
 * without storage).
 *
 * A lesson runs in its own playground (a separately named store, src/platform/lesson-storage.ts);
 * its checkpoint is that playground's records as they were when the current step began, so a
 * reload (which ends key_mgmt_util sessions and their session keys, spec README decision 7)
 * returns to the step's start.
 */
import type { StoreDump } from './checkpoint';

export interface LessonProgress {
  /** The lesson's id. */
  lesson: string;
  /** Index of the current step; equal to the number of steps when the lesson is done. */
  step: number;
  done: boolean;
  /** Keys bound by goals so far: name → handle. */
  bindings: Record<string, number>;
  /** How many hints of the current step the learner has opened. */
  hintsShown: number;
  /** Milliseconds since the epoch. */
  started: number;
  updated: number;
}

export interface Checkpoint {
  lesson: string;
  /** The step whose start this is. */
  step: number;
  bindings: Record<string, number>;
  /** The lesson playground's records at that moment. */
  records: StoreDump;
}

export interface LessonProgressPort {
  /** Every lesson with progress, in no particular order. */
  list(): Promise<LessonProgress[]>;
  get(lesson: string): Promise<LessonProgress | undefined>;
  put(progress: LessonProgress): Promise<void>;
  checkpoint(lesson: string): Promise<Checkpoint | undefined>;
  /** Replace the lesson's checkpoint. */
  saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
  /** Forget the lesson's progress and checkpoint. */
  delete(lesson: string): Promise<void>;
}
