/**
 * The HSM made visible (issue 5, items 2 and 3): the key inventory follows genSymKey and shows the
 * KCV getAttribute prints, the context bar follows login, logout and `hsm stop`, and a click on a
 * return code in the terminal opens its explanation in the side panel.
 */
import { expect, it } from 'vitest';
import type { E2EPage as Page } from './harness';
import { describeE2E, usePlayground } from './harness';

const KMU = 'Command: ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);

/** Click the first occurrence of `text` on the terminal's screen (read from the DOM). */
async function clickTerminalText(page: Page, text: string): Promise<void> {
  const box = await page.evaluate((needle) => {
    const rows = document.querySelector('.xterm-rows')!;
    const walker = document.createTreeWalker(rows, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(needle);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + needle.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  }, text);
  if (!box) throw new Error(`${text} is not on the screen`);
  await page.mouse.move(box.x - 30, box.y);
  await page.mouse.move(box.x, box.y, { steps: 3 }); // xterm finds links on hover
  await page.waitForTimeout(100);
  await page.mouse.click(box.x, box.y);
}

describeE2E('inventory, context bar and explanations', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('shows a new key at once, highlighted, with the KCV getAttribute prints', async () => {
    const t = await pg.open();
    const bar = t.page.locator('nav.context');
    await expect.poll(() => bar.innerText()).toMatch(/cluster-1/);
    await expect.poll(() => t.page.getByTestId('user').innerText()).toMatch(/not logged in/);
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    await expect.poll(() => t.page.getByTestId('user').innerText()).toMatch(/example_user \(CU, id 3\) in key_mgmt_util/);

    const h = handleOf(await t.run('genSymKey -t 31 -s 32 -l inventoried'));
    const row = t.page.locator(`tr[data-handle="${h}"]`);
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe(String(h));
    expect(cells[1]).toBe('inventoried');
    expect(cells[2]).toMatch(/AES\s+secret/);
    expect(cells[3]).toBe('32');
    expect(cells[5]).toBe('token');
    expect(cells[6]).toBe('example_user (3)');
    expect(cells[8]).toBe('yes');
    expect(cells[9]).toBe('yes');
    expect(cells[10]).toBe('0,1,2');
    expect(cells[11]).toBe('0x' + h.toString(16).padStart(16, '0')); // the CLI's key-reference (cloudhsm-cli.md §5.2)
    expect(await row.getAttribute('class')).toMatch(/touched/);

    await t.run(`getAttribute -o ${h} -a 371 -out kcv.txt`);
    // the previous command changed no key and named this one: it stays highlighted
    expect(await row.getAttribute('class')).toMatch(/touched/);
    const s = handleOf(await t.run('genSymKey -t 31 -s 16 -l session-one -sess'));
    await expect.poll(() => t.page.locator(`tr[data-handle="${s}"]`).count()).toBe(1);
    expect(await row.getAttribute('class')).not.toMatch(/touched/); // only the last command's keys light up
    await t.run('exit', { next: '$ ' });
    const kcv = /OBJ_ATTR_KCV\s*\n\s*0x([0-9a-f]{6})/.exec(await t.run('cat kcv.txt'))![1]!;
    await t.page.getByRole('checkbox', { name: 'Show every key of the cluster' }).check();
    await expect.poll(() => row.locator('[data-kcv]').innerText()).toBe(kcv);
    // the session key ended with the session
    expect(await t.page.locator(`tr[data-handle="${s}"]`).count()).toBe(0);
    await t.screenshot('inventory');
    await t.page.close();
  });

  it('the context bar follows login, logout and hsm stop', async () => {
    const t = await pg.open();
    const user = t.page.getByTestId('user');
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    await expect.poll(() => user.innerText()).toMatch(/example_user \(CU/);
    await expect.poll(() => t.page.locator('.hsm').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/\(serving\)/)]));
    await t.run('logoutHSM');
    await expect.poll(() => user.innerText()).toMatch(/not logged in/);
    await t.run('exit', { next: '$ ' });
    await expect.poll(() => t.page.getByTestId('program').innerText()).toBe('host shell');
    expect(await t.page.locator('.hsm[data-node="2"]').getAttribute('data-state')).toBe('up');
    await t.run('hsm stop 2');
    await expect.poll(() => t.page.locator('.hsm[data-node="2"]').getAttribute('data-state')).toBe('down');
    await expect.poll(() => t.page.locator('.hsm[data-node="2"]').innerText()).toMatch(/HSM 2: down/);
    await t.run('hsm start 2');
    await expect.poll(() => t.page.locator('.hsm[data-node="2"]').getAttribute('data-state')).toBe('up');
    await t.page.close();
  });

  it('a click on 0xc6 in the terminal explains it in the side panel, next to the terminal', async () => {
    const t = await pg.open();
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    const w = handleOf(await t.run('genSymKey -t 31 -s 32 -l wrap'));
    const k = handleOf(await t.run('genSymKey -t 31 -s 16 -l locked -nex'));
    const out = await t.run(`exSymKey -k ${k} -w ${w} -out k.bin`);
    expect(out).toContain('returned: 0xc6');
    await clickTerminalText(t.page, '0xc6');
    const panel = t.page.locator('section.explain');
    await expect.poll(() => panel.count()).toBe(1);
    const text = await panel.innerText();
    expect(text).toMatch(/explain 0xc6/);
    expect(text).toMatch(/Key Access is denied/);
    expect(text).toMatch(/Likely cause: .*not extractable/);
    expect(text).toMatch(/Fix: /);
    // beside the terminal, not over it
    const term = (await t.page.locator('.xterm-screen').boundingBox())!;
    const p = (await panel.boundingBox())!;
    expect(p.x).toBeGreaterThanOrEqual(term.x + term.width - 1);
    // and a click in the inventory (the type of a key) explains -t 31
    await t.page.locator(`tr[data-handle="${w}"] button`, { hasText: 'AES' }).click();
    await expect.poll(() => panel.innerText()).toMatch(/-t 31 = AES/);
    // and its key reference names the same key in the CloudHSM CLI's words (cloudhsm-cli.md §5.2)
    const ref = '0x' + w.toString(16).padStart(16, '0');
    await t.page.locator(`tr[data-handle="${w}"] button`, { hasText: ref }).click();
    await expect.poll(() => panel.innerText()).toMatch(new RegExp(`${ref}\\s+\\(CloudHSM CLI key-reference\\)[\\s\\S]*handle is ${w} `));
    await t.page.getByRole('button', { name: 'Close the explanation' }).click();
    expect(await panel.count()).toBe(0);
    // explain in the shell says the same
    expect(await t.run('explain imSymKey')).toMatch(/CloudHSM CLI \(Client SDK 5\): no equivalent/);
    await t.page.close();
  });

  it('uploads and downloads files from the page', async () => {
    const t = await pg.open();
    await t.page.setInputFiles('input[type=file]', { name: 'mine.key', buffer: Buffer.alloc(32, 7) });
    await expect.poll(() => t.page.locator('.files').innerText()).toMatch(/mine\.key\s+32 bytes/);
    expect(await t.run('ls -l mine.key')).toMatch(/ 32 .* mine\.key$/);
    const download = await t.page.download(() => t.page.getByRole('button', { name: 'Download mine.key' }).click());
    expect(download.suggestedFilename).toBe('mine.key');
    expect(Buffer.compare(download.bytes, Buffer.alloc(32, 7))).toBe(0);
    await expect.poll(() => t.page.getByRole('status').innerText()).toMatch(/training data only/);
    // a file over the playground's cap is refused with the engine's one message, and not stored
    await t.page.setInputFiles('input[type=file]', { name: 'big.bin', buffer: Buffer.alloc(3 << 20, 1) });
    await expect.poll(() => t.page.getByRole('status').innerText()).toMatch(/cannot write \/home\/user\/big\.bin: a file holds at most 1 MiB/);
    expect(await t.run('ls')).not.toContain('big.bin');
    await t.page.close();
  });

  it('reset asks first, then restores the fresh playground', async () => {
    const t = await pg.open();
    await t.run('openssl rand -out doomed.bin 4');
    await expect.poll(() => t.page.locator('.files').innerText()).toMatch(/doomed\.bin/);
    await t.page.getByRole('button', { name: 'Reset the playground…' }).click();
    await t.page.getByRole('button', { name: 'Cancel' }).click();
    expect(await t.run('ls')).toContain('doomed.bin');
    await t.page.getByRole('button', { name: 'Reset the playground…' }).click();
    await t.page.getByRole('button', { name: 'Yes, reset' }).click();
    // (the reset clears the screen when it is done: a line typed before that would be wiped with it)
    await expect.poll(() => t.page.locator('p.status').innerText()).toBe('The playground was reset.');
    await t.waitForPrompt('$ ');
    expect(await t.run('ls')).toBe('');
    await expect.poll(() => t.page.locator('.panel').filter({ hasText: 'Files' }).innerText()).toMatch(/No files yet/);
    await t.page.close();
  });

  it('shows a label\'s invisible characters, so key and ke\\u200by do not look alike', async () => {
    const t = await pg.open();
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    const plain = handleOf(await t.run('genSymKey -t 31 -s 16 -l key'));
    // (typed without waiting for its echo: a zero-width space has no cell of its own on the screen)
    await t.focus();
    await t.page.keyboard.type('genSymKey -t 31 -s 16 -l ke\u200by');
    await t.page.keyboard.press('Enter');
    const out = await t.waitForText(new RegExp(`Key Handle: (?!${plain}\\b)\\d+`));
    const lookalike = Number(new RegExp(`Key Handle: (?!${plain}\\b)(\\d+)`).exec(out)![1]);
    await t.waitForPrompt(KMU);
    const label = (h: number) => t.page.locator(`tr[data-handle="${h}"] td.label`);
    await expect.poll(() => label(lookalike).count()).toBe(1);
    expect(await label(plain).innerText()).toBe('key');
    expect(await label(lookalike).innerText()).toBe('ke⟨U+200B⟩y');
    expect(await label(lookalike).evaluate((el) => [el.getAttribute('data-label'), el.getAttribute('title')]))
      .toEqual(['ke\u200by', 'label with invisible characters: ke⟨U+200B⟩y']);
    expect(await label(plain).evaluate((el) => el.hasAttribute('title'))).toBe(false);
    await t.page.close();
  });
});
