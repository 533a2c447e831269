/**
 * Responsiveness (issue 11, finding 12): the page never keeps its main thread for more than 100 ms
 * (the long-task check of DEVELOPERS.md, e2e/longtask.ts) while it prints a 1 MiB hex dump, runs a
 * 10,000-line paste, or lists 3,300 key handles after two Tabs; and a 2,000-line paste leaves, after
 * a reload, the newest lines up to the history's cap, every one and in order.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';
import { longestTask, resetLongTasks } from './longtask';
import { HISTORY_LIMIT } from '../src/shell/history';
import { seedKeys } from './seed-keys';

/** The longest task allowed while the page works through a big job. */
const MAX_TASK_MS = 100;
const BIG = 240_000;
/** A test's own time limit: a big job in a slow engine on a busy machine. */
const SLOW = 400_000;

const lastRows = async (t: Term, n: number) => (await t.rows()).filter((r) => r !== '').slice(-n);

/** The history record as stored (what a reload loads). */
function storedHistory(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('kmu-playground');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const r = db.transaction('meta').objectStore('meta').get('history');
      r.onsuccess = () => {
        db.close();
        resolve(((r.result as { lines?: string[] } | undefined)?.lines) ?? []);
      };
      r.onerror = () => reject(r.error);
    };
  });
}

