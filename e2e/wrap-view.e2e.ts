/**
 * Inside a key wrap (issue 13, item 4): after imSymKey the page offers to show inside the wrap;
 * the view opens from the keyboard, steps through it (buttons, arrow keys, the step list), the
 * current step reaches a live region, and it says a real HSM never shows these values. After
 * `wrapKey -noheader` its last step is the bytes the command wrote (read back with `xxd -p`); with
 * a non-extractable wrapping key it shows why the values are hidden, and none of them.
 * axe-core finds no serious or critical violation with the view open, light and dark, desktop and
 * phone.
 */
import { expect, it } from 'vitest';
import type { E2EPage as Page } from './harness';
import { seriousViolations as audit } from './axe';
import { describeE2E, usePlayground, type Term } from './harness';

const KMU = 'Command: ';
const PHONE = { width: 390, height: 844 };

function keyHandle(output: string, verb: 'Created' | 'Unwrapped'): number {
  const m = new RegExp(`^        Symmetric Key ${verb}\\.  Key Handle: (\\d+)$`, 'm').exec(output);
  if (!m) throw new Error(`no "Symmetric Key ${verb}.  Key Handle: <n>" line in:\n${output}`);
  return Number(m[1]);
}

/** Log in to key_mgmt_util, make a wrapping key and import a 32-byte key with it: the page then offers the view. */
async function importKey(t: Term): Promise<{ W: number; K: number }> {
  await t.run('openssl rand -out aes.key 32');
  await t.run('key_mgmt_util', { next: KMU });
  await t.run('loginHSM -u CU -s example_user -p example_pwd');
  const W = keyHandle(await t.run('genSymKey -t 31 -s 32 -l wrapping-key'), 'Created');
  expect(await t.page.getByTestId('wrap-offer').count(), 'no offer before any wrap').toBe(0);
  const K = keyHandle(await t.run(`imSymKey -f aes.key -w ${W} -t 31 -l imported`), 'Unwrapped');
  await t.page.getByTestId('wrap-offer').waitFor();
  return { W, K };
}

/** Open the view on the offer's first wrap by the keyboard (focus the button, Enter). */
async function openView(t: Term): Promise<void> {
  const button = t.page.getByTestId('wrap-offer').getByRole('button', { name: 'See inside this wrap' }).first();
  await button.waitFor();
  await t.page.evaluate(() => (document.querySelector('[data-testid="wrap-offer"] button') as HTMLButtonElement).focus());
  await t.page.keyboard.press('Enter');
  await t.page.getByTestId('wrap-view').waitFor();
  await t.page.waitForFunction(() => document.activeElement?.id === 'wrap-view-h');
}

const pageKind = (p: Page) => p.getByTestId('wrap-page').getAttribute('data-kind');
const stepCount = (p: Page) => p.evaluate(() => document.querySelectorAll('[data-testid="wrap-step-list"] option').length);
const selected = (p: Page) => p.evaluate(() => (document.querySelector('[data-testid="wrap-step-list"]') as HTMLSelectElement).selectedIndex);

