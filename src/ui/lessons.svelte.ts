/**
 * The lessons in the page (issue 13): the controller behind the lesson panel (LessonPanel.svelte)
 * and a lesson's own terminals (LessonTerminals.svelte). Loaded when the learner opens the lessons
 * (the header's button, or a `?lesson=<id>` link) or the side panels' Settings (which list the
 * lesson playgrounds): nothing here is in the first prompt's script.
 *
 * A lesson runs in a playground of its own (main.ts opens it through `LessonPorts`: a separately
 * named store beside the free-play one, which the lesson never touches). Opening a lesson:
 *  - with saved progress and a checkpoint of its current step: the playground is put back as it
 *    was when that step began (a reload ended the key_mgmt_util sessions and their session keys,
 *    spec README decision 7), and the runner resumes at that step;
 *  - a finished lesson: its playground as the learner left it;
 *  - otherwise (or on Restart): the lesson's start state is loaded into the playground, progress
 *    starts at step 0.
 * Then new terminals open over the playground; once the first one is ready the runner looks
 * (observe(null), which saves the first step's checkpoint), and after every command event of the
 * lesson's terminals it checks the goals again. "Show solution" types the runner's next solution
 * line at the prompt: it never runs it and never marks the step done.
 */
import { mount, tick, type ComponentProps } from 'svelte';
import { LESSONS, lessonEntry } from '../lessons/catalog';
import type { Lesson } from '../lessons/format';
import { LessonRunner, type RunnerState } from '../lessons/runner';
import { parseLessonText } from '../lessons/text';
import { dumpStore, restoreDump, type StoreDump } from '../hsm/checkpoint';
import { STORE_NAMES } from '../hsm/store';
import { loadScenario } from '../hsm/scenario';
import type { LessonProgress, LessonProgressPort } from '../hsm/lesson-progress';
import type { Hsm } from '../hsm/world';
import type { CachedBackend } from '../hsm/cached-backend';
import { initCrypto } from '../crypto/index';
import { createTerminals, type TerminalsDeps } from '../shell/terminals';
import type { CommandEvent } from '../shell/events';
import type { ConsoleSession, Output } from '../shell/session';
import type TerminalTabs from './TerminalTabs.svelte';
import LessonPanel from './LessonPanel.svelte';
import LessonTerminals from './LessonTerminals.svelte';

/** A lesson playground as Settings lists it (LessonStores.svelte shows these rows). */
export interface LessonStoreRow {
  id: string;
  title: string;
  /** Index of the current step (= total when done). */
  step: number;
  total: number;
  done: boolean;
}

/** What main.ts (the only place that picks adapters) gives the page for lessons (src/platform/lesson-ports.ts). */
export interface LessonPorts {
  /** Open lesson `id`'s playground: the free-play terminals' dependencies over its own store, and an Hsm over it. */
  playground(id: string, onFallback: (reason: string) => void): Promise<TerminalsDeps & { backend: CachedBackend; hsm: Hsm }>;
  /** Where progress is kept (memory when IndexedDB does not open). */
  progress(): Promise<LessonProgressPort>;
  /** Delete lesson `id`'s playground (rejects with a sentence when another tab holds it open). */
  remove(id: string): Promise<void>;
  /** The ids of the lesson playgrounds this browser holds (one whose progress was lost too). */
  stores(): Promise<string[]>;
}

