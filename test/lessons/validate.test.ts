/** Lesson files are well formed (issue 13): src/lessons/validate.ts finds what is wrong with one. */
import { describe, expect, it } from 'vitest';
import { plainDataProblems, validateLesson } from '../../src/lessons/validate';
import type { Lesson } from '../../src/lessons/format';

const good = (): Lesson => ({
  id: 'demo-1', title: 'Demo', summary: 'A **small** lesson, as [the guide](https://docs.aws.amazon.com/cloudhsm/) shows.',
  start: { files: { 'plain.key': '00112233445566778899aabbccddeeff' }, users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bobpass1' }], clusters: [{ id: 'cluster-2' }], down: [1], seed: 3 },
  source: { title: 'imSymKey', url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-imSymKey.html' },
  steps: [
    {
      title: 'Log in', text: 'Start `key_mgmt_util`.', hints: [], refusal: true,
      goals: [{ kind: 'program', text: 'In key_mgmt_util', program: 'kmu', user: 'example_user' }],
      solution: ['key_mgmt_util', 'loginHSM -u CU -s example_user -p example_pwd'],
    },
    {
      title: 'Import', text: 'Import the file.', hints: ['Use `-w`.'],
      goals: [
        { kind: 'key', text: 'A wrapping key', match: { label: 'w' }, bind: 'w' },
        { kind: 'key', text: 'The key, wrapped with {w}', match: { local: false, materialOf: { file: 'plain.key' }, notAny: ['w'] }, bind: 'k' },
      ],
      solution: ['genSymKey -t 31 -s 16 -l w', 'imSymKey -f plain.key -t 31 -l k -w {w}'],
    },
    {
      title: 'Prove {k}', text: 'Export {k} and compare {w.ref}.', hints: ['{k}'],
      goals: [
        { kind: 'file', text: 'Exported', path: 'out.key', sameAs: { key: 'k' } },
        { kind: 'kcv-equal', text: 'same', a: 'k', b: 'k' },
        { kind: 'user', text: 'bob', name: 'bob', locked: false },
        { kind: 'code', text: 'ok', code: 0, command: 'exSymKey' },
        { kind: 'hsm', text: 'down', node: 1, state: 'down' },
      ],
      solution: ['exSymKey -k {k} -w {w} -out out.key', 'shareKey {k} 4 1', '> y'],
    },
  ],
});

describe('validateLesson', () => {
  it('accepts a well-formed lesson', () => {
    expect(validateLesson(good())).toEqual([]);
  });

  it('rejects functions, getters, class instances, cycles and non-finite numbers anywhere', () => {
    const withFn = good() as unknown as { steps: { goals: Record<string, unknown>[] }[] };
    withFn.steps[1]!.goals[0]!['check'] = () => true;
    expect(validateLesson(withFn).join('\n')).toMatch(/function/);
    const getter = good();
    Object.defineProperty(getter.steps[0]!, 'text', { get: () => 'x', enumerable: true });
    expect(validateLesson(getter).join('\n')).toMatch(/getter/);
    expect(plainDataProblems({ a: new Date() }).join()).toMatch(/class/);
    expect(plainDataProblems({ a: new Map() }).join()).toMatch(/class/);
    const cyc: Record<string, unknown> = {};
    cyc['self'] = cyc;
    expect(plainDataProblems(cyc).join()).toMatch(/refers back/);
    expect(plainDataProblems({ n: NaN }).join()).toMatch(/finite/);
    expect(plainDataProblems({ s: Symbol('x') }).join()).toMatch(/symbol/);
  });

  it('requires ids, texts, steps, goals and solutions', () => {
    expect(validateLesson({ ...good(), id: 'Bad Id' })).toContain('lesson.id must be lower-case letters, digits and -');
    expect(validateLesson({ ...good(), steps: [] })).toContain('lesson.steps must list at least one step');
    const l = good();
    l.steps[1]!.goals = [];
    l.steps[1]!.solution = [];
    const p = validateLesson(l).join('\n');
    expect(p).toMatch(/step 2.goals must list at least one goal/);
    expect(p).toMatch(/step 2.solution must list at least one line/);
    expect(validateLesson({ ...good(), title: '' }).join()).toMatch(/title must be given/);
  });

  it('every step that teaches no refusal has a goal on the state', () => {
    const l = good();
    delete l.steps[0]!.refusal;
    expect(validateLesson(l).join('\n')).toMatch(/step 1 has no goal on the model's state/);
  });

  it('names must be bound before they are used, and bound once', () => {
    const l = good();
    l.steps[1]!.text = 'Import {k}.';
    l.steps[1]!.goals.reverse();
    l.steps[0]!.solution.push('findKey -l {nope}');
    const p = validateLesson(l).join('\n');
    expect(p).toMatch(/step 2.text refers to \{k\}/);
    expect(p).toMatch(/step 2 goal 1 refers to \{w\}/);
    expect(p).toMatch(/step 1.solution\[2\] refers to \{nope\}/);
    const twice = good();
    twice.steps[2]!.goals.push({ kind: 'key', text: 'again', match: {}, bind: 'k' });
    expect(validateLesson(twice).join('\n')).toMatch(/binds \{k\} again/);
  });

  it('unknown fields and kinds are problems, not free goals', () => {
    const l = good() as unknown as { steps: { goals: Record<string, unknown>[] }[] };
    (l.steps[1]!.goals[0]!['match'] as Record<string, unknown>)['lable'] = 'w';
    l.steps[2]!.goals.push({ kind: 'magic', text: 'x' });
    l.steps[2]!.goals[2]!['locked'] = 'yes';
    const p = validateLesson(l).join('\n');
    expect(p).toMatch(/unknown field "lable"/);
    expect(p).toMatch(/unknown kind "magic"/);
    expect(p).toMatch(/locked must be true or false/);
  });

  it('text that looks like HTML or links anywhere but http(s) is a problem; in code it is fine', () => {
    const l = good();
    l.steps[0]!.text = 'See <img src=x onerror=alert(1)> and [this](javascript:alert(1)). Writing `<file>` is fine.';
    const p = validateLesson(l);
    expect(p.some((x) => /step 1.text looks like HTML/.test(x))).toBe(true);
    expect(p.some((x) => /links to "javascript:alert\(1\)"/.test(x))).toBe(true);
    expect(p).toHaveLength(2);
    expect(validateLesson({ ...good(), source: { title: 'x', url: 'javascript:alert(1)' } })).toContain('lesson.source must be { title, url } with an http(s) url');
  });

  it('checks the start scenario', () => {
    const l = good() as unknown as { start: Record<string, unknown> };
    l.start['keys'] = [{ handle: 3, keyType: 'RC4', value: 'xyz', label: 'k', owner: 3 }];
    l.start['clusters'] = [{ id: 'cluster-1' }];
    l.start['down'] = ['1'];
    l.start['bogus'] = 1;
    const p = validateLesson(l).join('\n');
    for (const re of [/handle must be an integer above 5/, /keyType must be AES/, /value must be hex/, /cluster-1 is used twice/, /start.down/, /unknown field "bogus"/]) expect(p).toMatch(re);
  });

  it('an answer line needs a command before it', () => {
    const l = good();
    l.steps[0]!.solution = ['> y', 'key_mgmt_util'];
    expect(validateLesson(l).join('\n')).toMatch(/answers a question, but no command comes before it/);
  });
});
