/**
 * Runs one lesson over a playground (issue 13): after every command event it reads the facts
 * (src/hsm/ops/lesson-facts.ts through `deps.facts`), checks the current step's goals
 * (src/lessons/goals.ts), binds keys, and moves to the next step when all of them hold — saving
 * the new step's checkpoint and the progress through the ports. It parses no printed text: it
 * reads command events and the model's state.
 *
 * Solution lines: `nextSolutionLine` offers the first line of the step not yet run since the step
 * began. A command event whose line equals (token by token, a redacted password matching any
 * word) one of the step's remaining lines marks it and every line before it as run, and the
 * answer lines (`> `, format.ts ANSWER_PREFIX) right after it too: the answers were typed while
 * that command waited. While the terminal waits for an answer (`deps.asking()`), the next answer
 * line is offered instead.
 */
import type { CommandEvent } from '../shell/events';
import { isRedacted, tokenSpans } from '../shell/events';
import type { LessonFacts } from '../hsm/ops/lesson-facts';
import type { StoreDump } from '../hsm/checkpoint';
import { ANSWER_PREFIX, type Lesson, type Step } from './format';
import type { LessonProgress, LessonProgressPort } from '../hsm/lesson-progress';
import { bindingClusters, evaluateGoals, fillPlaceholders, keyIds, type Bindings } from './goals';
import { beginsWithLogin, leavesFirst, stepEntries, type StepEntry } from './entry';

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
  /** Set when the step began inside a program the terminal has left (a reload ends it): what to do. */
  reentry: string | null;
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
  /**
   * Whether the learner's terminal waits for the answer to a command's question right now (a y/n
   * confirmation, a password): "show solution" then offers the answer line. Absent: never.
   */
  asking?(): boolean;
}

const isAnswer = (line: string): boolean => line.startsWith(ANSWER_PREFIX);
const words = (line: string): string[] => tokenSpans(line).map((s) => line.slice(s.start, s.end));

/** Does a command event's (redacted) line stand for this solution line? */
export function sameLine(eventLine: string, solutionLine: string): boolean {
  const a = words(eventLine);
  const b = words(solutionLine);
  return a.length === b.length && a.length > 0 && a.every((w, i) => w === b[i] || isRedacted(w));
}

export class LessonRunner {
  private step: number;
  private committed: Bindings;
  /** Committed bindings plus those of the current step's goals met so far. */
  private provisional: Bindings;
  private hintsShown: number;
  private readonly started: number;
  /** Solution lines of the current step run so far (index of the next one). */
  private cursor = 0;
  /** Keys (cluster/handle) that existed when the current step began; unknown until first observed. */
  private before: Set<string> | undefined;
  private met: boolean[] = [];
  private newlyMet: string[] = [];
  private finishedStep: string | null = null;
  private readonly clusters: Map<string, string>;
  /** Nothing observed yet (the first observe of a fresh run saves the first step's checkpoint). */
  private first = true;
  private readonly resumed: boolean;
  /** Where each step begins (program, the line that started it, its login): offered again after a reload. */
  private readonly entries: StepEntry[];
  /** The learner's program and login as the last facts showed them. */
  private program = 'host';
  private user: string | null = null;
  /** Re-entry lines (reentryLines) already typed in this step: each is offered once. */
  private entryRun = new Set<'enter' | 'login'>();

