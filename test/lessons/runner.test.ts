/**
 * The lesson runner (issue 13) over the real console: goals tick as commands run, a step is done
 * when all its goals hold at once, bindings carry to later steps, hints open one at a time,
 * "show solution" offers the next line not yet run (answers while a question waits) and never
 * runs it, progress and each step's checkpoint go to the port, and a resumed runner continues.
 */
import { describe, expect, it } from 'vitest';
import { LessonRunner, sameLine, type RunnerDeps } from '../../src/lessons/runner';
import type { Lesson } from '../../src/lessons/format';
import type { Checkpoint, LessonProgress, LessonProgressPort } from '../../src/hsm/lesson-progress';
import type { StoreDump } from '../../src/hsm/checkpoint';
import type { CommandEvent } from '../../src/shell/events';
import type { LessonFacts } from '../../src/hsm/ops/lesson-facts';
import { openTerminal } from '../support/transcript';

const AES = '000102030405060708090a0b0c0d0e0f';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

const lesson: Lesson = {
  id: 'demo', title: 'Demo', summary: 'A small lesson for the runner.',
  start: { files: { 'plain.key': AES }, users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bobpass1' }] },
  steps: [
    {
      title: 'Log in', text: 'Start key_mgmt_util and log in.', hints: ['Type `key_mgmt_util`.', 'Then log in.'], refusal: true,
      goals: [{ kind: 'program', text: 'In key_mgmt_util as example_user', program: 'kmu', user: 'example_user' }],
      solution: ['key_mgmt_util', LOGIN],
    },
    {
      title: 'Generate and import', text: 'Make a wrapping key, and import the key file with it.', hints: ['Wrap with {wrapper}.'],
      goals: [
        { kind: 'key', text: 'A wrapping key', match: { label: 'wrapper', local: true }, bind: 'wrapper' },
        { kind: 'key', text: 'The imported key ({imported})', match: { label: 'imported', local: false, materialOf: { file: 'plain.key' } }, bind: 'imported' },
      ],
      solution: ['genSymKey -t 31 -s 16 -l wrapper', 'imSymKey -f plain.key -t 31 -l imported -w {wrapper}'],
    },
    {
      title: 'Share it', text: 'Share {imported} with bob from cloudhsm_mgmt_util.', hints: [],
      goals: [{ kind: 'key', text: '{imported} is shared with bob', match: { is: 'imported', sharedWith: 'bob' } }],
      solution: ['exit', 'cloudhsm_mgmt_util', 'loginHSM CU example_user example_pwd', 'shareKey {imported} 4 1', '> y'],
    },
  ],
};

function memoryPort(): LessonProgressPort & { checkpoints: Checkpoint[]; puts: LessonProgress[] } {
  const progress = new Map<string, LessonProgress>();
  const cps = new Map<string, Checkpoint>();
  const port = {
    checkpoints: [] as Checkpoint[], puts: [] as LessonProgress[],
    list: async () => [...progress.values()],
    get: async (id: string) => progress.get(id),
    put: async (p: LessonProgress) => { port.puts.push(p); progress.set(p.lesson, structuredClone(p)); },
    checkpoint: async (id: string) => cps.get(id),
    saveCheckpoint: async (c: Checkpoint) => { port.checkpoints.push(c); cps.set(c.lesson, c); },
    delete: async (id: string) => { progress.delete(id); cps.delete(id); },
  };
  return port;
}

async function setup(resume?: LessonProgress, port = memoryPort()) {
  const t = await openTerminal({ scenario: lesson.start });
  let last: CommandEvent | null = null;
  t.session.onEvent((e) => { last = e; });
  const deps: RunnerDeps = {
    facts: () => t.session.lessonFacts(),
    progress: port,
    dump: async () => ({ meta: [], clusters: [], users: [], keys: [], files: [] } as StoreDump),
    now: () => 1000,
    asking: () => t.session.prompt.includes('(y/n)') || t.session.inputMode === 'hidden',
  };
  const runner = new LessonRunner(lesson, deps, resume);
  const run = async (line: string) => {
    last = null;
    await t.type(line);
    return runner.observe(last);
  };
  return { t, runner, port, run };
}

describe('LessonRunner', () => {
  it('walks the lesson: goals tick, bindings carry, steps advance, progress and checkpoints are saved', async () => {
    const { runner, port, run, t } = await setup();
    let s = await runner.observe(null);
    expect(s).toMatchObject({ step: 0, total: 3, done: false, title: 'Log in', hintsLeft: 2, finishedStep: null });
    expect(s.goals).toEqual([{ text: 'In key_mgmt_util as example_user', met: false }]);
    expect(port.checkpoints.map((c) => c.step)).toEqual([0]);

    expect(runner.nextSolutionLine()).toBe('key_mgmt_util');
    s = await runner.showHint();
    expect(s.hints).toEqual(['Type `key_mgmt_util`.']);
    expect(s.hintsLeft).toBe(1);
    expect(port.puts.at(-1)).toMatchObject({ lesson: 'demo', step: 0, hintsShown: 1, done: false });

    s = await run('key_mgmt_util');
    expect(s.step).toBe(0);
    expect(runner.nextSolutionLine()).toBe(LOGIN); // the line was run: the next one is offered
    s = await run(LOGIN);
    expect(s).toMatchObject({ step: 1, finishedStep: 'Log in', newlyMet: ['In key_mgmt_util as example_user'], hints: [], hintsLeft: 1 });
    expect(port.checkpoints.map((c) => c.step)).toEqual([0, 1]);
    expect(port.puts.at(-1)).toMatchObject({ step: 1, hintsShown: 0 });

    // a command that does not help ticks nothing
    s = await run('listUsers');
    expect(s.goals.map((g) => g.met)).toEqual([false, false]);
    s = await run('genSymKey -t 31 -s 16 -l wrapper');
    expect(s.goals.map((g) => g.met)).toEqual([true, false]);
    expect(s.newlyMet).toEqual(['A wrapping key']);
    const wrapper = s.bindings['wrapper']!;
    expect(wrapper).toBeGreaterThan(5);
    expect(runner.nextSolutionLine()).toBe(`imSymKey -f plain.key -t 31 -l imported -w ${wrapper}`);
    expect((await runner.showHint()).hints).toEqual([`Wrap with ${wrapper}.`]);
    expect(t.screen()).not.toContain('imSymKey'); // showing a line never runs it
    s = await run(`imSymKey -f plain.key -t 31 -l imported -w ${wrapper}`);
    expect(s).toMatchObject({ step: 2, finishedStep: 'Generate and import' });
    const imported = s.bindings['imported']!;
    expect(s.text).toBe(`Share ${imported} with bob from cloudhsm_mgmt_util.`);
    expect(port.puts.at(-1)!.bindings).toEqual({ wrapper, imported });

    // a question: the answer line is offered while it waits, and counted with its command
    await run('exit');
    await run('cloudhsm_mgmt_util');
    await run('loginHSM CU example_user example_pwd');
    expect(runner.nextSolutionLine()).toBe(`shareKey ${imported} 4 1`);
    await t.type(`shareKey ${imported} 4 1`);
    expect(runner.nextSolutionLine()).toBe('y');
    s = await run('y');
    expect(s).toMatchObject({ done: true, step: 3, finishedStep: 'Share it', goals: [] });
    expect(runner.nextSolutionLine()).toBeNull();
    expect(port.puts.at(-1)).toMatchObject({ done: true, step: 3 });
    expect(port.checkpoints.map((c) => c.step)).toEqual([0, 1, 2]); // none for "done"
  });

  it('resumes from saved progress: step, bindings and hints', async () => {
    const resume: LessonProgress = { lesson: 'demo', step: 1, done: false, bindings: { x: 9, ['__proto__']: 1 } as never, hintsShown: 7, started: 5, updated: 6 };
    const { runner, port, run } = await setup(resume);
    const s = await runner.observe(null);
    expect(s).toMatchObject({ step: 1, hints: ['Wrap with {wrapper}.'], hintsLeft: 0, bindings: { x: 9 } });
    expect(port.checkpoints).toEqual([]); // a resumed run keeps the step's checkpoint
    await run('key_mgmt_util');
    await run(LOGIN);
    const w = (await run('genSymKey -t 31 -s 16 -l wrapper')).bindings['wrapper'];
    expect((await run(`imSymKey -f plain.key -t 31 -l imported -w ${w}`)).step).toBe(2);
    expect(port.puts.at(-1)).toMatchObject({ step: 2, started: 5 });
    expect(port.puts.at(-1)!.bindings).toMatchObject({ x: 9, wrapper: w });
  });

  it('ignores progress of another lesson or out of range', async () => {
    const { runner } = await setup({ lesson: 'other', step: 2, done: false, bindings: {}, hintsShown: 0, started: 1, updated: 1 });
    expect((await runner.observe(null)).step).toBe(0);
    const r2 = new LessonRunner(lesson, { facts: () => runner['deps'].facts() }, { lesson: 'demo', step: 99, done: false, bindings: {}, hintsShown: 0, started: 1, updated: 1 });
    expect(r2.state.step).toBe(0);
  });

  it('passes a step the playground already satisfies, and a code goal never carries into the next step', async () => {
    let facts: LessonFacts = { program: 'host', user: null, cluster: 'cluster-1', clusters: [{ id: 'cluster-1', hsms: [{ node: 0, state: 'up' }], users: [], keys: [] }], files: [] };
    const l: Lesson = {
      id: 'cascade', title: 'C', summary: 'S', start: {},
      steps: [
        { title: 'A', text: 'a', hints: [], goals: [{ kind: 'file', text: 'f', path: 'a' }], solution: ['touch a'] },
        { title: 'B', text: 'b', hints: [], goals: [{ kind: 'file', text: 'g', path: 'b' }], solution: ['touch b'] },
        { title: 'C', text: 'c', hints: [], refusal: true, goals: [{ kind: 'code', text: 'h', code: 0 }], solution: ['true'] },
      ],
    };
    const port = memoryPort();
    const r = new LessonRunner(l, { facts: async () => facts, progress: port, now: () => 7 });
    expect((await r.observe(null)).step).toBe(0);
    facts = { ...facts, files: [{ path: '/home/user/a', data: new Uint8Array(0) }, { path: '/home/user/b', data: new Uint8Array(0) }] };
    const ev = { line: 'touch a', codes: [0], command: 'touch', program: 'host' } as unknown as CommandEvent;
    const s = await r.observe(ev);
    expect(s).toMatchObject({ step: 2, title: 'C', finishedStep: 'A', goals: [{ text: 'h', met: false }] });
    expect(port.puts.at(-1)).toMatchObject({ step: 2, started: 7, updated: 7 });
    expect((await r.observe({ ...ev, line: 'true' })).done).toBe(true);
  });

  it('matches event lines token by token, a redacted password standing for any', () => {
    expect(sameLine('loginHSM -u CU -s example_user -p ********', LOGIN)).toBe(true);
    expect(sameLine('loginHSM  -u CU -s example_user   -p example_pwd', LOGIN)).toBe(true);
    expect(sameLine('loginHSM -u CU -s bob -p ********', LOGIN)).toBe(false);
    expect(sameLine('', '')).toBe(false);
  });
});
