/**
 * The lesson-progress port (src/hsm/lesson-progress.ts): one contract run against the memory
 * adapter and the IndexedDB one, then what only IndexedDB has — another connection, damaged
 * records a browser kept, a newer database, another tab upgrading or deleting it, an open held up.
 */
import { freshFactory, rawDelete, rawOpen, rawWrite } from './fake-idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checkpoint, LessonProgress, LessonProgressPort } from '../../src/hsm/lesson-progress';
import { memoryLessonProgress } from '../../src/hsm/memory-lesson-progress';
import { LESSON_PROGRESS_DB, openLessonProgress } from '../../src/platform/lesson-progress';
import { dumpStore, type StoreDump } from '../../src/hsm/checkpoint';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { StorageError } from '../../src/hsm/store';
import { openTerminal } from '../support/transcript';

const progress = (lesson: string, extra: Partial<LessonProgress> = {}): LessonProgress => ({
  lesson, step: 1, done: false, bindings: { imported: 262150, 'wrap-key_2': 7 }, hintsShown: 2,
  started: 1_790_000_000_000, updated: 1_790_000_100_000, ...extra,
});

/** A real playground's records (with key bytes and a file). */
let dumpCache: StoreDump | undefined;
async function sampleDump(): Promise<StoreDump> {
  if (dumpCache) return structuredClone(dumpCache);
  const backend = createMemoryBackend();
  const t = await openTerminal({ backend });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  expect(await t.type('genSymKey -t 31 -s 16 -l k')).toMatch(/Key Handle/);
  dumpCache = await dumpStore(backend);
  expect(dumpCache.keys).toHaveLength(1);
  return structuredClone(dumpCache);
}

const checkpoint = async (lesson: string, step = 1): Promise<Checkpoint> =>
  ({ lesson, step, bindings: { imported: 262150 }, records: await sampleDump() });

