/**
 * An IndexedDB open that another tab holds up (issue 11, finding 5). `onblocked` fires only for
 * the request that needs the upgrade; an open that needs none just waits in the queue behind
 * another tab's blocked upgrade or deleteDatabase, for as long as that tab keeps its connection.
 * The open gives up after a timeout (the page then starts in memory with a banner saying why), and
 * a connection that opens after it gave up is closed at once, so it blocks no one.
 */
import { freshFactory, rawDelete, rawOpen } from './fake-idb';
import { describe, expect, it } from 'vitest';
import { OPEN_TIMEOUT_MS, openIdbBackend } from '../../src/platform/idb-backend';
import { openStorage } from '../../src/platform/open-storage';
import { SCHEMA_VERSION, StorageError } from '../../src/hsm/store';
import { openTerminal } from '../support/transcript';

/**
 * Another tab keeps a connection and ignores versionchange; a third one asks to delete the
 * database, which waits for it; every later open waits behind that request.
 */
async function heldByAnotherTab(factory: IDBFactory, name: string) {
  const holder = await rawOpen(factory, name, SCHEMA_VERSION, (db) => db.createObjectStore('meta', { keyPath: 'id' }));
  holder.onversionchange = () => {}; // does not close: the deletion below waits for it
  const deleted = rawDelete(factory, name);
  return { deleted, release: () => holder.close() };
}

const BLOCKED = /did not open: another tab of kmu-playground is holding it/;

describe('an IndexedDB open that never completes', () => {
  it('gives up after a few seconds by default', () => {
    expect(OPEN_TIMEOUT_MS).toBe(3000);
  });

  it('held up behind another tab: rejects with a StorageError that says why, within the timeout', async () => {
    const factory = freshFactory();
    const tab = await heldByAnotherTab(factory, 'db');
    const e = await openIdbBackend({ name: 'db', factory, timeoutMs: 20 }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toMatch(BLOCKED);
    tab.release();
    expect(await tab.deleted).toEqual({ blocked: true });
  }, 2000);

  it('a connection that opens after the timeout is closed at once: it blocks no later upgrade or deletion', async () => {
    const factory = freshFactory();
    const tab = await heldByAnotherTab(factory, 'db');
    await expect(openIdbBackend({ name: 'db', factory, timeoutMs: 20 })).rejects.toThrow(BLOCKED);
    tab.release();
    await tab.deleted;
    // the queued open now succeeds (creating the database) and is closed: an upgrade is not blocked
    const next = await rawOpen(factory, 'db', SCHEMA_VERSION + 1);
    expect(next.version).toBe(SCHEMA_VERSION + 1);
    next.close();
    expect(await rawDelete(factory, 'db')).toEqual({ blocked: false });
  }, 2000);

  it('a factory whose open request never answers: rejects within the timeout', async () => {
    const factory = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    await expect(openIdbBackend({ name: 'db', factory, timeoutMs: 20 })).rejects.toThrow(BLOCKED);
  }, 2000);

  it('the page storage: starts in memory with the reason, and the console works on it', async () => {
    const factory = freshFactory();
    const tab = await heldByAnotherTab(factory, 'db');
    const reasons: string[] = [];
    const backend = await openStorage({ name: 'db', factory, timeoutMs: 20, onFallback: (r) => reasons.push(r) });
    expect(backend.kind).toBe('memory');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(BLOCKED);
    const t = await openTerminal({ backend });
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('genSymKey -t 31 -s 16 -l k')).toMatch(/Key Handle: \d+/);
    tab.release();
    await tab.deleted;
  }, 4000);
});
