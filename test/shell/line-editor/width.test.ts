/**
 * The editor's display widths (src/shell/line-editor/width.ts) agree with the terminal the page
 * uses: xterm 6 with its default Unicode provider ("6"). Compared with xterm's own width function
 * (its core's Unicode service, reached in Node) for every code point, and, through xterm's public
 * API, with where its cursor ends after writing sample text.
 */
import { readFileSync } from 'node:fs';
import { Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { advance, cellWidth, cells, codePointWidth, textWidth } from '../../../src/shell/line-editor/width';

interface UnicodeService { wcwidth(cp: number): number; activeVersion: string }
const unicodeOf = (t: Terminal): UnicodeService => (t as unknown as { _core: { unicodeService: UnicodeService } })._core.unicodeService;

function written(t: Terminal, text: string): Promise<{ x: number; y: number }> {
  return new Promise((resolve) => t.write(`\x1b[H\x1b[2J${text}`, () => resolve({ x: t.buffer.active.cursorX, y: t.buffer.active.cursorY })));
}

describe('display width (issue 11, finding 13)', () => {
  it('xterm 6 applies Unicode version 6 by default, and the page keeps that default', () => {
    const t = new Terminal({ allowProposedApi: true });
    expect(t.unicode.activeVersion).toBe('6');
    expect(t.unicode.versions).toEqual(['6']);
    // the page's terminal loads no Unicode addon that would change the widths
    const view = readFileSync(new URL('../../../src/ui/xterm-view.ts', import.meta.url), 'utf8');
    expect(view).not.toMatch(/unicode/i);
    t.dispose();
  });

  it('equals xterm\'s own width for every code point', () => {
    const t = new Terminal();
    const xterm = unicodeOf(t);
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const theirs = xterm.wcwidth(cp);
      if (codePointWidth(cp) !== theirs && differ.length < 10) differ.push(`U+${cp.toString(16)}: ours ${codePointWidth(cp)}, xterm ${theirs}`);
    }
    expect(differ).toEqual([]);
    t.dispose();
  });

  const samples: Array<[string, number]> = [
    ['abc', 3], ['漢字', 4], ['echo 漢字abc', 12], ['ｶﾀｶﾅ', 4], ['ＡＢ', 4], ['한국어', 6],
    ['e\u0301', 1], ['a\u0308\u0304b', 2], ['ke\u200by', 3], ['😀', 1], ['𠀀𠀁', 4], ['\u{1D400}', 1],
    ['漢\u0301', 2], ['ᄀ\u1161', 2], ['\u3000', 2], ['〿', 1], ['\ud800x', 2], ['x\udc00', 2],
  ];

  it('writing sample text moves xterm\'s cursor by the width the editor computes', async () => {
    const t = new Terminal({ cols: 80, rows: 4 });
    for (const [text, width] of samples) {
      expect(textWidth(text), text).toBe(width);
      expect((await written(t, text)).x, text).toBe(width);
    }
    t.dispose();
  });

  it('cells: a zero-width code point joins the cell before it; with none, it stands alone', async () => {
    expect(cells('e\u0301x')).toEqual(['e\u0301', 'x']);
    expect(cells('\u0301\u0301x\u0301')).toEqual(['\u0301', '\u0301', 'x\u0301']);
    expect(cells('𠀀😀')).toEqual(['𠀀', '😀']);
    expect(cellWidth('\u0301')).toBe(1);
    // after a cursor move xterm places a lone mark in a cell of its own, as the editor counts it
    const t = new Terminal({ cols: 20, rows: 4 });
    expect((await written(t, '\x1b[1G\u0301\u0301x\u0301')).x).toBe(3);
    t.dispose();
  });

  it('a wide character that does not fit in the last column goes to the next row, as in xterm', async () => {
    const t = new Terminal({ cols: 10, rows: 4 });
    for (const text of ['123456789漢', '12345678漢', '123456789漢x', '1234567890漢', '漢字漢字漢字', 'a漢字漢字漢字漢字漢字']) {
      let at = { row: 0, col: 0 };
      for (const c of cells(text)) at = advance(at, cellWidth(c), 10);
      const got = await written(t, text);
      // a full row: both hold the cursor past its last column (x = cols) until the next character
      expect({ x: at.col, y: at.row }, text).toEqual(got);
    }
    t.dispose();
  });
});
