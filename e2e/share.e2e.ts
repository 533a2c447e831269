/**
 * Share links (issue 15, item 1), in every engine: a link opened in a fresh profile shows its lines
 * (escaped), replays them only after confirmation into a fresh playground in memory, and asks for
 * the passwords it leaves out; a link never changes the saved playground (made with the page's own
 * Share dialog, replayed, then the saved playground reloaded unchanged); axe finds no serious or
 * critical violation in either dialog. The replay dialog's first focus is its heading (Enter at once
 * neither replays nor leaves); the welcome of a share link's page says it is a shared session in
 * memory; what the reader types, pastes or presses on screen during a replay reaches no command line,
 * and Ctrl-C stops a replay.
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
    // the first focus is the dialog's heading, not the link that leaves the page: Enter at once does nothing
    expect(await t.page.evaluate(() => document.activeElement?.id)).toBe('replay-h');
    await t.page.keyboard.press('Enter');
    await t.page.waitForTimeout(300);
    expect(await t.page.evaluate(() => location.hash.startsWith('#share='))).toBe(true);
    expect(await dialog.count()).toBe(1);
    // the welcome says what is true: a shared session in memory, the saved playground untouched
    const welcome = await t.welcome();
    expect(welcome).toMatch(/shared session in a fresh playground kept\s+in memory only: your saved playground is not opened or changed/);
    expect(welcome).not.toMatch(/cannot store/);
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
    expect(await t.page.evaluate(() => document.activeElement?.id)).toBe('replay-h');
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

  /** A link whose fourth line waits for -min_srv (HSM 2 is down) `seconds` of real time. */
  const waiting = (seconds: number): Step[] => [
    ['c', 'hsm stop 2'], ['c', 'key_mgmt_util'], ['c', 'loginHSM -u CU -s example_user -p example_pwd'],
    ['c', `genSymKey -t 31 -s 32 -l slow -min_srv 3 -timeout ${seconds}`], ['c', 'genSymKey -t 31 -s 16 -l after-the-wait'],
    ['c', 'exit'], ['c', 'hsm start 2'],
  ];
  const status = (t: Term) => t.page.getByRole('status').first().innerText();

  it('what the reader types, pastes or presses on screen during a replay reaches no command line; then the terminal takes it', async () => {
    const t = await pg.open();
    await t.page.setViewportSize({ width: 480, height: 900 }); // (the on-screen keys show on a phone's width)
    await goto(t, `${pg.origin}/${encodeShare({ handles: 'simple', seed: 3 }, waiting(5))}`);
    await t.page.locator('dialog[open] button[type="submit"]').click();
    await expect.poll(() => t.page.locator('dialog[open]').count()).toBe(0);
    // (the status names the command while it runs; the screen may wrap it at this width)
    await expect.poll(() => status(t), { timeout: 30_000 }).toMatch(/Running genSymKey -t 31 -s 32 -l slow -min_srv 3 -timeout 5/);
    await t.focus();
    await t.page.keyboard.type('typed-while');
    await t.page.keyboard.press('Enter');
    await t.page.keyboard.paste('pasted-while\nsecond-line');
    await t.page.getByRole('button', { name: 'Up (previous command)' }).click();
    await t.page.getByRole('button', { name: 'Tab (complete)' }).click();
    await expect.poll(() => status(t)).toMatch(/The replay is typing line \d of 7: what you type is not taken until it ends\. Ctrl-C stops the replay\./);
    await expect.poll(() => status(t), { timeout: 30_000 }).toMatch(/Replayed the shared session \(7 lines\)/);
    t.prompt = '$ ';
    await t.waitForPrompt('$ ');
    const screen = await t.text();
    expect(screen).not.toMatch(/typed-while|pasted-while|second-line/);
    expect(screen).toMatch(/Command: genSymKey -t 31 -s 16 -l after-the-wait\n/);
    expect(screen).toMatch(/\$ hsm start 2\n/);
    // the replay is over: the reader's lines run again
    expect(await t.run('echo typed-after')).toBe('typed-after');
    // every line this terminal received (the Share dialog's list): the link's, then the reader's own
    await t.page.locator('button.share-button').click();
    await t.page.locator('dialog[open] #share-link').waitFor();
    expect(await t.page.evaluate(() => [...document.querySelectorAll('dialog[open] ol li')].map((li) => li.textContent)))
      .toEqual([...waiting(5).map((s) => s[1]), 'echo typed-after']);
    await t.page.close();
  });

  it('Ctrl-C stops a replay: the waiting command stops, no further line is typed, the terminal is the reader\'s again', async () => {
    const t = await pg.open();
    await goto(t, `${pg.origin}/${encodeShare({ handles: 'simple', seed: 3 }, waiting(30))}`);
    await t.page.locator('dialog[open] button[type="submit"]').click();
    await expect.poll(() => status(t), { timeout: 30_000 }).toMatch(/Running genSymKey -t 31 -s 32 -l slow -min_srv 3 -timeout 30/);
    await t.focus();
    await t.page.keyboard.press('Control+C');
    await expect.poll(() => status(t)).toBe('The replay was stopped with Ctrl-C after 4 of 7 lines; the rest were not typed.');
    t.prompt = KMU;
    await t.waitForText(/-timeout 30\n\^C\n\nCommand:\s*$/, 5000);
    expect(await t.text()).not.toMatch(/after-the-wait/);
    expect(await t.run('findKey')).toMatch(/Cfm3FindKey returned: 0x00 : HSM Return: SUCCESS/);
    await t.page.close();
  });
});
