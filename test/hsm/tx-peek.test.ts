/**
 * The unit of work's read without a promise (Tx.peek, Backend.peek; issue 12's operation overhead):
 * it answers exactly what `get` would — staged writes, records already read, a warm cache's
 * records — remembers what it read as `get` does (repeatable reads, the commit's guards, the damage
 * check), and says NOT_HELD whenever a read is needed. The runner's failover check and the
 * signature operations use it; here each rule is held against the promise path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto/index';
import { pbkdf2Sha256 } from '../../src/crypto/kdf';
import { systemRng } from '../../src/crypto/rng';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { Journal } from '../../src/hsm/journal';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { ClusterRecord, KeyRecord } from '../../src/hsm/model';
import { runOp } from '../../src/hsm/ops/runner';
import { KmuSession } from '../../src/hsm/session';
import { ConflictError, NOT_HELD, type Backend, type StoredRecord } from '../../src/hsm/store';
import { Tx } from '../../src/hsm/tx';
import { DamagedRecordError } from '../../src/hsm/validate';
import { Hsm } from '../../src/hsm/world';
import { fakeClock } from '../support/transcript';

beforeAll(() => initCrypto());

async function playground(backend: Backend) {
  const hsm = new Hsm({ backend, rng: systemRng(), clock: fakeClock(), kdf: pbkdf2Sha256 });
  await hsm.ensureInitialized();
  return hsm;
}

/** A warm cache over a fresh playground, and the storage under it. */
async function warm() {
  const inner = createMemoryBackend();
  const backend = cachedBackend(inner);
  const hsm = await playground(backend);
  await backend.list('clusters'); // (every store the test reads is loaded)
  await backend.list('files');
  return { inner, backend, hsm };
}

const file = (id: string, byte: number): StoredRecord => ({ id, rev: 0, kind: 'file', data: new Uint8Array([byte]), mtime: 0 });

describe('Tx.peek', () => {
  it('over a backend that holds nothing ready (the raw memory store): NOT_HELD until the record is read, then the record read', async () => {
    const backend = createMemoryBackend();
    await playground(backend);
    const tx = new Tx(backend);
    expect(tx.peek('clusters', 'cluster-1')).toBe(NOT_HELD);
    const got = await tx.get<ClusterRecord>('clusters', 'cluster-1');
    expect(got?.name).toBe('cluster-1');
    expect(tx.peek('clusters', 'cluster-1')).toBe(got);
    expect(tx.peek('clusters', 'no-such')).toBe(NOT_HELD);
    await tx.get('clusters', 'no-such');
    expect(tx.peek('clusters', 'no-such')).toBeUndefined(); // read, and absent
  });

  it('over a warm cache: the cached record at once; a cold store or a cache re-reading after a notice: NOT_HELD', async () => {
    const inner = createMemoryBackend();
    let listener: ((changed?: readonly { store: 'files'; id: string }[]) => void) | undefined;
    const noticed: Backend = { ...inner, subscribe: (l) => { listener = l; return () => {}; } };
    const backend = cachedBackend(noticed);
    const hsm = await playground(backend);
    expect(new Tx(backend).peek('files', '/home/user/f')).toBe(NOT_HELD); // files never read: cold
    expect(backend.peek!('files', '/home/user/f')).toBe(NOT_HELD);
    const c = await hsm.transact((tx) => tx.get<ClusterRecord>('clusters', 'cluster-1'));
    expect(new Tx(backend).peek('clusters', 'cluster-1')).toBe(c); // the same frozen object get hands out
    expect(new Tx(backend).peek('clusters', 'cluster-9')).toBeUndefined(); // a loaded store without it: absent
    listener!([{ store: 'files', id: '/x' }]); // another tab wrote: the cache re-reads before it answers at once again
    expect(new Tx(backend).peek('clusters', 'cluster-1')).toBe(NOT_HELD);
    expect(await new Tx(backend).get('clusters', 'cluster-1')).toBe(c);
    await new Promise((r) => setTimeout(r, 0));
    expect(new Tx(backend).peek('clusters', 'cluster-1')).toBe(c);
  });

  it('answers staged writes first: a put as written (its revision one more than the one read), a delete as absent', async () => {
    const { backend } = await warm();
    const tx = new Tx(backend);
    const c = tx.peek<ClusterRecord>('clusters', 'cluster-1') as ClusterRecord;
    const put = tx.put<ClusterRecord>('clusters', { ...c, nextIndex: c.nextIndex + 1 });
    expect(tx.peek('clusters', 'cluster-1')).toBe(put);
    expect(put.rev).toBe(c.rev + 1);
    tx.delete('clusters', 'cluster-1');
    expect(tx.peek('clusters', 'cluster-1')).toBeUndefined();
    expect(await tx.get('clusters', 'cluster-1')).toBeUndefined();
  });

  it('remembers what it read: the same version for the whole unit of work, and its commit guarded by that revision', async () => {
    const { inner, backend } = await warm();
    const mine = new Tx(backend);
    const before = mine.peek<ClusterRecord>('clusters', 'cluster-1') as ClusterRecord;
    // another unit of work commits a change in between
    const other = new Tx(backend);
    const o = (await other.get<ClusterRecord>('clusters', 'cluster-1'))!;
    other.put('clusters', { ...o, nextIndex: o.nextIndex + 5 });
    await other.commit();
    expect(mine.peek('clusters', 'cluster-1')).toBe(before); // repeatable read
    expect(await mine.get('clusters', 'cluster-1')).toBe(before);
    mine.put('clusters', { ...before, nextIndex: before.nextIndex + 1 });
    mine.put('files', file('/home/user/f', 1));
    await expect(mine.commit()).rejects.toBeInstanceOf(ConflictError);
    expect(((await inner.get('clusters', 'cluster-1')) as ClusterRecord).nextIndex).toBe(o.nextIndex + 5);
    expect(await inner.get('files', '/home/user/f')).toBeUndefined(); // all or nothing
  });

  it('a peeked record absent when read guards a blind create: a record another writer made meanwhile is never overwritten', async () => {
    const { inner, backend } = await warm();
    const mine = new Tx(backend);
    expect(mine.peek('files', '/home/user/f')).toBeUndefined();
    const other = new Tx(backend);
    other.put('files', file('/home/user/f', 2));
    await other.commit();
    mine.put('files', file('/home/user/f', 1));
    expect(mine.changes()).toMatchObject([{ store: 'files', id: '/home/user/f', op: 'put', created: true }]);
    await expect(mine.commit()).rejects.toBeInstanceOf(ConflictError);
    expect((await inner.get('files', '/home/user/f'))?.['data']).toEqual(new Uint8Array([2]));
  });

  it('a damaged record peeks as absent, is reported once, and cannot be written', async () => {
    const inner = createMemoryBackend();
    await playground(inner);
    await inner.commit([{ op: 'put', store: 'files', value: { id: '/home/user/bad', rev: 1, kind: 'file', data: 'not bytes', mtime: 0 } }]);
    const backend = cachedBackend(inner);
    await backend.list('files');
    const reports: string[] = [];
    const tx = new Tx(backend, (store, id) => reports.push(`${store}/${id}`));
    expect(tx.peek('files', '/home/user/bad')).toBeUndefined();
    expect(tx.peek('files', '/home/user/bad')).toBeUndefined();
    expect(await tx.get('files', '/home/user/bad')).toBeUndefined();
    expect(reports).toEqual(['files//home/user/bad', 'files//home/user/bad', 'files//home/user/bad']);
    expect(() => tx.put('files', file('/home/user/bad', 1))).toThrow(DamagedRecordError);
    expect(() => tx.delete('files', '/home/user/bad')).toThrow(DamagedRecordError);
  });

  it('a unit of work retried after a lost race peeks what won (the cache re-read the guarded record before the retry)', async () => {
    const { inner, hsm } = await warm();
    let runs = 0;
    const seen: number[] = [];
    await hsm.transact(async (tx) => {
      runs++;
      const c = tx.peek<ClusterRecord>('clusters', 'cluster-1');
      if (c === NOT_HELD || c === undefined) throw new Error(`run ${runs}: the cluster was not at hand`);
      seen.push(c.nextIndex);
      if (runs === 1) {
        const other = new Tx(inner); // another tab writes the storage itself
        const oc = (await other.get<ClusterRecord>('clusters', 'cluster-1'))!;
        other.put('clusters', { ...oc, nextIndex: oc.nextIndex + 10 });
        await other.commit();
      }
      tx.put('clusters', { ...c, nextIndex: c.nextIndex + 1 });
    });
    expect(runs).toBe(2);
    expect(seen).toEqual([seen[0], seen[0]! + 10]);
    expect(((await inner.get('clusters', 'cluster-1')) as ClusterRecord).nextIndex).toBe(seen[0]! + 11);
  });
});

