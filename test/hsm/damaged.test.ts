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
});