function describeProgressContract(name: string, open: () => Promise<LessonProgressPort>): void {
  describe(`lesson progress contract: ${name}`, () => {
    it('starts empty', async () => {
      const p = await open();
      expect(await p.list()).toEqual([]);
      expect(await p.get('import-a-key')).toBeUndefined();
      expect(await p.checkpoint('import-a-key')).toBeUndefined();
    });

    it('keeps progress by lesson, replaces it on put, lists every lesson', async () => {
      const p = await open();
      await p.put(progress('a'));
      await p.put(progress('b-2', { done: true, step: 4 }));
      await p.put(progress('a', { step: 2, hintsShown: 0 }));
      expect(await p.get('a')).toEqual(progress('a', { step: 2, hintsShown: 0 }));
      expect((await p.list()).sort((x, y) => (x.lesson < y.lesson ? -1 : 1)))
        .toEqual([progress('a', { step: 2, hintsShown: 0 }), progress('b-2', { done: true, step: 4 })]);
    });

    it('hands out copies, and keeps a copy of what it was given; bindings are null-prototype tables', async () => {
      const p = await open();
      const given = progress('a');
      await p.put(given);
      given.step = 9;
      given.bindings['imported'] = 1;
      const got = (await p.get('a'))!;
      expect(got.step).toBe(1);
      expect(got.bindings['imported']).toBe(262150);
      expect(Object.getPrototypeOf(got.bindings)).toBeNull();
      expect(got.bindings['toString']).toBeUndefined();
      got.step = 5;
      got.bindings['imported'] = 2;
      expect((await p.get('a'))!.step).toBe(1);
      expect((await p.list())[0]!.bindings['imported']).toBe(262150);
    });

    it('keeps a checkpoint per lesson with its records (bytes included), replaced on save', async () => {
      const p = await open();
      const c = await checkpoint('a');
      await p.saveCheckpoint(c);
      const got = (await p.checkpoint('a'))!;
      expect(got).toEqual({ ...c, bindings: Object.assign(Object.create(null) as object, c.bindings) });
      expect(got.records.keys[0]!['value']).toBeInstanceOf(Uint8Array);
      expect(Object.getPrototypeOf(got.bindings)).toBeNull();
      (c.records.keys[0]!['value'] as Uint8Array)[0]! ^= 1; // the caller's copy, not the kept one
      got.records.keys.length = 0;
      expect((await p.checkpoint('a'))!.records.keys).toHaveLength(1);
      expect((await p.checkpoint('a'))!.records.keys[0]!['value']).not.toEqual(c.records.keys[0]!['value']);
      await p.saveCheckpoint(await checkpoint('a', 2));
      expect((await p.checkpoint('a'))!.step).toBe(2);
      expect(await p.checkpoint('b')).toBeUndefined();
    });

    it('delete forgets the progress and the checkpoint of that lesson only', async () => {
      const p = await open();
      await p.put(progress('a'));
      await p.put(progress('b'));
      await p.saveCheckpoint(await checkpoint('a'));
      await p.saveCheckpoint(await checkpoint('b'));
      await p.delete('a');
      await p.delete('never-started');
      expect(await p.get('a')).toBeUndefined();
      expect(await p.checkpoint('a')).toBeUndefined();
      expect((await p.get('b'))?.lesson).toBe('b');
      expect((await p.checkpoint('b'))?.lesson).toBe('b');
      expect((await p.list()).map((x) => x.lesson)).toEqual(['b']);
    });

    it('refuses a malformed progress record with a TypeError and keeps nothing of it', async () => {
      const p = await open();
      await p.put(progress('a'));
      const bad: [unknown, RegExp][] = [
        [progress('A'), /lesson id/],
        [progress('a/../b'), /lesson id/],
        [progress('x'.repeat(65)), /lesson id/],
        [progress('a', { step: -1 }), /step/],
        [progress('a', { step: 1.5 }), /step/],
        [progress('a', { done: 'yes' as unknown as boolean }), /done/],
        [progress('a', { hintsShown: Number.NaN }), /hint/],
        [progress('a', { started: -5 }), /times/],
        [progress('a', { updated: Infinity }), /times/],
        [progress('a', { bindings: { '1bad': 3 } }), /binding "1bad"/],
        [progress('a', { bindings: { ok: -1 } }), /binding "ok"/],
        [progress('a', { bindings: { ok: '3' as unknown as number } }), /binding "ok"/],
        [progress('a', { bindings: [] as unknown as Record<string, number> }), /bindings/],
        [progress('a', { bindings: JSON.parse('{"__proto__": 5}') as Record<string, number> }), /binding "__proto__"/],
        [progress('a', { bindings: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, i])) }), /too many bindings/],
        [null, /not a progress record/],
        [new Date(), /not a progress record/],
      ];
      for (const [rec, why] of bad) {
        await expect(p.put(rec as LessonProgress), JSON.stringify(rec)).rejects.toThrow(TypeError);
        await expect(p.put(rec as LessonProgress)).rejects.toThrow(why);
      }
      expect(await p.list()).toEqual([progress('a')]);
    });

    it('refuses a checkpoint whose records restoreDump would refuse', async () => {
      const p = await open();
      const c = await checkpoint('a');
      c.records.keys[0]!['value'] = new Uint8Array(3);
      await expect(p.saveCheckpoint(c)).rejects.toThrow(/cannot keep this lesson checkpoint: its records: the record keys\/.* is damaged/);
      const missing = await checkpoint('a');
      delete (missing.records as Partial<StoreDump>).files;
      await expect(p.saveCheckpoint(missing)).rejects.toThrow(/its files store is missing/);
      await expect(p.saveCheckpoint({ ...(await checkpoint('a')), step: -2 })).rejects.toThrow(TypeError);
      expect(await p.checkpoint('a')).toBeUndefined();
    });

    it('an id that is not a lesson id reads as absent and deletes nothing', async () => {
      const p = await open();
      await p.put(progress('a'));
      for (const id of ['', 'A', '../a', '__proto__', 'constructor', 'a'.repeat(65)]) {
        expect(await p.get(id)).toBeUndefined();
        expect(await p.checkpoint(id)).toBeUndefined();
        await p.delete(id);
      }
      expect(await p.list()).toHaveLength(1);
    });
  });
}

describeProgressContract('memory', async () => memoryLessonProgress());
describeProgressContract('IndexedDB', async () => openLessonProgress(freshFactory()));

