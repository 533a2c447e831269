/**
 * Issue 9, item 4 "Fewer round trips": a storage spy under the caching backend shows that a
 * command costs one store transaction (plus at most one for the history line) and no read of the
 * storage once each store is in memory, and that another tab re-reads only the records a command
 * changed (two consoles on one fake-indexeddb database, change notices over BroadcastChannel).
 */
import { freshFactory } from './fake-idb';
import { describe, expect, it } from 'vitest';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { Backend, RecordRef, StoreName } from '../../src/hsm/store';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { openTerminal, type Terminal } from '../support/transcript';

interface Counts { gets: number; lists: number; commits: number; got: string[] }

/** The storage as the cache sees it, counting every call that reaches it. */
function spy(inner: Backend): { backend: Backend; n: Counts; reset(): void } {
  const n: Counts = { gets: 0, lists: 0, commits: 0, got: [] };
  const backend: Backend = {
    get kind() { return inner.kind; },
    get: (s: StoreName, id: string) => { n.gets++; n.got.push(`${s}/${id}`); return inner.get(s, id); },
    list: (s: StoreName, p?: string) => { n.lists++; n.got.push(`${s}/${p ?? ''}*`); return inner.list(s, p); },
    commit: (w, g) => { n.commits++; return inner.commit(w, g); },
    clear: () => inner.clear(),
    close: () => inner.close(),
  };
  if (inner.subscribe) backend.subscribe = inner.subscribe.bind(inner);
  return { backend, n, reset: () => Object.assign(n, { gets: 0, lists: 0, commits: 0, got: [] }) };
}

/** Type a line as the page does: it is kept in the history, then run. */
async function enter(t: Terminal, line: string): Promise<string> {
  await t.session.remember(line);
  return t.type(line);
}

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

describe('one store transaction per command', () => {
  it('KMU, CMU and host commands each commit once (plus the history line) and read nothing from the storage', async () => {
    const s = spy(createMemoryBackend());
    const t = await openTerminal({ backend: cachedBackend(s.backend) });
    // warm up: every store is read once
    await enter(t, 'ls');
    await enter(t, 'key_mgmt_util');
    await enter(t, LOGIN);
    await t.session.snapshot();
    const handle = Number(/Key Handle: (\d+)/.exec(await enter(t, 'genSymKey -t 31 -s 16 -l warm'))![1]);

    const cost = async (line: string, answers: string[] = []): Promise<Counts & { out: string }> => {
      s.reset();
      let out = await enter(t, line);
      for (const a of answers) out += await t.type(a);
      return { ...s.n, got: [...s.n.got], out };
    };

    const gen = await cost('genSymKey -t 31 -s 16 -l b');
    expect(gen.out).toContain('Cfm3GenerateSymmetricKey returned: 0x00');
    expect(gen).toMatchObject({ commits: 2, gets: 0, lists: 0 }); // the key (+ cluster counter), the history line

    const attr = await cost(`getAttribute -o ${handle} -a 512 -out a.txt`);
    expect(attr.out).toContain('returned: 0x00');
    expect(attr).toMatchObject({ commits: 2, gets: 0, lists: 0 }); // the file a.txt, the history line

    const find = await cost('findKey');
    expect(find.out).toContain('Total number of keys present 2');
    expect(find).toMatchObject({ commits: 1, gets: 0, lists: 0 }); // the history line only: findKey writes nothing

    // the same line again: nothing new for the history, and findKey writes nothing
    expect(await cost('findKey')).toMatchObject({ commits: 0, gets: 0, lists: 0 });

    await enter(t, 'exit');
    const host = await cost('openssl rand -out r.bin 16');
    expect(host).toMatchObject({ commits: 2, gets: 0, lists: 0 });

    await enter(t, 'cloudhsm_mgmt_util');
    await enter(t, 'loginHSM CO admin co12345');
    const cmu = await cost('createUser CU bob password1', ['y']);
    expect(cmu.out).toContain('Creating User bob(CU) on 3 nodes');
    expect(cmu).toMatchObject({ commits: 2, gets: 0, lists: 0 }); // bob on every HSM, the history line
    expect(await enter(t, 'listUsers')).toContain('bob');

    // the page's view after a command reads nothing from the storage either
    s.reset();
    const view = await t.session.snapshot();
    expect(view.files.map((f) => f.name)).toEqual(expect.arrayContaining(['a.txt', 'r.bin']));
    expect(s.n).toMatchObject({ commits: 0, gets: 0, lists: 0 });
  });
});

describe('another tab reads only what changed', () => {
  it('a genSymKey in tab A makes tab B re-read the two records it wrote, and B sees the new key', async () => {
    const factory = freshFactory();
    const name = `round-trips-${Math.random()}`;
    const a = spy(await openIdbBackend({ factory, name }));
    const b = spy(await openIdbBackend({ factory, name }));
    const cacheA = cachedBackend(a.backend);
    const cacheB = cachedBackend(b.backend);
    try {
      const tabA = await openTerminal({ backend: cacheA });
      const tabB = await openTerminal({ backend: cacheB });
      for (const t of [tabA, tabB]) {
        await enter(t, 'key_mgmt_util');
        await enter(t, LOGIN);
      }
      // B has read every store its page shows
      const before = await tabB.session.snapshot();
      const notices: Array<readonly RecordRef[] | undefined> = [];
      const heard = new Promise<void>((resolve) => cacheB.subscribe!((changed) => {
        notices.push(changed);
        resolve();
      }));
      b.reset();

      const out = await tabA.type('genSymKey -t 31 -s 16 -l from-a');
      const handle = Number(/Key Handle: (\d+)/.exec(out)![1]);
      await heard;
      const after = await tabB.session.snapshot();

      expect(notices).toHaveLength(1);
      const changed = notices[0]!.map((r) => `${r.store}/${r.id}`).sort();
      expect(changed).toEqual([`clusters/cluster-1`, `keys/cluster-1/${String(handle).padStart(10, '0')}`]);
      // B read exactly those two records, and listed nothing
      expect(b.n.lists).toBe(0);
      expect([...b.n.got].sort()).toEqual(changed);
      expect(b.n.commits).toBe(0);
      expect(before.keys.map((k) => k.handle)).not.toContain(handle);
      expect(after.keys.find((k) => k.handle === handle)?.label).toBe('from-a');

      // and B's next command sees it without another read of the storage
      b.reset();
      expect(await tabB.type('findKey -l from-a')).toContain(`\n${handle}\n`);
      expect(b.n).toMatchObject({ gets: 0, lists: 0 });
    } finally {
      cacheA.close();
      cacheB.close();
    }
  });
});
