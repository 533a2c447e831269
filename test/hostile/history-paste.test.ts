/**
 * Issue 11, finding 3: a pasted block is remembered line by line without waiting (the line editor
 * calls remember after each Enter and goes on), so the history writes must queue, not race: every
 * line of the paste is kept, in order, up to the bounds — on IndexedDB as the page wires it
 * (fake-indexeddb + the idb backend + the failover backend + the cache), read back after a reopen.
 * And the history is bounded by size, not only by lines.
 */
import { freshFactory } from '../store/fake-idb';
import { describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { failoverBackend } from '../../src/platform/failover-backend';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { HISTORY_CHARS, HISTORY_LIMIT, HISTORY_LINE_CHARS } from '../../src/shell/history';
import { openTerminal, type Terminal } from '../support/transcript';

async function open(factory: IDBFactory, name: string): Promise<{ t: Terminal; failovers: string[] }> {
  const failovers: string[] = [];
  const idb = await openIdbBackend({ name, factory });
  const backend = cachedBackend(failoverBackend(idb, (reason) => failovers.push(reason)));
  return { t: await openTerminal({ backend }), failovers };
}

/** What a reload finds: a new backend on the same database, a new console. */
async function reopenedHistory(factory: IDBFactory, name: string): Promise<string[]> {
  const { t } = await open(factory, name);
  const lines = await t.session.history();
  t.backend.close();
  return lines;
}

describe('history under a pasted block', () => {
  it('keeps every line of a 2,000-line paste (the newest HISTORY_LIMIT), in order, after a reopen', async () => {
    const factory = freshFactory();
    const { t, failovers } = await open(factory, 'paste');
    const pasted = Array.from({ length: 2000 }, (_, i) => `echo line ${String(i).padStart(4, '0')}`);
    const saves: Array<Promise<unknown>> = [];
    const failures: unknown[] = [];
    for (const line of pasted) {
      // as the line editor does: remember, do not wait, run the line
      saves.push(t.session.remember(line).catch((e: unknown) => failures.push(e)));
      await t.type(line);
    }
    await Promise.all(saves);
    expect(failures).toEqual([]);
    expect(failovers).toEqual([]);
    t.backend.close();
    expect(await reopenedHistory(factory, 'paste')).toEqual(pasted.slice(-HISTORY_LIMIT));
  }, 120_000);

  it('keeps the lines remembered all at once (no command between), in order', async () => {
    const factory = freshFactory();
    const { t } = await open(factory, 'burst');
    const pasted = Array.from({ length: 700 }, (_, i) => `ls ${i}`);
    const failures: unknown[] = [];
    await Promise.all(pasted.map((l) => t.session.remember(l).catch((e: unknown) => failures.push(e))));
    expect(failures).toEqual([]);
    t.backend.close();
    expect(await reopenedHistory(factory, 'burst')).toEqual(pasted.slice(-HISTORY_LIMIT));
  }, 60_000);

  it('two tabs pasting at once lose none of each other\'s lines (a conflict merges the batch in)', async () => {
    const factory = freshFactory();
    const a = await open(factory, 'tabs');
    const b = await open(factory, 'tabs');
    const linesA = Array.from({ length: 200 }, (_, i) => `echo a${i}`);
    const linesB = Array.from({ length: 200 }, (_, i) => `echo b${i}`);
    const failures: unknown[] = [];
    await Promise.all([
      ...linesA.map((l) => a.t.session.remember(l).catch((e: unknown) => failures.push(e))),
      ...linesB.map((l) => b.t.session.remember(l).catch((e: unknown) => failures.push(e))),
    ]);
    expect(failures).toEqual([]);
    a.t.backend.close();
    b.t.backend.close();
    const kept = await reopenedHistory(factory, 'tabs');
    expect(kept.filter((l) => l.startsWith('echo a'))).toEqual(linesA);
    expect(kept.filter((l) => l.startsWith('echo b'))).toEqual(linesB);
  }, 60_000);

  it('bounds the history by size: long lines push old ones out, a too-long line is not kept', async () => {
    const factory = freshFactory();
    const { t } = await open(factory, 'size');
    const long = Array.from({ length: 100 }, (_, i) => `echo ${String(i).padStart(3, '0')} ${'x'.repeat(10_000)}`);
    await Promise.all(long.map((l) => t.session.remember(l)));
    await t.session.remember(`echo ${'y'.repeat(HISTORY_LINE_CHARS)}`); // longer than a line may be
    t.backend.close();
    const kept = await reopenedHistory(factory, 'size');
    const chars = kept.reduce((n, l) => n + l.length, 0);
    expect(chars).toBeLessThanOrEqual(HISTORY_CHARS);
    const fit = Math.floor(HISTORY_CHARS / long[0]!.length);
    expect(kept).toEqual(long.slice(-fit));
  }, 60_000);
});
