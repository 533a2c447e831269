/**
 * The goal engine (issue 13): scenarios with the new fields load as the model expects, the facts
 * read them back, every goal kind is checked against facts and events, bindings pick the newest
 * match, placeholders fill, and the replay harness drives a small lesson end to end.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGoal, evaluateGoals, fillPlaceholders, keyIds, placeholderNames, type GoalInput } from '../../src/lessons/goals';
import type { Goal, Lesson } from '../../src/lessons/format';
import type { LessonFacts, FactKey } from '../../src/hsm/ops/lesson-facts';
import type { CommandEvent } from '../../src/shell/events';
import { openTerminal } from '../support/transcript';
import { replayLesson } from '../support/lesson-replay';
import { validateLesson } from '../../src/lessons/validate';
import { recordProblem } from '../../src/hsm/validate';
import { STORE_NAMES, type Backend } from '../../src/hsm/store';

/** Every stored record passes the validators the store applies on read. */
async function validateStore(backend: Backend): Promise<void> {
  for (const store of STORE_NAMES) {
    for (const r of await backend.list(store)) expect(recordProblem(store, r), `${store}/${r.id}`).toBeNull();
  }
}

const AES = '000102030405060708090a0b0c0d0e0f';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

function key(over: Partial<FactKey>): FactKey {
  return {
    cluster: 'cluster-1', handle: 7, keyReference: '0x0000000000000007', label: 'k', id: '', keyClass: 'secret', keyType: 'AES',
    size: 16, token: true, local: true, extractable: true, trusted: false, wrapWithTrusted: false, owner: 'example_user',
    sharedWith: [], kcv: 'abcdef', material: new Uint8Array(16), ...over,
  };
}

function facts(keys: FactKey[], over: Partial<LessonFacts> = {}): LessonFacts {
  return {
    program: 'kmu', user: { name: 'example_user', type: 'CU' }, cluster: 'cluster-1',
    clusters: [
      {
        id: 'cluster-1', hsms: [{ node: 0, state: 'up' }, { node: 1, state: 'down' }],
        users: [{ name: 'bob', type: 'CU', userId: 4, locked: true, failures: 5 }], keys: keys.filter((k) => k.cluster === 'cluster-1'),
      },
      { id: 'cluster-2', hsms: [{ node: 0, state: 'up' }], users: [], keys: keys.filter((k) => k.cluster === 'cluster-2') },
    ],
    files: [{ path: '/home/user/k.bin', data: new Uint8Array(16) }],
    ...over,
  };
}

function event(over: Partial<CommandEvent>): CommandEvent {
  return {
    seq: 1, terminal: 'tty1', cluster: 'cluster-1', program: 'kmu', command: 'genSymKey', line: '', args: [], codes: [0],
    created: { keys: [], users: [], files: [] } as never, changed: { keys: [], users: [], files: [] } as never,
    deleted: { keys: [], users: [], files: [] } as never, used: { keys: [], users: [], files: [] } as never,
    files: [], lines: [], next: 'kmu', status: 'ok', commits: 0, ...over,
  };
}

const input = (f: LessonFacts, over: Partial<GoalInput> = {}): GoalInput => ({ facts: f, event: null, bindings: {}, ...over });

