/**
 * The database closes or is deleted under a running console (issue 11, finding 6): the failover
 * moves to memory, and the memory must hold a usable playground — what this tab last read (the
 * cache above the failover holds it), or a fresh playground when nothing can be recovered — and
 * the banner's reason says which.
 */
import { freshFactory, rawDelete } from './fake-idb';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/platform/open-storage';
import { failoverBackend } from '../../src/platform/failover-backend';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { openTerminal } from '../support/transcript';

const SUCCESS = 'Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS';

async function loggedIn(name: string, factory: IDBFactory, shellFirst?: string) {
  const reasons: string[] = [];
  const backend = await openStorage({ name, factory, onFallback: (r) => reasons.push(r) });
  const t = await openTerminal({ backend });
  if (shellFirst) await t.type(shellFirst);
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  const before = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l before'))![1]);
  return { t, backend, reasons, before };
}

describe('the database closes or is deleted under a running console', () => {
  it('deleted by another tab: the next key command works and the keys the tab had read are still there', async () => {
    const factory = freshFactory();
    const { t, backend, reasons, before } = await loggedIn('gone', factory);
    expect(await rawDelete(factory, 'gone')).toEqual({ blocked: false });
    const out = await t.type('genSymKey -t 31 -s 16 -l after');
    expect(out).toContain(SUCCESS);
    const after = Number(/Key Handle: (\d+)/.exec(out)![1]);
    expect(after).not.toBe(before);
    expect(backend.kind).toBe('memory');
    const found = await t.type('findKey -l before');
    expect(found).toMatch(new RegExp(`^${before}$`, 'm'));
    expect(await t.type('findKey -l after')).toMatch(new RegExp(`^${after}$`, 'm'));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/another tab is upgrading or deleting/);
    expect(reasons[0]).toBe('the storage was closed because another tab is upgrading or deleting the kmu-playground ' +
      'database. The playground goes on in memory from what this tab had read; the saved files could not be read back');
  });

  it('its connection closed under it: the same', async () => {
    const factory = freshFactory();
    // keep hold of the page's raw connection, to close it as the browser would
    let conn: IDBDatabase | undefined;
    const open = factory.open.bind(factory);
    factory.open = (name: string, version?: number) => {
      const req = open(name, version);
      req.addEventListener('success', () => { conn = req.result; });
      return req;
    };
    const { t, backend, reasons, before } = await loggedIn('closed', factory, 'echo kept > note');
    conn!.close();
    expect(await t.type('genSymKey -t 31 -s 16 -l after')).toContain(SUCCESS);
    expect(await t.type('findKey -l before')).toMatch(new RegExp(`^${before}$`, 'm'));
    await t.type('exit');
    expect(await t.type('cat note')).toBe('kept\n');
    expect(backend.kind).toBe('memory');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/no longer usable\. The playground goes on in memory from what this tab had read$/);
  });

  it('deleted before the tab read anything: a fresh playground is staged in memory and the reason says so', async () => {
    const factory = freshFactory();
    const reasons: string[] = [];
    const backend = await openStorage({ name: 'early', factory, onFallback: (r) => reasons.push(r) });
    await rawDelete(factory, 'early');
    const t = await openTerminal({ backend });
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('genSymKey -t 31 -s 16 -l k')).toContain(SUCCESS);
    expect(backend.kind).toBe('memory');
    expect(reasons).toEqual(['the storage was closed because another tab is upgrading or deleting the kmu-playground ' +
      'database. The saved playground could not be read back, so a fresh playground was staged in memory']);
  });

  it('the cache above reads the memory afresh after the switch (a change notice naming no records)', async () => {
    const factory = freshFactory();
    const reasons: string[] = [];
    const idb = await openIdbBackend({ name: 'bare', factory });
    const notices: unknown[] = [];
    const backend = failoverBackend(idb, (r) => reasons.push(r));
    backend.subscribe!((changed) => notices.push(changed));
    await rawDelete(factory, 'bare');
    expect(await backend.list('clusters')).toHaveLength(1); // staged fresh
    expect(notices).toEqual([undefined]);
    expect(reasons[0]).toMatch(/fresh playground was staged/);
  });
});
