/**
 * Two tabs on one playground (issue 4 item 6), modelled in Node as two consoles with two IndexedDB
 * connections to one database: simultaneous bursts never share a handle, never lose a write, each
 * sees the other's keys at its next command, and commits announce themselves to the other tab.
 */
import { describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { openTerminal } from '../support/transcript';
import { freshFactory } from '../store/fake-idb';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

describe('two tabs, one playground', () => {
  it('bursts of 50 key creations in each tab at the same moment: 100 distinct handles, both list all', async () => {
    const factory = freshFactory();
    const a = await openTerminal({ backend: await openIdbBackend({ name: 'tabs', factory }), seed: 1 });
    const b = await openTerminal({ backend: await openIdbBackend({ name: 'tabs', factory }), seed: 2 });
    let notices = 0;
    const unsubscribe = b.backend.subscribe!(() => notices++);
    for (const t of [a, b]) {
      await t.type('key_mgmt_util');
      await t.type(LOGIN);
    }
    const burst = async (t: typeof a, tag: string) => {
      const handles: string[] = [];
      for (let i = 0; i < 50; i++) handles.push(/Key Handle: (\d+)/.exec(await t.type(`genSymKey -t 31 -s 16 -l ${tag}${i}`))![1]!);
      return handles;
    };
    const [ha, hb] = await Promise.all([burst(a, 'a'), burst(b, 'b')]);
    const all = new Set([...ha, ...hb]);
    expect(all.size).toBe(100);
    for (const t of [a, b]) {
      const listed = /Total number of keys present (\d+)/.exec(await t.type('findKey'))![1];
      expect(listed).toBe('100');
    }
    // BroadcastChannel delivers asynchronously: wait until b heard about a's commits.
    for (let i = 0; i < 50 && notices === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(notices).toBeGreaterThan(0);
    unsubscribe();
  });
});
