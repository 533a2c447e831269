/**
 * The behaviour every `Backend` promises (src/hsm/store.ts), run against each implementation.
 * `reopen`, when given, opens another Backend on the same underlying data (a second IndexedDB
 * connection); the tests that need it are only registered for backends that are `persistent`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConflictError, SCHEMA_VERSION, STORE_NAMES, StorageError,
  type Backend, type StoreName, type StoredRecord, type Write,
} from '../../src/hsm/store';

export interface BackendUnderTest {
  backend: Backend;
  reopen?: () => Promise<Backend>;
}

const put = (store: StoreName, value: StoredRecord): Write => ({ op: 'put', store, value });
const del = (store: StoreName, id: string): Write => ({ op: 'delete', store, id });
const rec = (id: string, rev = 1, extra: Record<string, unknown> = {}): StoredRecord => ({ id, rev, ...extra });

/** Every record of every store, for before/after comparisons. */
async function snapshot(b: Backend): Promise<Record<string, StoredRecord[]>> {
  const out: Record<string, StoredRecord[]> = {};
  for (const s of STORE_NAMES) out[s] = await b.list(s);
  return out;
}

async function ids(b: Backend, store: StoreName, prefix?: string): Promise<string[]> {
  return (await b.list(store, prefix)).map((r) => r.id);
}