describeE2E('responsiveness', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  async function measured(t: Term, what: string, job: () => Promise<void>): Promise<number> {
    await t.page.waitForTimeout(300); // the page settles first
    await resetLongTasks(t.page);
    await job();
    await t.page.waitForTimeout(200); // a task still running as the job ends is counted too
    const { longestMs, method } = await longestTask(t.page);
    console.log(`${pg.version}: ${what}: longest task ${longestMs.toFixed(0)} ms (${method})`);
    return longestMs;
  }

  it('prints a 1 MiB hex dump without a task over 100 ms', async () => {
    const t = await pg.open();
    await t.run('echo ready');
    const longest = await measured(t, 'openssl rand -hex 1048576', async () => {
      await t.typeLine('openssl rand -hex 1048576');
      await t.waitFor('the hex dump, then the prompt', (rows) => {
        const shown = rows.filter((r) => r !== '');
        return shown.at(-1) === '$' && /^[0-9a-f]+$/.test(shown.at(-2) ?? '') ? true : undefined;
      }, BIG);
    });
    expect(longest).toBeLessThanOrEqual(MAX_TASK_MS);
    // the dump is all there: the output ends with the last of its 2,097,152 hex digits, and the
    // scrollback holds full rows of hex above it
    const rows = (await t.rows()).filter((r) => r !== '');
    expect(rows.at(-1)).toBe('$');
    expect(rows.slice(-6, -2).every((r) => /^[0-9a-f]+$/.test(r) && r.length === rows.at(-3)!.length)).toBe(true);
    expect(await t.run('echo still here')).toBe('still here');
    await t.page.close();
  }, SLOW);

  // The check with the least margin in WebKitGTK: its longest gap is a slice of the editor's work
  // and the software paint after it (src/shell/line-editor/index.ts, SLICE_MS; e2e/README.md).
  it('runs a 10,000-line paste without a task over 100 ms', async () => {
    const t = await pg.open();
    await t.run('echo ready');
    const lines = Array.from({ length: 10_000 }, (_, i) => `echo line-${i + 1}`);
    // The text goes on the clipboard before the measurement: a learner copies it elsewhere, and the
    // page's paste starts at Control+v. (WebKit's driver copies through a textarea of the page,
    // which takes it 0.7–1.5 s for these 10,000 lines: that is the test's copy, not the page's paste.)
    await t.page.clipboard.writeText(lines.join('\n') + '\n');
    const longest = await measured(t, 'a 10,000-line paste', async () => {
      await t.focus();
      await t.page.keyboard.press('Control+v');
      await t.waitFor('the last pasted line run, then the prompt', (rows) => {
        const shown = rows.filter((r) => r !== '');
        return shown.at(-1) === '$' && shown.at(-2) === 'line-10000' ? true : undefined;
      }, BIG);
    });
    expect(longest).toBeLessThanOrEqual(MAX_TASK_MS);
    expect(await lastRows(t, 5)).toEqual(['$ echo line-9999', 'line-9999', '$ echo line-10000', 'line-10000', '$']);
    await t.page.close();
  }, SLOW);

  it('lists 3,300 handles after two Tabs without a task over 100 ms, capped with "and N more"', async () => {
    const t = await pg.open();
    await t.run('key_mgmt_util', { next: 'Command: ' });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    const out = await t.run('genSymKey -t 31 -s 16 -l seed');
    expect(out).toContain('Cfm3GenerateSymmetricKey returned: 0x00');
    expect((await t.page.evaluate(seedKeys, 3300)).total).toBe(3300);
    await pg.reload(t);
    await t.run('key_mgmt_util', { next: 'Command: ' });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    const longest = await measured(t, 'Tab-listing 3,300 handles', async () => {
      await t.focus();
      await t.page.keyboard.type('getAttribute -o ');
      await t.page.keyboard.press('Tab');
      await t.page.keyboard.press('Tab');
      await t.waitFor('the listing, then the line again', (rows) => {
        const shown = rows.filter((r) => r !== '');
        // (the first Tab inserts the handles' common prefix, the second lists)
        return /^Command: getAttribute -o( \d+)?$/.test(shown.at(-1) ?? '') && /^\.\.\. and \d+ more$/.test(shown.at(-2) ?? '') ? true : undefined;
      }, BIG);
    });
    expect(longest).toBeLessThanOrEqual(MAX_TASK_MS);
    const shown = (await t.rows()).filter((r) => r !== '');
    const more = /^\.\.\. and (\d+) more$/.exec(shown.at(-2)!)!;
    let line = shown.length - 2;
    while (line >= 0 && !shown[line]!.startsWith('Command: getAttribute -o')) line--;
    const listed = shown.slice(line + 1, -2).join(' ').split(/\s+/).filter((w) => w !== '');
    expect(listed.every((w) => /^\d+$/.test(w))).toBe(true);
    expect(listed.length + Number(more[1])).toBe(3300);
    await t.page.close();
  }, SLOW);

  it('keeps the newest lines of a 2,000-line paste, up to the cap, in order after a reload', async () => {
    const t = await pg.open();
    await t.run('echo ready');
    const lines = Array.from({ length: 2000 }, (_, i) => `echo kept-${i + 1}`);
    await t.focus();
    await t.page.keyboard.paste(lines.join('\n') + '\n');
    await t.waitFor('the last pasted line run, then the prompt', (rows) => {
      const shown = rows.filter((r) => r !== '');
      return shown.at(-1) === '$' && shown.at(-2) === 'kept-2000' ? true : undefined;
    }, BIG);
    // the history's batches are committed a moment later: wait until the store has the last line
    await t.page.waitForFunction(
      () => new Promise<boolean>((resolve) => {
        const open = indexedDB.open('kmu-playground');
        open.onsuccess = () => {
          const r = open.result.transaction('meta').objectStore('meta').get('history');
          r.onsuccess = () => { open.result.close(); resolve(((r.result as { lines?: string[] } | undefined)?.lines ?? []).at(-1) === 'echo kept-2000'); };
          r.onerror = () => resolve(false);
        };
        open.onerror = () => resolve(false);
      }), undefined, { timeout: BIG });
    await pg.reload(t);
    const stored = await t.page.evaluate(storedHistory);
    expect(stored).toEqual(lines.slice(-HISTORY_LIMIT));
    // and the console recalls them after the reload, newest first
    await t.focus();
    for (const n of [2000, 1999, 1998]) {
      await t.page.keyboard.press('ArrowUp');
      await t.waitFor(`the recalled line ${n}`, (rows) => (rows.filter((r) => r !== '').at(-1) === `$ echo kept-${n}` ? true : undefined));
    }
    await t.page.close();
  }, SLOW);
});
