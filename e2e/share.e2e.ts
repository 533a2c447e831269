/**
 * Share links (issue 15, item 1), in every engine: a link opened in a fresh profile shows its lines
 * (escaped), replays them only after confirmation into a fresh playground in memory, and asks for
 * the passwords it leaves out; a link never changes the saved playground (made with the page's own
 * Share dialog, replayed, then the saved playground reloaded unchanged); axe finds no serious or
 * critical violation in either dialog.
 */
import { expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { describeE2E, usePlayground, type Term } from './harness';
import { encodeShare, type Step } from '../src/shell/share';
import { REDACTED } from '../src/shell/events';

const KMU = 'Command: ';

/**
 * Go to `url` in the test's tab and wait for the first prompt. (Through about:blank: a URL that
 * differs from the tab's only in its fragment would be a same-document navigation, which the page
 * answers with a reload of its own; the test waits for a page that is surely new.)
 */
async function goto(t: Term, url: string): Promise<void> {
  await t.page.driver.goto('about:blank');
  await t.page.driver.goto(url);
  await t.page.locator('.xterm-rows').waitFor();
  await t.waitForPrompt('$ ');
}

/** The handles of the keys the inventory lists with `label`. */
const rowsLabelled = (t: Term, label: string) =>
  t.page.evaluate((l) => [...document.querySelectorAll('tr[data-handle]')].filter((r) => (r as HTMLElement).innerText.includes(l)).length, label);

describeE2E('share links', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('a link opened in a fresh profile shows its lines escaped, asks for a non-default password, and replays only after confirmation', async () => {
    const steps: Step[] = [
      ['c', 'cloudhsm_mgmt_util'],
      ['c', 'loginHSM CO admin co12345'],
      ['c', `createUser CU bob ${REDACTED}`],
      ['a', 'y'],
      ['c', 'quit'],
      ['c', 'key_mgmt_util'],
      ['c', `loginHSM -u CU -s bob -p ${REDACTED}`],
      ['c', 'genSymKey -t 31 -s 16 -l from-a-link'],
      ['c', 'echo \x1b[2Jnot-run'],
    ];
    // the last line holds a control character: shown escaped; such a link is not replayed, so
    // first the same link without it
    const clean = steps.slice(0, -1);
    const t = await pg.open();
    const databases = () => t.page.evaluate(async () => (indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name)
      .filter((n) => !n?.startsWith('kmu-playground-lesson')).sort() : null)); // (the Settings panel lists the lessons' own)
    const dbsBefore = await databases();
    // a fresh profile; the share link opens no database of its own
    await goto(t, `${pg.origin}/${encodeShare({ handles: 'simple', seed: 5 }, clean)}`);
    const dialog = t.page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Replay a shared session\?/);
    expect(await t.page.locator('dialog[open] ol li').allInnerTexts()).toEqual([
      'cloudhsm_mgmt_util', 'loginHSM CO admin co12345', `createUser CU bob ${REDACTED}`, '(answer) y', 'quit', 'key_mgmt_util',
      `loginHSM -u CU -s bob -p ${REDACTED}`, 'genSymKey -t 31 -s 16 -l from-a-link',
    ]);
    expect(await dialog.innerText()).toMatch(/Uploaded files are not carried/);
    expect(await dialog.innerText()).toMatch(/your saved playground is not opened or changed/);
    expect(await seriousViolations(t.page)).toEqual([]);
    await t.screenshot('share-replay-dialog');
    // nothing ran before the visitor agreed
    expect(await t.text()).not.toMatch(/cloudhsm_mgmt_util/);
    // two passwords are asked (createUser's and the login's); Replay waits for them
    const fields = t.page.locator('dialog[open] input[type="password"]');
    expect(await fields.count()).toBe(2);
    expect(await t.page.locator('dialog[open] button[type="submit"]').evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    for (let i = 0; i < 2; i++) {
      await fields.nth(i).click();
      await t.page.keyboard.type('bobpass1');
    }
    await t.page.locator('dialog[open] button[type="submit"]').click();
    await expect.poll(() => t.page.locator('dialog[open]').count()).toBe(0);
    await t.waitForText(/Cfm3LoginHSM returned: 0x00[\s\S]*genSymKey[\s\S]*Key Handle: \d+/, 30_000);
    t.prompt = KMU;
    await t.waitForPrompt(KMU);
    await expect.poll(() => t.page.getByRole('status').first().innerText()).toMatch(/Replayed the shared session \(8 lines\)/);
    // the password never reached the screen; the settings came with the link
    expect(await t.text()).not.toContain('bobpass1');
    await expect.poll(() => rowsLabelled(t, 'from-a-link')).toBe(1);
    expect(await t.page.locator('.settings').innerText()).toMatch(/in memory only/);
    // the replay ran in memory: no database was made for it
    expect(await databases()).toEqual(dbsBefore);

    // a link with a control character: shown escaped, never replayed
    await goto(t, `${pg.origin}/${encodeShare({ handles: 'realistic', seed: null }, steps)}`);
    await t.page.locator('dialog[open]').waitFor();
    expect(await t.page.locator('dialog[open] ol li').nth(8).innerText()).toBe('echo \\x1b[2Jnot-run');
    expect(await t.page.locator('dialog[open]').innerText()).toMatch(/control characters .* not replayed/);
    expect(await t.page.locator('dialog[open] button[type="submit"]').count()).toBe(0);
    // a damaged link says so and runs nothing
    await goto(t, `${pg.origin}/#share=eyJ2IjoxLCJzZXR0aW5ncyI6`);
    await t.page.locator('dialog[open]').waitFor();
    expect(await t.page.locator('dialog[open]').innerText()).toMatch(/damaged or cut short/);
    expect(await seriousViolations(t.page)).toEqual([]);
    await t.page.close();
  });

  it('a share link never changes the saved playground; the Share dialog makes the link', async () => {
    const t = await pg.open();
    await t.run('key_mgmt_util', { next: KMU });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    await t.run('genSymKey -t 31 -s 32 -l saved-key');
    await expect.poll(() => rowsLabelled(t, 'saved-key')).toBe(1);
    const before = await t.page.locator('section[aria-labelledby="inv-h"]').innerText();

    await t.page.locator('button.share-button').click();
    const dialog = t.page.locator('dialog[open]');
    await t.page.locator('dialog[open] #share-link').waitFor();
    expect(await dialog.innerText()).toMatch(/Share this session/);
    expect(await dialog.innerText()).toMatch(/replays the 3 command lines/);
    expect(await dialog.innerText()).toMatch(/Uploaded files are not carried/);
    expect(await seriousViolations(t.page)).toEqual([]);
    await t.screenshot('share-dialog');
    const link = await t.page.locator('#share-link').evaluate((el) => (el as HTMLTextAreaElement).value);
    expect(link).toMatch(/#share=[A-Za-z0-9_-]+$/);
    await t.page.locator('dialog[open] button', { hasText: 'Close' }).click();
    await expect.poll(() => t.page.locator('dialog[open]').count()).toBe(0);

    // the link in the same profile: replayed in memory, with a key of its own
    await goto(t, link);
    await t.page.locator('dialog[open]').waitFor();
    expect(await t.page.locator('dialog[open] ol li').allInnerTexts()).toEqual([
      'key_mgmt_util', 'loginHSM -u CU -s example_user -p example_pwd', 'genSymKey -t 31 -s 32 -l saved-key',
    ]);
    expect(await t.page.locator('dialog[open] input[type="password"]').count()).toBe(0); // published passwords only
    await t.page.locator('dialog[open] button[type="submit"]').click();
    await t.waitForText(/genSymKey -t 31 -s 32 -l saved-key[\s\S]*Key Handle: \d+/, 30_000);
    await expect.poll(() => t.page.getByRole('status').first().innerText()).toMatch(/Replayed the shared session \(3 lines\)/);
    t.prompt = KMU;
    await t.waitForPrompt(KMU);
    await t.run('genSymKey -t 31 -s 16 -l only-in-memory');
    await expect.poll(() => rowsLabelled(t, 'only-in-memory')).toBe(1);

    // back to the saved playground: exactly as it was (one saved-key, no key of the replay)
    await goto(t, `${pg.origin}/`);
    await t.run('key_mgmt_util', { next: KMU });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    await expect.poll(() => rowsLabelled(t, 'saved-key')).toBe(1);
    expect(await rowsLabelled(t, 'only-in-memory')).toBe(0);
    expect(await t.page.locator('section[aria-labelledby="inv-h"]').innerText()).toBe(before);
    await t.page.close();
  });
});