describe('the runner with a warm cache', () => {
  it('fails a KMU session over without a read when its HSM is down: the session keys are lost, reported even when the work then fails', async () => {
    const { backend, hsm } = await warm();
    await hsm.transact(async (tx) => {
      const c = (await tx.get<ClusterRecord>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, hsms: c.hsms.map((h) => (h.node === 0 ? { ...h, state: 'down' as const } : h)) });
    });
    const cluster = await hsm.transact((tx) => hsm.cluster(tx, 'cluster-1'));
    expect(cluster.hsms.filter((h) => h.state === 'up').length).toBeGreaterThan(0);
    const session = new KmuSession();
    session.cluster = 'cluster-1';
    session.user = { userId: 3, name: 'example_user', type: 'CU' } as NonNullable<KmuSession['user']>;
    session.servingNode = 0;
    session.sessionKeys.set(7, { handle: 7 } as KeyRecord);
    hsm.journal = new Journal();
    const reads = backend.stats.gets ?? 0;
    await expect(runOp(hsm, async (scope) => {
      expect(scope.tx.peek('clusters', 'cluster-1')).not.toBe(NOT_HELD);
      throw new Error('the work failed');
    }, { serving: session })).rejects.toThrow('the work failed');
    expect(session.servingNode).not.toBe(0);
    expect(session.sessionKeys.size).toBe(0);
    expect(hsm.journal.objects('deleted').keys).toEqual([7]);
    expect(backend.stats.gets ?? 0).toBe(reads);
    // served by an HSM that is up: nothing moves, nothing is lost
    session.sessionKeys.set(8, { handle: 8 } as KeyRecord);
    const serving = session.servingNode;
    hsm.journal = new Journal();
    expect(await runOp(hsm, async () => 'done', { serving: session })).toBe('done');
    expect(session.servingNode).toBe(serving);
    expect([...session.sessionKeys.keys()]).toEqual([8]);
    expect(hsm.journal.objects('deleted').keys).toEqual([]);
  });

  it('a session whose cluster is gone fails with the cluster missing, as the promise path does', async () => {
    const { hsm } = await warm();
    const session = new KmuSession();
    session.cluster = 'cluster-9';
    session.user = { userId: 3, name: 'example_user', type: 'CU' } as NonNullable<KmuSession['user']>;
    await expect(runOp(hsm, async () => 'never', { serving: session })).rejects.toThrow(/cluster-9/);
  });
});
