/**
 * `reset` completes whatever the store holds (issue 11, finding 13): records without a numeric
 * `rev`, or with a numeric id, written straight into IndexedDB, behind the backends wired as
 * src/main.ts wires them (cache over failover over IndexedDB).
 */
import { describe, expect, it } from 'vitest';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { failoverBackend } from '../../src/platform/failover-backend';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { openTerminal } from '../support/transcript';
import { freshFactory, rawOpen, rawWrite } from '../store/fake-idb';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
type Damage = (s: IDBObjectStore) => void;

async function resetWith(name: string, store: 'meta' | 'clusters' | 'users' | 'keys' | 'files', damage: Damage) {
  const factory = freshFactory();
  const open = async () => cachedBackend(failoverBackend(await openIdbBackend({ name, factory }), () => {}));
  const first = await openTerminal({ backend: await open(), scenario: { servingNode: 0 } });
  await first.type('key_mgmt_util');
  await first.type(LOGIN);
  await first.type('genSymKey -t 31 -s 16 -l kept');
  await first.type('exit');
  first.backend.close();
  const db = await rawOpen(factory, name);
  await rawWrite(db, store, damage);
  db.close();
  const t = await openTerminal({ backend: await open() }); // a reload
  await t.type('reset');
  const answer = await t.type('y');
  const keys = async () => {
    const raw = await rawOpen(factory, name);
    const all = await new Promise<IDBValidKey[]>((res, rej) => {
      const r = raw.transaction(store).objectStore(store).getAllKeys();
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    raw.close();
    return all;
  };
  return { t, answer, keys };
}

const FRESH = 'The playground is fresh again';

describe('reset with damaged records (issue 11, finding 13)', () => {
  const cases: Array<[string, 'meta' | 'clusters' | 'users' | 'keys' | 'files', Damage]> = [
    ['a key without a rev', 'keys', (s) => s.put({ id: 'cluster-1/0000000009', cluster: 'cluster-1', handle: 9 })],
    ['a key with a string rev', 'keys', (s) => s.put({ id: 'cluster-1/0000000009', rev: '3', cluster: 'cluster-1', handle: 9 })],
    ['a key with a numeric id', 'keys', (s) => s.put({ id: 7, rev: 1, cluster: 'cluster-1', handle: 7 })],
    ['a key with a numeric id and no rev', 'keys', (s) => s.put({ id: 8 })],
    ['a user with a numeric id', 'users', (s) => s.put({ id: 12, rev: 2 })],
    ['a cluster with a numeric id and a NaN rev', 'clusters', (s) => s.put({ id: 3, rev: NaN })],
    ['a file with a numeric id', 'files', (s) => s.put({ id: 1.5, rev: 1, name: 'x' })],
    ['a meta record with a numeric id', 'meta', (s) => s.put({ id: 0, rev: 1 })],
    ['three keys with numeric ids', 'keys', (s) => { for (const id of [3, -1, 2e9]) s.put({ id, rev: 1 }); }],
    ['a key under a date and one under an array', 'keys', (s) => { s.put({ id: new Date(5), rev: 1 }); s.put({ id: ['a', 1] }); }],
  ];
  for (const [what, store, damage] of cases) {
    it(`${what}: reset completes and erases it`, async () => {
      const { t, answer, keys } = await resetWith(`rst-${store}-${what.replace(/\W+/g, '-')}`, store, damage);
      expect(answer).toContain(FRESH);
      expect((await keys()).every((k) => typeof k === 'string')).toBe(true);
      expect(await t.type('hsm list')).toContain('0     up');
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      expect(await t.type('findKey')).toContain('Total number of keys present 0\n');
    });
  }
});
