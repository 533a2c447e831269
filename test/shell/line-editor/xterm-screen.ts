/**
 * A line editor drawing on a real xterm 6 terminal (its core runs in Node without a page): what
 * the learner would see, read back from xterm's buffer, so a test can check that the screen shows
 * the prompt and the editor's line, and that the terminal's cursor sits on the editor's cursor.
 */
import { Terminal } from '@xterm/xterm';
import { LineEditor, type EditorSession } from '../../../src/shell/line-editor/index';

export const KEY = {
  left: '\x1b[D', right: '\x1b[C', home: '\x1b[H', end: '\x1b[F', up: '\x1b[A', down: '\x1b[B', del: '\x1b[3~',
  bs: '\x7f', ctrlA: '\x01', ctrlE: '\x05', ctrlU: '\x15', ctrlK: '\x0b', ctrlW: '\x17', ctrlR: '\x12', ctrlG: '\x07',
  ctrlL: '\x0c', tab: '\t', enter: '\r',
};

export interface ScreenCell { x: number; y: number; chars: string; width: number }

export interface XtermEditor {
  editor: LineEditor;
  term: Terminal;
  submitted: string[];
  /** Feed each chunk as one piece of terminal input, then wait until the editor and xterm are done. */
  type(...chunks: string[]): Promise<void>;
  /** The input line as on screen: the cells from the prompt's row on (wrapped rows included). */
  shown(): { text: string; cells: ScreenCell[]; rows: string[] };
  /** xterm's cursor (column, row in the buffer). */
  cursor(): { x: number; y: number };
}

export interface Options {
  cols?: number;
  prompt?: string;
  history?: string[];
  candidates?: string[];
  /** Output written before the first prompt (no line end needed). */
  banner?: string;
}

export async function xtermEditor(opts: Options = {}): Promise<XtermEditor> {
  const cols = opts.cols ?? 80;
  const prompt = opts.prompt ?? '$ ';
  // the page's terminal options that matter here (src/ui/xterm-view.ts): a line end also returns
  const term = new Terminal({ cols, rows: 24, convertEol: true, scrollback: 1000 });
  const submitted: string[] = [];
  let editor!: LineEditor;
  const session = {
    prompt,
    inputMode: 'normal' as const,
    async start() { editor.writeOutput((opts.banner ?? '') + prompt); },
    async submit(line: string) { submitted.push(line); editor.writeOutput(`ran ${line}\n${prompt}`); },
    async complete(line: string) {
      const word = line.slice(line.lastIndexOf(' ') + 1);
      const candidates = (opts.candidates ?? []).filter((c) => c.startsWith(word));
      return { replaceFrom: line.length - word.length, candidates };
    },
    interrupt: () => false,
    async history() { return opts.history ?? []; },
    async remember() {},
    redact: (line: string) => line,
  } as unknown as EditorSession & { start(): Promise<void> };
  let ready!: (s: EditorSession) => void;
  editor = new LineEditor({ write: (t) => term.write(t), cols: () => term.cols }, new Promise((r) => { ready = r; }));
  await session.start();
  ready(session);
  const settle = () => new Promise<void>((r) => term.write('', r));
  await editor.whenIdle();
  await settle();

  const cursor = () => {
    const b = term.buffer.active;
    return { x: b.cursorX, y: b.baseY + b.cursorY };
  };
  const shown = () => {
    const b = term.buffer.active;
    // the prompt's row: up from the cursor's row over rows the terminal wrapped into
    let first = cursor().y;
    while (first > 0 && b.getLine(first)?.isWrapped) first--;
    const cells: ScreenCell[] = [];
    const rows: string[] = [];
    for (let y = first; y < b.length; y++) {
      const line = b.getLine(y)!;
      if (y > first && !line.isWrapped) break;
      rows.push(line.translateToString(true));
      for (let x = 0; x < term.cols; x++) {
        const cell = line.getCell(x)!;
        // the right half of a wide character, and never-written cells (a wide character's early
        // wrap leaves one at the end of its row) hold no character; a combining mark with no
        // letter before it holds one cell of width 0
        if (cell.getChars() === '') continue;
        cells.push({ x, y, chars: cell.getChars(), width: cell.getWidth() });
      }
    }
    return { text: cells.map((c) => c.chars).join(''), cells, rows };
  };
  return {
    editor, term, submitted, shown, cursor,
    async type(...chunks) {
      for (const c of chunks) {
        editor.feed(c);
        await editor.whenIdle();
      }
      await settle();
    },
  };
}

/**
 * Check the screen against the editor: the editor's line is `line`, the terminal shows the prompt
 * and that line from the prompt's row on (blanks after it aside), and xterm's cursor is on the cell
 * that follows `prompt + beforeCursor` (or just after the line's last cell). Returns a description
 * of the first difference, or '' when all agree.
 */
export function mismatch(t: XtermEditor, line: string, beforeCursor: string, prompt = '$ '): string {
  if (t.editor.line !== line) return `editor line ${JSON.stringify(t.editor.line)} != ${JSON.stringify(line)}`;
  const { text, cells } = t.shown();
  const want = (prompt + line).trimEnd();
  if (text.trimEnd() !== want) return `screen ${JSON.stringify(text.trimEnd())} != ${JSON.stringify(want)}`;
  // how many screen cells hold the first `n` code units of what is shown
  const cellsFor = (n: number): number => {
    let i = 0;
    for (let units = 0; units < n; i++) units += cells[i]!.chars.length;
    return i;
  };
  const total = cellsFor((prompt + line).length);
  const at = cellsFor((prompt + beforeCursor).length);
  let pos: { x: number; y: number };
  if (at < total) pos = { x: cells[at]!.x, y: cells[at]!.y };
  else {
    const last = cells[total - 1]!;
    const w = Math.max(1, last.width);
    pos = last.x + w >= t.term.cols ? { x: 0, y: last.y + 1 } : { x: last.x + w, y: last.y };
  }
  // nothing is left below the line
  const b = t.term.buffer.active;
  const lastRow = Math.max(cells[cells.length - 1]!.y, t.cursor().y);
  for (let y = lastRow + 1; y < b.length; y++) {
    const row = b.getLine(y)!.translateToString(true);
    if (row.trim() !== '') return `row ${y} below the line holds ${JSON.stringify(row)}`;
  }
  const got = t.cursor();
  if (got.x !== pos.x || got.y !== pos.y) return `cursor at ${got.x},${got.y}, not at ${pos.x},${pos.y} (after ${JSON.stringify(beforeCursor)})`;
  return '';
}
