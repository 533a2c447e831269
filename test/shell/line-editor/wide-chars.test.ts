/**
 * Issue 11, finding 13: wide characters broke the editor's cursor (`echo 漢字 …` then Home,
 * Backspace, ←, → drew garbage; the line that ran was right). The editor now counts display
 * width as xterm does. Every step below is drawn on a real xterm 6 (its core, in Node) and read
 * back from its buffer: the screen shows the prompt and exactly the editor's line, nothing is left
 * below it, and the terminal's cursor is on the editor's cursor — with wide characters (2 columns),
 * combining marks (0, in their letter's cell), surrogate pairs (one character), at the right edge
 * (a wide character that does not fit goes to the next row) and after every editing key.
 */
import { describe, expect, it } from 'vitest';
import { KEY, mismatch, xtermEditor, type XtermEditor } from './xterm-screen';

/** Type `keys`, then expect the editor's line and the text left of its cursor, and the screen to agree. */
async function step(t: XtermEditor, keys: string | string[], line: string, beforeCursor: string): Promise<void> {
  await t.type(...(Array.isArray(keys) ? keys : [keys]));
  expect(mismatch(t, line, beforeCursor)).toBe('');
}

describe('wide characters in the line editor (issue 11, finding 13)', () => {
  it('echo 漢字abc: Home, →, Backspace, ←, Delete and typing keep the screen and the cursor right', async () => {
    const t = await xtermEditor();
    await step(t, 'echo 漢字abc', 'echo 漢字abc', 'echo 漢字abc');
    await step(t, KEY.home, 'echo 漢字abc', '');
    await step(t, Array(6).fill(KEY.right), 'echo 漢字abc', 'echo 漢');
    await step(t, KEY.bs, 'echo 字abc', 'echo ');
    await step(t, '漢字', 'echo 漢字字abc', 'echo 漢字');
    await step(t, KEY.left, 'echo 漢字字abc', 'echo 漢');
    await step(t, KEY.del, 'echo 漢字abc', 'echo 漢');
    await step(t, KEY.end, 'echo 漢字abc', 'echo 漢字abc');
    await step(t, [KEY.left, KEY.left, KEY.left, KEY.left], 'echo 漢字abc', 'echo 漢');
    await step(t, 'x', 'echo 漢x字abc', 'echo 漢x');
    await step(t, KEY.enter, '', '');
    expect(t.submitted).toEqual(['echo 漢x字abc']);
  });

  it('at the right edge a wide character that does not fit goes to the next row, and editing follows it', async () => {
    // 12 columns: "$ " + 9 narrow leaves one column, too few for 漢
    const t = await xtermEditor({ cols: 12 });
    await step(t, 'abcdefghi', 'abcdefghi', 'abcdefghi');
    await step(t, '漢', 'abcdefghi漢', 'abcdefghi漢');
    expect(t.shown().rows).toEqual(['$ abcdefghi', '漢']);
    await step(t, '字x', 'abcdefghi漢字x', 'abcdefghi漢字x');
    await step(t, KEY.left, 'abcdefghi漢字x', 'abcdefghi漢字');
    await step(t, [KEY.left, KEY.left], 'abcdefghi漢字x', 'abcdefghi'); // on 漢, at the next row's start
    await step(t, KEY.bs, 'abcdefgh漢字x', 'abcdefgh'); // now 漢 fits on the first row
    expect(t.shown().rows.map((r) => r.trimEnd())).toEqual(['$ abcdefgh漢', '字x']);
    await step(t, 'Y', 'abcdefghY漢字x', 'abcdefghY'); // and wraps again
    await step(t, KEY.home, 'abcdefghY漢字x', '');
    await step(t, '字字', '字字abcdefghY漢字x', '字字');
    await step(t, KEY.end, '字字abcdefghY漢字x', '字字abcdefghY漢字x');
    await step(t, KEY.ctrlU, '', '');
    // a wide character ending exactly at the margin: the cursor goes to the next row
    await step(t, 'abcdefgh漢', 'abcdefgh漢', 'abcdefgh漢');
    expect(t.cursor()).toEqual({ x: 0, y: t.shown().cells[0]!.y + 1 });
    await step(t, KEY.bs, 'abcdefgh', 'abcdefgh');
  });

  it('lines over several rows of mixed ASCII and wide characters, with every editing key', async () => {
    const t = await xtermEditor({ cols: 11 });
    const line = 'a漢b字cd漢字e漢漢f字g';
    await step(t, line, line, line);
    for (let i = Array.from(line).length; i > 0; i--) {
      await step(t, KEY.left, line, Array.from(line).slice(0, i - 1).join(''));
    }
    for (let i = 1; i <= Array.from(line).length; i++) {
      await step(t, KEY.right, line, Array.from(line).slice(0, i).join(''));
    }
    // Ctrl-A / Ctrl-E
    await step(t, KEY.ctrlA, line, '');
    await step(t, KEY.ctrlE, line, line);
    // Ctrl-W removes the word before the cursor
    await step(t, ' 漢字 漢字漢', line + ' 漢字 漢字漢', line + ' 漢字 漢字漢');
    await step(t, KEY.ctrlW, line + ' 漢字 ', line + ' 漢字 ');
    // Ctrl-K from the middle
    await step(t, Array(8).fill(KEY.left), line + ' 漢字 ', 'a漢b字cd漢字e漢');
    await step(t, KEY.ctrlK, 'a漢b字cd漢字e漢', 'a漢b字cd漢字e漢');
    // Ctrl-U from the middle
    await step(t, Array(4).fill(KEY.left), 'a漢b字cd漢字e漢', 'a漢b字cd');
    await step(t, KEY.ctrlU, '漢字e漢', '');
    await step(t, KEY.del, '字e漢', '');
  });

  it('combining marks share their letter’s cell; zero-width characters and surrogate pairs are one character', async () => {
    const t = await xtermEditor({ cols: 12 });
    // typed one at a time: the accent joins the e before it, so ← moves over both
    await step(t, ['e', '\u0301', 'x'], 'e\u0301x', 'e\u0301x');
    await step(t, KEY.left, 'e\u0301x', 'e\u0301');
    await step(t, KEY.left, 'e\u0301x', '');
    await step(t, KEY.del, 'x', '');
    // a zero-width space between letters (the lookalike label ke\u200By), U+20000 (wide, a surrogate pair), 😀 (a pair, 1 column)
    await step(t, 'ke\u200by𠀀😀', 'ke\u200by𠀀😀x', 'ke\u200by𠀀😀');
    await step(t, [KEY.left, KEY.left], 'ke\u200by𠀀😀x', 'ke\u200by');
    await step(t, KEY.bs, 'ke\u200b𠀀😀x', 'ke\u200b');
    await step(t, KEY.bs, 'k𠀀😀x', 'k');
    // a mark with no letter before it (at the start of the line) takes a cell of its own
    await step(t, KEY.home, 'k𠀀😀x', '');
    await step(t, '\u0301', '\u0301k𠀀😀x', '\u0301');
    await step(t, KEY.left, '\u0301k𠀀😀x', '');
    await step(t, 'a', 'a\u0301k𠀀😀x', 'a\u0301'); // then a letter typed before it takes it in
    await step(t, KEY.left, 'a\u0301k𠀀😀x', '');
    await step(t, KEY.end, 'a\u0301k𠀀😀x', 'a\u0301k𠀀😀x');
    await step(t, KEY.enter, '', '');
    expect(t.submitted).toEqual(['a\u0301k𠀀😀x']);
  });

  it('a paste of wide text, into the middle of a line, over the right edge', async () => {
    const t = await xtermEditor({ cols: 10 });
    await step(t, 'ab', 'ab', 'ab');
    await step(t, KEY.left, 'ab', 'a');
    await step(t, '漢字漢字漢字\u0301漢字', 'a漢字漢字漢字\u0301漢字b', 'a漢字漢字漢字\u0301漢字');
    await step(t, KEY.home, 'a漢字漢字漢字\u0301漢字b', '');
    await step(t, KEY.end, 'a漢字漢字漢字\u0301漢字b', 'a漢字漢字漢字\u0301漢字b');
  });

  it('history recall: ↑ and ↓ replace a longer or shorter line cleanly', async () => {
    const t = await xtermEditor({ cols: 14, history: ['echo 漢字漢字漢字漢字漢字', 'ls'] });
    await step(t, 'ab漢', 'ab漢', 'ab漢');
    await step(t, KEY.up, 'ls', 'ls');
    await step(t, KEY.up, 'echo 漢字漢字漢字漢字漢字', 'echo 漢字漢字漢字漢字漢字');
    await step(t, [KEY.left, KEY.left, KEY.left], 'echo 漢字漢字漢字漢字漢字', 'echo 漢字漢字漢字漢');
    await step(t, KEY.down, 'ls', 'ls');
    await step(t, KEY.down, 'ab漢', 'ab漢');
    await step(t, KEY.up, 'ls', 'ls');
    await step(t, KEY.up, 'echo 漢字漢字漢字漢字漢字', 'echo 漢字漢字漢字漢字漢字');
    await step(t, KEY.enter, '', '');
    await step(t, KEY.up, 'echo 漢字漢字漢字漢字漢字', 'echo 漢字漢字漢字漢字漢字');
    await step(t, KEY.ctrlU, '', '');
  });

  it('Ctrl-R over wide history lines puts the line back where it was', async () => {
    const t = await xtermEditor({ cols: 16, history: ['echo 漢字漢字漢字漢字漢字漢字', 'ls'] });
    await step(t, '字', '字', '字');
    await t.type(KEY.ctrlR, '漢字');
    expect(t.shown().text).toContain('漢字漢字漢字');
    await step(t, KEY.right, 'echo 漢字漢字漢字漢字漢字漢字', 'echo 漢字漢字漢字漢字漢字漢字'); // → accepts the match
    await t.type(KEY.ctrlR, '漢', KEY.ctrlG);
    expect(mismatch(t, 'echo 漢字漢字漢字漢字漢字漢字', 'echo 漢字漢字漢字漢字漢字漢字')).toBe('');
  });

  it('completion inserts a wide name and lists wide names in columns by display width', async () => {
    const names = ['漢字ファイル.txt', '漢字メモ.txt', 'abc.txt'];
    const t = await xtermEditor({ cols: 40, candidates: names });
    await step(t, 'cat 漢', 'cat 漢', 'cat 漢');
    await step(t, KEY.tab, 'cat 漢字', 'cat 漢字'); // the common prefix
    await step(t, KEY.tab, 'cat 漢字', 'cat 漢字'); // arms the listing
    await step(t, KEY.tab, 'cat 漢字', 'cat 漢字'); // lists, then the prompt and the line again
    const row = (y: number) => t.term.buffer.active.getLine(y)!.translateToString(true);
    expect(row(t.cursor().y - 1)).toBe('漢字ファイル.txt  漢字メモ.txt');
    await step(t, 'フ', 'cat 漢字フ', 'cat 漢字フ');
    await step(t, KEY.tab, 'cat 漢字ファイル.txt ', 'cat 漢字ファイル.txt ');
    await step(t, [KEY.home, KEY.right], 'cat 漢字ファイル.txt ', 'c');
  });

  it('a listing whose longest name is wide is laid out in columns that fit and line up', async () => {
    // 漢字漢字漢字漢字.txt is 12 code units but 20 columns: counted in code units, its column was
    // too narrow, the next name started inside it and the row ran over the terminal's width
    const names = ['a.txt', 'b.txt', 'c.txt', '漢字漢字漢字漢字.txt', 'd.txt', 'e.txt'];
    const t = await xtermEditor({ cols: 50, candidates: names });
    await step(t, ['cat ', KEY.tab, KEY.tab], 'cat ', 'cat ');
    const b = t.term.buffer.active;
    const rows = [3, 2, 1].map((d) => b.getLine(t.cursor().y - d)!);
    expect(rows.map((r) => r.translateToString(true))).toEqual([
      'a.txt                 漢字漢字漢字漢字.txt',
      'b.txt                 d.txt',
      'c.txt                 e.txt',
    ]);
    expect(rows.every((r) => !r.isWrapped)).toBe(true);
  });

  it('a prompt that fills its row, or leaves one column: the first wide character goes where xterm puts it', async () => {
    for (const banner of ['x'.repeat(10), 'x'.repeat(9), 'y'.repeat(8) + '漢']) {
      // 12 columns: banner + "$ " ends at the margin (the row is full) or one column before it
      const t = await xtermEditor({ cols: 12, banner });
      const prompt = `${banner}$ `;
      await t.type('漢字a');
      expect(mismatch(t, '漢字a', '漢字a', prompt), banner).toBe('');
      await t.type(KEY.home);
      expect(mismatch(t, '漢字a', '', prompt), banner).toBe('');
      await t.type(KEY.right, KEY.bs);
      expect(mismatch(t, '字a', '', prompt), banner).toBe('');
      await t.type('b');
      expect(mismatch(t, 'b字a', 'b', prompt), banner).toBe('');
      await t.type(KEY.ctrlE, KEY.ctrlW);
      expect(mismatch(t, '', '', prompt), banner).toBe('');
    }
  });

  it('a prompt holding wide characters: the input starts after their width', async () => {
    const t = await xtermEditor({ cols: 20, prompt: '漢字> ' });
    await t.type('ab字');
    expect(mismatch(t, 'ab字', 'ab字', '漢字> ')).toBe('');
    await t.type(KEY.home);
    expect(mismatch(t, 'ab字', '', '漢字> ')).toBe('');
  });
});
