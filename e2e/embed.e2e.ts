/**
 * The embed page (issue 14, item 1), in every engine, from a fresh profile: click-to-load (a static,
 * copyable script until asked; no terminal before), autorun printing the spec's canonical imSymKey
 * block exactly (seeded; the lesson's start state), readonly (the reader's keys do nothing; the
 * script's "Run the next line" does), a failing preamble's visible error, the embed never opening
 * IndexedDB nor registering a service worker and leaving the origin's own saved playground as it was,
 * the "open in the full playground" share link, and axe (light and dark themes) on the live embed.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { describeE2E, usePlayground } from './harness';
import { watched, watchStorage } from './embed-watch';
import { parseShare } from '../src/shell/share';

const CANONICAL = readFileSync(new URL('../test/fixtures/kmu/imSymKey.txt', import.meta.url), 'utf8').replace(/\n+$/, '').split('\n');
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const IMPORT = ['key_mgmt_util', LOGIN, 'imSymKey -f aes256.key -w 20 -t 31 -l imported'];
const q = (lines: readonly string[]) => encodeURIComponent(lines.join('\n'));

/** The rows from the first that starts with `first`, as many as `n`. */
function block(rows: string[], first: string, n: number): string[] {
  const at = rows.indexOf(first);
  return at < 0 ? [] : rows.slice(at, at + n);
}

