/**
 * The line being edited, its cursor, and how both are drawn on the screen.
 *
 * Screen model: the input starts at column `startCol` (where the engine's prompt left the cursor)
 * and may wrap over several rows; every cursor move is computed as rows up/down plus an absolute
 * column, so editing keeps working on wrapped lines. Positions come from the display width of each
 * cell (width.ts), as the terminal lays them out: a wide character takes two columns and goes to the
 * next row when only one is left, a combining mark shares its letter's cell (issue 11, finding 13).
 * While the input is hidden (a password read) the buffer still edits but writes nothing.
 */
import { advance, cellWidth, cells, codePointWidth, standsAlone, type Place } from './width';

/** What the editor needs from the screen. */
export interface Screen {
  write(text: string): void;
  /** Current width in columns. */
  cols(): number;
}

export class LineBuffer {
  /**
   * The input line as cells (width.ts): one code point each (a surrogate pair is one), with the
   * zero-width ones that join it. Every offset and the cursor count cells.
   */
  chars: string[] = [];
  cursor = 0;
  /** Text written after the last line end: the prompt in front of the input. */
  promptText = '';
  /** Column where the current input starts (tracked from everything written to the screen). */
  #startCol = 0;
  /** Column of the screen cursor as last left by written output (for `startCol`); `cols` = the row is full. */
  #outCol = 0;
  /** The last cell output wrote has a width, so a zero-width code point would join it. */
  #outJoins = false;
  /** Where the screen cursor is while the input is shown: rows below the prompt's row, and column. */
  #at: Place = { row: 0, col: 0 };

  /**
   * `hidden` says whether input is currently not echoed; `onOutput` sees every text written
   * through `output` (the editor captures a command's output with it).
   */
  constructor(
    private readonly screen: Screen,
    private readonly hidden: () => boolean,
    private readonly onOutput: (text: string) => void = () => {},
  ) {}

  get text(): string { return this.chars.join(''); }

