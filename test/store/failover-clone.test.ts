/**
 * A commit the browser cannot clone (a record holding a function, as `createUser constructor …`
 * once staged) is a bug of the command that built it: the commit fails with an ordinary error,
 * the storage stays in use and unchanged; it is never taken for a storage failure (issue 11).
 */
import { freshFactory } from './fake-idb';
import { describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { failoverBackend } from '../../src/platform/failover-backend';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { StorageError, type StoredRecord } from '../../src/hsm/store';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal } from '../support/transcript';

const uncloneable = (): StoredRecord => ({ id: 'k', rev: 1, type: function constructor() {} });

describe('a commit that cannot be cloned', () => {
  it('the idb backend rejects it as an ordinary error, not a StorageError, and writes nothing', async () => {
    const factory = freshFactory();
    const idb = await openIdbBackend({ name: 'clone', factory });
    await idb.commit([{ op: 'put', store: 'keys', value: { id: 'a', rev: 1 } }]);
    const before = await dumpIdb('clone', factory);
    const e = await idb.commit([{ op: 'put', store: 'keys', value: { id: 'b', rev: 1 } }, { op: 'put', store: 'keys', value: uncloneable() }])
      .then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(StorageError);
    expect(await dumpIdb('clone', factory)).toBe(before);
  });

  it('the failover backend does not leave IndexedDB for it', async () => {
    const factory = freshFactory();
    const reasons: string[] = [];
    const backend = failoverBackend(await openIdbBackend({ name: 'clone', factory }), (r) => reasons.push(r));
    await expect(backend.commit([{ op: 'put', store: 'keys', value: uncloneable() }])).rejects.toThrow();
    expect(reasons).toEqual([]);
    expect(backend.kind).toBe('indexeddb');
    await backend.commit([{ op: 'put', store: 'keys', value: { id: 'a', rev: 1 } }]);
    expect(JSON.parse(await dumpIdb('clone', factory)).stores.keys.records).toHaveLength(1);
  });

  it('a wrapped clone failure (StorageError caused by DataCloneError) does not fail over either', async () => {
    const reasons: string[] = [];
    const cause = new DOMException('function could not be cloned', 'DataCloneError');
    const primary = {
      kind: 'indexeddb', get: async () => undefined, list: async () => [], clear: async () => {}, close: () => {},
      commit: async () => { throw new StorageError('saving changes failed', cause); },
    };
    const backend = failoverBackend(primary, (r) => reasons.push(r));
    const e = await backend.commit([]).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(StorageError);
    expect(reasons).toEqual([]);
    expect(backend.kind).toBe('indexeddb');
  });

  it('in a terminal: the command prints an internal-error line, the store is unchanged and still in IndexedDB', async () => {
    const factory = freshFactory();
    const reasons: string[] = [];
    const backend = cachedBackend(failoverBackend(await openIdbBackend({ name: 'clone', factory }), (r) => reasons.push(r)));
    const t = await openTerminal({ backend });
    await t.type('ls');
    const before = await dumpIdb('clone', factory);
    // a command whose commit stages a record holding a function (the bug this guards against)
    const hsm = t.session.hsm;
    const transact = hsm.transact.bind(hsm);
    hsm.transact = (work) => transact(async (tx) => {
      const r = await work(tx);
      tx.put('files', { id: '/home/user/broken', rev: 0, kind: 'file', mtime: 0, data: new Uint8Array(), bad: () => 1 } as never);
      return r;
    });
    const out = await t.type('mkdir d');
    hsm.transact = transact;
    expect(out).toMatch(/internal error/);
    expect(reasons).toEqual([]);
    expect(backend.kind).toBe('indexeddb');
    expect(await dumpIdb('clone', factory)).toBe(before);
    expect(await t.type('mkdir d')).not.toMatch(/error/i);
    expect(await dumpIdb('clone', factory)).toContain('/home/user/d');
  });
});