describeE2E('embed page', (engine) => {
  const pg = usePlayground(import.meta.url, engine, { pages: ['/embed.html'] });

  const openEmbed = (params: string) => pg.open({ path: `/embed.html?${params}`, waitForPrompt: false, init: watchStorage });

  it('shows the script as a copyable code block until asked, then runs it live (autorun: the canonical imSymKey block, exactly)', async () => {
    const t = await openEmbed(`lesson=imsymkey-import&autorun&rows=40&script=${q(IMPORT)}`);
    const code = t.page.locator('pre code');
    await code.waitFor();
    expect(await code.innerText()).toBe(IMPORT.join('\n'));
    expect(await t.page.locator('.xterm-rows').count()).toBe(0); // nothing live before the click
    expect(await t.page.getByTestId('embed-version').innerText()).toMatch(/^v\d+\.\d+\.\d+$/);
    await t.page.getByRole('button', { name: 'Run in a live console' }).click();
    await t.page.locator('.xterm-rows').waitFor();
    const rows = await t.waitFor('the imSymKey block and the next prompt', (r) => {
      const b = block(r, CANONICAL[0]!, CANONICAL.length + 2);
      return b.length === CANONICAL.length + 2 && b.at(-1) === 'Command:' ? r : undefined;
    });
    expect(block(rows, CANONICAL[0]!, CANONICAL.length)).toEqual(CANONICAL);
    // the script as typed (the login's published password is the guide's)
    expect(rows[0]).toBe('$ key_mgmt_util');
    expect(rows).toContain(`Command: ${LOGIN}`);
    // the full-playground link is a share link carrying the script
    const href = (await t.page.getByTestId('embed-full').getAttribute('href'))!;
    expect(href.startsWith(`${pg.origin}/#share=`)).toBe(true);
    const shared = parseShare(new URL(href).hash);
    expect(shared.ok && shared.share.steps).toEqual(IMPORT.map((l) => ['c', l]));
    // the poster's button went away: the terminal took the focus; Escape, then Tab leaves it (as on the full page)
    expect(await t.hasFocus()).toBe(true);
    await t.page.keyboard.press('Escape');
    await t.page.keyboard.press('Tab');
    expect(await t.hasFocus()).toBe(false);
    expect(await watched(t)).toEqual({ idb: [], sw: [] });
    // a fresh profile: the embed made no database and registered no service worker
    expect(await t.page.evaluate(async () => (indexedDB.databases ? (await indexedDB.databases()).length : 0))).toBe(0);
    expect(await t.page.evaluate(async () => (await navigator.serviceWorker?.getRegistrations?.())?.length ?? 0)).toBe(0);
  });

  it('load=now skips the poster; without autorun the script waits line by line; readonly drops the reader\'s keys', async () => {
    const t = await openEmbed(`load=now&readonly&script=${q(['key_mgmt_util', LOGIN, 'genSymKey -t 31 -s 16 -l k'])}`);
    await t.page.locator('.xterm-rows').waitFor();
    expect(await t.page.locator('pre code').count()).toBe(0);
    await t.waitForText('$ key_mgmt_util'); // offered at the prompt, not run
    // the reader types: nothing reaches the console
    await t.page.locator('.xterm').click();
    await t.page.keyboard.type('ls');
    await t.page.keyboard.press('Enter');
    await t.page.waitForTimeout(300);
    expect((await t.rows()).filter((r) => r !== '')).toEqual(['$ key_mgmt_util']);
    // the page's button runs the offered line, and offers the next
    const step = t.page.getByRole('button', { name: 'Run the next line' });
    await step.click();
    await t.waitForText(`Command: ${LOGIN}`);
    await step.click();
    await t.waitForText(/Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS/);
    await t.waitForText('Command: genSymKey -t 31 -s 16 -l k');
    await step.click();
    await t.waitForText(/Symmetric Key Created\. {2}Key Handle: \d+/);
    await t.page.waitForFunction(() => document.querySelector('[data-testid="embed-step"]') === null); // (no line left: the button goes)
  });

  it('a failing preamble shows its error (the line and the code) instead of a console', async () => {
    const t = await openEmbed(`load=now&preamble=${q(['key_mgmt_util', 'loginHSM -u CU -s example_user -p wrong_pwd'])}&script=findKey`);
    const error = t.page.getByTestId('embed-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('preamble line 2');
    expect(text).toContain('loginHSM -u CU -s example_user -p ********'); // (redacted)
    expect(text).toMatch(/return code 0x[0-9a-f]{2}/);
    expect(await t.page.locator('[role="alert"]').count()).toBeGreaterThan(0);
    expect(await t.page.locator('.xterm-rows').count()).toBe(0);
  });

  it('an address with an unknown parameter is refused with a sentence, and nothing runs', async () => {
    const t = await openEmbed('script=ls&origin=https%3A%2F%2Fevil.example');
    const problem = t.page.getByTestId('embed-problem');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/does not know/);
    expect(await t.page.getByRole('button', { name: 'Run in a live console' }).count()).toBe(0);
  });

  it('leaves the origin\'s own saved playground untouched: no IndexedDB opened, no service worker registered', async () => {
    // the full page first: a key in the saved playground
    const full = await pg.open({ init: watchStorage });
    // (the watcher sees the full page open its database: its empty lists in an embed mean something)
    expect((await watched(full)).idb).toEqual(expect.arrayContaining([expect.stringMatching(/^open kmu-playground/)]));
    await full.run('key_mgmt_util', { next: 'Command: ' });
    await full.run(LOGIN);
    await full.run('genSymKey -t 31 -s 32 -l saved-before-embed');
    const before = await full.run('findKey');
    const dbs = () => full.page.evaluate(async () => (indexedDB.databases ? (await indexedDB.databases()).map((d) => `${d.name}@${d.version}`).sort() : null));
    const dbsBefore = await dbs();
    // an embed that makes keys and files of its own
    const t = await openEmbed(`load=now&autorun&rows=30&script=${q(['openssl rand -out embed.key 32', 'key_mgmt_util', LOGIN, 'genSymKey -t 31 -s 32 -l made-in-embed', 'findKey'])}`);
    await t.page.locator('.xterm-rows').waitFor();
    await t.waitForText(/Symmetric Key Created/);
    await t.waitForText('Command: findKey');
    expect(await watched(t)).toEqual({ idb: [], sw: [] });
    await t.page.close();
    // the saved playground: the same keys, no embed key, no embed file, the same databases
    await pg.reload(full);
    await full.run('key_mgmt_util', { next: 'Command: ' });
    await full.run(LOGIN);
    expect(await full.run('findKey')).toBe(before);
    await full.run('exit', { next: '$ ' });
    expect(await full.run('ls')).not.toContain('embed.key');
    expect(await dbs()).toEqual(dbsBefore);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`axe: no serious or critical violations on the embed (${theme}: poster, then live with panels)`, async () => {
      const t = await openEmbed(`theme=${theme}&panels=inventory,files&script=${q(['key_mgmt_util', LOGIN, 'genSymKey -t 31 -s 32 -l audited'])}&autorun`);
      await t.page.locator('pre code').waitFor();
      expect(await t.page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      expect(await seriousViolations(t.page)).toEqual([]);
      await t.page.getByRole('button', { name: 'Run in a live console' }).click();
      await t.page.locator('.xterm-rows').waitFor();
      await t.waitForText(/Symmetric Key Created/);
      await t.page.locator('tr[data-handle]').waitFor();
      expect(await seriousViolations(t.page)).toEqual([]);
      await t.screenshot(`embed-${theme}`);
    });
  }
});
