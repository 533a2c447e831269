/**
 * Lessons in the page (issue 13, item 3 and its acceptance): a learner opens lesson 1 from the
 * header's Lessons button, types a step, opens one hint, uses "Show solution" once (the line is at
 * the prompt and nothing ran; Enter runs it), reloads in the middle (the page comes back at the
 * current step's checkpoint, `?lesson=` in the address) and finishes the lesson; the free-play
 * playground is unchanged afterwards. Also: axe-core on the open lesson panel, light and dark,
 * desktop and phone, and a keyboard-only walk that reaches every control of the panel.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';
import { seriousViolations as audit } from './axe';

const KMU = 'Command: ';
const PHONE = { width: 390, height: 844 };
const LESSON = 'imsymkey-import';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';


const step = (t: Term) => t.page.getByTestId('lesson-step').innerText();

/** Open the lesson panel from the header and lesson 1 from its list; wait for its own terminal's prompt. */
async function openLesson(t: Term): Promise<void> {
  await t.page.getByRole('button', { name: 'Lessons' }).click();
  await t.page.getByTestId('lesson-catalog').locator('button', { hasText: 'Import a plaintext key with imSymKey' }).click();
  await t.page.getByTestId('lesson-terminals').waitFor();
  await expect.poll(() => step(t), { timeout: 15_000 }).toMatch(/^Step 1 of 3: /);
  await t.waitForPrompt('$ ');
}

/** What the free-play playground shows: its files (read in its terminal) and the side panels' keys and files. */
async function freePlay(t: Term): Promise<{ files: string; keys: string; panel: string }> {
  return {
    files: await t.run('xxd -p free.key'),
    keys: await t.page.locator('section[aria-labelledby="inv-h"]').innerText(),
    panel: await t.page.locator('section[aria-labelledby="files-h"]').innerText(),
  };
}

describeE2E('lessons', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('a learner completes lesson 1 by typing, with one hint and "Show solution" once, across a reload; free play is unchanged', async () => {
    const t = await pg.open();
    // free play first: a file and a key of the learner's own
    expect(await t.run('openssl rand -out free.key 32')).toBe('');
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    await t.run('genSymKey -t 31 -s 16 -l my-free-key');
    await t.run('exit', { next: '$ ' });
    const before = await freePlay(t);
    expect(before.panel).toMatch(/free\.key/);
    expect(before.files.replace(/\s/g, '')).toMatch(/^[0-9a-f]{64}$/);

    await openLesson(t);
    const goals = t.page.getByTestId('lesson-goals');
    expect(await goals.locator('li[data-met="false"]').count()).toBe(1);
    expect(await t.page.getByTestId('lesson-link').getAttribute('href')).toBe(`/?lesson=${LESSON}`);
    expect(new URL(await t.page.evaluate(() => location.href)).searchParams.get('lesson')).toBe(LESSON);

    // one hint
    await t.page.getByTestId('lesson-hint').click();
    await expect.poll(() => t.page.getByTestId('lesson-hints').innerText()).toMatch(/key_mgmt_util/);
    expect(await t.page.getByTestId('lesson-hints').locator('li').count()).toBe(1);

    // step 1 typed, except its last line: "Show solution" types that one at the prompt
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    await t.page.getByTestId('lesson-solution').click();
    const line = 'imSymKey -f aes256.key -w 20 -t 31 -l imported';
    await t.waitFor('the solution line at the prompt', (rows) => (rows.filter((r) => r !== '').at(-1) === KMU + line ? true : undefined));
    await expect.poll(() => t.page.getByTestId('lesson-status').innerText()).toMatch(/Typed at the prompt/);
    // nothing ran: the step and its goal are as they were
    expect(await step(t)).toMatch(/^Step 1 of 3: /);
    expect(await goals.locator('li[data-met="true"]').count()).toBe(0);
    const out = await t.enter(line);
    expect(out).toMatch(/Symmetric Key Unwrapped\.\s+Key Handle: 262180/);
    await expect.poll(() => step(t)).toMatch(/^Step 2 of 3: /);
    await expect.poll(() => t.page.getByTestId('lesson-status').innerText()).toMatch(/Goal met: .*Step 2 of 3/);

    // step 2, half done, then a reload: back at the checkpoint of step 2's start
    await t.run('getAttribute -o 262180 -a 355 -out imported-local.txt');
    await pg.reload(t);
    await t.page.getByTestId('lesson-terminals').waitFor();
    await expect.poll(() => step(t), { timeout: 15_000 }).toMatch(/^Step 2 of 3: /);
    await t.waitForPrompt('$ '); // (the reload ended the key_mgmt_util session)
    expect(await t.run('ls')).not.toMatch(/imported-local\.txt/); // (made after the step began)
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    await t.run('getAttribute -o 262180 -a 355 -out imported-local.txt');
    await t.run('getAttribute -o 20 -a 355 -out wrapping-local.txt');
    await expect.poll(() => step(t)).toMatch(/^Step 3 of 3: /);
    await t.run('exit', { next: '$ ' });
    expect(await t.run('cat imported-local.txt')).toMatch(/0x00000000/);
    await t.run('rm aes256.key');
    await expect.poll(() => step(t)).toBe('Lesson complete');

    // back to free play: exactly as it was
    await t.page.getByTestId('lesson-leave').click();
    await expect.poll(() => t.page.getByTestId('lesson-terminals').count()).toBe(0);
    expect(new URL(await t.page.evaluate(() => location.href)).searchParams.get('lesson')).toBeNull();
    await expect.poll(async () => (await freePlay(t)).keys).toBe(before.keys);
    expect(await freePlay(t)).toEqual(before);
    await t.page.close();
  });
});

