/**
 * Lesson playgrounds (src/platform/lesson-storage.ts): each lesson's playground is a database of
 * its own beside the free-play one, opened like it (openStorage with the lesson's name) and deleted
 * from Settings; an id is checked before any database name is formed from it.
 */
import { freshFactory, rawOpen } from './fake-idb';
import { describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../src/hsm/store';
import { openStorage } from '../../src/platform/open-storage';
import { DEFAULT_DB_NAME } from '../../src/platform/idb-backend';
import { LESSON_DB_PREFIX, deleteLessonStorage, lessonDbName, listLessonStorages, openLessonStorage } from '../../src/platform/lesson-storage';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal } from '../support/transcript';

const noFallback = (reason: string): void => {
  throw new Error(`fell back to memory: ${reason}`);
};

const BAD_IDS = ['', 'A', 'import key', '../kmu-playground', 'a/b', 'é', 'x'.repeat(65), '__proto__', 'a_b'];

async function names(factory: IDBFactory): Promise<string[]> {
  return (await factory.databases()).map((d) => d.name ?? '').sort();
}

describe('lessonDbName', () => {
  it('is the prefix and the id, for lesson ids only', () => {
    expect(LESSON_DB_PREFIX).toBe('kmu-playground-lesson-');
    expect(lessonDbName('01-import-a-key')).toBe('kmu-playground-lesson-01-import-a-key');
    expect(lessonDbName('x'.repeat(64))).toBe(`kmu-playground-lesson-${'x'.repeat(64)}`);
    for (const id of BAD_IDS) expect(() => lessonDbName(id), id).toThrow(TypeError);
    expect(() => lessonDbName(7 as unknown as string)).toThrow(TypeError);
  });
});

describe('openLessonStorage', () => {
  it('opens the lesson\'s own database; the free-play playground is not touched', async () => {
    const factory = freshFactory();
    const free = await openStorage({ factory, onFallback: noFallback });
    const ft = await openTerminal({ backend: free });
    await ft.type('key_mgmt_util');
    await ft.type('loginHSM -u CU -s example_user -p example_pwd');
    await ft.type('genSymKey -t 31 -s 16 -l free-play');
    const before = await dumpIdb(DEFAULT_DB_NAME, factory);

    const lesson = await openLessonStorage('import-a-key', { factory, onFallback: noFallback, name: DEFAULT_DB_NAME });
    expect(lesson.kind).toBe('indexeddb');
    const lt = await openTerminal({ backend: lesson });
    await lt.type('key_mgmt_util');
    await lt.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await lt.type('findKey -l free-play')).toMatch(/Total number of keys present 0/);
    await lt.type('genSymKey -t 31 -s 32 -l lesson-key');

    expect(await dumpIdb(DEFAULT_DB_NAME, factory)).toBe(before);
    expect(await names(factory)).toEqual([DEFAULT_DB_NAME, 'kmu-playground-lesson-import-a-key']);
    const stored = JSON.parse(await dumpIdb('kmu-playground-lesson-import-a-key', factory)) as { stores: { keys: { records: unknown[] } } };
    expect(stored.stores.keys.records).toHaveLength(1);
    free.close();
    lesson.close();
  });

  it('refuses an id that is not a lesson id before any database is opened', async () => {
    const factory = freshFactory();
    for (const id of BAD_IDS) {
      await expect(openLessonStorage(id, { factory, onFallback: noFallback }), id).rejects.toThrow(TypeError);
    }
    expect(await names(factory)).toEqual([]);
  });

  it('falls back to memory like the free-play storage, saying why', async () => {
    const reasons: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const backend = await openLessonStorage('a', { onFallback: (r) => reasons.push(r) }); // no IndexedDB here
    expect(backend.kind).toBe('memory');
    expect(reasons).toEqual([expect.stringMatching(/IndexedDB is not available/)]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('deleteLessonStorage', () => {
  it('deletes the lesson\'s database only', async () => {
    const factory = freshFactory();
    (await openStorage({ factory, onFallback: noFallback })).close();
    (await openLessonStorage('a', { factory, onFallback: noFallback })).close();
    (await openLessonStorage('b', { factory, onFallback: noFallback })).close();
    await deleteLessonStorage('a', factory);
    expect(await names(factory)).toEqual([DEFAULT_DB_NAME, 'kmu-playground-lesson-b']);
    await deleteLessonStorage('never-opened', factory); // nothing there: resolves
    expect(await names(factory)).toEqual([DEFAULT_DB_NAME, 'kmu-playground-lesson-b']);
  });

  it('a playground another tab of kmu-playground has open: that tab lets go, the deletion goes through', async () => {
    const factory = freshFactory();
    const other = await openLessonStorage('a', { factory, onFallback: noFallback });
    await other.list('keys');
    await deleteLessonStorage('a', factory, 200);
    expect(await names(factory)).toEqual([]);
  });

  it('a tab that keeps it open: rejects with a sentence within the timeout; deleted once that tab lets go', async () => {
    const factory = freshFactory();
    (await openLessonStorage('a', { factory, onFallback: noFallback })).close();
    const holder = await rawOpen(factory, lessonDbName('a'));
    holder.onversionchange = () => {}; // does not close
    const e = await deleteLessonStorage('a', factory, 30).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toBe('the lesson playground "a" is not deleted yet: another tab of kmu-playground is ' +
      'keeping it open; close the other playground tabs (it is deleted as soon as they let go of it)');
    expect(await names(factory)).toEqual(['kmu-playground-lesson-a']);
    holder.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(await names(factory)).toEqual([]);
  }, 3000);

  it('refuses an id that is not a lesson id: nothing is deleted', async () => {
    const factory = freshFactory();
    (await openStorage({ factory, onFallback: noFallback })).close();
    for (const id of ['', '../kmu-playground', 'A']) await expect(deleteLessonStorage(id, factory)).rejects.toThrow(TypeError);
    expect(await names(factory)).toEqual([DEFAULT_DB_NAME]);
  });

  it('no IndexedDB: nothing to delete', async () => {
    await expect(deleteLessonStorage('a')).resolves.toBeUndefined();
  });
});

describe('listLessonStorages', () => {
  it('lists the lesson playgrounds the browser holds, by id, and nothing else', async () => {
    const factory = freshFactory();
    expect(await listLessonStorages(factory)).toEqual([]);
    (await openStorage({ factory, onFallback: noFallback })).close();
    (await openLessonStorage('b-lesson', { factory, onFallback: noFallback })).close();
    (await openLessonStorage('a', { factory, onFallback: noFallback })).close();
    (await rawOpen(factory, `${LESSON_DB_PREFIX}Not_An_Id`)).close();
    (await rawOpen(factory, 'kmu-playground-lessons')).close();
    expect(await listLessonStorages(factory)).toEqual(['a', 'b-lesson']);
    await deleteLessonStorage('a', factory);
    expect(await listLessonStorages(factory)).toEqual(['b-lesson']);
  });

  it('a browser that cannot list its databases, or has no IndexedDB: none', async () => {
    expect(await listLessonStorages({ open: () => { throw new Error('x'); } } as unknown as IDBFactory)).toEqual([]);
    const failing = { databases: () => Promise.reject(new Error('SecurityError')) } as unknown as IDBFactory;
    expect(await listLessonStorages(failing)).toEqual([]);
    expect(await listLessonStorages()).toEqual([]);
  });
});
