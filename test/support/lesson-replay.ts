/**
 * Replays a lesson's solutions from its start state with the real console (issue 13 acceptance):
 * the start scenario is loaded into a fresh memory playground, then every step's solution lines
 * are typed one at a time (placeholders filled from the keys bound so far, answer lines without
 * their `> ` prefix), and the step's goals are checked as the runner checks them: at the step's
 * start (no command) and after every command event. Reports, per step, which goals were met
 * before and after, and after which solution line the step was first done.
 */
import { evaluateGoals, fillPlaceholders, keyIds, bindingClusters, type Bindings } from '../../src/lessons/goals';
import { ANSWER_PREFIX, type Lesson } from '../../src/lessons/format';
import type { CommandEvent } from '../../src/shell/events';
import { LessonRunner } from '../../src/lessons/runner';
import { openTerminal, type Terminal } from './transcript';

export interface StepReplay {
  index: number;
  title: string;
  /** Goal texts (placeholders filled as at the step's start). */
  goals: string[];
  /** Each goal at the step's start (no command yet). */
  metBefore: boolean[];
  /** Each goal after the last solution line. */
  metAfter: boolean[];
  /** Index of the solution line after which all goals first held at once (null: never). */
  doneAtLine: number | null;
  /** The lines as typed (placeholders filled, answer prefix removed). */
  typed: string[];
  /** What the solution's lines printed (for a failing test's message). */
  output: string;
  /** What the LessonRunner's "show solution" offered before each line was typed. */
  offered: (string | null)[];
  /** The runner's step after this step's last line (the next step's index when it agrees). */
  runnerStep: number;
}

export interface LessonReplay {
  lesson: string;
  steps: StepReplay[];
  bindings: Bindings;
  terminal: Terminal;
}

/** Replay `lesson` (seed: the rng seed of the terminal, as the page's seeded mode would). */
export async function replayLesson(lesson: Lesson, opts: { seed?: number } = {}): Promise<LessonReplay> {
  const terminal = await openTerminal({ seed: opts.seed ?? 1, scenario: lesson.start });
  const session = terminal.session;
  let last: CommandEvent | null = null;
  session.onEvent((e) => { last = e; });
  const clusters = bindingClusters(lesson);
  let bindings: Bindings = {};
  const steps: StepReplay[] = [];
  // the runner the panel uses, driven alongside: it must agree with the harness
  let asking = false; // a command was typed and has made no event yet: it waits for an answer
  const runner = new LessonRunner(lesson, { facts: () => session.lessonFacts(), asking: () => asking, now: () => 0 });
  await runner.observe(null);

  for (const [index, step] of lesson.steps.entries()) {
    const startFacts = await session.lessonFacts();
    const before = keyIds(startFacts);
    const check0 = evaluateGoals(step.goals, { facts: startFacts, event: null, bindings, before, clusters });
    let provisional = check0.bindings;
    let check = check0;
    let doneAtLine: number | null = check0.done ? -1 : null;
    const typed: string[] = [];
    const offered: (string | null)[] = [];
    let output = '';
    for (const [n, raw] of step.solution.entries()) {
      const answer = raw.startsWith(ANSWER_PREFIX);
      const line = fillPlaceholders(answer ? raw.slice(ANSWER_PREFIX.length) : raw, provisional);
      typed.push(line);
      offered.push(runner.nextSolutionLine());
      last = null;
      output += (answer ? '' : session.prompt + line + '\n') + (await terminal.type(line));
      asking = last === null;
      if (last !== null) await runner.observe(last);
      const next = step.solution[n + 1];
      if (next !== undefined && next.startsWith(ANSWER_PREFIX)) continue; // the command waits for its answer
      const facts = await session.lessonFacts();
      check = evaluateGoals(step.goals, { facts, event: last, bindings, before, clusters });
      provisional = check.bindings;
      if (check.done && doneAtLine === null) doneAtLine = n;
    }
    steps.push({
      index, title: step.title,
      goals: step.goals.map((g) => fillPlaceholders(g.text, bindings)),
      metBefore: check0.results.map((r) => r.met),
      metAfter: check.results.map((r) => r.met),
      doneAtLine, typed, output, offered, runnerStep: runner.state.step,
    });
    bindings = check.bindings;
  }
  return { lesson: lesson.id, steps, bindings, terminal };
}

/** A line typed after a replay: what it printed and its event (null: it waits for an answer). */
export type TypedLine = { out: string; event: CommandEvent | null };

/** Replay the first `steps` steps of `lesson` (all by default); then `run` types a line and returns its output and event. */
export async function replayUpTo(lesson: Lesson, steps = lesson.steps.length): Promise<LessonReplay & { run(line: string): Promise<TypedLine> }> {
  const replay = await replayLesson({ ...lesson, steps: lesson.steps.slice(0, steps) });
  let last: CommandEvent | null = null;
  replay.terminal.session.onEvent((e) => { last = e; });
  return {
    ...replay,
    async run(line) {
      last = null;
      const out = await replay.terminal.type(line);
      return { out, event: last };
    },
  };
}
