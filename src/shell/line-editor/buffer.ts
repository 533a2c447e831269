/**
 * The line being edited, its cursor, and how both are drawn on the screen.
 *
 * Screen model: the input starts at column `startCol` (where the engine's prompt left the cursor)
 * and may wrap over several rows; every cursor move is computed as rows up/down plus an absolute
 * column, so editing keeps working on wrapped lines. While the input is hidden (a password read)
 * the buffer still edits but writes nothing.
 */

/** What the editor needs from the screen. */
export interface Screen {
  write(text: string): void;
  /** Current width in columns. */
  cols(): number;
}

export class LineBuffer {
  /** Input line as an array of UTF-16 code units rendered one column each. */
  chars: string[] = [];
  cursor = 0;
  /** Text written after the last line end: the prompt in front of the input. */
  promptText = '';
  /** Column where the current input starts (tracked from everything written to the screen). */
  #startCol = 0;
  /** Column of the screen cursor as last left by written output (for `startCol`). */
  #outCol = 0;

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

  /** Write output (the engine's, or a prompt) and note where it leaves the cursor. */
  output(text: string): void {
    this.screen.write(text);
    this.#track(text);
    this.#startCol = this.#outCol;
    this.onOutput(text);
  }

  /** The screen was cleared (cursor back at the top-left). */
  noteClear(): void {
    this.#outCol = 0;
    this.#startCol = 0;
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
    const prompt = this.promptText;
    this.output(before + prompt);
    this.promptText = prompt;
    this.cursor = 0;
    this.redrawFrom(0, at, 0);
  }

  insert(chars: string[]): void {
    const at = this.cursor;
    // concat, not splice(at, 0, ...chars): a spread puts every pasted character on the stack, and
    // a paste of ~130,000 overflows it (issue 11, finding 8)
    this.chars = this.chars.slice(0, at).concat(chars, this.chars.slice(at));
    this.redrawFrom(at, at + chars.length, 0);
  }

  /** Replace the whole line (history recall); the cursor ends at its end. */
  replace(chars: string[]): void {
    const old = this.chars.length;
    this.chars = chars;
    this.redrawFrom(0, chars.length, Math.max(0, old - chars.length));
  }

  /** Replace offsets [from, cursor) by `text` and leave the cursor after it (a completion). */
  splice(from: number, text: string): void {
    const tail = this.chars.slice(this.cursor);
    const oldLen = this.chars.length;
    this.chars = this.chars.slice(0, from).concat(Array.from(text), tail);
    this.redrawFrom(from, from + text.length, Math.max(0, oldLen - this.chars.length));
  }

  backspace(): void {
    if (this.cursor > 0) { this.chars.splice(this.cursor - 1, 1); this.redrawFrom(this.cursor - 1, this.cursor - 1, 1); }
  }

  deleteForward(): void {
    if (this.cursor < this.chars.length) { this.chars.splice(this.cursor, 1); this.redrawFrom(this.cursor, this.cursor, 1); }
  }

  left(): void { if (this.cursor > 0) this.moveTo(this.cursor - 1); }
  right(): void { if (this.cursor < this.chars.length) this.moveTo(this.cursor + 1); }
  home(): void { this.moveTo(0); }
  end(): void { this.moveTo(this.chars.length); }

  /** Ctrl-U: delete from the start of the line to the cursor. */
  killLine(): void {
    const at = this.cursor;
    this.chars.splice(0, at);
    this.redrawFrom(0, 0, at);
  }

  /** Ctrl-K: delete from the cursor to the end of the line. */
  killEnd(): void {
    const gone = this.chars.length - this.cursor;
    this.chars.splice(this.cursor);
    this.redrawFrom(this.cursor, this.cursor, gone);
  }

  /** Ctrl-W: delete the blank-separated word before the cursor. */
  killWord(): void {
    let from = this.cursor;
    while (from > 0 && this.chars[from - 1] === ' ') from--;
    while (from > 0 && this.chars[from - 1] !== ' ') from--;
    const gone = this.cursor - from;
    this.chars.splice(from, gone);
    this.redrawFrom(from, from, gone);
  }

  /**
   * Rewrite the line from offset `from` to its end, blank `erase` trailing cells that the old,
   * longer text occupied, and leave the cursor at offset `cursor`.
   */
  redrawFrom(from: number, cursor: number, erase: number): void {
    if (this.hidden()) { this.cursor = cursor; return; }
    this.moveTo(from);
    const tail = this.chars.slice(from).join('') + ' '.repeat(erase);
    let seq = tail;
    const endOffset = this.chars.length + erase;
    // After writing up to a right-margin the terminal holds the cursor in a "pending wrap" state;
    // force the wrap so the cursor really sits on the next row, where `pos` says it is.
    if (tail.length > 0 && this.pos(endOffset).col === 0) seq += ' \b\x1b[K';
    this.screen.write(seq);
    this.cursor = endOffset;
    this.moveTo(cursor);
  }

  /** Row (from the prompt's row) and column of an input offset on the screen. */
  pos(offset: number): { row: number; col: number } {
    const cols = Math.max(1, this.screen.cols());
    const abs = this.#startCol + offset;
    return { row: Math.floor(abs / cols), col: abs % cols };
  }

  moveTo(offset: number): void {
    if (this.hidden()) { this.cursor = offset; return; }
    const from = this.pos(this.cursor);
    const to = this.pos(offset);
    let seq = '';
    if (to.row < from.row) seq += `\x1b[${from.row - to.row}A`;
    if (to.row > from.row) seq += `\x1b[${to.row - from.row}B`;
    if (to.col !== from.col || seq) seq += to.col === 0 ? '\r' : `\x1b[${to.col + 1}G`;
    if (seq) this.screen.write(seq);
    this.cursor = offset;
  }

  /** Follow the output's effect on the cursor column (plain text + "\n"; escapes ignored). */
  #track(text: string): void {
    const cols = Math.max(1, this.screen.cols());
    if (/\x1b\[H/.test(text)) { this.#outCol = 0; this.promptText = ''; }
    let plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    // a line end resets both: only what follows the last one matters (a 2 MiB hex dump is not
    // walked character by character, nor kept as a would-be prompt)
    const end = Math.max(plain.lastIndexOf('\n'), plain.lastIndexOf('\r'));
    if (end >= 0) {
      this.#outCol = 0;
      this.promptText = '';
      plain = plain.slice(end + 1);
    }
    for (const ch of plain) {
      if (ch === '\n' || ch === '\r') { this.#outCol = 0; this.promptText = ''; }
      else if (ch === '\b') this.#outCol = Math.max(0, this.#outCol - 1);
      else if (ch >= ' ') { this.#outCol = (this.#outCol + 1) % cols; this.promptText += ch; }
    }
  }
}
