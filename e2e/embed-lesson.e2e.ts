/**
 * A lesson inside an embed (issue 14, `lesson=<id>`), in every engine, from a fresh profile: an
 * embed with `lesson=imsymkey-import` shows the lesson's panel below its console, and a reader
 * completes lesson 1 there by typing — one hint, one "Show solution" (the line waits at the prompt,
 * nothing runs until Enter) — all in memory: the embed opens no IndexedDB, and the full page's saved
 * playground and lesson progress (the same lesson half done there) are exactly as they were. Also:
 * an unknown lesson shows a sentence instead of a console, and axe (light, dark) on the lesson embed.
 */
import { expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { describeE2E, usePlayground, type Term } from './harness';
import { watched, watchStorage } from './embed-watch';

const LESSON = 'imsymkey-import';
const KMU = 'Command: ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const IMPORT = 'imSymKey -f aes256.key -w 20 -t 31 -l imported';

/**
 * Every record of every IndexedDB database of the origin, as text (database/store → its records;
 * bytes as hex). Only reads: a database is opened without a version, so nothing is upgraded.
 */
const databases = (t: Term) => t.page.evaluate(async () => {
  const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof ArrayBuffer) x = new Uint8Array(x);
    if (ArrayBuffer.isView(x)) return `bytes:${Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    return x;
  });
  const req = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const out: Record<string, string> = {};
  for (const d of (await indexedDB.databases()).sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
    const db = await req(indexedDB.open(d.name!));
    out[d.name!] = `version ${db.version}`;
    for (const store of Array.from(db.objectStoreNames).sort()) {
      const tx = db.transaction(store, 'readonly');
      const [keys, values] = await Promise.all([req(tx.objectStore(store).getAllKeys()), req(tx.objectStore(store).getAll())]);
      out[`${d.name}/${store}`] = text(keys.map((k, i) => [k, values[i]]));
    }
    db.close();
  }
  return out;
});

const step = (t: Term) => t.page.getByTestId('lesson-step').innerText();
const status = (t: Term) => t.page.getByTestId('lesson-status').innerText();

describeE2E('a lesson in an embed', (engine) => {
  const pg = usePlayground(import.meta.url, engine, { pages: ['/embed.html'] });

  it('completes lesson 1 by typing (one hint, one "Show solution") in memory; the full page\'s saved playground and lesson progress are untouched', async () => {
    // the full page first: a key of the learner's own in free play, and the same lesson half done there
    const full = await pg.open();
    await full.run('key_mgmt_util', { next: KMU });
    await full.run(LOGIN);
    await full.run('genSymKey -t 31 -s 32 -l saved-before-embed');
    await full.run('exit', { next: '$ ' });
    await full.page.getByRole('button', { name: 'Lessons' }).click();
    await full.page.getByTestId('lesson-catalog').locator('button', { hasText: 'Import a plaintext key with imSymKey' }).click();
    await full.page.getByTestId('lesson-terminals').waitFor();
    await expect.poll(() => step(full), { timeout: 15_000 }).toMatch(/^Step 1 of 3: /);
    await full.waitForPrompt('$ ');
    await full.run('key_mgmt_util', { next: KMU });
    await full.run(LOGIN);
    await full.run(IMPORT);
    await expect.poll(() => step(full)).toMatch(/^Step 2 of 3: /);
    await full.page.waitForTimeout(500); // (the step's checkpoint and progress are saved)
    await full.page.close();

    // the embed: the lesson's panel below the console, the lesson's first step before the console is live
    const t = await pg.open({ path: `/embed.html?lesson=${LESSON}&rows=20`, waitForPrompt: false, init: watchStorage });
    await expect.poll(() => step(t), { timeout: 15_000 }).toMatch(/^Step 1 of 3: Import aes256\.key into the HSM$/);
    expect(await t.page.getByTestId('lesson-goals').locator('li[data-met="false"]').count()).toBe(1);
    expect(await t.page.getByTestId('lesson-link').getAttribute('href')).toBe(`${pg.origin}/?lesson=${LESSON}`);
    await t.page.getByRole('button', { name: 'Run in a live console' }).click();
    await t.page.locator('.xterm-rows').waitFor();
    await t.waitForPrompt('$ ');
    // (below the terminal)
    const term = (await t.page.locator('.term-area').boundingBox())!;
    const panel = (await t.page.getByTestId('embed-lesson').boundingBox())!;
    expect(panel.y).toBeGreaterThanOrEqual(term.y + term.height - 1);

    // one hint
    await t.page.getByTestId('lesson-hint').click();
    await expect.poll(() => t.page.getByTestId('lesson-hints').innerText()).toMatch(/key_mgmt_util/);
    expect(await t.page.getByTestId('lesson-hints').locator('li').count()).toBe(1);
    await expect.poll(() => status(t)).toMatch(/^Hint 1: /);

    // step 1 typed, except its last line: "Show solution" types that one at the prompt, nothing runs
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    await t.page.getByTestId('lesson-solution').click();
    await t.waitFor('the solution line at the prompt', (rows) => (rows.filter((r) => r !== '').at(-1) === KMU + IMPORT ? true : undefined));
    await expect.poll(() => status(t)).toMatch(/^Typed at the prompt: imSymKey/);
    expect(await step(t)).toMatch(/^Step 1 of 3: /);
    expect(await t.page.getByTestId('lesson-goals').locator('li[data-met="true"]').count()).toBe(0);
    expect(await t.enter(IMPORT)).toMatch(/Symmetric Key Unwrapped\.\s+Key Handle: 262180/);
    await expect.poll(() => step(t)).toMatch(/^Step 2 of 3: /);
    await expect.poll(() => status(t)).toMatch(/Goal met: .*Step 2 of 3/);

    // the rest typed
    await t.run('getAttribute -o 262180 -a 355 -out imported-local.txt');
    await t.run('getAttribute -o 20 -a 355 -out wrapping-local.txt');
    await expect.poll(() => step(t)).toMatch(/^Step 3 of 3: /);
    await t.run('exit', { next: '$ ' });
    expect(await t.run('cat imported-local.txt')).toMatch(/0x00000000/);
    await t.run('rm aes256.key');
    await expect.poll(() => step(t)).toBe('Lesson complete');
    await expect.poll(() => status(t)).toMatch(/Lesson complete: Import a plaintext key with imSymKey\./);

    // all in memory: the embed opened no database and registered no service worker
    expect(await watched(t)).toEqual({ idb: [], sw: [] });
    await t.page.close();

    // the full page again: its free play and its lesson as they were (the lesson still at step 2, not done)
    const again = await pg.open({ path: `/?lesson=${LESSON}` });
    await again.page.getByTestId('lesson-terminals').waitFor();
    await expect.poll(() => step(again), { timeout: 15_000 }).toMatch(/^Step 2 of 3: /);
    await again.page.getByTestId('lesson-leave').click();
    await expect.poll(() => again.page.getByTestId('lesson-terminals').count()).toBe(0);
    await again.run('key_mgmt_util', { next: KMU });
    await again.run(LOGIN);
    expect(await again.run('findKey -l saved-before-embed')).toMatch(/Total number of keys present 1\b/);
    expect(await again.run('findKey -l imported')).toMatch(/Total number of keys present 0\b/);
    await again.page.close();
  });

  it('the embed leaves every record of the origin\'s databases as it was', async () => {
    // (a full page's playground and lesson progress exist: made above, or here on a fresh profile)
    const full = await pg.open({ path: `/?lesson=${LESSON}` });
    await full.page.getByTestId('lesson-terminals').waitFor();
    await expect.poll(() => step(full), { timeout: 15_000 }).toMatch(/^Step \d of 3: /);
    await full.page.waitForTimeout(500);
    await full.page.close();
    const reader = await pg.open({ path: `/embed.html?lesson=${LESSON}`, waitForPrompt: false });
    await reader.page.getByTestId('embed-lesson').waitFor();
    const before = await databases(reader);
    expect(Object.keys(before).some((k) => /lesson/i.test(k))).toBe(true);
    await reader.page.close();

    const t = await pg.open({ path: `/embed.html?lesson=${LESSON}&load=now&autorun&script=${encodeURIComponent(['key_mgmt_util', LOGIN, IMPORT].join('\n'))}`, waitForPrompt: false, init: watchStorage });
    await expect.poll(() => step(t), { timeout: 15_000 }).toMatch(/^Step 2 of 3: /);
    expect(await watched(t)).toEqual({ idb: [], sw: [] });
    expect(await databases(t)).toEqual(before);
    await t.page.close();
  });

  it('an unknown lesson shows a sentence instead of a console', async () => {
    const t = await pg.open({ path: '/embed.html?lesson=no-such-lesson&script=ls', waitForPrompt: false });
    const problem = t.page.getByTestId('embed-problem');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/^There is no lesson called “no-such-lesson”/);
    expect(await t.page.getByRole('button', { name: 'Run in a live console' }).count()).toBe(0);
    expect(await t.page.locator('.xterm-rows').count()).toBe(0);
    expect(await t.page.getByTestId('embed-lesson').count()).toBe(0);
    await t.page.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`axe: no serious or critical violations on a lesson embed (${theme}: poster, then live with a hint open)`, async () => {
      const t = await pg.open({ path: `/embed.html?lesson=${LESSON}&theme=${theme}`, waitForPrompt: false });
      await t.page.getByTestId('embed-lesson').waitFor();
      expect(await seriousViolations(t.page)).toEqual([]);
      await t.page.getByRole('button', { name: 'Run in a live console' }).click();
      await t.page.locator('.xterm-rows').waitFor();
      await t.waitForPrompt('$ ');
      await t.page.getByTestId('lesson-hint').click();
      await t.page.getByTestId('lesson-hints').waitFor();
      expect(await seriousViolations(t.page)).toEqual([]);
      await t.screenshot(`embed-lesson-${theme}`);
      await t.page.close();
    });
  }
});
