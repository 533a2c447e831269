/**
 * The whole playground as one JSON file (issue 15, item 3; src/hsm/playground-file.ts): an export
 * imported into a fresh playground has every key (same KCVs), user, file, setting and the lessons'
 * progress; a malformed, truncated, newer-version, inconsistent, oversized or prototype-polluting
 * file is refused with a clear reason and the store and the lesson progress unchanged.
 */
import { describe, expect, it } from 'vitest';
import { dumpStore, type StoreDump } from '../../src/hsm/checkpoint';
import { cachedBackend } from '../../src/hsm/cached-backend';
import type { LessonProgressPort } from '../../src/hsm/lesson-progress';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { memoryLessonProgress } from '../../src/hsm/memory-lesson-progress';
import {
  MAX_PLAYGROUND_FILE_CHARS, PLAYGROUND_FILE_VERSION, PlaygroundFileError, currentSummary, exportFileName, exportPlayground,
  importPlayground, parsePlaygroundFile, summarize,
} from '../../src/hsm/playground-file';
import { SCHEMA_VERSION, STORE_NAMES, type Backend } from '../../src/hsm/store';
import { openStorage } from '../../src/platform/open-storage';
import { openTerminal, type Terminal } from '../support/transcript';
import { freshFactory } from '../store/fake-idb';

const handleOf = (out: string): number => {
  const m = /Key Handle: (\d+)/.exec(out);
  if (!m) throw new Error(`no key handle in ${out}`);
  return Number(m[1]);
};

/** The KCV of each key in `handles`, as key_mgmt_util writes it (getAttribute -a 371, then cat); from KMU, logged in, back at `$ `. */
async function kcvs(t: Terminal, handles: number[]): Promise<string[]> {
  for (const h of handles) {
    expect(await t.type(`getAttribute -o ${h} -a 371 -out kcv-${h}`)).toMatch(/Attributes dumped/);
  }
  await t.type('exit');
  const out: string[] = [];
  for (const h of handles) out.push(await t.type(`cat kcv-${h}`));
  await t.type('rm ' + handles.map((h) => `kcv-${h}`).join(' '));
  return out;
}

/** The token and session keys example_user finds (from KMU, logged in). */
async function found(t: Terminal): Promise<number[]> {
  const line = /number of keys matched from start index 0::\d+\n(.*)$/m.exec(await t.type('findKey'));
  return line ? line[1]!.split(', ').map(Number).sort((a, b) => a - b) : [];
}

/** A playground with token keys (AES, 3DES, an RSA pair), a session key, a file, a user, a seed; left logged in to key_mgmt_util. */
async function playground(backend: Backend): Promise<{ t: Terminal; handles: number[] }> {
  const t = await openTerminal({ backend });
  await t.type('openssl rand -out notes.bin 48');
  await t.type('cloudhsm_mgmt_util');
  await t.type('loginHSM CO admin co12345');
  await t.type('createUser CU alice alice_pwd');
  await t.type('y');
  await t.type('quit');
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  const handles = [
    handleOf(await t.type('genSymKey -t 31 -s 32 -l aes')),
    handleOf(await t.type('genSymKey -t 21 -s 24 -l des3')),
  ];
  handleOf(await t.type('genSymKey -t 31 -s 16 -l sess -sess'));
  const pair = await t.type('genRSAKeyPair -m 2048 -e 65537 -l rsa');
  handles.push(...[...pair.matchAll(/handle: (\d+)/gi)].map((m) => Number(m[1])));
  await t.type('exit');
  expect(await t.type('settings seed 1234')).toContain('1234');
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  return { t, handles };
}

/** Content of a dump without revisions (a restore bumps them) and without the backend's schema tag. */
function content(d: StoreDump): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of STORE_NAMES) {
    out[s] = d[s].filter((r) => !(s === 'meta' && r.id === 'schema')).map(({ rev: _rev, ...rest }) => rest);
  }
  return out;
}

const NOW = new Date(Date.UTC(2026, 11, 7, 10, 0, 0));

