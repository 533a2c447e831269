/**
 * Where the learner stands when a step begins, read from the lesson's own solution lines (issue 13:
 * a reload returns to the current step's checkpoint, but it ends the key_mgmt_util, cloudhsm_mgmt_util
 * and CloudHSM CLI sessions — spec README decision 7 — so a step that began inside one of them
 * starts again at the host shell's prompt). For each step: the program the solutions of the steps
 * before it leave the terminal in, the line that started it, and the last login in it (with the
 * answer lines after it, a password typed at its prompt). The runner offers those lines first when
 * the learner is not where the step began (src/lessons/runner.ts).
 */
import { ANSWER_PREFIX, type Lesson } from './format';

export type EntryProgram = 'host' | 'kmu' | 'cmu' | 'cli';

export interface StepEntry {
  program: EntryProgram;
  /** The host-shell line that started the program (null at the host shell). */
  enter: string | null;
  /** The login line and its answer lines (null: no login is open). */
  login: string[] | null;
}

const isAnswer = (line: string) => line.startsWith(ANSWER_PREFIX);

/** The first word's base name (`/opt/cloudhsm/bin/key_mgmt_util` → `key_mgmt_util`), lower case. */
function commandName(words: readonly string[]): string {
  const w = words[0] ?? '';
  return w.slice(w.lastIndexOf('/') + 1).toLowerCase();
}

/** The program a host-shell line starts, or null (single-command modes start none that stays). */
function started(words: readonly string[]): EntryProgram | null {
  const name = commandName(words);
  if (name === 'key_mgmt_util') return words.length === 1 || (words.length === 2 && words[1] === 'Cfm3Util') ? 'kmu' : null;
  if (name === 'cloudhsm_mgmt_util') return 'cmu';
  if (name === 'cloudhsm-cli') return words[1] === 'interactive' ? 'cli' : null;
  return null;
}

/** Whether `words` is a login (true), a logout (false) or neither (null) in `program`. */
function loginChange(program: EntryProgram, words: readonly string[]): boolean | null {
  const name = commandName(words);
  if (program === 'cli') return name === 'login' ? true : name === 'logout' ? false : null;
  return name === 'loginhsm' ? true : name === 'logouthsm' ? false : null;
}

/** Whether a line leaves `program` for the host shell. */
function leaves(program: EntryProgram, words: readonly string[]): boolean {
  const name = commandName(words);
  return program !== 'host' && (name === 'exit' || name === 'quit');
}

/** Each step's entry, in step order. */
export function stepEntries(lesson: Lesson): StepEntry[] {
  let now: StepEntry = { program: 'host', enter: null, login: null };
  const out: StepEntry[] = [];
  for (const step of lesson.steps) {
    out.push(now);
    const lines = step.solution;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (isAnswer(line)) continue;
      const words = line.trim().split(/\s+/);
      if (now.program === 'host') {
        const p = started(words);
        if (p) now = { program: p, enter: line, login: null };
        continue;
      }
      if (leaves(now.program, words)) {
        now = { program: 'host', enter: null, login: null };
        continue;
      }
      const change = loginChange(now.program, words);
      if (change === false) now = { ...now, login: null };
      if (change === true) {
        const answers: string[] = [];
        for (let j = i + 1; j < lines.length && isAnswer(lines[j]!); j++) answers.push(lines[j]!);
        now = { ...now, login: [line, ...answers] };
      }
    }
  }
  return out;
}

/** Whether a step's own first command is a login in `program` (it logs in itself: no entry login is offered). */
export function beginsWithLogin(program: EntryProgram, solution: readonly string[]): boolean {
  const first = solution.find((l) => !isAnswer(l));
  return first !== undefined && loginChange(program, first.trim().split(/\s+/)) === true;
}

/** Whether a step's own first line leaves `program` for the host shell (`exit`, `quit`). */
export function leavesFirst(program: EntryProgram, solution: readonly string[]): boolean {
  const first = solution.find((l) => !isAnswer(l));
  return first !== undefined && leaves(program, first.trim().split(/\s+/));
}