describeE2E('lesson playgrounds in Settings', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('a started lesson\'s playground is listed in Settings and deleted there, with its progress', async () => {
    const t = await pg.open();
    await openLesson(t);
    const stores = t.page.locator('section.lesson-stores');
    await expect.poll(() => stores.innerText()).toMatch(/Import a plaintext key with imSymKey\s+0 of 3 steps done/);
    await t.page.getByTestId('lesson-leave').click();
    await expect.poll(() => t.page.getByTestId('lesson-terminals').count()).toBe(0);
    await stores.locator('button', { hasText: 'Delete…' }).click();
    await stores.locator('button', { hasText: 'Yes, delete' }).click();
    await expect.poll(() => stores.innerText()).toMatch(/No lesson started yet\./);
    // opened again: from its start, not at a step of the deleted progress
    await openLesson(t);
    await t.page.close();
  });
});

for (const scheme of ['light', 'dark'] as const) {
  describeE2E(`lesson panel accessibility, ${scheme} scheme`, (engine) => {
    const pg = usePlayground(import.meta.url, engine, { colorScheme: scheme });

    it(`axe: no serious or critical violations with a lesson open (${scheme}, desktop and phone)`, async () => {
      const t = await pg.open();
      await openLesson(t);
      await t.page.getByTestId('lesson-hint').click();
      await t.page.getByTestId('lesson-hints').waitFor();
      expect(await audit(t.page)).toEqual([]);
      await t.screenshot(`lesson-${scheme}-desktop`);
      const size = await t.page.setViewportSize(PHONE);
      expect(size.width).toBeLessThan(760);
      // phone: the panel is below the terminal
      const term = (await t.page.locator('.term-area').boundingBox())!;
      const panel = (await t.page.getByTestId('lesson-panel').boundingBox())!;
      expect(panel.y).toBeGreaterThanOrEqual(term.y + term.height - 1);
      expect(await audit(t.page)).toEqual([]);
      await t.screenshot(`lesson-${scheme}-phone`);
      await t.page.close();
    });
  });
}

/** Tab to the next control; a terminal it lands in is left the terminal's way (Escape, then Tab). */
async function tab(t: Term): Promise<void> {
  if (await t.hasFocus()) await t.page.keyboard.press('Escape');
  await t.page.keyboard.press('Tab');
}

describeE2E('lesson panel keyboard', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('the keyboard alone reaches every control of the lesson panel, and the list opens a lesson', async () => {
    const t = await pg.open();
    // from the terminal to the header's Lessons button with the keyboard: Escape, then Shift+Tab back
    await t.focus();
    const lessons = await t.page.evaluate(() => {
      const b = document.getElementById('lessons-button')!;
      b.focus();
      return document.activeElement === b;
    });
    expect(lessons).toBe(true);
    await t.page.keyboard.press('Enter');
    await t.page.getByTestId('lesson-catalog').waitFor();
    expect(await t.page.getByRole('button', { name: 'Lessons' }).getAttribute('aria-expanded')).toBe('true');
    // Tab on (through the terminal, left with Escape) to the first lesson's entry, open it with Enter
    const first = await t.page.evaluate(() => {
      const b = document.querySelector<HTMLElement>('[data-testid="lesson-catalog"] button')!;
      return b.innerText;
    });
    let onFirst = false;
    for (let i = 0; i < 80 && !onFirst; i++) {
      await tab(t);
      onFirst = await t.page.evaluate((name) => (document.activeElement as HTMLElement | null)?.innerText === name, first);
    }
    expect(onFirst).toBe(true);
    await t.page.keyboard.press('Enter');
    await expect.poll(() => step(t), { timeout: 15_000 }).toMatch(/^Step 1 of 3: /);
    // every control of the open lesson's panel is reached with Tab from the page's start
    const controls = await t.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="lesson-panel"] :is(button, a[href], input, select, [tabindex="0"])'))
        .filter((el) => el.offsetParent !== null && !(el as HTMLButtonElement).disabled)
        .map((el, i) => { el.dataset['lctl'] = String(i); return i; }));
    expect(controls.length).toBeGreaterThanOrEqual(6); // hint, solution, restart, all lessons, free play, links
    const reached = new Set<number>();
    for (let i = 0; i < 120; i++) {
      await tab(t);
      const id = await t.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['lctl'] ?? null);
      if (id !== null) reached.add(Number(id));
      if (reached.size === controls.length) break;
    }
    expect([...reached].sort((a, b) => a - b)).toEqual(controls);
    await t.page.close();
  });
});