describeE2E('inside a key wrap', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('offers the view after imSymKey, steps through it by keyboard, and ends with the bytes wrapKey wrote', async () => {
    const t = await pg.open();
    const { W, K } = await importKey(t);
    await openView(t);
    const view = t.page.getByTestId('wrap-view');
    expect(await view.innerText()).toContain('A real HSM never shows these values');

    // the first page is what goes in; then, with n = 4 blocks (32 bytes), 24 steps of W or W⁻¹
    expect(await pageKind(t.page)).toBe('start');
    const count = await stepCount(t.page);
    expect(count).toBeGreaterThanOrEqual(26);
    const next = view.getByRole('button', { name: 'Next step' });
    await next.click();
    expect(await pageKind(t.page)).toBe('step');
    const announcer = t.page.getByTestId('wrap-announcer');
    await expect.poll(() => announcer.innerText()).toMatch(new RegExp(`^2 of ${count}: Step t = \\d+ \\(j = \\d, i = \\d\\)\\. A = `));
    // the arrow keys move while the focus is on the controls (the Next button has it after the click)
    await t.page.keyboard.press('ArrowRight');
    await expect.poll(() => selected(t.page)).toBe(2);
    await expect.poll(() => announcer.innerText()).toMatch(new RegExp(`^3 of ${count}: `));
    await t.page.keyboard.press('ArrowLeft');
    await expect.poll(() => selected(t.page)).toBe(1);
    await t.page.keyboard.press('End');
    await expect.poll(() => selected(t.page)).toBe(count - 1);
    expect(await pageKind(t.page)).toBe('output');
    // each step lists A and R[1..n] after it (6·n steps), one of them marked as changed
    const steps = await t.page.evaluate(() => Array.from(document.querySelectorAll('[data-testid="wrap-step-list"] option'))
      .filter((o) => /^\d+\. Step t = /.test(o.textContent ?? '')).length);
    expect(steps % 6).toBe(0);
    await t.page.keyboard.press('Home');
    await next.click();
    expect(await view.locator('.registers dd').count()).toBe(1 + steps / 6);
    expect(await view.locator('.registers dd.mark').count()).toBe(1);
    await t.screenshot('wrap-view-imsymkey');
    await view.getByRole('button', { name: 'Close the key-wrap view' }).click();
    await t.page.waitForFunction(() => document.activeElement?.id === 'wrap-offer-h');

    // wrapKey without the header: the file holds exactly the wrapped bytes
    const wrapped = await t.run(`wrapKey -k ${K} -w ${W} -out wrapped.key -m 5 -noheader`);
    expect(wrapped).toMatch(/Cfm2WrapKey returned: 0x00 : HSM Return: SUCCESS/);
    expect(wrapped).toContain('Wrapped Key written to file "wrapped.key length 40');
    await t.page.getByTestId('wrap-offer').filter({ hasText: 'wrapKey' }).waitFor();
    await openView(t);
    expect(await view.innerText()).toContain(`wrap of key ${K} with key ${W}`);
    await view.getByRole('button', { name: 'Last step' }).click();
    expect(await pageKind(t.page)).toBe('output');
    expect(await t.page.getByTestId('wrap-page').getAttribute('data-ok')).toBe('true');
    const shown = (await view.locator('dd.mark').innerText()).replace(/\s+/g, '').toLowerCase();

    // with a wrapping key the learner could not export, the view says so and shows no value
    const N = keyHandle(await t.run('genSymKey -t 31 -s 16 -nex -l kept-inside'), 'Created');
    await t.run(`wrapKey -k ${K} -w ${N} -out hidden.key -m 5 -noheader`);
    await t.page.getByTestId('wrap-offer').filter({ hasText: 'hidden.key' }).waitFor();
    await openView(t);
    expect(await t.page.getByTestId('wrap-hidden').innerText()).toContain(`Key ${N} is not extractable`);
    expect(await view.innerText()).toContain('n = 4 blocks of 64 bits, 6·n = 24 steps of W');
    expect(await t.page.getByTestId('wrap-page').count()).toBe(0);
    await t.run('exit', { next: '$ ' });
    const file = (await t.run('xxd -p wrapped.key')).replace(/\s+/g, '');
    expect(file).toMatch(/^[0-9a-f]{80}$/); // 32 bytes wrapped with RFC 3394: 40
    expect(shown).toBe(file);
    await t.page.close();
  });
});


for (const scheme of ['light', 'dark'] as const) {
  describeE2E(`inside a key wrap, accessibility, ${scheme} scheme`, (engine) => {
    const pg = usePlayground(import.meta.url, engine, { colorScheme: scheme });

    it(`axe: no serious or critical violations with the view open (${scheme}, desktop and phone)`, async () => {
      const t = await pg.open();
      await importKey(t);
      expect(await audit(t.page), 'the offer').toEqual([]);
      await openView(t);
      await t.page.getByTestId('wrap-view').getByRole('button', { name: 'Next step' }).click();
      expect(await audit(t.page), 'desktop').toEqual([]);
      await t.screenshot(`wrap-view-${scheme}-desktop`);
      // (MiniBrowser's window cannot be narrower than about 450 px: the phone width there is its minimum)
      const size = await t.page.setViewportSize(PHONE);
      expect(size.width).toBeLessThan(760);
      // the view fits the phone's width: nothing in it is wider than it
      await expect.poll(async () => (await t.page.getByTestId('wrap-view').boundingBox()).width).toBeLessThanOrEqual(size.width);
      await expect.poll(() => t.page.evaluate(() => {
        const v = document.querySelector('[data-testid="wrap-view"]')!;
        return v.scrollWidth <= v.clientWidth + 1;
      })).toBe(true);
      expect(await audit(t.page), 'phone').toEqual([]);
      await t.screenshot(`wrap-view-${scheme}-phone`);
      await t.page.close();
    });
  });
}
