/**
 * A reload in the middle of a lesson (issue 13): the page restores the current step's checkpoint
 * into a fresh console — the key_mgmt_util, cloudhsm_mgmt_util and CLI sessions are gone, the
 * terminal is at the host shell's prompt — and the learner goes on from there. For every step of
 * every lesson after the first: from that step's checkpoint, following only what "show solution"
 * offers (the lines that bring the learner back where the step began, then the step's own) finishes
 * the step. And the main run, also guided only by "show solution", finishes every step.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/catalog';
import { LessonRunner } from '../../src/lessons/runner';
import { memoryLessonProgress } from '../../src/hsm/memory-lesson-progress';
import { dumpStore, restoreDump } from '../../src/hsm/checkpoint';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { CommandEvent } from '../../src/shell/events';
import type { Lesson } from '../../src/lessons/format';
import type { LessonProgress, LessonProgressPort } from '../../src/hsm/lesson-progress';
import { openTerminal, type Terminal } from '../support/transcript';

/** A console and a runner over it, as the page makes them. */
async function guided(lesson: Lesson, terminal: Terminal, progress: LessonProgressPort, resume?: LessonProgress) {
  let last: CommandEvent | null = null;
  let asking = false;
  terminal.session.onEvent((e) => { last = e; });
  const runner = new LessonRunner(lesson, {
    facts: () => terminal.session.lessonFacts(), progress, dump: () => dumpStore(terminal.backend), asking: () => asking, now: () => 0,
  }, resume);
  await runner.observe(null);
  /** Type what "show solution" offers until the runner is past `step` (at most `max` lines); the lines typed. */
  const follow = async (step: number, max = 40): Promise<string[]> => {
    const typed: string[] = [];
    while (runner.state.step <= step && typed.length < max) {
      const line = runner.nextSolutionLine();
      if (line === null) break;
      last = null;
      await terminal.type(line);
      typed.push(line);
      asking = last === null;
      if (last !== null) await runner.observe(last);
    }
    return typed;
  };
  return { runner, follow };
}

describe('a reload in the middle of a lesson', () => {
  for (const entry of LESSONS) {
    it(`${entry.id}: from every step's checkpoint, "show solution" alone finishes the step`, async () => {
      const lesson = await entry.load();
      const progress = memoryLessonProgress();
      const main = await openTerminal({ seed: 3, scenario: lesson.start });
      const a = await guided(lesson, main, progress);
      for (let k = 0; k < lesson.steps.length; k++) {
        if (k > 0) {
          const checkpoint = await progress.checkpoint(lesson.id);
          const saved = await progress.get(lesson.id);
          expect(checkpoint?.step, `checkpoint of step ${k + 1}`).toBe(k);
          // the reload: the step's checkpoint in a fresh playground, a new console at the host prompt
          const backend = createMemoryBackend();
          await restoreDump(backend, checkpoint!.records);
          const reloaded = await openTerminal({ seed: 4, backend });
          const b = await guided(lesson, reloaded, memoryLessonProgress(), saved);
          const typed = await b.follow(k);
          expect(b.runner.state.step, `step ${k + 1} "${lesson.steps[k]!.title}" after a reload, typed:\n${typed.join('\n')}\n${reloaded.screen().slice(-1500)}`).toBeGreaterThan(k);
        }
        const typed = await a.follow(k);
        expect(a.runner.state.step, `step ${k + 1} "${lesson.steps[k]!.title}", typed:\n${typed.join('\n')}\n${main.screen().slice(-1500)}`).toBeGreaterThan(k);
      }
      expect(a.runner.state.done).toBe(true);
    }, 120_000);
  }
});