async function lessonsWithProgress(backend: Backend): Promise<LessonProgressPort> {
  const port = memoryLessonProgress();
  await port.put({ lesson: 'first-key', step: 1, done: false, bindings: { wrapper: 6 }, hintsShown: 1, started: 1, updated: 2 });
  await port.saveCheckpoint({ lesson: 'first-key', step: 1, bindings: { wrapper: 6 }, records: await dumpStore(backend) });
  await port.put({ lesson: 'finished-one', step: 3, done: true, bindings: {}, hintsShown: 0, started: 5, updated: 9 });
  return port;
}

async function lessonState(port: LessonProgressPort): Promise<unknown> {
  const list = (await port.list()).sort((a, b) => a.lesson.localeCompare(b.lesson));
  return Promise.all(list.map(async (p) => ({ p: { ...p, bindings: { ...p.bindings } }, c: await port.checkpoint(p.lesson) })));
}

describe('export then import', () => {
  it('a fresh playground gets every key (same KCVs), user, file, setting and the lesson progress', async () => {
    const source = cachedBackend(createMemoryBackend());
    const { t, handles } = await playground(source);
    const sourceLessons = await lessonsWithProgress(source);
    const text = await exportPlayground(source, sourceLessons, NOW);
    expect(exportFileName(NOW)).toBe('kmu-playground-2026-12-07.json');

    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json['format']).toBe('kmu-playground');
    expect(json['version']).toBe(PLAYGROUND_FILE_VERSION);
    expect(json['schema']).toBe(SCHEMA_VERSION);
    expect(json['exported']).toBe('2026-12-07T10:00:00.000Z');
    expect(text).toContain('"$base64"'); // key values and files as Base64
    // the backend's own tag stays home (a lesson checkpoint, a dump as the progress port keeps it, holds one)
    expect((json['stores'] as { meta: Array<{ id: string }> }).meta.map((r) => r.id)).not.toContain('schema');

    const file = parsePlaygroundFile(text);
    const target = cachedBackend(createMemoryBackend());
    const fresh = await openTerminal({ backend: target });
    await fresh.type('ls'); // (the first command waits for the fresh playground's set-up)
    const targetLessons = memoryLessonProgress();
    await targetLessons.put({ lesson: 'other', step: 0, done: false, bindings: {}, hintsShown: 0, started: 1, updated: 1 });
    expect(await currentSummary(target, targetLessons)).toEqual({ clusters: ['cluster-1'], users: 3, keys: 0, files: 0, lessons: 1 });
    expect(summarize(file.stores, file.lessons.length)).toEqual({ clusters: ['cluster-1'], users: 4, keys: 4, files: 1, lessons: 2 });

    await importPlayground(target, file, targetLessons);
    expect(content(await dumpStore(target))).toEqual(content(await dumpStore(source)));
    expect(await lessonState(targetLessons)).toEqual(await lessonState(sourceLessons));

    // seen through the consoles: the same keys with the same KCVs, the user, the file, the seed
    await fresh.type('key_mgmt_util');
    await fresh.type('loginHSM -u CU -s example_user -p example_pwd');
    // (the session key is in neither: it ended with its session, and was never stored)
    expect(await found(t)).toEqual([...handles].sort((a, b) => a - b));
    expect(await found(fresh)).toEqual([...handles].sort((a, b) => a - b));
    const after = await kcvs(fresh, handles);
    const before = await kcvs(t, handles);
    expect(after).toEqual(before);
    for (const v of after) expect(v).toMatch(/^OBJ_ATTR_KCV\n0x[0-9a-f]{6}/);
    expect(await fresh.type('ls')).toMatch(/notes\.bin/);
    expect(await fresh.type('settings')).toMatch(/1234/);
    await fresh.type('key_mgmt_util');
    expect(await fresh.type('loginHSM -u CU -s alice -p alice_pwd')).toMatch(/Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS/);
  }, 60_000);

  it('into IndexedDB: one commit a second connection sees', async () => {
    const source = cachedBackend(createMemoryBackend());
    await playground(source);
    const text = await exportPlayground(source, undefined, NOW);
    const factory = freshFactory();
    const onFallback = (r: string) => { throw new Error(`fell back: ${r}`); };
    const a = await openStorage({ name: 'import', factory, onFallback });
    await openTerminal({ backend: a });
    await importPlayground(a, parsePlaygroundFile(text));
    const b = await openStorage({ name: 'import', factory, onFallback });
    expect(content(await dumpStore(b))).toEqual(content(await dumpStore(source)));
    a.close();
    b.close();
  }, 60_000);

  it('an export of a damaged playground is refused at once (it could not be imported)', async () => {
    const source = cachedBackend(createMemoryBackend());
    await playground(source);
    const key = (await source.list('keys'))[0]!;
    await source.commit([{ op: 'put', store: 'keys', value: { ...key, handle: 'x', rev: key.rev + 1 } }]);
    await expect(exportPlayground(source)).rejects.toThrow(/cannot be exported as it is/);
  }, 60_000);
});

