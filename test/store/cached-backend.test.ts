/**
 * The caching backend (src/hsm/cached-backend.ts): answers like the storage it wraps, hands out
 * frozen records (the same object while unchanged), lets the storage judge every guard, re-reads
 * what a conflict or a change notice names, and reloads everything on a notice that names nothing.
 */
import { describe, expect, it } from 'vitest';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import {
  ConflictError, StorageError,
  type Backend, type ChangeListener, type StoreName, type StoredRecord, type Write,
} from '../../src/hsm/store';

const put = (store: StoreName, value: StoredRecord): Write => ({ op: 'put', store, value });

/** A memory backend that counts reads and lets the test send change notices. */
function storage() {
  const inner = createMemoryBackend();
  const n = { gets: 0, lists: 0 };
  let listener: ChangeListener | undefined;
  const backend: Backend = {
    kind: 'memory',
    get: (s, id) => { n.gets++; return inner.get(s, id); },
    list: (s, p) => { n.lists++; return inner.list(s, p); },
    commit: (w, g) => inner.commit(w, g),
    clear: () => inner.clear(),
    close: () => inner.close(),
    subscribe: (l) => { listener = l; return () => { listener = undefined; }; },
  };
  return { inner, backend, n, notify: (changed?: Parameters<ChangeListener>[0]) => listener?.(changed) };
}

describe('cachedBackend', () => {
  it('reads each store once, then hands out the same frozen record', async () => {
    const s = storage();
    await s.inner.commit([put('keys', { id: 'k', rev: 1, attrs: { 3: 'x' }, bytes: new Uint8Array([1]) })]);
    const c = cachedBackend(s.backend);
    const a = await c.get('keys', 'k');
    const b = (await c.list('keys'))[0];
    expect(a).toBe(b);
    expect(await c.get('keys', 'missing')).toBeUndefined();
    expect(s.n).toEqual({ gets: 0, lists: 1 });
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => { (a!['attrs'] as Record<string, unknown>)['3'] = 'changed'; }).toThrow(TypeError);
    expect((await c.get('keys', 'k'))!['attrs']).toEqual({ 3: 'x' });
  });

  it('lists by prefix exactly like the storage after puts and deletes, in id order', async () => {
    const s = storage();
    const c = cachedBackend(s.backend);
    await c.list('files'); // loaded before the writes: they are applied to the cache
    const ids = ['a', 'a/1', 'a/10', 'a/2', 'ab', 'a0', 'a.', 'b', '`z', 'a\uffff', 'a\uffffb', '\uffff'];
    for (const id of [...ids].reverse()) await c.commit([put('files', { id, rev: 1 })]);
    await c.commit([{ op: 'delete', store: 'files', id: 'a/10' }, put('files', { id: 'a/2', rev: 2 })]);
    for (const prefix of [undefined, '', 'a', 'a/', 'a/1', 'a\uffff', '\uffff', 'zz', '`']) {
      expect((await c.list('files', prefix)).map((r) => [r.id, r.rev])).toEqual(
        (await s.inner.list('files', prefix)).map((r) => [r.id, r.rev]));
    }
  });

  it('lets the storage check the guards; a conflict re-reads the guarded record for the retry', async () => {
    const s = storage();
    await s.inner.commit([put('meta', { id: 'm', rev: 1, v: 'old' })]);
    const c = cachedBackend(s.backend);
    expect((await c.get('meta', 'm'))!['v']).toBe('old');
    await s.inner.commit([put('meta', { id: 'm', rev: 2, v: 'other tab' })]); // no notice
    const err = await c.commit([put('meta', { id: 'm', rev: 2, v: 'mine' })], [{ store: 'meta', id: 'm', rev: 1 }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((await c.get('meta', 'm'))!['v']).toBe('other tab');
    await c.commit([put('meta', { id: 'm', rev: 3, v: 'mine' })], [{ store: 'meta', id: 'm', rev: 2 }]);
    expect((await s.inner.get('meta', 'm'))!['v']).toBe('mine');
    expect((await c.get('meta', 'm'))!['v']).toBe('mine');
  });

  it('a change notice re-reads only the records it names; one that names none reloads every store', async () => {
    const s = storage();
    await s.inner.commit([put('keys', { id: 'k1', rev: 1 }), put('keys', { id: 'k2', rev: 1 }), put('users', { id: 'u', rev: 1 })]);
    const c = cachedBackend(s.backend);
    await c.list('keys');
    await c.list('users');
    const heard: unknown[] = [];
    c.subscribe!((changed) => heard.push(changed));
    s.n.gets = s.n.lists = 0;

    await s.inner.commit([put('keys', { id: 'k2', rev: 2 }), put('keys', { id: 'k3', rev: 1 }), { op: 'delete', store: 'keys', id: 'k1' }]);
    s.notify([{ store: 'keys', id: 'k2' }, { store: 'keys', id: 'k3' }, { store: 'keys', id: 'k1' }, { store: 'files', id: 'f' }]);
    expect((await c.list('keys')).map((r) => [r.id, r.rev])).toEqual([['k2', 2], ['k3', 1]]);
    expect(s.n).toEqual({ gets: 3, lists: 0 }); // files is not loaded: nothing to re-read there
    expect(heard).toHaveLength(1);

    await s.inner.commit([put('users', { id: 'u', rev: 2 })]);
    s.notify(undefined);
    expect((await c.get('users', 'u'))!.rev).toBe(2);
    expect(s.n.lists).toBe(1);
    await c.list('keys');
    expect(s.n.lists).toBe(2);
  });

  it('commits overlap (the history line never holds up a command), loads wait for them', async () => {
    const s = storage();
    const log: string[] = [];
    const slow: Backend = {
      ...s.backend,
      commit: async (w, g) => {
        const id = w[0]!.op === 'put' ? w[0]!.value.id : w[0]!.id;
        log.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, 5));
        await s.inner.commit(w, g);
        log.push(`end ${id}`);
      },
      list: async (st, p) => {
        log.push(`list ${st}`);
        return s.inner.list(st, p);
      },
    };
    const c = cachedBackend(slow);
    await c.list('meta');
    log.length = 0;
    await Promise.all([
      c.commit([put('meta', { id: 'history', rev: 1 })]),
      c.commit([put('keys', { id: 'k', rev: 1 })]),
      c.list('keys'), // not loaded yet: read after both commits
    ]);
    expect(log).toEqual(['start history', 'start k', 'end history', 'end k', 'list keys']);
    expect((await c.list('keys')).map((r) => r.id)).toEqual(['k']);
    expect((await c.get('meta', 'history'))?.rev).toBe(1);
  });

  it('after clear() and close() it answers like the storage', async () => {
    const s = storage();
    const c = cachedBackend(s.backend);
    await c.commit([put('keys', { id: 'k', rev: 1 })]);
    await c.clear();
    expect(await c.list('keys')).toEqual([]);
    expect((await c.list('meta')).map((r) => r.id)).toEqual(['schema']);
    c.close();
    await expect(c.get('keys', 'k')).rejects.toBeInstanceOf(StorageError);
    await expect(c.commit([put('keys', { id: 'k', rev: 1 })])).rejects.toBeInstanceOf(StorageError);
  });
});
