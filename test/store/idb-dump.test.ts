import { freshFactory, rawDelete, rawOpen, rawWrite } from './fake-idb';
import { describe, expect, it } from 'vitest';
import { dumpIdb } from '../support/idb-dump';

async function makeDb(factory: IDBFactory, records: Record<string, unknown>[], storeOrder: string[]): Promise<void> {
  const db = await rawOpen(factory, 'd', 3, (raw) => {
    for (const s of storeOrder) raw.createObjectStore(s, { keyPath: 'id' });
  });
  for (const s of storeOrder) await rawWrite(db, s, (os) => { for (const r of records) os.put(r); });
  db.close();
}

describe('dumpIdb', () => {
  it('is canonical: same content in any insertion or key order gives the same string', async () => {
    const f1 = freshFactory();
    const f2 = freshFactory();
    await makeDb(f1, [{ id: 'b', rev: 1, x: { q: 1, p: 2 } }, { id: 'a', rev: 2, bytes: new Uint8Array([0, 171]) }], ['s1', 's2']);
    await makeDb(f2, [{ bytes: new Uint8Array([0, 171]), rev: 2, id: 'a' }, { x: { p: 2, q: 1 }, rev: 1, id: 'b' }], ['s2', 's1']);
    const d1 = await dumpIdb('d', f1);
    expect(await dumpIdb('d', f2)).toBe(d1);
    expect(await dumpIdb('d', f1)).toBe(d1); // stable across calls
    const parsed = JSON.parse(d1) as {
      exists: boolean; version: number;
      stores: Record<string, { keyPath: string; records: { key: string; value: Record<string, unknown> }[] }>;
    };
    expect(parsed.exists).toBe(true);
    expect(parsed.version).toBe(3);
    expect(Object.keys(parsed.stores)).toEqual(['s1', 's2']);
    expect(parsed.stores['s1']?.keyPath).toBe('id');
    expect(parsed.stores['s1']?.records.map((r) => r.key)).toEqual(['a', 'b']);
    expect(parsed.stores['s1']?.records[0]?.value).toEqual({ bytes: { $bytes: '00ab' }, id: 'a', rev: 2 });
    expect(d1.indexOf('"p"')).toBeLessThan(d1.indexOf('"q"'));
  });

  it('detects a one-byte difference and encodes ArrayBuffer, views, undefined and dates', async () => {
    const f1 = freshFactory();
    const f2 = freshFactory();
    await makeDb(f1, [{ id: 'k', b: new Uint8Array([1, 2, 3]) }], ['s']);
    await makeDb(f2, [{ id: 'k', b: new Uint8Array([1, 2, 4]) }], ['s']);
    expect(await dumpIdb('d', f2)).not.toBe(await dumpIdb('d', f1));

    const f3 = freshFactory();
    await makeDb(f3, [{
      id: 'k', buf: new Uint8Array([255, 1]).buffer, u16: new Uint16Array([1]), u: undefined, when: new Date(0), n: NaN,
    }], ['s']);
    const value = (JSON.parse(await dumpIdb('d', f3)) as { stores: { s: { records: { value: unknown }[] } } })
      .stores.s.records[0]?.value;
    expect(value).toEqual({
      buf: { $bytes: 'ff01' }, id: 'k', n: { $number: 'NaN' }, u: { $undefined: true },
      u16: { $bytes: '0100', $view: 'Uint16Array' }, when: { $date: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('refuses values it cannot encode canonically', async () => {
    const f = freshFactory();
    await makeDb(f, [{ id: 'k', m: new Map([[1, 2]]) }], ['s']);
    await expect(dumpIdb('d', f)).rejects.toThrow(/cannot encode Map/);
  });

  it('reports a missing database without creating it, and leaves no connection open', async () => {
    const f = freshFactory();
    expect(JSON.parse(await dumpIdb('nope', f))).toEqual({ exists: false, name: 'nope' });
    expect((await f.databases()).map((d) => d.name)).not.toContain('nope');
    await makeDb(f, [{ id: 'k' }], ['s']);
    await dumpIdb('d', f);
    expect(await rawDelete(f, 'd')).toEqual({ blocked: false });
  });
});
