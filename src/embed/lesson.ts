/**
 * A lesson inside an embed (issue 14, `lesson=<id>`; issue 13's lessons): the embed's controller
 * over the lesson engine — the runner (src/lessons/runner.ts) checks the goals
 * (src/lessons/goals.ts) after every command of the embed's console, hints open one at a time,
 * "Show solution" types the runner's next line at the prompt (never runs it). Loaded only when
 * the embed's address names a lesson (Embed.svelte imports it then): the embed's first script does
 * not hold it.
 *
 * Why not the full page's LessonsController (src/ui/lessons.svelte.ts): that one is the page's —
 * it opens the lesson's own saved playground and progress through the page's ports (IndexedDB),
 * restores checkpoints, rewrites the page's address (`?lesson=`), mounts its panel and its own
 * terminal tabs into the page's layout and lists every lesson. An embed has one console on a
 * playground in memory that the embed runtime (src/embed/runtime.ts) already owns, loads the
 * lesson's start state into (src/embed/main.ts, `prepare`) and resets. So this is a small
 * controller over the same LessonRunner, on the runtime's console, with the in-memory progress port
 * (src/hsm/memory-lesson-progress.ts): nothing is kept beyond the page, no IndexedDB is opened.
 *
 * Everything happens in memory, on the embed's own playground:
 * - when a fresh playground goes live (the first start, a Restart, the API's reset) a new runner
 *   starts at step 1 and looks at it (the embed's preamble, run after the lesson's start state,
 *   may already meet goals: the runner then moves on, as on the page);
 * - every command event of the embed's console (the reader's, the script's and the API's alike)
 *   is observed, one after another;
 * - Restart is the runtime's reset (the start state and the preamble again, the terminal cleared).
 */
import type { CommandEvent } from '../shell/events';
import type { ConsoleSession } from '../shell/session';
import type { LessonFacts } from '../hsm/ops/lesson-facts';
import type { LessonProgressPort } from '../hsm/lesson-progress';
import type { EmbedLessonState } from './protocol';
import { memoryLessonProgress } from '../hsm/memory-lesson-progress';
import { lessonEntry } from '../lessons/catalog';
import type { Lesson } from '../lessons/format';
import { LessonRunner, type RunnerState } from '../lessons/runner';
import { parseLessonText } from '../lessons/text';

/** What the lesson needs of the running embed (src/embed/runtime.ts EmbedRuntime has all of it). */
export interface LessonHost {
  /** The terminal's session (its prompt and input mode: is a question waiting for its answer?). */
  readonly session: Pick<ConsoleSession, 'prompt' | 'inputMode'>;
  /** The console now (undefined before the live console starts). */
  readonly console: { lessonFacts(): Promise<LessonFacts> } | undefined;
  onEvent(listener: (event: CommandEvent) => void): () => void;
  /** Each time a fresh playground goes live (at once when one is). */
  onLive(listener: () => void): () => void;
  /** Ask for the live console; resolves once it is live. */
  load(): Promise<void>;
  /** Put a line at the prompt without running it; false when it cannot now. */
  type(line: string): boolean;
  /** A fresh playground: the lesson's start state and the preamble again. */
  reset(): Promise<void>;
  /** This embed never starts: why. */
  refuse(why: Error): void;
  /** Where the reader is in the lesson, for the API's getState (the lesson sets it). */
  lessonState: (() => Promise<EmbedLessonState>) | undefined;
}

/** Lesson text as a screen reader hears it: the words of its spans, without the markup. */
export const plainText = (text: string) => parseLessonText(text).map((p) => p.map((s) => s.text).join('')).join(' ');

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the panel shows. */
export interface EmbedLessonView {
  lesson: Lesson;
  /** Where the reader is (before the console is live: step 1, nothing met yet). */
  state: RunnerState;
  /** The console is live and the runner has looked at it. */
  looking: boolean;
  /** The last thing the lesson said (the panel's live region), and how many things it has said (the same sentence again is news too). */
  said: string;
  saidCount: number;
  /** Why the lesson cannot go on, if it cannot. */
  error: string | null;
}

export class EmbedLesson {
  #runner: LessonRunner;
  #progress: LessonProgressPort;
  #state: RunnerState;
  #looking = false;
  #said = '';
  #saidCount = 0;
  #error: string | null = null;
  #queue: Promise<void> = Promise.resolve();
  #lives = 0;
  readonly #listeners = new Set<(view: EmbedLessonView) => void>();
  readonly #off: (() => void)[];

  constructor(readonly lesson: Lesson, private readonly host: LessonHost) {
    this.#progress = memoryLessonProgress();
    this.#runner = this.#newRunner();
    this.#state = this.#runner.state;
    this.#off = [
      host.onLive(() => this.#fresh()),
      host.onEvent((e) => void this.observe(e)),
    ];
    host.lessonState = () => this.apiState();
  }

  /** Where the reader is, for the API's getState (after the checks under way). */
  async apiState(): Promise<EmbedLessonState> {
    await this.#queue;
    const s = this.#state;
    return {
      id: this.lesson.id, step: s.step, total: s.total, done: s.done, title: plainText(s.title),
      goals: s.goals.map((g) => ({ text: plainText(g.text), met: g.met })),
    };
  }