  constructor(readonly lesson: Lesson, protected readonly deps: RunnerDeps, resume?: LessonProgress) {
    const total = lesson.steps.length;
    const ok = resume !== undefined && resume.lesson === lesson.id && Number.isSafeInteger(resume.step) && resume.step >= 0 && resume.step <= total;
    this.resumed = ok;
    this.step = ok ? (resume.done ? total : resume.step) : 0;
    this.committed = ok ? cleanBindings(resume.bindings) : {};
    this.provisional = { ...this.committed };
    const hints = this.current?.hints.length ?? 0;
    this.hintsShown = ok && Number.isSafeInteger(resume.hintsShown) ? Math.max(0, Math.min(resume.hintsShown, hints)) : 0;
    this.started = ok && Number.isFinite(resume.started) ? resume.started : this.now();
    this.clusters = bindingClusters(lesson);
    this.met = (this.current?.goals ?? []).map(() => false);
    this.entries = stepEntries(lesson);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private get current(): Step | undefined {
    return this.lesson.steps[this.step];
  }

  private get total(): number {
    return this.lesson.steps.length;
  }

  /** Where the learner is. */
  get state(): RunnerState {
    const step = this.current;
    const fill = (t: string) => fillPlaceholders(t, this.provisional);
    return {
      lesson: this.lesson.id,
      step: this.step,
      total: this.total,
      done: step === undefined,
      title: step ? fill(step.title) : this.lesson.title,
      text: step ? fill(step.text) : '',
      goals: (step?.goals ?? []).map((g, i) => ({ text: fill(g.text), met: this.met[i] ?? false })),
      hints: (step?.hints ?? []).slice(0, this.hintsShown).map(fill),
      hintsLeft: step ? step.hints.length - this.hintsShown : 0,
      bindings: { ...this.provisional },
      newlyMet: [...this.newlyMet],
      finishedStep: this.finishedStep,
      reentry: this.reentryLines() !== null ? REENTRY[this.entries[this.step]!.program] ?? null : null,
    };
  }

  /**
   * Check the goals against the playground after `event` (null: just look, e.g. on opening), move
   * on when the step is done, save progress; returns the new state.
   */
  async observe(event: CommandEvent | null): Promise<RunnerState> {
    this.newlyMet = [];
    this.finishedStep = null;
    const facts = await this.deps.facts();
    const entry = this.reentryLines(); // (what was offered before this command)
    this.program = facts.program;
    this.user = facts.user?.name ?? null;
    if (this.first) {
      this.first = false;
      if (!this.resumed) await this.save(true);
    }
    const step = this.current;
    if (step === undefined) return this.state;
    this.before ??= keyIds(facts);
    if (event !== null) {
      // a line that brought the learner back where the step began is none of the step's own
      if (entry && sameLine(event.line, fillPlaceholders(entry.lines[0]!, this.provisional))) this.entryRun.add(entry.kind);
      else this.markRun(event.line);
    }
    this.skipMootExit();

    const check = evaluateGoals(step.goals, { facts, event, bindings: this.committed, before: this.before, clusters: this.clusters });
    this.newlyMet = step.goals.filter((_, i) => check.results[i]!.met && !this.met[i]).map((g) => fillPlaceholders(g.text, check.bindings));
    this.met = check.results.map((r) => r.met);
    this.provisional = check.bindings;
    if (!check.done) return this.state;

    // the step is done: on to the next one (and past any the playground already satisfies)
    this.finishedStep = fillPlaceholders(step.title, check.bindings);
    this.committed = check.bindings;
    for (;;) {
      this.step++;
      this.hintsShown = 0;
      this.cursor = 0;
      this.entryRun = new Set();
      this.before = keyIds(facts);
      const next = this.current;
      if (next === undefined) {
        this.met = [];
        break;
      }
      const again = evaluateGoals(next.goals, { facts, event: null, bindings: this.committed, before: this.before, clusters: this.clusters });
      this.met = again.results.map((r) => r.met);
      this.provisional = again.bindings;
      if (!again.done) break;
      this.committed = again.bindings;
    }
    this.provisional = { ...this.provisional, ...this.committed };
    this.skipMootExit();
    await this.save(true);
    return this.state;
  }

  /** Mark the solution line `line` stands for, the lines before it and its answers as run. */
  private markRun(line: string): void {
    const sol = this.current?.solution ?? [];
    for (let i = this.cursor; i < sol.length; i++) {
      const s = sol[i]!;
      if (isAnswer(s) || !sameLine(line, fillPlaceholders(s, this.provisional))) continue;
      let next = i + 1;
      while (next < sol.length && isAnswer(sol[next]!)) next++;
      this.cursor = next;
      return;
    }
  }

  /** Save the progress, and with `checkpoint` the current step's checkpoint first. */
  private async save(checkpoint: boolean): Promise<void> {
    const port = this.deps.progress;
    if (!port) return;
    const done = this.step >= this.total;
    if (checkpoint && !done && this.deps.dump) {
      await port.saveCheckpoint({ lesson: this.lesson.id, step: this.step, bindings: { ...this.committed }, records: await this.deps.dump() });
    }
    await port.put({
      lesson: this.lesson.id, step: this.step, done, bindings: { ...this.committed },
      hintsShown: this.hintsShown, started: this.started, updated: this.now(),
    });
  }

  /** Open the next hint of the current step (saved with the progress). */
  async showHint(): Promise<RunnerState> {
    const step = this.current;
    this.newlyMet = [];
    this.finishedStep = null;
    if (step && this.hintsShown < step.hints.length) {
      this.hintsShown++;
      await this.save(false);
    }
    return this.state;
  }

  /**
   * The lines that bring the learner back to where the current step began, when none of its own
   * lines has run yet and the terminal is elsewhere (after a reload, at the host shell's prompt):
   * the program's start line, then its login (with its answers) unless the step logs in itself;
   * null when the learner is where the step began.
   */
  private reentryLines(): { kind: 'enter' | 'login'; lines: string[] } | null {
    const step = this.current;
    const entry = this.entries[this.step];
    if (!step || !entry || this.cursor !== 0 || entry.program === 'host' || leavesFirst(entry.program, step.solution)) return null;
    if (this.program === 'host') return entry.enter === null || this.entryRun.has('enter') ? null : { kind: 'enter', lines: [entry.enter] };
    if (this.program !== entry.program || this.user !== null || entry.login === null || this.entryRun.has('login')) return null;
    return beginsWithLogin(entry.program, step.solution) ? null : { kind: 'login', lines: entry.login };
  }

  /**
   * A step whose first line leaves the program it began in (`exit`), met at the host shell's
   * prompt (a reload ended that program): the exit has nothing left to do, the next line is offered.
   */
  private skipMootExit(): void {
    const step = this.current;
    const entry = this.entries[this.step];
    if (step && entry && this.cursor === 0 && this.program === 'host' && entry.program !== 'host' && leavesFirst(entry.program, step.solution)) this.cursor = 1;
  }

  /**
   * The solution line the learner should type next in this step (placeholders filled): the first
   * one not yet run since the step began; while the terminal waits for an answer, the answer line
   * after it. null when the lesson is done, or every line of the step has run (the learner went
   * another way: restarting the step's checkpoint helps).
   */
  nextSolutionLine(): string | null {
    const sol = this.current?.solution;
    if (!sol) return null;
    const entry = this.reentryLines();
    if (entry !== null) {
      const answer = entry.lines.find(isAnswer);
      const line = this.deps.asking?.() && answer !== undefined ? answer.slice(ANSWER_PREFIX.length) : entry.lines[0]!;
      return fillPlaceholders(line, this.provisional);
    }
    let i = this.cursor;
    if (this.deps.asking?.()) {
      // the command at the cursor was typed and waits: offer its (first) answer
      let j = i;
      while (j < sol.length && !isAnswer(sol[j]!)) j++;
      if (j < sol.length) i = j;
    } else {
      while (i < sol.length && isAnswer(sol[i]!)) i++;
    }
    const line = sol[i];
    if (line === undefined) return null;
    return fillPlaceholders(isAnswer(line) ? line.slice(ANSWER_PREFIX.length) : line, this.provisional);
  }
}

/** What the panel says when a step began inside a program the terminal is no longer in (a reload ended it). */
const REENTRY: Record<string, string> = {
  kmu: 'This step began inside key_mgmt_util, and a reload ends its session: start key_mgmt_util again and log in ("Show solution" types the lines).',
  cmu: 'This step began inside cloudhsm_mgmt_util, and a reload ends its session: start it again and log in ("Show solution" types the lines).',
  cli: 'This step began inside the CloudHSM CLI, and a reload ends its session: start it again and log in ("Show solution" types the lines).',
};

/** Keep only well-formed bindings (a name as format.ts KeyRef, a safe integer handle). */
function cleanBindings(b: unknown): Bindings {
  const out: Bindings = {};
  if (typeof b !== 'object' || b === null) return out;
  for (const [k, v] of Object.entries(b)) {
    if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(k) && typeof v === 'number' && Number.isSafeInteger(v)) out[k] = v;
  }
  return out;
}