  /** Rows the screen cursor is below the prompt's row. */
  get row(): number { return this.#at.row; }

  /** Write output (the engine's, or a prompt) and note where it leaves the cursor. */
  output(text: string): void {
    this.screen.write(text);
    this.#track(text);
    this.#startCol = this.#outCol >= this.#cols() ? 0 : this.#outCol;
    this.#at = { row: 0, col: this.#startCol }; // output leaves the screen cursor where input starts
    this.onOutput(text);
  }

  /** The screen was cleared (cursor back at the top-left). */
  noteClear(): void {
    this.#outCol = 0;
    this.#outJoins = false;
    this.#startCol = 0;
    this.#at = { row: 0, col: 0 };
    this.promptText = '';
  }

  /** Move the screen cursor past the input and empty the line (Enter, Ctrl-C). */
  drop(): void {
    this.moveTo(this.chars.length);
    this.chars = [];
    this.cursor = 0;
  }

  /**
   * Write `before` (from column 0), the prompt again and the whole line, leaving the cursor at
   * offset `at` (after Ctrl-L, a completion listing, the end of a reverse search).
   */
  reprompt(at: number, before = ''): void {
    this.#outCol = 0;
    this.#outJoins = false;
    const prompt = this.promptText;
    this.cursor = 0;
    this.output(before + prompt);
    this.promptText = prompt;
    this.redrawFrom(0, at, null);
  }

  /** Insert text at the cursor and leave the cursor after it (typing, a paste). */
  insert(text: string): void {
    this.#change(this.cursor, this.cursor, text);
  }

  /** Replace the whole line (history recall); the cursor ends at its end. */
  replace(text: string): void {
    const oldEnd = this.#end();
    this.chars = cells(text);
    this.redrawFrom(0, this.chars.length, oldEnd);
  }

  /** Replace offsets [from, cursor) by `text` and leave the cursor after it (a completion). */
  splice(from: number, text: string): void {
    this.#change(from, this.cursor, text);
  }

  backspace(): void {
    if (this.cursor > 0) this.#change(this.cursor - 1, this.cursor, '');
  }

  deleteForward(): void {
    if (this.cursor < this.chars.length) this.#change(this.cursor, this.cursor + 1, '');
  }

  left(): void { if (this.cursor > 0) this.moveTo(this.cursor - 1); }
  right(): void { if (this.cursor < this.chars.length) this.moveTo(this.cursor + 1); }
  home(): void { this.moveTo(0); }
  end(): void { this.moveTo(this.chars.length); }

  /** Ctrl-U: delete from the start of the line to the cursor. */
  killLine(): void {
    this.#change(0, this.cursor, '');
  }

  /** Ctrl-K: delete from the cursor to the end of the line. */
  killEnd(): void {
    this.#change(this.cursor, this.chars.length, '');
  }

  /** Ctrl-W: delete the blank-separated word before the cursor. */
  killWord(): void {
    let from = this.cursor;
    while (from > 0 && this.chars[from - 1] === ' ') from--;
    while (from > 0 && this.chars[from - 1] !== ' ') from--;
    this.#change(from, this.cursor, '');
  }

  /**
   * Replace cells [from, to) by `text`, redraw what changed and leave the cursor after the new
   * text. The cells around the change are split again: a combining mark typed after a letter joins
   * its cell, and a letter typed before a lone mark takes it in.
   */
  #change(from: number, to: number, text: string): void {
    const oldEnd = this.#end();
    const old = this.chars;
    const a = from > 0 && text !== '' ? from - 1 : from;
    let b = to;
    while (b < old.length && standsAlone(old[b]!)) b++;
    const head = old.slice(a, from).join('') + text;
    const mid = a === from && b === to ? cells(text) : cells(head + old.slice(to, b).join(''));
    // concat, not splice(at, 0, ...cells): a spread puts every pasted character on the stack, and a
    // paste of ~130,000 overflows it (issue 11, finding 8)
    this.chars = old.slice(0, a).concat(mid, old.slice(b));
    // the cursor goes after the cell that holds the last code unit of the new text
    let cursor = a;
    for (let units = 0; cursor - a < mid.length && units < head.length; cursor++) units += mid[cursor - a]!.length;
    // redraw from the first cell that differs
    let first = a;
    while (first < from && first < this.chars.length && this.chars[first] === old[first]) first++;
    this.redrawFrom(first, cursor, oldEnd);
  }

  /**
   * Rewrite the line from offset `from` to its end, blank what the old line (which ended at
   * `oldEnd`) occupied beyond the new one, and leave the cursor at offset `cursor`.
   */
  redrawFrom(from: number, cursor: number, oldEnd: Place | null): void {
    if (this.hidden()) { this.cursor = cursor; return; }
    const cols = this.#cols();
    const start = this.#before(from);
    // a zero-width first cell must not join the prompt: a cursor move first leaves nothing to join
    const alone = from === 0 && from < this.chars.length && standsAlone(this.chars[0]!);
    let seq = this.#moveSeq(this.#at, start, alone);
    const tail = this.chars.slice(from).join('');
    seq += tail;
    let end = this.#layout(this.chars.length);
    let wrote = tail !== '';
    const newEnd = normal(end, cols);
    if (oldEnd && (oldEnd.row > newEnd.row || (oldEnd.row === newEnd.row && oldEnd.col > newEnd.col))) {
      // blank the old line's cells past the new end (row by row, gaps of early wraps included)
      const n = (oldEnd.row - newEnd.row) * cols + oldEnd.col - newEnd.col;
      seq += ' '.repeat(n);
      wrote = true;
      end = oldEnd.col === 0 ? { row: oldEnd.row - 1, col: cols } : oldEnd;
    }
    // After writing up to a right-margin the terminal holds the cursor in a "pending wrap" state;
    // force the wrap so the cursor really sits on the next row, where `pos` says it is (a blank,
    // back, and erase that one character: ECH, not EL, which would unmark the row as wrapped).
    if (wrote && end.col >= cols) seq += ' \b\x1b[X';
    this.screen.write(seq);
    this.#at = normal(end, cols);
    this.cursor = this.chars.length;
    this.moveTo(cursor);
  }