describe('goals', () => {
  it('key goals match given fields only, bind the newest match, and absent inverts', () => {
    const f = facts([key({ handle: 7 }), key({ handle: 262151, label: 'x' }), key({ handle: 9, token: false })]);
    const g: Goal = { kind: 'key', text: 'a key', match: { keyType: 'AES', token: true }, bind: 'k' };
    expect(evaluateGoal(g, input(f)).bind?.handle).toBe(262151); // highest handle
    // created in the step wins over a higher old handle
    expect(evaluateGoal(g, input(f, { before: new Set(['cluster-1/262151', 'cluster-1/9']) })).bind?.handle).toBe(7);
    expect(evaluateGoal({ ...g, match: { label: 'nope' } }, input(f)).met).toBe(false);
    expect(evaluateGoal({ kind: 'key', text: '', match: { label: 'nope' }, absent: true }, input(f)).met).toBe(true);
    expect(evaluateGoal({ kind: 'key', text: '', match: { token: false }, absent: true }, input(f)).met).toBe(false);
    expect(evaluateGoal({ kind: 'key', text: '', match: { cluster: 'cluster-2' } }, input(f)).met).toBe(false);
  });

  it('material, kcv, is and notAny refer to bound keys, and sharing and owners by name', () => {
    const f = facts([
      key({ handle: 7, kcv: '111111', material: new Uint8Array(16).fill(1) }),
      key({ cluster: 'cluster-2', handle: 8, kcv: '111111', material: new Uint8Array(16).fill(1), sharedWith: ['bob'] }),
      key({ handle: 10, kcv: '222222' }),
    ]);
    const b = { a: 7 };
    const clusters = new Map([['b', 'cluster-2']]);
    expect(evaluateGoal({ kind: 'key', text: '', match: { cluster: 'cluster-2', materialOf: { key: 'a' }, sharedWith: 'bob' } }, input(f, { bindings: b })).met).toBe(true);
    expect(evaluateGoal({ kind: 'key', text: '', match: { cluster: 'cluster-2', unshared: true } }, input(f)).met).toBe(false);
    expect(evaluateGoal({ kind: 'key', text: '', match: { kcvOf: 'a', notAny: ['a'] } }, input(f, { bindings: b })).met).toBe(false);
    expect(evaluateGoal({ kind: 'key', text: '', match: { is: 'a', owner: 'example_user' } }, input(f, { bindings: b })).met).toBe(true);
    expect(evaluateGoal({ kind: 'key', text: '', match: { materialOf: { file: 'k.bin' } } }, input(f)).met).toBe(true); // handle 10: zeros
    expect(evaluateGoal({ kind: 'kcv-equal', text: '', a: 'a', b: 'b' }, input(f, { bindings: { a: 7, b: 8 }, clusters })).met).toBe(true);
    expect(evaluateGoal({ kind: 'kcv-equal', text: '', a: 'a', b: 'c' }, input(f, { bindings: { a: 7, c: 10 } })).met).toBe(false);
    expect(evaluateGoal({ kind: 'kcv-equal', text: '', a: 'a', b: 'zz' }, input(f, { bindings: { a: 7 } })).met).toBe(false);
    // a name that is no own binding is never resolved (no prototype lookups)
    expect(evaluateGoal({ kind: 'key', text: '', match: { is: 'constructor' } }, input(f)).met).toBe(false);
  });

  it('file, user, code, program and hsm goals', () => {
    const f = facts([key({ handle: 7, material: new Uint8Array(16) })]);
    expect(evaluateGoal({ kind: 'file', text: '', path: 'k.bin', size: 16, sameAs: { key: 'a' } }, input(f, { bindings: { a: 7 } })).met).toBe(true);
    expect(evaluateGoal({ kind: 'file', text: '', path: '/home/user/k.bin', size: 17 }, input(f)).met).toBe(false);
    expect(evaluateGoal({ kind: 'file', text: '', path: 'none', exists: false }, input(f)).met).toBe(true);
    expect(evaluateGoal({ kind: 'user', text: '', name: 'bob', locked: true, type: 'CU' }, input(f)).met).toBe(true);
    expect(evaluateGoal({ kind: 'user', text: '', name: 'bob', locked: false }, input(f)).met).toBe(false);
    expect(evaluateGoal({ kind: 'user', text: '', name: 'carol', exists: false }, input(f)).met).toBe(true);
    const code: Goal = { kind: 'code', text: '', code: 0xc6, program: 'kmu', command: 'exSymKey' };
    expect(evaluateGoal(code, input(f)).met).toBe(false);
    expect(evaluateGoal(code, input(f, { event: event({ command: 'exSymKey', codes: [0xc6] }) })).met).toBe(true);
    expect(evaluateGoal(code, input(f, { event: event({ command: 'exSymKey', codes: [0] }) })).met).toBe(false);
    expect(evaluateGoal({ kind: 'program', text: '', program: 'kmu', user: 'example_user' }, input(f)).met).toBe(true);
    expect(evaluateGoal({ kind: 'program', text: '', program: 'cmu' }, input(f)).met).toBe(false);
    expect(evaluateGoal({ kind: 'hsm', text: '', node: 1, state: 'down' }, input(f)).met).toBe(true);
    expect(evaluateGoal({ kind: 'hsm', text: '', node: 5, state: 'down' }, input(f)).met).toBe(false);
  });

  it('a step sees the bindings of its earlier goals, and is done only when all hold', () => {
    const f = facts([key({ handle: 7 }), key({ handle: 8, label: 'copy' })]);
    const goals: Goal[] = [
      { kind: 'key', text: '', match: { label: 'k' }, bind: 'a' },
      { kind: 'key', text: '', match: { kcvOf: 'a', notAny: ['a'] }, bind: 'b' },
    ];
    const r = evaluateGoals(goals, input(f));
    expect(r.done).toBe(true);
    expect(r.bindings).toEqual({ a: 7, b: 8 });
    expect(evaluateGoals([], input(f)).done).toBe(false);
  });

  it('placeholders fill handles and key references; braces escape; unknown names stay', () => {
    expect(fillPlaceholders('exSymKey -k {a} -w 6 ; key {a.ref} {{a}} {b} {__proto__}', { a: 262150 }))
      .toBe('exSymKey -k 262150 -w 6 ; key 0x0000000000040006 {a} {b} {__proto__}');
    expect(fillPlaceholders('{toString}', {})).toBe('{toString}');
    expect(placeholderNames('{a} {{b}} {c.ref}')).toEqual(['a', 'c']);
  });
});