/** What the page (App.svelte) gives the lessons. */
export interface LessonPage {
  ports: () => Promise<LessonPorts>;
  /** The terminal area: the lesson's terminals go in it, over the free-play tabs (its first child). */
  area: HTMLElement;
  /** What terminal tabs tell the page (the lesson's tell it too: the side panels and announcements follow them). */
  hooks: Omit<ComponentProps<typeof TerminalTabs>, 'connect' | 'dark'>;
  dark(): boolean;
  /** Free play is shown again: its focused tab takes the focus and the panels follow it. */
  back(): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Lesson text as a screen reader hears it: the words of its spans, without the markup. */
export const plainText = (text: string) => parseLessonText(text).map((p) => p.map((s) => s.text).join('')).join(' ');

/** The page's lesson ports and progress, opened once (the panel and Settings share them). */
let opened: { ports: Promise<LessonPorts>; progress: Promise<LessonProgressPort> } | null = null;
function portsOf(load: () => Promise<LessonPorts>): NonNullable<typeof opened> {
  if (!opened) {
    const ports = load();
    opened = { ports, progress: ports.then((p) => p.progress()) };
  }
  return opened;
}

/** The page's controller, once the lessons were opened (Settings asks it to leave a lesson it deletes). */
let current: LessonsController | null = null;

/** Bumped when the runner has saved a step (the first look of a lesson too): Settings then lists the lesson playgrounds again. */
export const storesChanged = $state({ count: 0 });

/** The URL of the page with `?lesson=<id>` (or without it: null), the rest kept. */
export function lessonUrl(href: string, id: string | null): string {
  const url = new URL(href);
  if (id === null) url.searchParams.delete('lesson');
  else url.searchParams.set('lesson', id);
  return url.pathname + url.search + url.hash;
}

/**
 * Put the lessons into the page: the panel after the terminal area (beside it on a desktop, below
 * it on a phone), the lesson's terminals over the free-play ones (hidden meanwhile: never closed,
 * never touched). Returns what the header's Lessons button does: show or hide the panel.
 */
export function startLessons(page: LessonPage): () => void {
  const ctl = new LessonsController(page, location.search);
  current = ctl;
  const free = page.area.firstElementChild as HTMLElement;
  mount(LessonTerminals, { target: page.area, anchor: free, props: { ctl, hooks: page.hooks, free, get dark() { return page.dark(); } } });
  // the header's Lessons button (App.svelte) says whether the panel is shown
  const button = document.getElementById('lessons-button');
  const shown = (on: boolean) => button?.setAttribute('aria-expanded', String(on));
  mount(LessonPanel, { target: page.area.parentElement!, anchor: page.area.nextSibling ?? undefined, props: { ctl, shown } });
  return () => ctl.toggle();
}

/**
 * Settings' list of lesson playgrounds, in the catalog's order: every lesson with progress, and
 * every playground the browser holds whose progress was lost (listed at step 0).
 */
export async function lessonStores(load: () => Promise<LessonPorts>): Promise<LessonStoreRow[]> {
  const { ports, progress } = portsOf(load);
  const [list, held] = await Promise.all([(await progress).list(), (await ports).stores().catch(() => [] as string[])]);
  const byId = new Map(list.map((p) => [p.lesson, p]));
  const rows: LessonStoreRow[] = [];
  for (const entry of LESSONS) {
    const p = byId.get(entry.id);
    if (!p && !held.includes(entry.id)) continue;
    const total = (await entry.load()).steps.length;
    rows.push({ id: entry.id, title: entry.title, step: p?.step ?? 0, total, done: p?.done ?? false });
  }
  return rows;
}

/** Delete lesson `id`'s playground and progress (Settings); an open lesson `id` is left first. */
export async function removeLessonStore(load: () => Promise<LessonPorts>, id: string): Promise<void> {
  if (current?.lesson?.id === id) await current.leave();
  const { ports, progress } = portsOf(load);
  await (await ports).remove(id);
  await (await progress).delete(id);
  await current?.refresh();
}

export class LessonsController {
  /** The panel is shown. */
  shown = $state(false);
  /** Progress of every lesson that has some, by lesson id. */
  progress = $state.raw<ReadonlyMap<string, LessonProgress>>(new Map());
  /** The open lesson (null: free play). */
  lesson = $state.raw<Lesson | null>(null);
  /** Where the learner is in it (null until its terminal is ready and the runner has looked). */
  state = $state.raw<RunnerState | null>(null);
  /** The lesson playground's terminals (null: free play); `generation` changes when they are new ones. */
  connect = $state.raw<((output: Output) => Promise<ConsoleSession>) | null>(null);
  generation = $state(0);
  /** The last thing the panel said (its live region: goals met, step changes, hints). */
  said = $state('');
  /** Why the lesson could not go on, if it could not. */
  error = $state<string | null>(null);
  busy = $state(false);
  /** Types a line at the focused lesson terminal's prompt (set by LessonTerminals.svelte). */
  typer: ((line: string) => void) | null = null;

