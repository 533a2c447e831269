/**
 * The page itself: it loads, the terminal fills the window, line editing works, typed-ahead and
 * pasted lines run in order, nothing covers the terminal and nothing leaves the origin.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, VIEWPORT } from './harness';

/**
 * The line the host shell received, recovered from what it printed back. The real shell answers
 * an unknown command `foo` with `foo: command not found`; the temporary stand-in echoes `echo: foo`.
 */
function submittedLine(output: string): string {
  const m = /^(.*): command not found$/m.exec(output) ?? /^echo: (.*)$/m.exec(output);
  if (!m) throw new Error(`cannot tell which line was submitted from:\n${output}`);
  return m[1]!;
}

function lastNonEmptyIndex(rows: string[]): number {
  let i = rows.length - 1;
  while (i >= 0 && rows[i] === '') i--;
  return i;
}

describeE2E('the playground page', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('loads with a title, a header, the welcome text and the host prompt', async () => {
    const t = await pg.open();
    expect(await t.page.title()).toMatch(/key_mgmt_util/);
    await expect(t.page.locator('header').innerText()).resolves.toMatch(/key_mgmt_util playground/);
    expect((await t.welcome()).length).toBeGreaterThan(0);
    expect(await t.hasFocus()).toBe(true); // ready to type without a click
    await t.screenshot('page-loaded');
    await t.page.close();
  });

  it('fills a 1600x1100 window beside the panels with at least 100 columns and 30 rows', async () => {
    const t = await pg.open();
    const box = await t.page.locator('.xterm-screen').boundingBox();
    expect(box).not.toBeNull();
    // the terminal takes the width the side panels (inventory, files, settings) leave: over 60 %
    const side = (await t.page.locator('aside.side').boundingBox())!;
    expect(box!.width).toBeGreaterThan(VIEWPORT.width * 0.6);
    expect(box!.x + box!.width).toBeLessThanOrEqual(side.x + 1);
    expect(box!.height).toBeGreaterThan(VIEWPORT.height * 0.8);
    expect((await t.rows()).length).toBeGreaterThanOrEqual(30);
    // 100 characters after the prompt stay on one row, so there are at least 102 columns
    const long = 'x'.repeat(100);
    const out = await t.run(long);
    expect(await t.rows()).toContain(`$ ${long}`);
    // (the answer is longer than a row, so it wraps; compare it without the blanks the wrap may eat)
    expect(out.replace(/\s+/g, '')).toBe(`${long}:commandnotfound`);
    // and it follows the window when that changes size
    const before = (await t.rows()).length;
    await t.page.setViewportSize({ width: 800, height: 500 });
    await t.waitFor('fewer rows after shrinking the window', (rows) => (rows.length < before / 1.5 ? true : undefined));
    const small = (await t.page.locator('.xterm-screen').boundingBox())!;
    expect(small.x + small.width).toBeLessThanOrEqual(800);
    expect(small.y + small.height).toBeLessThanOrEqual(500);
    expect(submittedLine(await t.run('foo'))).toBe('foo');
    await t.page.close();
  });

  it('edits the line with Left, Right, Backspace, Home and End', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.focus();

    // "fooo", ← ←, →, Backspace  ->  "foo" (Enter in mid-line submits the whole line)
    await kb.type('fooo');
    await kb.press('ArrowLeft');
    await kb.press('ArrowLeft');
    await kb.press('ArrowRight');
    await kb.press('Backspace');
    let out = await t.enter('foo');
    expect(submittedLine(out)).toBe('foo');

    // "wrld", ← ← ←, "o", End, "s"  ->  "worlds"
    await kb.type('wrld');
    for (let i = 0; i < 3; i++) await kb.press('ArrowLeft');
    await kb.type('o');
    await kb.press('End');
    await kb.type('s');
    // Home, then Backspace at the start changes nothing
    await kb.press('Home');
    await kb.press('Backspace');
    out = await t.enter('worlds'); // the screen shows the edited line, not the keystrokes
    expect(submittedLine(out)).toBe('worlds');

    // ↑ recalls the previous line
    await kb.press('ArrowUp');
    out = await t.enter('worlds');
    expect(submittedLine(out)).toBe('worlds');
    await t.page.close();
  });

  it('edits a line that wraps over two rows', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.focus();
    const n = 250;
    await kb.type('a'.repeat(n));
    const cols = await t.waitFor('the first row of the long line', (rows) =>
      rows.find((r) => r.startsWith('$ aaaa'))?.length);
    expect(cols).toBeLessThan(n); // (the line really wraps)
    // to the first cell of the second row, insert "b", delete it and the "a" before it, type "cd"
    await kb.press('Home');
    for (let i = 0; i < cols - 2; i++) await kb.press('ArrowRight');
    await kb.type('b');
    await kb.press('Backspace');
    await kb.press('Backspace');
    await kb.type('cd');
    const expected = 'a'.repeat(cols - 3) + 'cd' + 'a'.repeat(n - (cols - 2));
    await t.waitFor('the edited long line on screen', (rows) => (rows.join('').includes(`$ ${expected}`) ? true : undefined));
    await kb.press('Enter');
    await t.waitForPrompt('$ ');
    const screen = (await t.rows()).join('');
    expect(screen.includes(`${expected}: command not found`) || screen.includes(`echo: ${expected}`)).toBe(true);
    await t.page.close();
  });

  it('runs typed-ahead lines and pasted lines one after another, in order', async () => {
    const t = await pg.open();
    await t.focus();
    // typed without waiting for the output: the keys for the second line arrive while the first runs
    await t.page.keyboard.type('foo1\nfoo2\n');
    // pasted text with newlines (through the clipboard and Ctrl+V) runs line by line
    await t.page.keyboard.paste('foo3\nfoo4\n');
    const screen = await t.waitFor('four answers and a prompt', (rows) => {
      const text = rows.filter((r) => r !== '').join('\n');
      return /foo4.*\n\$$/.test(text) ? rows.filter((r) => r !== '') : undefined;
    });
    const start = screen.indexOf('$ foo1');
    expect(start).toBeGreaterThanOrEqual(0);
    const lines = screen.slice(start);
    expect(lines).toHaveLength(9);
    for (let i = 0; i < 4; i++) {
      expect(lines[2 * i]).toBe(`$ foo${i + 1}`);
      expect(submittedLine(lines[2 * i + 1]!)).toBe(`foo${i + 1}`);
    }
    expect(lines[8]).toBe('$');
    await t.page.close();
  });

  it('does not echo a password read by loginHSM -hpswd, nor keep it in the history', async () => {
    const t = await pg.open();
    await t.run('key_mgmt_util', { next: 'Command: ' });
    await t.typeLine('loginHSM -u CU -s example_user -hpswd');
    const at = await t.waitFor('the password prompt', (rows) => {
      const i = lastNonEmptyIndex(rows);
      return rows[i] === 'Enter password:' ? i : undefined;
    });
    await t.page.keyboard.type('example_pwd');
    await t.page.waitForTimeout(300);
    const typed = await t.rows();
    expect(typed[at]).toBe('Enter password:');
    expect(lastNonEmptyIndex(typed)).toBe(at);
    await t.page.keyboard.press('Enter');
    await t.waitForPrompt('Command: ');
    const after = (await t.rows()).slice(at).join('\n');
    expect(after).toMatch(/Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS/);
    expect(after).not.toContain('example_pwd');
    // ↑ brings back the command line, not the password
    await t.page.keyboard.press('ArrowUp');
    await t.waitFor('the recalled command', (rows) =>
      rows[lastNonEmptyIndex(rows)] === 'Command: loginHSM -u CU -s example_user -hpswd' ? true : undefined);
    await t.page.close();
  });

  it('falls back to memory, and says so, when IndexedDB cannot be opened', async () => {
    const t = await pg.open({
      init: () => { Object.defineProperty(window, 'indexedDB', { get: () => undefined }); },
    });
    const notice = t.page.getByRole('alert'); // the banner (role=status is the command status line)
    await expect(notice.innerText()).resolves.toMatch(/memory only/);
    expect(await t.run('openssl rand -out k.bin 16')).toBe('');
    expect(await t.run('ls')).toContain('k.bin');
    await t.screenshot('memory-fallback');
    await t.page.close();
  });

  it('clears the screen and the scrollback with clear', async () => {
    const t = await pg.open();
    for (let i = 0; i < 3; i++) await t.run(`foo${i}`);
    await t.typeLine('clear');
    await t.waitFor('an empty screen with only the prompt', (rows) => {
      const shown = rows.filter((r) => r !== '');
      return shown.length === 1 && shown[0] === '$' ? true : undefined;
    });
    // nothing is left above it either: scrolling up shows no earlier text
    await t.page.mouse.move(400, 400);
    await t.page.mouse.wheel(0, -2000);
    await t.page.waitForTimeout(200);
    expect((await t.rows()).filter((r) => r !== '')).toEqual(['$']);
    expect(submittedLine(await t.run('foo'))).toBe('foo');
    await t.page.close();
  });

  it('has no dialog or overlay covering the terminal', async () => {
    const t = await pg.open();
    const dialogs = await t.page.locator('dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]').count();
    expect(dialogs).toBe(0);
    const box = (await t.page.locator('.xterm-screen').boundingBox())!;
    const points = [0.1, 0.5, 0.9].flatMap((fx) => [0.1, 0.5, 0.9].map((fy) => [box.x + box.width * fx, box.y + box.height * fy] as const));
    const onTerminal = await t.page.evaluate((pts) =>
      pts.map(([x, y]) => document.elementFromPoint(x, y)?.closest('.xterm') != null), points);
    expect(onTerminal).toEqual(points.map(() => true));
    await t.page.close();
  });

  it('loads the one wasm build the engine can run: relaxed SIMD where it validates, plain SIMD otherwise', async () => {
    const t = await pg.open(); // (the crypto core is loaded before the first prompt)
    const relaxed = await t.page.evaluate(() => {
      // i8x16.relaxed_swizzle of two zero vectors, the smallest module that needs relaxed SIMD
      const v0 = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
      return WebAssembly.validate(Uint8Array.from([
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
        0x03, 0x02, 0x01, 0x00, 0x0a, 0x2b, 0x01, 0x29, 0x00, ...v0, ...v0, 0xfd, 0x80, 0x02, 0x0b,
      ]));
    });
    const wasm = await t.page.evaluate(() => performance.getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')));
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(relaxed ? /\/release-relaxed-[\w-]+\.wasm$/ : /\/release-(?!relaxed-)[\w-]+\.wasm$/);
    // and the core works: genSymKey computes the new key's KCV with it
    await t.run('key_mgmt_util', { next: 'Command: ' });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.run('genSymKey -t 31 -s 32 -l wasm-check')).toMatch(/Symmetric Key Created/);
    await t.run('exit', { next: '$ ' });
    console.log(`${pg.version}: relaxed SIMD ${relaxed ? 'validates' : 'does not validate'}; loaded ${wasm[0]}`);
    await t.page.close();
  });

  it('runs under its Content-Security-Policy, which refuses an inline script', async () => {
    const t = await pg.open();
    const policy = await t.page.evaluate(() =>
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("object-src 'none'");
    // the policy is in force and the harness hears what it refuses (every test fails on a refusal)
    type E2E = { __e2e: { csp: string[]; errors: string[] }; __inlineRan?: boolean };
    const ran = await t.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as E2E).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await t.page.waitForFunction(() => (window as unknown as E2E).__e2e.csp.length > 0);
    const refused = await t.page.evaluate(() => {
      const e = (window as unknown as E2E).__e2e;
      const mine = e.errors.filter((x) => x.startsWith('Content-Security-Policy violation'));
      e.errors.splice(0, e.errors.length, ...e.errors.filter((x) => !mine.includes(x)));
      return e.csp.splice(0);
    });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^Content-Security-Policy violation: script-src(-elem)? blocked inline/);
    await t.page.close();
  });

  it('loads everything from its own origin', async () => {
    const t = await pg.open();
    // (what Playwright's networkidle meant: no new resource for half a second)
    let n = -1;
    for (let seen = await t.page.evaluate(() => performance.getEntriesByType('resource').length); seen !== n; await t.page.waitForTimeout(500)) {
      n = seen;
      seen = await t.page.evaluate(() => performance.getEntriesByType('resource').length);
    }
    const resources = await t.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    for (const r of resources) {
      if (!r.startsWith('data:') && !r.startsWith('blob:')) expect(new URL(r).origin).toBe(pg.origin);
    }
    expect(pg.foreignRequests).toEqual([]);
    await t.page.close();
  });
});