  /** Row (from the prompt's row) and column of the cell at an input offset on the screen (or the end). */
  pos(offset: number): Place {
    const cols = this.#cols();
    const at = this.#layout(offset);
    const next = this.chars[offset];
    if (next !== undefined && at.col + cellWidth(next) > cols && at.col > 0) return { row: at.row + 1, col: 0 };
    return normal(at, cols);
  }

  moveTo(offset: number): void {
    if (this.hidden()) { this.cursor = offset; return; }
    const to = this.pos(offset);
    const seq = this.#moveSeq(this.#at, to, false);
    if (seq) this.screen.write(seq);
    this.#at = to;
    this.cursor = offset;
  }

  #cols(): number { return Math.max(1, this.screen.cols()); }

  /** Where the cursor is after the cells before `offset` are written (a full row: the next one's start). */
  #before(offset: number): Place {
    return normal(this.#layout(offset), this.#cols());
  }

  /** Where the line ends on the screen. */
  #end(): Place {
    return this.#before(this.chars.length);
  }

  /** The cursor after writing the first `offset` cells from the input's start (col may equal cols). */
  #layout(offset: number): Place {
    const cols = this.#cols();
    const n = Math.min(offset, this.chars.length);
    let row = 0;
    let col = this.#startCol;
    for (let i = 0; i < n; i++) {
      // as `advance` (width.ts), without an object per cell: a pasted line may be 130,000 cells
      const w = cellWidth(this.chars[i]!);
      if (col + w > cols && col > 0) { row += 1; col = 0; }
      col += w;
    }
    return { row, col };
  }

  /** The escape sequence that moves the cursor from `from` to `to` (`force`: even when there). */
  #moveSeq(from: Place, to: Place, force: boolean): string {
    let seq = '';
    if (to.row < from.row) seq += `\x1b[${from.row - to.row}A`;
    if (to.row > from.row) seq += `\x1b[${to.row - from.row}B`;
    if (to.col !== from.col || seq || force) seq += to.col === 0 ? '\r' : `\x1b[${to.col + 1}G`;
    return seq;
  }

  /**
   * Follow the output's effect on the cursor column (plain text + "\n"; escapes ignored), by each
   * cell's display width, as the terminal wraps it.
   */
  #track(text: string): void {
    const cols = this.#cols();
    if (text.includes('\x1b[H')) { this.#outCol = 0; this.#outJoins = false; this.promptText = ''; }
    // a line end resets both: only what follows the last one matters (a 2 MiB hex dump is not
    // walked, nor scanned by a regular expression, nor kept as a would-be prompt; no escape
    // sequence holds a line end, so none is cut here)
    const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    let plain = text;
    if (end >= 0) {
      this.#outCol = 0;
      this.#outJoins = false;
      this.promptText = '';
      plain = text.slice(end + 1);
    }
    // an escape sequence leaves nothing for a zero-width code point to join (a NUL stands for it)
    if (plain.includes('\x1b')) plain = plain.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '\0');
    for (const ch of plain) {
      const cp = ch.codePointAt(0)!;
      if (ch === '\b') { this.#outCol = Math.max(0, Math.min(this.#outCol, cols - 1) - 1); this.#outJoins = false; continue; }
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) { this.#outJoins = false; continue; }
      this.promptText += ch;
      const w = codePointWidth(cp);
      if (w === 0 && this.#outJoins) continue; // joins the cell before
      const at = advance({ row: 0, col: this.#outCol }, w === 0 ? 1 : w, cols);
      this.#outCol = at.col;
      this.#outJoins = w > 0;
    }
  }
}

/** A position with a full row (col = cols) taken as the start of the next row. */
function normal(at: Place, cols: number): Place {
  return at.col >= cols ? { row: at.row + 1, col: 0 } : at;
}