describe('lesson progress in IndexedDB', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('database kmu-playground-lessons, version 1, stores progress and checkpoints keyed by lesson', async () => {
    const factory = freshFactory();
    const p = await openLessonProgress(factory);
    await p.put(progress('a'));
    const raw = await rawOpen(factory, LESSON_PROGRESS_DB);
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames].sort()).toEqual(['checkpoints', 'progress']);
    const tx = raw.transaction('progress');
    expect(tx.objectStore('progress').keyPath).toBe('lesson');
    expect(raw.transaction('checkpoints').objectStore('checkpoints').keyPath).toBe('lesson');
    raw.close();
  });

  it('a second connection (another tab, a reload) reads what the first wrote', async () => {
    const factory = freshFactory();
    const one = await openLessonProgress(factory);
    await one.put(progress('a'));
    await one.saveCheckpoint(await checkpoint('a'));
    const two = await openLessonProgress(factory);
    expect(await two.get('a')).toEqual(progress('a'));
    expect((await two.checkpoint('a'))?.records).toEqual(await sampleDump());
  });

  it('a damaged record reads as absent with a warning, never a crash; the others still read', async () => {
    const factory = freshFactory();
    const p = await openLessonProgress(factory);
    await p.put(progress('good'));
    await p.saveCheckpoint(await checkpoint('good'));
    const raw = await rawOpen(factory, LESSON_PROGRESS_DB);
    const damagedDump = await sampleDump();
    damagedDump.keys[0]!['handle'] = 'six';
    await rawWrite(raw, 'progress', (s) => {
      s.put({ ...progress('bad-step'), step: 'two' });
      s.put({ lesson: 'bare' });
      s.put({ ...progress('huge'), bindings: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) });
      s.put(JSON.parse('{"lesson": "proto", "__proto__": {"step": 1}}') as object);
    });
    await rawWrite(raw, 'checkpoints', (s) => {
      s.put({ lesson: 'bad-dump', step: 0, bindings: {}, records: damagedDump });
      s.put({ lesson: 'no-dump', step: 0, bindings: {} });
      s.put({ lesson: 'proto-dump', step: 0, bindings: {}, records: JSON.parse('{"__proto__": [], "meta": [], "clusters": [], "users": [], "keys": [], "files": []}') as object });
    });
    raw.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const id of ['bad-step', 'bare', 'huge', 'proto']) expect(await p.get(id)).toBeUndefined();
    for (const id of ['bad-dump', 'no-dump', 'proto-dump']) expect(await p.checkpoint(id)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(7);
    expect(String(warn.mock.calls[0]![0])).toMatch(/saved lesson progress of "bad-step" is damaged/);
    expect(String(warn.mock.calls[4]![1])).toMatch(/its records: the record keys\/.* is damaged/);
    warn.mockClear();
    expect((await p.list()).map((x) => x.lesson)).toEqual(['good']);
    expect(warn).toHaveBeenCalledTimes(4);
    expect(await p.get('good')).toEqual(progress('good'));
    expect((await p.checkpoint('good'))?.step).toBe(1);
    // saving the lesson again replaces the damaged record
    await p.put(progress('bare'));
    expect(await p.get('bare')).toEqual(progress('bare'));
    expect(({} as Record<string, unknown>)['step']).toBeUndefined();
  });

  it('a database of a newer version is refused (the page keeps progress in memory) and left untouched', async () => {
    const factory = freshFactory();
    const newer = await rawOpen(factory, LESSON_PROGRESS_DB, 2, (db) => db.createObjectStore('progress', { keyPath: 'lesson' }));
    newer.close();
    const e = await openLessonProgress(factory).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toMatch(/saved by a newer version of kmu-playground; it was left untouched/);
    const again = await rawOpen(factory, LESSON_PROGRESS_DB);
    expect(again.version).toBe(2);
    again.close();
  });

  it('a database of that name without its stores is refused and left untouched', async () => {
    const factory = freshFactory();
    const other = await rawOpen(factory, LESSON_PROGRESS_DB, 1, (db) => db.createObjectStore('progress', { keyPath: 'lesson' }));
    other.close();
    await expect(openLessonProgress(factory)).rejects.toThrow(/has no "checkpoints" store; it was not created by kmu-playground/);
  });

  it('another tab deleting or upgrading the database: this connection closes, later calls say why', async () => {
    const factory = freshFactory();
    const p = await openLessonProgress(factory);
    await p.put(progress('a'));
    expect(await rawDelete(factory, LESSON_PROGRESS_DB)).toEqual({ blocked: false });
    await expect(p.get('a')).rejects.toThrow(StorageError);
    await expect(p.put(progress('a'))).rejects.toThrow(/closed because another tab is upgrading or deleting it/);
    // and an upgrade by a newer release is not blocked either
    const q = await openLessonProgress(factory);
    const up = await rawOpen(factory, LESSON_PROGRESS_DB, 2);
    expect(up.version).toBe(2);
    up.close();
    await expect(q.list()).rejects.toThrow(StorageError);
  });

  it('an open another tab holds up rejects within the timeout; the late connection is closed at once', async () => {
    const factory = freshFactory();
    const holder = await rawOpen(factory, LESSON_PROGRESS_DB, 1, (db) => {
      db.createObjectStore('progress', { keyPath: 'lesson' });
      db.createObjectStore('checkpoints', { keyPath: 'lesson' });
    });
    holder.onversionchange = () => {}; // an old tab that does not close
    const deleting = rawDelete(factory, LESSON_PROGRESS_DB);
    await expect(openLessonProgress(factory, { timeoutMs: 20 })).rejects.toThrow(/did not open: another tab of kmu-playground is holding it/);
    holder.close();
    await deleting;
    // the queued open then ran and closed its connection: nothing blocks this deletion
    await new Promise((r) => setTimeout(r, 10));
    expect(await rawDelete(factory, LESSON_PROGRESS_DB)).toEqual({ blocked: false });
  }, 3000);

  it('no IndexedDB at all: rejects with a StorageError', async () => {
    await expect(openLessonProgress()).rejects.toThrow(/IndexedDB is not available/);
  });
});