describe('scenario fields and facts', () => {
  it('loads extra clusters, HSMs down, the seed and trusted attributes, and reads them back as facts', async () => {
    const t = await openTerminal({
      scenario: {
        keys: [{ handle: 262150, keyType: 'AES', value: AES, label: 'wrapper', owner: 3, trusted: true }],
        users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bobpass1' }],
        down: [2], seed: 42,
        clusters: [{ id: 'cluster-2', hsms: 2, keys: [{ handle: 7, keyType: '3DES', value: AES + AES.slice(0, 16), label: 'w2', owner: 3, wrapWithTrusted: true, local: false }], users: [{ userId: 5, name: 'carol', type: 'CU', password: 'carolpw1' }] }],
      },
    });
    await validateStore(t.backend);
    expect(t.session.hsm.seeded).toBe(true);
    const f = await t.session.lessonFacts();
    expect(f.program).toBe('host');
    expect(f.user).toBeNull();
    expect(f.cluster).toBe('cluster-1');
    const [c1, c2] = f.clusters;
    expect(c1!.hsms).toEqual([{ node: 0, state: 'up' }, { node: 1, state: 'up' }, { node: 2, state: 'down' }]);
    expect(c1!.users.map((u) => u.name)).toEqual(['admin', 'app_user', 'example_user', 'bob']);
    expect(c1!.keys).toHaveLength(1);
    expect(c1!.keys[0]).toMatchObject({ handle: 262150, keyReference: '0x0000000000040006', label: 'wrapper', keyType: 'AES', size: 16, trusted: true, wrapWithTrusted: false, owner: 'example_user', token: true, local: true });
    expect(c2!.id).toBe('cluster-2');
    expect(c2!.hsms).toHaveLength(2);
    expect(c2!.users.map((u) => u.name)).toContain('carol');
    expect(c2!.keys[0]).toMatchObject({ handle: 7, keyType: '3DES', size: 24, wrapWithTrusted: true, trusted: false, local: false });
    expect(f.files).toEqual([]);
    // the playground still works on it: the hosts' cluster tooling sees the HSM down
    expect(await t.type('cluster list')).toContain('cluster-2');
  });

  it('facts see session keys of the terminal, locked users, and files', async () => {
    const t = await openTerminal({ scenario: { files: { 'k.bin': AES }, users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bobpass1' }] } });
    await t.type('key_mgmt_util');
    for (let i = 0; i < 5; i++) await t.type('loginHSM -u CU -s bob -p wrongpw1');
    await t.type(LOGIN);
    await t.type('genSymKey -t 31 -s 16 -l s1 -sess');
    const f = await t.session.lessonFacts();
    expect(f.program).toBe('kmu');
    expect(f.user).toEqual({ name: 'example_user', type: 'CU' });
    const k = f.clusters[0]!.keys.find((x) => x.label === 's1');
    expect(k).toMatchObject({ token: false, size: 16, keyType: 'AES' });
    expect(k!.kcv).toMatch(/^[0-9a-f]{6}$/);
    expect(f.files.map((x) => x.path)).toEqual(['/home/user/k.bin']);
    const bob = f.clusters[0]!.users.find((u) => u.name === 'bob')!;
    expect(bob).toMatchObject({ failures: 5, locked: true });
    expect(keyIds(f).size).toBe(1);
  });
  it('facts hold key pairs (PKCS #8 / SPKI material, RSA bits) and the CloudHSM CLI session keys', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('genRSAKeyPair -m 2048 -e 65537 -l rsa');
    let f = await t.session.lessonFacts();
    const pub = f.clusters[0]!.keys.find((k) => k.keyClass === 'public')!;
    const priv = f.clusters[0]!.keys.find((k) => k.keyClass === 'private')!;
    expect(pub).toMatchObject({ keyType: 'RSA', size: 2048, label: 'rsa' });
    expect(priv).toMatchObject({ keyType: 'RSA', size: 2048, extractable: true });
    expect(pub.material[0]).toBe(0x30); // DER SEQUENCE: SubjectPublicKeyInfo
    expect(priv.material[0]).toBe(0x30); // PKCS #8
    expect(priv.material.length).toBeGreaterThan(pub.material.length);
    expect(pub.kcv).toBe(priv.kcv);
    await t.type('genECCKeyPair -i 14 -l ec');
    f = await t.session.lessonFacts();
    expect(f.clusters[0]!.keys.filter((k) => k.keyType === 'EC').map((k) => k.size)).toEqual([384, 384]); // curve 14: secp384r1
    await t.type('exit');
    await t.type('cloudhsm-cli interactive');
    await t.type('login --username example_user --role crypto-user --password example_pwd');
    await t.type('key generate-symmetric aes --label clisess --key-length-bytes 24 --session');
    f = await t.session.lessonFacts();
    expect(f.program).toBe('cli');
    expect(f.user?.name).toBe('example_user');
    expect(f.clusters[0]!.keys.find((k) => k.label === 'clisess')).toMatchObject({ token: false, size: 24, keyType: 'AES' });
  });
});

describe('replay harness', () => {
  const lesson: Lesson = {
    id: 'demo', title: 'Demo', summary: 'A small lesson for the harness.',
    start: { files: { 'plain.key': AES }, users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bobpass1' }] },
    steps: [
      {
        title: 'Log in', text: 'Start key_mgmt_util and log in.', hints: [], refusal: true,
        goals: [{ kind: 'program', text: 'In key_mgmt_util as example_user', program: 'kmu', user: 'example_user' }],
        solution: ['key_mgmt_util', LOGIN],
      },
      {
        title: 'Generate and import', text: 'Make a wrapping key, and import the key file with it.', hints: [],
        goals: [
          { kind: 'key', text: 'A wrapping key', match: { label: 'wrapper', local: true }, bind: 'wrapper' },
          { kind: 'key', text: 'The imported key', match: { label: 'imported', local: false, materialOf: { file: 'plain.key' } }, bind: 'imported' },
        ],
        solution: ['genSymKey -t 31 -s 16 -l wrapper', 'imSymKey -f plain.key -t 31 -l imported -w {wrapper}'],
      },
      {
        title: 'Export', text: 'Export {imported} again.', hints: [],
        goals: [{ kind: 'file', text: 'exported.key holds the material', path: 'exported.key', sameAs: { key: 'imported' } }],
        solution: ['exSymKey -k {imported} -w {wrapper} -out exported.key'],
      },
      {
        title: 'Share', text: 'Share {imported} with bob.', hints: [],
        goals: [{ kind: 'key', text: 'Shared with bob', match: { is: 'imported', sharedWith: 'bob' } }],
        solution: ['exit', 'cloudhsm_mgmt_util', 'loginHSM CU example_user example_pwd', 'shareKey {imported} 4 1', '> y'],
      },
    ],
  };

  it('replays each step: goals unmet before, met after, done at the last line', async () => {
    expect(validateLesson(lesson)).toEqual([]);
    const r = await replayLesson(lesson);
    expect(r.steps.map((s) => [s.metBefore, s.metAfter, s.doneAtLine])).toEqual([
      [[false], [true], 1],
      [[false, false], [true, true], 1],
      [[false], [true], 0],
      [[false], [true], 4],
    ]);
    expect(Object.keys(r.bindings).sort()).toEqual(['imported', 'wrapper']);
    expect(r.steps.map((s) => s.offered)).toEqual(r.steps.map((s) => s.typed));
    expect(r.steps.map((s) => s.runnerStep)).toEqual([1, 2, 3, 4]);
    expect(r.steps[2]!.typed[0]).toBe(`exSymKey -k ${r.bindings['imported']} -w ${r.bindings['wrapper']} -out exported.key`);
  });

  it('reports a solution that no longer works', async () => {
    const broken: Lesson = { ...lesson, steps: [lesson.steps[0]!, { ...lesson.steps[1]!, solution: ['genSymKey -t 31 -s 16 -l wrapper'] }] };
    const r = await replayLesson(broken);
    expect(r.steps[1]!.metAfter).toEqual([true, false]);
    expect(r.steps[1]!.doneAtLine).toBeNull();
  });
});
