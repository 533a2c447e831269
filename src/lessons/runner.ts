/**
 * Runs one lesson over a playground (issue 13): after every command event it reads the facts
 * (src/hsm/ops/lesson-facts.ts through `deps.facts`), checks the current step's goals
 * (src/lessons/goals.ts), binds keys, and moves to the next step when all of them hold — saving
 * the new step's checkpoint and the progress through the ports. It parses no printed text: it
 * reads command events and the model's state.
 */
import type { CommandEvent } from '../shell/events';
import type { LessonFacts } from '../hsm/ops/lesson-facts';
import type { StoreDump } from '../hsm/checkpoint';
import type { Lesson } from './format';
import type { LessonProgress, LessonProgressPort } from '../hsm/lesson-progress';

export interface GoalState {
  /** The goal's text with placeholders filled. */
  text: string;
  met: boolean;
}

export interface RunnerState {
  lesson: string;
  /** Index of the current step (= total when done). */
  step: number;
  total: number;
  done: boolean;
  /** The current step's title and text, placeholders filled. */
  title: string;
  text: string;
  goals: GoalState[];
  /** Hints opened so far in this step, placeholders filled. */
  hints: string[];
  hintsLeft: number;
  bindings: Record<string, number>;
  /** Goal texts that became met with the last observed command (what the panel announces). */
  newlyMet: string[];
  /** Set when the last observed command finished a step: that step's title. */
  finishedStep: string | null;
}

export interface RunnerDeps {
  /** The facts of the learner's terminal now. */
  facts(): Promise<LessonFacts>;
  /** Where progress goes (absent: kept only in memory). */
  progress?: LessonProgressPort;
  /** The lesson playground's records now (for a step's checkpoint; absent: no checkpoints). */
  dump?(): Promise<StoreDump>;
  /** Milliseconds since the epoch. */
  now?(): number;
}

export class LessonRunner {
  constructor(readonly lesson: Lesson, protected readonly deps: RunnerDeps, resume?: LessonProgress) {
    void resume;
  }

  /** Where the learner is. */
  get state(): RunnerState {
    throw new Error('LessonRunner: not built yet');
  }

  /**
   * Check the goals against the playground after `event` (null: just look, e.g. on opening), move
   * on when the step is done, save progress; returns the new state.
   */
  async observe(event: CommandEvent | null): Promise<RunnerState> {
    void event;
    throw new Error('LessonRunner: not built yet');
  }

  /** Open the next hint of the current step (saved with the progress). */
  async showHint(): Promise<RunnerState> {
    throw new Error('LessonRunner: not built yet');
  }

  /**
   * The solution line the learner should type next in this step (placeholders filled): the first
   * one not yet run since the step began; null when the lesson is done.
   */
  nextSolutionLine(): string | null {
    throw new Error('LessonRunner: not built yet');
  }
}