describe('refused imports leave the store and the lesson progress unchanged', () => {
  /** A playground and its lesson progress, the text of another playground's export, and a check that nothing changed. */
  async function setup() {
    const other = cachedBackend(createMemoryBackend());
    await playground(other);
    const text = await exportPlayground(other, await lessonsWithProgress(other), NOW);
    const backend = cachedBackend(createMemoryBackend());
    const t = await openTerminal({ backend });
    await t.type('openssl rand -out mine.bin 8');
    const lessons = memoryLessonProgress();
    await lessons.put({ lesson: 'mine', step: 2, done: false, bindings: {}, hintsShown: 0, started: 1, updated: 1 });
    const before = { store: await dumpStore(backend), lessons: await lessonState(lessons) };
    /** Parse and import `bad`: the refusal's message (the store checked unchanged, revisions included). */
    const refused = async (bad: string): Promise<string> => {
      let error: unknown;
      try {
        await importPlayground(backend, parsePlaygroundFile(bad), lessons);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PlaygroundFileError);
      expect(await dumpStore(backend)).toEqual(before.store);
      expect(await lessonState(lessons)).toEqual(before.lessons);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      return (error as Error).message;
    };
    return { text, refused };
  }

  const edit = (text: string, change: (j: Record<string, any>) => void): string => {
    const j = JSON.parse(text) as Record<string, any>;
    change(j);
    return JSON.stringify(j);
  };

  it('malformed, truncated, empty, not an export', async () => {
    const { text, refused } = await setup();
    expect(await refused('{"format": "kmu-playground", ')).toMatch(/^This file cannot be imported: it is not complete, well-formed JSON \(was it cut short\?\)\. Nothing was changed\.$/);
    expect(await refused(text.slice(0, Math.floor(text.length / 2)))).toMatch(/not complete, well-formed JSON/);
    expect(await refused(text.slice(0, -3))).toMatch(/not complete, well-formed JSON/);
    expect(await refused('')).toMatch(/it is empty/);
    expect(await refused('[1, 2]')).toMatch(/not a kmu-playground export/);
    expect(await refused('{"lessons": []}')).toMatch(/not a kmu-playground export/);
    expect(await refused(edit(text, (j) => { delete j['stores']; }))).toMatch(/holds no playground records/);
    expect(await refused(edit(text, (j) => { j['stores'].keys = 'none'; }))).toMatch(/its records: its keys store is missing/);
    expect(await refused(edit(text, (j) => { j['extra'] = 1; }))).toMatch(/unknown field "extra"/);
    expect(await refused(edit(text, (j) => { delete j['lessons']; }))).toMatch(/lesson progress is missing/);
    // bytes that are not Base64
    expect(await refused(edit(text, (j) => { j['stores'].files[0].data = { $base64: 'not base64!' }; }))).toMatch(/not well-formed Base64/);
    expect(await refused(edit(text, (j) => { j['stores'].files[0].data = { $base64: 'AAAA', more: 1 }; }))).toMatch(/not well-formed Base64/);
  }, 60_000);

  it('a newer version of the file format or of the records\' schema', async () => {
    const { text, refused } = await setup();
    expect(await refused(edit(text, (j) => { j['version'] = PLAYGROUND_FILE_VERSION + 1; })))
      .toBe(`This file cannot be imported: it was made by a newer version of kmu-playground (file format ${PLAYGROUND_FILE_VERSION + 1}; this version reads format ${PLAYGROUND_FILE_VERSION}). Nothing was changed.`);
    expect(await refused(edit(text, (j) => { j['schema'] = SCHEMA_VERSION + 1; }))).toMatch(/newer version of kmu-playground \(record schema/);
    expect(await refused(edit(text, (j) => { j['schema'] = 1; }))).toMatch(/schema 1, which no release exported/);
    expect(await refused(edit(text, (j) => { j['version'] = '1'; }))).toMatch(/format version is missing or malformed/);
    expect(await refused(edit(text, (j) => { j['stores'].meta.push({ id: 'schema', rev: 1, version: 99 }); }))).toMatch(/schema tag/);
  }, 60_000);

  it('"__proto__" keys anywhere (prototype pollution) are refused, and nothing is polluted', async () => {
    const { text, refused } = await setup();
    expect(await refused(`{"__proto__": {"polluted": true}, ${text.trimStart().slice(1)}`)).toMatch(/the file has a field named "__proto__"/);
    // inside a key record, inside its attributes, inside the lesson progress's bindings
    const inKey = text.replace(/("keys": \[\n\s*\{)/, '$1"__proto__": {"polluted": true}, ');
    expect(inKey).not.toBe(text);
    expect(await refused(inKey)).toMatch(/stores\.keys\[0\] has a field named "__proto__"/);
    const inAttrs = text.replace(/("attrs": \{)/, '$1"__proto__": {"polluted": true}, ');
    expect(inAttrs).not.toBe(text);
    expect(await refused(inAttrs)).toMatch(/has a field named "__proto__"/);
    const inBindings = text.replace(/("bindings": \{)(?=\s*")/, '$1"__proto__": 1, ');
    expect(inBindings).not.toBe(text);
    expect(await refused(inBindings)).toMatch(/has a field named "__proto__"/);
  }, 60_000);

  it('inconsistent records, duplicates, damaged lesson progress', async () => {
    const { text, refused } = await setup();
    // a key whose id names another handle than its field
    expect(await refused(edit(text, (j) => { j['stores'].keys[0].handle += 1; }))).toMatch(/its records: the record keys\/cluster-1\/\d+ is damaged/);
    expect(await refused(edit(text, (j) => { j['stores'].keys.push(j['stores'].keys[0]); }))).toMatch(/is there twice/);
    expect(await refused(edit(text, (j) => { j['stores'].users[0].verifier = 'open sesame'; }))).toMatch(/is damaged/);
    expect(await refused(edit(text, (j) => { j['stores'].clusters = [{ id: 'c', rev: 1 }]; }))).toMatch(/is damaged/);
    expect(await refused(edit(text, (j) => { j['stores'].wallet = []; }))).toMatch(/unknown store "wallet"/);
    // (lessons are exported in id order: entry 0 is finished-one, without a checkpoint; entry 1 first-key)
    expect(await refused(edit(text, (j) => { j['lessons'].push(j['lessons'][1]); }))).toMatch(/the lesson "first-key" twice/);
    expect(await refused(edit(text, (j) => { j['lessons'][1].progress.step = -1; }))).toMatch(/progress of its lesson entry 1 is malformed/);
    expect(await refused(edit(text, (j) => { j['lessons'][1].progress.lesson = '../x'; }))).toMatch(/lesson id is malformed/);
    expect(await refused(edit(text, (j) => { j['lessons'][1].checkpoint.lesson = 'finished-one'; }))).toMatch(/names another lesson/);
    expect(await refused(edit(text, (j) => { j['lessons'][1].checkpoint.records.keys[0].handle += 1; }))).toMatch(/checkpoint of its lesson "first-key" is malformed/);
    expect(await refused(edit(text, (j) => { j['lessons'][0].extra = 1; }))).toMatch(/lesson entry 0 is malformed/);
  }, 60_000);

  it('oversized: a text over the cap is refused before it is parsed; nesting too deep', async () => {
    const { text, refused } = await setup();
    expect(await refused(' '.repeat(MAX_PLAYGROUND_FILE_CHARS + 1))).toMatch(/larger than a playground can be/);
    expect(await refused(edit(text, (j) => { let o: any = {}; j['stores'].keys[0].deep = o; for (let i = 0; i < 40; i++) o = o.x = {}; })))
      .toMatch(/nested too deeply/);
  }, 60_000);
});