  #newRunner(): LessonRunner {
    const host = this.host;
    return new LessonRunner(this.lesson, {
      facts: () => {
        const con = host.console;
        if (!con) return Promise.reject(new Error('the embed\'s console is not started'));
        return con.lessonFacts();
      },
      progress: this.#progress,
      asking: () => host.session.prompt.includes('(y/n)') || host.session.inputMode === 'hidden',
    });
  }

  /** A fresh playground went live: the lesson starts again at step 1 and looks at it. */
  #fresh(): void {
    if (this.#lives++ > 0) {
      this.#runner = this.#newRunner();
      this.#state = this.#runner.state;
      void this.#progress.delete(this.lesson.id);
    }
    this.#looking = false;
    this.#error = null;
    void this.observe(null);
  }

  /** What the panel shows now. */
  get view(): EmbedLessonView {
    return { lesson: this.lesson, state: this.#state, looking: this.#looking, said: this.#said, saidCount: this.#saidCount, error: this.#error };
  }

  /** The lesson's progress as the runner kept it (in memory). */
  get progress(): LessonProgressPort {
    return this.#progress;
  }

  /** Resolves when the checks asked for so far are done. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Called with the view after every change; returns the unsubscribe function. */
  subscribe(listener: (view: EmbedLessonView) => void): () => void {
    this.#listeners.add(listener);
    listener(this.view);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    const v = this.view;
    for (const l of [...this.#listeners]) l(v);
  }

  #say(text: string): void {
    this.#speak(text);
    this.#changed();
  }

  #speak(text: string): void {
    this.#said = text;
    this.#saidCount++;
  }

  /** After a command of the embed's console (null: just look), check the goals; one check at a time. */
  observe(event: CommandEvent | null): Promise<void> {
    const runner = this.#runner;
    this.#queue = this.#queue.then(async () => {
      if (runner !== this.#runner) return;
      const before = this.#looking ? this.#state : null;
      const state = await runner.observe(event);
      if (runner !== this.#runner) return;
      this.#state = state;
      this.#looking = true;
      this.#announce(state, before);
      this.#changed();
    }).catch((e: unknown) => {
      console.error(e);
      this.#error = `The lesson could not check its goals: ${message(e)}`;
      this.#say(this.#error);
    });
    return this.#queue;
  }

  #announce(state: RunnerState, before: RunnerState | null): void {
    const parts = state.newlyMet.map((g) => `Goal met: ${plainText(g)}.`);
    if (state.finishedStep !== null) parts.push(`Step done: ${plainText(state.finishedStep)}.`);
    const moved = before === null || before.step !== state.step;
    if (state.done && moved) parts.push(`Lesson complete: ${this.lesson.title}.`);
    else if (!state.done && moved) parts.push(`Step ${state.step + 1} of ${state.total}: ${plainText(state.title)}.`);
    if (parts.length > 0) this.#speak(parts.join(' '));
  }

  /** Open the next hint of the current step. */
  async hint(): Promise<void> {
    const runner = this.#runner;
    await this.#queue; // (after the checks under way: the hint is the current step's)
    if (runner !== this.#runner) return;
    const state = await runner.showHint();
    if (runner !== this.#runner) return;
    this.#state = state;
    const n = state.hints.length;
    this.#say(n > 0 ? `Hint ${n}: ${plainText(state.hints[n - 1]!)}` : 'No more hints for this step.');
  }

  /**
   * Type the next solution line at the prompt (the reader runs it with Enter); loads the live
   * console first when the reader has not asked for it yet.
   */
  async solution(): Promise<void> {
    try {
      await this.host.load();
    } catch {
      return; // (the embed shows why it did not start)
    }
    await this.#queue;
    const line = this.#runner.nextSolutionLine();
    if (line === null) {
      this.#say(this.#state.done ? 'Nothing left to type: the lesson is done.'
        : 'Every line of this step\'s solution has run, but its goals are not met: Restart, or use the hints.');
      return;
    }
    if (!this.host.type(line)) {
      this.#say('The console is busy typing: try again when it is done.');
      return;
    }
    this.#say(`Typed at the prompt: ${line} — press Enter to run it.`);
  }

  /** Start the lesson again: a fresh playground from the lesson's start state (the preamble again), step 1. */
  async restart(): Promise<void> {
    try {
      await this.host.reset();
      await this.#queue; // (the fresh playground's first look)
      const s = this.#state;
      this.#say(`Restarted the lesson “${this.lesson.title}” from its start. ${s.done ? 'Lesson complete.' : `Step ${s.step + 1} of ${s.total}: ${plainText(s.title)}.`}`);
    } catch (e) {
      this.#error = `The lesson could not restart: ${message(e)}`;
      this.#say(this.#error);
    }
  }

  dispose(): void {
    for (const off of this.#off) off();
    if (this.host.lessonState) this.host.lessonState = undefined;
    this.#listeners.clear();
  }
}

/** The sentence an embed shows instead of a console when its lesson does not exist. */
export const unknownLesson = (id: string) =>
  `There is no lesson called “${id.slice(0, 80)}”, so this embed has nothing to show. Check the lesson parameter of its address.`;

/**
 * The lesson `id` (from the embed's address) on the running embed, or why not: an unknown id
 * refuses the embed (no console starts; the API's requests fail with the same sentence).
 */
export async function openEmbedLesson(id: string, host: LessonHost): Promise<{ ok: true; lesson: EmbedLesson } | { ok: false; why: string }> {
  const entry = lessonEntry(id);
  if (!entry) {
    const why = unknownLesson(id);
    host.refuse(new Error(why));
    return { ok: false, why };
  }
  return { ok: true, lesson: new EmbedLesson(await entry.load(), host) };
}