export function describeBackendContract(
  name: string,
  makeBackend: () => Promise<BackendUnderTest>,
  opts: { persistent: boolean },
): void {
  const itPersistent = opts.persistent ? it : () => undefined;
  describe(`Backend contract: ${name}`, () => {
    const open: Backend[] = [];
    afterEach(() => {
      for (const b of open.splice(0)) b.close();
    });
    const make = async (): Promise<BackendUnderTest> => {
      const made = await makeBackend();
      open.push(made.backend);
      const reopen = made.reopen;
      return {
        backend: made.backend,
        reopen: reopen && (async () => {
          const b = await reopen();
          open.push(b);
          return b;
        }),
      };
    };

    it('starts with only the schema record', async () => {
      const { backend } = await make();
      expect(['memory', 'indexeddb']).toContain(backend.kind);
      expect(await backend.list('meta')).toEqual([{ id: 'schema', rev: 1, version: SCHEMA_VERSION }]);
      for (const s of STORE_NAMES.filter((n) => n !== 'meta')) expect(await backend.list(s)).toEqual([]);
    });

    it('puts, gets, overwrites and deletes records', async () => {
      const { backend } = await make();
      expect(await backend.get('keys', 'k1')).toBeUndefined();
      await backend.commit([put('keys', rec('k1', 1, { label: 'aes' }))]);
      expect(await backend.get('keys', 'k1')).toEqual({ id: 'k1', rev: 1, label: 'aes' });
      await backend.commit([put('keys', rec('k1', 2, { label: 'aes2' }))]);
      expect(await backend.get('keys', 'k1')).toEqual({ id: 'k1', rev: 2, label: 'aes2' });
      await backend.commit([del('keys', 'k1')]);
      expect(await backend.get('keys', 'k1')).toBeUndefined();
      await backend.commit([del('keys', 'never-existed')]); // deleting an absent id is a no-op
      expect(await backend.list('keys')).toEqual([]);
    });

    it('keeps stores independent', async () => {
      const { backend } = await make();
      await backend.commit([put('keys', rec('x', 1, { s: 'keys' })), put('users', rec('x', 3, { s: 'users' }))]);
      expect(await backend.get('keys', 'x')).toEqual({ id: 'x', rev: 1, s: 'keys' });
      expect(await backend.get('users', 'x')).toEqual({ id: 'x', rev: 3, s: 'users' });
      expect(await backend.get('files', 'x')).toBeUndefined();
      await backend.commit([del('keys', 'x')]);
      expect(await backend.get('users', 'x')).toBeDefined();
    });

    it('applies writes to the same id in order within one commit', async () => {
      const { backend } = await make();
      await backend.commit([put('files', rec('f', 1, { v: 'a' })), put('files', rec('f', 2, { v: 'b' }))]);
      expect(await backend.get('files', 'f')).toEqual({ id: 'f', rev: 2, v: 'b' });
      await backend.commit([put('files', rec('g')), del('files', 'g'), del('files', 'f'), put('files', rec('f', 3))]);
      expect(await ids(backend, 'files')).toEqual(['f']);
      expect((await backend.get('files', 'f'))?.rev).toBe(3);
    });

    it('lists sorted by id in code-unit order, whatever the insertion order', async () => {
      const { backend } = await make();
      const order = ['b', 'a/2', 'B', 'a/10', 'a', '9', '10', 'a/1', 'é', 'ab'];
      for (const id of order) await backend.commit([put('keys', rec(id))]);
      expect(await ids(backend, 'keys')).toEqual(['10', '9', 'B', 'a', 'a/1', 'a/10', 'a/2', 'ab', 'b', 'é']);
      expect(await ids(backend, 'keys', '')).toEqual(await ids(backend, 'keys'));
    });

    it('lists by prefix with exact boundaries', async () => {
      const { backend } = await make();
      await backend.commit(['a', 'a/1', 'a/10', 'a/2', 'ab', 'a0', 'a.', 'b', '`z'].map((id) => put('keys', rec(id))));
      expect(await ids(backend, 'keys', 'a/')).toEqual(['a/1', 'a/10', 'a/2']);
      expect(await ids(backend, 'keys', 'a/1')).toEqual(['a/1', 'a/10']);
      expect(await ids(backend, 'keys', 'a/10')).toEqual(['a/10']);
      expect(await ids(backend, 'keys', 'a/100')).toEqual([]);
      expect(await ids(backend, 'keys', 'a')).toEqual(['a', 'a.', 'a/1', 'a/10', 'a/2', 'a0', 'ab']);
      expect(await ids(backend, 'keys', 'ab')).toEqual(['ab']);
      expect(await ids(backend, 'keys', 'c')).toEqual([]);
      expect(await ids(backend, 'users', 'a')).toEqual([]);
    });

    it('lists by prefix with code units at the top of the range', async () => {
      const { backend } = await make();
      const top = '\uffff';
      const all = ['a', `a${top}`, `a${top}z`, `a${top}${top}`, 'b', `${top}`, `${top}x`, 'a\ud83d\ude00'];
      await backend.commit(all.map((id) => put('files', rec(id))));
      expect(await ids(backend, 'files', 'a')).toEqual(['a', 'a\ud83d\ude00', `a${top}`, `a${top}z`, `a${top}${top}`]);
      expect(await ids(backend, 'files', `a${top}`)).toEqual([`a${top}`, `a${top}z`, `a${top}${top}`]);
      expect(await ids(backend, 'files', top)).toEqual([top, `${top}x`]);
    });

    it('round-trips binary fields as Uint8Array with equal bytes', async () => {
      const { backend } = await make();
      const big = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
      const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
      await backend.commit([put('keys', rec('bin', 1, {
        empty: new Uint8Array(0),
        big,
        view: backing.subarray(2, 5),
        nested: { list: [new Uint8Array([0, 255]), 'text'] },
      }))]);
      for (const got of [await backend.get('keys', 'bin'), (await backend.list('keys'))[0]]) {
        expect(got).toBeDefined();
        const r = got as StoredRecord;
        for (const f of ['empty', 'big', 'view'] as const) expect(r[f]).toBeInstanceOf(Uint8Array);
        expect((r['empty'] as Uint8Array).length).toBe(0);
        expect(Buffer.compare(r['big'] as Uint8Array, big)).toBe(0);
        expect([...(r['view'] as Uint8Array)]).toEqual([1, 2, 3]);
        const list = (r['nested'] as { list: unknown[] }).list;
        expect(list[0]).toBeInstanceOf(Uint8Array);
        expect([...(list[0] as Uint8Array)]).toEqual([0, 255]);
        expect(list[1]).toBe('text');
      }
    });

    it('returns copies: neither the caller’s input nor returned objects alias stored data', async () => {
      const { backend } = await make();
      const input = rec('c', 1, { bytes: new Uint8Array([1, 2, 3]), tags: ['x'], inner: { n: 1 } });
      await backend.commit([put('users', input)]);
      (input['bytes'] as Uint8Array)[0] = 99;
      (input['tags'] as string[]).push('mutated');
      input['label'] = 'mutated';

      const first = (await backend.get('users', 'c')) as StoredRecord;
      expect(first).toEqual({ id: 'c', rev: 1, bytes: new Uint8Array([1, 2, 3]), tags: ['x'], inner: { n: 1 } });
      (first['bytes'] as Uint8Array)[1] = 77;
      (first['inner'] as { n: number }).n = 2;
      first.rev = 42;
      const listed = (await backend.list('users'))[0] as StoredRecord;
      (listed['tags'] as string[]).length = 0;

      const again = (await backend.get('users', 'c')) as StoredRecord;
      expect(again).not.toBe(first);
      expect(again).toEqual({ id: 'c', rev: 1, bytes: new Uint8Array([1, 2, 3]), tags: ['x'], inner: { n: 1 } });
    });

    it('applies a commit whose guards all hold', async () => {
      const { backend } = await make();
      await backend.commit([put('keys', rec('k', 1))], [{ store: 'keys', id: 'k', rev: 0 }]);
      await backend.commit(
        [put('keys', rec('k', 2)), put('users', rec('u', 1))],
        [{ store: 'keys', id: 'k', rev: 1 }, { store: 'users', id: 'u', rev: 0 }],
      );
      expect((await backend.get('keys', 'k'))?.rev).toBe(2);
      expect((await backend.get('users', 'u'))?.rev).toBe(1);
      // guards alone (no writes) are checked too
      await backend.commit([], [{ store: 'keys', id: 'k', rev: 2 }]);
      await expect(backend.commit([], [{ store: 'keys', id: 'k', rev: 1 }])).rejects.toBeInstanceOf(ConflictError);
    });

    it('rev 0 guard: passes when absent, conflicts when present', async () => {
      const { backend } = await make();
      const g = { store: 'files' as const, id: 'new', rev: 0 };
      await backend.commit([put('files', rec('new', 1, { v: 1 }))], [g]);
      const err = await backend.commit([put('files', rec('new', 1, { v: 2 }))], [g]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).guard).toEqual(g);
      expect((err as ConflictError).actualRev).toBe(1);
      expect(await backend.get('files', 'new')).toEqual({ id: 'new', rev: 1, v: 1 });
    });

    it('reports a stale rev and an absent record in ConflictError', async () => {
      const { backend } = await make();
      await backend.commit([put('keys', rec('k', 5))]);
      const stale = await backend.commit([put('keys', rec('k', 5))], [{ store: 'keys', id: 'k', rev: 4 }])
        .catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConflictError);
      expect((stale as ConflictError).actualRev).toBe(5);
      expect((stale as ConflictError).guard).toEqual({ store: 'keys', id: 'k', rev: 4 });
      const gone = await backend.commit([del('keys', 'nope')], [{ store: 'keys', id: 'nope', rev: 1 }])
        .catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ConflictError);
      expect((gone as ConflictError).actualRev).toBe(0);
    });

    it('a commit with a failing guard writes nothing, in any store', async () => {
      const { backend } = await make();
      await backend.commit([
        put('keys', rec('k1', 1, { v: 'old' })), put('keys', rec('k2', 1)),
        put('users', rec('u1', 2)), put('files', rec('f1', 1)), put('clusters', rec('c1', 7)),
      ]);
      const before = await snapshot(backend);
      const writes: Write[] = [
        put('keys', rec('k1', 2, { v: 'new' })), del('keys', 'k2'), put('keys', rec('k3', 1)),
        put('users', rec('u1', 3)), put('files', rec('f2', 1)), del('files', 'f1'), put('meta', rec('counter', 1)),
      ];
      const err = await backend.commit(writes, [
        { store: 'keys', id: 'k1', rev: 1 }, // holds
        { store: 'files', id: 'f2', rev: 0 }, // holds
        { store: 'clusters', id: 'c1', rev: 6 }, // fails: the last guard, on a store no write touches
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).actualRev).toBe(7);
      expect(await snapshot(backend)).toEqual(before);
      // the backend is still usable afterwards
      await backend.commit(writes, [{ store: 'clusters', id: 'c1', rev: 7 }]);
      expect(await ids(backend, 'keys')).toEqual(['k1', 'k3']);
    });

    it('of two racing commits with the same expected rev, exactly one wins', async () => {
      const { backend } = await make();
      await backend.commit([put('users', rec('u', 1, { by: 'init' }))]);
      const results = await Promise.allSettled(['A', 'B'].map((by) =>
        backend.commit([put('users', rec('u', 2, { by }))], [{ store: 'users', id: 'u', rev: 1 }])));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
      expect((lost[0]?.reason as ConflictError).actualRev).toBe(2);
      const winner = results[0]?.status === 'fulfilled' ? 'A' : 'B';
      expect(await backend.get('users', 'u')).toEqual({ id: 'u', rev: 2, by: winner });
    });

    itPersistent('two instances on the same data: exactly one of two same-rev commits wins', async () => {
      const { backend: a, reopen } = await make();
      if (!reopen) throw new Error('a persistent backend must offer reopen');
      const b = await reopen();
      await a.commit([put('keys', rec('shared', 1))]);
      expect((await b.get('keys', 'shared'))?.rev).toBe(1);
      const results = await Promise.allSettled([
        a.commit([put('keys', rec('shared', 2, { by: 'a' })), put('files', rec('from-a'))],
          [{ store: 'keys', id: 'shared', rev: 1 }]),
        b.commit([put('keys', rec('shared', 2, { by: 'b' })), put('files', rec('from-b'))],
          [{ store: 'keys', id: 'shared', rev: 1 }]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(ConflictError);
      const winner = results[0]?.status === 'fulfilled' ? 'a' : 'b';
      for (const view of [a, b]) {
        expect(await view.get('keys', 'shared')).toEqual({ id: 'shared', rev: 2, by: winner });
        expect(await ids(view, 'files')).toEqual([`from-${winner}`]);
      }
    });

    itPersistent('persists across close and reopen', async () => {
      const { backend, reopen } = await make();
      if (!reopen) throw new Error('a persistent backend must offer reopen');
      await backend.commit([put('keys', rec('k', 3, { bytes: new Uint8Array([4, 5]) })), put('meta', rec('counter', 1, { n: 1 }))]);
      backend.close();
      const again = await reopen();
      expect(again.kind).toBe(backend.kind);
      expect(await again.get('keys', 'k')).toEqual({ id: 'k', rev: 3, bytes: new Uint8Array([4, 5]) });
      const counter = (await again.get('meta', 'counter')) as StoredRecord;
      await again.commit([put('meta', { ...counter, rev: 2, n: 2 })], [{ store: 'meta', id: 'counter', rev: 1 }]);
      again.close();
      const third = await reopen();
      expect(await third.get('meta', 'counter')).toEqual({ id: 'counter', rev: 2, n: 2 });
      expect(await third.get('meta', 'schema')).toEqual({ id: 'schema', rev: 1, version: SCHEMA_VERSION });
    });

    it('clear() empties every store but keeps the schema record', async () => {
      const { backend } = await make();
      await backend.commit(STORE_NAMES.map((s) => put(s, rec(`${s}-1`))));
      await backend.clear();
      expect(await backend.list('meta')).toEqual([{ id: 'schema', rev: 1, version: SCHEMA_VERSION }]);
      for (const s of STORE_NAMES.filter((n) => n !== 'meta')) expect(await backend.list(s)).toEqual([]);
      await backend.commit([put('keys', rec('after'))], [{ store: 'keys', id: 'keys-1', rev: 0 }]);
      expect(await ids(backend, 'keys')).toEqual(['after']);
      await backend.clear();
      await backend.clear();
      expect(await snapshot(backend)).toEqual({
        meta: [{ id: 'schema', rev: 1, version: SCHEMA_VERSION }], clusters: [], users: [], keys: [], files: [],
      });
    });

    it('an empty commit is a no-op', async () => {
      const { backend } = await make();
      const before = await snapshot(backend);
      await backend.commit([]);
      await backend.commit([], []);
      expect(await snapshot(backend)).toEqual(before);
    });

    it('rejects malformed writes and guards with TypeError, writing nothing', async () => {
      const { backend } = await make();
      const ok = put('keys', rec('ok'));
      const bad: unknown[][] = [
        [[ok, put('keys', rec('r0', 0))], []],
        [[ok, put('keys', rec('r1.5', 1.5))], []],
        [[ok, put('keys', { id: 7 } as unknown as StoredRecord)], []],
        [[ok, put('nope' as StoreName, rec('s'))], []],
        [[ok], [{ store: 'keys', id: 'ok', rev: -1 }]],
      ];
      for (const [writes, guards] of bad) {
        await expect(backend.commit(writes as Write[], guards as [])).rejects.toBeInstanceOf(TypeError);
      }
      expect(await backend.list('keys')).toEqual([]);
    });

    it('a value that cannot be stored fails, not with StorageError (a bug of the command, not of the storage), and writes nothing', async () => {
      const { backend } = await make();
      const err = await backend.commit([
        put('keys', rec('fine')), put('users', rec('bad', 1, { fn: () => 1 })),
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(StorageError);
      expect(await backend.list('keys')).toEqual([]);
      expect(await backend.list('users')).toEqual([]);
    });

    it('fails with StorageError once closed', async () => {
      const { backend } = await make();
      backend.close();
      await expect(backend.get('keys', 'x')).rejects.toBeInstanceOf(StorageError);
      await expect(backend.list('keys')).rejects.toBeInstanceOf(StorageError);
      await expect(backend.commit([put('keys', rec('x'))])).rejects.toBeInstanceOf(StorageError);
      await expect(backend.clear()).rejects.toBeInstanceOf(StorageError);
      backend.close(); // closing twice is harmless
    });
  });
}
