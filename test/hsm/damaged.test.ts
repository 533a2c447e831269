/** A damaged stored record is reported once and left untouched; nothing crashes. */
import { describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal } from '../support/transcript';
import { freshFactory, rawOpen, rawWrite } from '../store/fake-idb';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

describe('damaged records', () => {
  it('a malformed key is ignored with one warning, left byte-identical, and the rest works', async () => {
    const factory = freshFactory();
    const backend = await openIdbBackend({ name: 'dmg', factory });
    const t = await openTerminal({ backend, scenario: { servingNode: 0 } });
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('genSymKey -t 31 -s 16 -l good');
    const db = await rawOpen(factory, 'dmg');
    await rawWrite(db, 'keys', (s) => {
      s.put({ id: 'cluster-1/0000000007', rev: 1, cluster: 'cluster-1', handle: 'seven', attrs: 42 });
    });
    db.close();
    const before = await dumpIdb('dmg', factory);
    const first = await t.type('findKey');
    expect(first.startsWith('warning: the stored record keys/cluster-1/0000000007 is damaged (field handle is missing or malformed); it is ignored and left untouched\n')).toBe(true);
    expect(first).toContain('Total number of keys present 1\n');
    expect(await t.type('findKey')).not.toContain('warning');
    expect(await t.type('genSymKey -t 31 -s 16 -l next')).toContain('Key Handle: 8');
    const damagedKey = (dump: string) => {
      const keys = JSON.parse(dump).stores.keys.records as Array<{ key: string; value: unknown }>;
      return { ids: keys.map((r) => r.key), seven: JSON.stringify(keys.find((r) => r.key === 'cluster-1/0000000007')) };
    };
    const b = damagedKey(before);
    const a = damagedKey(await dumpIdb('dmg', factory));
    expect(a.seven).toContain('"seven"');
    expect(a.seven).toBe(b.seven); // left untouched
    expect(a.ids).toEqual([...b.ids, 'cluster-1/0000000008']);
  });

  it('a damaged current cluster gives an error line, not a crash; reset repairs the playground', async () => {
    const factory = freshFactory();
    const backend = await openIdbBackend({ name: 'dmg2', factory });
    const t = await openTerminal({ backend });
    const db = await rawOpen(factory, 'dmg2');
    await rawWrite(db, 'clusters', (s) => s.put({ id: 'cluster-1', rev: 3, name: 'cluster-1', hsms: 'three' }));
    db.close();
    const out = await t.type('hsm list');
    expect(out).toContain('warning: the stored record clusters/cluster-1 is damaged (field nextIndex is missing or malformed)');
    expect(out).toContain('Error: cluster cluster-1 is missing or damaged in the store; `reset` restores a fresh playground\n');
    await t.type('key_mgmt_util');
    expect(await t.type(LOGIN)).toContain('Error: cluster cluster-1 is missing or damaged');
    await t.type('exit');
    await t.type('reset');
    expect(await t.type('y')).toContain('The playground is fresh again');
    expect(await t.type('hsm list')).toContain('0     up');
  });

  describe('a damaged or missing meta/current pointer (issue 11)', () => {
    /** A playground with a second cluster and a key, then `meta/current` replaced by `damage`, reloaded. */
    async function damagedPointer(name: string, damage: (s: IDBObjectStore) => void) {
      const factory = freshFactory();
      const first = await openTerminal({ backend: await openIdbBackend({ name, factory }), scenario: { servingNode: 0 } });
      await first.type('cluster create b -hsms 2');
      await first.type('key_mgmt_util');
      await first.type(LOGIN);
      await first.type('genSymKey -t 31 -s 16 -l kept');
      await first.type('exit');
      first.backend.close();
      const db = await rawOpen(factory, name);
      await rawWrite(db, 'meta', damage);
      db.close();
      const before = await dumpIdb(name, factory);
      const t = await openTerminal({ backend: await openIdbBackend({ name, factory }) }); // a reload
      return { t, factory, before };
    }

    it('a damaged pointer falls back to the first cluster; nothing is erased; cluster use replaces it', async () => {
      const { t, factory, before } = await damagedPointer('cur1', (s) => s.put({ id: 'current', rev: 4, cluster: 42 }));
      const list = await t.type('cluster list');
      expect(list).not.toContain('could not be set up');
      expect(list).toContain('warning: the stored record meta/current is damaged (field cluster is missing or malformed)');
      expect(list).toContain('warning: using cluster cluster-1; `cluster use NAME` replaces the damaged pointer, `reset` restores a fresh playground\n');
      expect(list).toMatch(/^\* cluster-1 +3 +3 +1$/m);
      expect(list).toMatch(/^ {2}b +2 +2 +0$/m);
      expect(await dumpIdb('cur1', factory)).toBe(before); // left untouched until replaced
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      expect(await t.type('findKey -l kept')).toContain('Total number of keys present 1');
      await t.type('exit');
      expect(await t.type('cluster use b')).toBe('Current cluster: b\n');
      expect(await t.type('cluster list')).toMatch(/^\* b +2 +2 +0$/m);
      const meta = JSON.parse(await dumpIdb('cur1', factory)).stores.meta.records as Array<{ key: string; value: { cluster?: unknown } }>;
      expect(meta.find((r) => r.key === 'current')?.value.cluster).toBe('b');
    });

    it('a missing pointer falls back to the first cluster instead of staging a fresh playground over the data', async () => {
      const { t } = await damagedPointer('cur2', (s) => s.delete('current'));
      const list = await t.type('cluster list');
      expect(list).not.toMatch(/could not be set up|warning/);
      expect(list).toMatch(/^\* cluster-1 +3 +3 +1$/m);
      expect(list).toMatch(/^ {2}b +2 +2 +0$/m);
      expect(await t.type('cluster use b')).toBe('Current cluster: b\n');
    });

    it('a pointer with a malformed revision is replaced by cluster use and erased by reset', async () => {
      const { t } = await damagedPointer('cur4', (s) => s.put({ id: 'current', rev: 'two', cluster: 'b' }));
      expect(await t.type('cluster list')).toMatch(/^\* cluster-1 /m);
      expect(await t.type('cluster use b')).toBe('Current cluster: b\n');
      expect(await t.type('cluster list')).toMatch(/^\* b /m);
      await t.type('reset');
      expect(await t.type('y')).toContain('The playground is fresh again');
    });

    it('reset always runs with a damaged pointer', async () => {
      const { t, factory } = await damagedPointer('cur3', (s) => s.put({ id: 'current', rev: 4 }));
      await t.type('reset');
      expect(await t.type('y')).toContain('The playground is fresh again');
      expect(await t.type('cluster list')).not.toMatch(/warning|Error/);
      const meta = JSON.parse(await dumpIdb('cur3', factory)).stores.meta.records as Array<{ key: string; value: { cluster?: unknown } }>;
      expect(meta.find((r) => r.key === 'current')?.value.cluster).toBe('cluster-1');
    });
  });

  describe('key_mgmt_util when its cluster disappears (issue 11)', () => {
    async function vanished(name: string, vanish: (s: IDBObjectStore) => void) {
      const factory = freshFactory();
      const t = await openTerminal({ backend: await openIdbBackend({ name, factory }) });
      await t.type('cluster create b');
      await t.type('cluster use b');
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      await t.type('genSymKey -t 31 -s 16 -l s -sess');
      const db = await rawOpen(factory, name);
      await rawWrite(db, 'clusters', vanish);
      db.close();
      return t;
    }

    for (const [db, how, vanish] of [
      ['gone1', 'deleted (another tab ran reset)', (s: IDBObjectStore) => s.delete('b')],
      ['gone2', 'damaged', (s: IDBObjectStore) => s.put({ id: 'b', rev: 9, name: 'b', hsms: 3 })],
    ] as const) {
      it(`the cluster ${how}: the login ends with a clear line, exit and quit always leave`, async () => {
        const t = await vanished(db, vanish);
        const out = await t.type('findKey');
        expect(out).toContain('Error: cluster b is missing or damaged in the store; the login has ended. ' +
          '`exit` returns to the shell, where `reset` or `cluster use NAME` recovers\n');
        expect(t.session.kmuSession.user).toBeNull();
        expect(t.session.kmuSession.sessionKeys.size).toBe(0);
        expect(await t.type('logoutHSM')).toContain('0xe3'); // not logged in any more: no trap
        expect(await t.type('exit')).toBe('');
        expect(t.session.programId).toBe('host');
        await t.type('key_mgmt_util');
        expect(await t.type('quit')).toBe('');
        expect(t.session.programId).toBe('host');
        expect(await t.type('cluster use cluster-1')).toBe('Current cluster: cluster-1\n');
      });
    }

    it('cloudhsm_mgmt_util likewise: the login ends with a clear line, quit always leaves', async () => {
      const factory = freshFactory();
      const t = await openTerminal({ backend: await openIdbBackend({ name: 'gone3', factory }) });
      await t.type('cluster create b');
      await t.type('cluster use b');
      await t.type('cloudhsm_mgmt_util');
      await t.type('loginHSM CO admin co12345');
      const db = await rawOpen(factory, 'gone3');
      await rawWrite(db, 'clusters', (s) => s.delete('b'));
      db.close();
      expect(await t.type('listUsers')).toContain('Error: cluster b is missing or damaged in the store; the login has ended. ' +
        '`quit` returns to the shell, where `reset` or `cluster use NAME` recovers\n');
      expect(t.session.terminal.cmu.user).toBeNull();
      await t.type('quit');
      expect(t.session.programId).toBe('host');
    });

    it('genSymKey never writes a nextIndex its own check rejects (object table full instead)', async () => {
      const factory = freshFactory();
      const t = await openTerminal({ backend: await openIdbBackend({ name: 'top', factory }), scenario: { servingNode: 0 } });
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      await t.type('exit');
      const db = await rawOpen(factory, 'top');
      let cluster: Record<string, unknown> = {};
      await rawWrite(db, 'clusters', (s) => { s.get('cluster-1').onsuccess = (e) => { cluster = (e.target as IDBRequest).result; }; });
      await rawWrite(db, 'clusters', (s) => s.put({ ...cluster, rev: (cluster.rev as number) + 1, nextIndex: Number.MAX_SAFE_INTEGER }));
      db.close();
      const before = await dumpIdb('top', factory);
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
      const out = await t.type('genSymKey -t 31 -s 16 -l last');
      expect(out).not.toMatch(/warning|damaged|missing|internal error/);
      expect(out).toContain('0xe6');
      expect(await dumpIdb('top', factory)).toBe(before);
      expect(await t.type('findKey')).not.toMatch(/warning|damaged|missing/);
      expect(await t.type('exit')).toBe('');
    });
  });
});
