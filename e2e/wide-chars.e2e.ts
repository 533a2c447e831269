/**
 * Issue 11, finding 13, in the page: `echo 漢字abc` typed, then Home, →, Backspace, ←, Delete and
 * End. After every key the terminal's row (read from its DOM, as a learner sees it) is the prompt
 * and exactly the line being edited, and xterm's cursor is drawn on the character the editor's
 * cursor is at: the row's text before the cursor's cell is the prompt and the line left of the
 * cursor. Before the editor counted display width, Home then → put the cursor in the middle of 漢
 * and Backspace drew garbage.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

interface CursorRow { row: string; before: string; under: string }

/** The row holding xterm's cursor: its text, the text before the cursor's cell, the cell's text. */
async function cursorRow(t: Term): Promise<CursorRow | null> {
  return t.page.evaluate(() => {
    const cursor = document.querySelector('.xterm-rows .xterm-cursor');
    const row = cursor?.parentElement;
    if (!cursor || !row) return null;
    let before = '';
    for (const node of Array.from(row.childNodes)) {
      if (node === cursor) break;
      before += node.textContent ?? '';
    }
    const clean = (s: string) => s.replace(/\u00a0/g, ' ');
    return { row: clean(row.textContent ?? '').trimEnd(), before: clean(before), under: clean(cursor.textContent ?? '') };
  });
}

/** Wait until the cursor's row shows `$ ` + `line` with the cursor after `$ ` + `beforeCursor`. */
async function expectLine(t: Term, line: string, beforeCursor: string): Promise<void> {
  const want: CursorRow = {
    row: `$ ${line}`.trimEnd(),
    before: `$ ${beforeCursor}`,
    under: Array.from(line.slice(beforeCursor.length))[0] ?? ' ',
  };
  let last: CursorRow | null = null;
  const deadline = Date.now() + 10_000;
  for (;;) {
    last = await cursorRow(t);
    if (last && last.row === want.row && last.before === want.before && last.under === want.under) return;
    if (Date.now() > deadline) break;
    await t.page.waitForTimeout(40);
  }
  expect(last).toEqual(want);
}

describeE2E('wide characters in the terminal (issue 11, finding 13)', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('echo 漢字abc: Home, →, Backspace, ←, Delete, End keep the row and the cursor on the editor\'s line', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.focus();
    await kb.type('echo 漢字abc');
    await expectLine(t, 'echo 漢字abc', 'echo 漢字abc');
    await kb.press('Home');
    await expectLine(t, 'echo 漢字abc', '');
    for (let i = 0; i < 6; i++) await kb.press('ArrowRight');
    await expectLine(t, 'echo 漢字abc', 'echo 漢');
    await kb.press('Backspace');
    await expectLine(t, 'echo 字abc', 'echo ');
    await kb.type('漢字');
    await expectLine(t, 'echo 漢字字abc', 'echo 漢字');
    await kb.press('ArrowLeft');
    await expectLine(t, 'echo 漢字字abc', 'echo 漢');
    await kb.press('Delete');
    await expectLine(t, 'echo 漢字abc', 'echo 漢');
    await kb.press('ArrowRight');
    await kb.press('ArrowRight');
    await expectLine(t, 'echo 漢字abc', 'echo 漢字a');
    await kb.press('End');
    await expectLine(t, 'echo 漢字abc', 'echo 漢字abc');
    // the line that runs is the one on the screen
    expect(await t.enter('echo 漢字abc')).toBe('漢字abc');
    await t.page.close();
  });
});