  readonly #ports: Promise<LessonPorts>;
  readonly #port: Promise<LessonProgressPort>;
  #runner: LessonRunner | null = null;
  #backend: CachedBackend | null = null;
  #session: ConsoleSession | undefined;
  #looked = false;
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly page: Pick<LessonPage, 'ports' | 'back'>, search: string) {
    const { ports, progress } = portsOf(page.ports);
    this.#ports = ports;
    this.#port = progress;
    void this.refresh();
    const id = new URLSearchParams(search).get('lesson');
    if (id !== null) void this.open(id);
  }

  toggle(): void {
    this.shown = !this.shown;
  }

  /** Re-read every lesson's progress (the list shows it). */
  async refresh(): Promise<void> {
    try {
      const list = await (await this.#port).list();
      this.progress = new Map(list.map((p) => [p.lesson, p]));
    } catch (e) {
      console.warn('could not read the lessons\' progress:', e);
    }
  }

  #say(text: string): void {
    // the same sentence twice in a row is still read out: clear, then set
    this.said = '';
    queueMicrotask(() => { this.said = text; });
  }

  /**
   * Open lesson `id` in its playground (`restart`: from its start state, progress forgotten).
   * `id` may come from a URL: an unknown one is said, nothing else happens.
   */
  async open(id: string, restart = false): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const entry = lessonEntry(id);
      if (!entry) {
        this.error = `There is no lesson called “${id.slice(0, 80)}”.`;
        this.#say(this.error);
        return;
      }
      await this.#close();
      const lesson = await entry.load();
      const deps = await (await this.#ports).playground(lesson.id, (reason) => {
        this.error = `The lesson's playground is kept in memory only (${reason.replace(/\.$/, '')}): a reload starts the lesson again.`;
      });
      this.#backend = deps.backend;
      const port = await this.#port;
      const saved = restart ? undefined : await port.get(lesson.id);
      const checkpoint = saved && !saved.done ? await port.checkpoint(lesson.id) : undefined;
      let resume: LessonProgress | undefined;
      if (saved && checkpoint && checkpoint.step === saved.step) {
        // back to the state the current step began with (the step's checkpoint)
        await restoreDump(deps.backend, checkpoint.records);
        resume = { ...saved, bindings: checkpoint.bindings };
      } else if (saved?.done) {
        resume = saved; // a finished lesson: its playground as the learner left it
      } else {
        await port.delete(lesson.id);
        await initCrypto(); // (a ?lesson= link may open the lesson before the first terminal has started the wasm core)
        // an emptied playground first (a restart: loadScenario expects no settings or current cluster yet)
        await restoreDump(deps.backend, Object.fromEntries(STORE_NAMES.map((n) => [n, []])) as unknown as StoreDump);
        await loadScenario(deps.hsm, lesson.start);
      }
      this.#runner = new LessonRunner(lesson, {
        facts: () => {
          const s = this.#session;
          if (!s?.lessonFacts) throw new Error('the lesson terminal is not ready');
          return s.lessonFacts();
        },
        progress: port,
        dump: () => dumpStore(deps.backend),
        asking: () => this.#session !== undefined && (this.#session.prompt.includes('(y/n)') || this.#session.inputMode === 'hidden'),
      }, resume);
      this.#looked = false;
      this.lesson = lesson;
      this.state = null;
      const terminals = createTerminals(deps);
      this.connect = (output) => terminals.open(output);
      this.generation++;
      history.replaceState(history.state, '', lessonUrl(location.href, lesson.id));
      this.#say(`${restart ? 'Restarted' : 'Opened'} the lesson “${lesson.title}” in its own playground.`);
    } catch (e) {
      console.error(e);
      this.error = `The lesson could not open: ${message(e)}`;
      this.#say(this.error);
      await this.#close();
    } finally {
      this.busy = false;
    }
  }

  /** A lesson terminal is ready (or chosen): the runner reads the facts through it. */
  ready(session: ConsoleSession): void {
    this.#session = session;
    if (this.#looked) return;
    this.#looked = true;
    void this.observe(null);
  }

  /** After a command of a lesson terminal (null: just look), check the goals; one check at a time. */
  observe(event: CommandEvent | null, session?: ConsoleSession): Promise<void> {
    if (session) this.#session = session;
    const runner = this.#runner;
    if (!runner) return Promise.resolve();
    this.#queue = this.#queue.then(async () => {
      if (runner !== this.#runner) return;
      const before = this.state;
      const state = await runner.observe(event);
      if (runner !== this.#runner) return;
      this.state = state;
      this.#announce(state, before);
      if (!before || before.step !== state.step) {
        void this.refresh();
        storesChanged.count++;
      }
    }).catch((e: unknown) => {
      console.error(e);
      this.error = `The lesson could not check its goals: ${message(e)}`;
      this.#say(this.error);
    });
    return this.#queue;
  }

  #announce(state: RunnerState, before: RunnerState | null): void {
    const parts = state.newlyMet.map((g) => `Goal met: ${plainText(g)}.`);
    if (state.finishedStep !== null) parts.push(`Step done: ${plainText(state.finishedStep)}.`);
    const moved = !before || before.step !== state.step;
    if (state.done && moved) parts.push(`Lesson complete: ${this.lesson?.title ?? state.lesson}.`);
    else if (!state.done && moved) parts.push(`Step ${state.step + 1} of ${state.total}: ${plainText(state.title)}.`);
    if (parts.length > 0) this.#say(parts.join(' '));
  }

  /** Open the next hint of the current step. */
  async hint(): Promise<void> {
    const runner = this.#runner;
    if (!runner) return;
    try {
      const state = await runner.showHint();
      if (runner !== this.#runner) return;
      this.state = state;
      const n = state.hints.length;
      if (n > 0) this.#say(`Hint ${n}: ${plainText(state.hints[n - 1]!)}`);
    } catch (e) {
      this.error = `The hint could not open: ${message(e)}`;
    }
  }

  /** Type the next solution line at the lesson terminal's prompt (the learner runs it with Enter). */
  solution(): void {
    const line = this.#runner?.nextSolutionLine() ?? null;
    if (line === null) {
      this.#say(this.state?.done ? 'Nothing left to type: the lesson is done.'
        : 'Every line of this step\'s solution has run, but its goals are not met: Restart, or use the hints.');
      return;
    }
    this.typer?.(line);
    this.#say(`Typed at the prompt: ${line} — press Enter to run it.`);
  }

  /** Start the open lesson again from its start state. */
  async restart(): Promise<void> {
    if (this.lesson) await this.open(this.lesson.id, true);
  }

  /** Back to free play: the lesson's terminals close (its progress and playground stay). */
  async leave(): Promise<void> {
    const title = this.lesson?.title;
    await this.#close();
    history.replaceState(history.state, '', lessonUrl(location.href, null));
    this.page.back();
    if (title) this.#say(`Left the lesson “${title}”: back to free play.`);
    void this.refresh();
  }

  async #close(): Promise<void> {
    this.#runner = null;
    this.#session = undefined;
    this.lesson = null;
    this.state = null;
    if (this.connect) {
      this.connect = null; // unmounting the terminals closes their sessions
      await tick();
    }
    this.#backend?.close();
    this.#backend = null;
  }
}
