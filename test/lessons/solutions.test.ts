/**
 * Issue 13 acceptance: every lesson's solution, replayed from its start state with the real
 * console, works — each goal of each step is unmet when the step begins and all of them hold after
 * its solution (and not before its last line). A lesson whose solution no longer works, or that
 * has no steps yet, fails the suite.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/catalog';
import { replayLesson } from '../support/lesson-replay';

describe('every lesson solution replays from its start state', () => {
  for (const entry of LESSONS) {
    it(`${entry.id}`, async () => {
      const lesson = await entry.load();
      expect(lesson.steps.length, `${entry.id} has no steps`).toBeGreaterThan(0);
      const replay = await replayLesson(lesson);
      for (const s of replay.steps) {
        const where = `${entry.id} step ${s.index + 1} (${s.title})`;
        s.goals.forEach((g, i) => {
          expect(s.metBefore[i], `${where}: goal "${g}" already met when the step begins`).toBe(false);
          expect(s.metAfter[i], `${where}: goal "${g}" not met after the solution:\n${s.output}`).toBe(true);
        });
        const lastCommand = lesson.steps[s.index]!.solution.length - 1;
        expect(s.doneAtLine, `${where}: done before its last solution line:\n${s.output}`).toBe(lastCommand);
        // the panel's runner agrees: "show solution" offered each line, and the step ended with it
        expect(s.offered, `${where}: "show solution" offered other lines`).toEqual(s.typed);
        expect(s.runnerStep, `${where}: the runner did not move on`).toBe(s.index + 1);
      }
    }, 60_000);
  }
});
