/**
 * Command history (↑/↓) and its reverse incremental search (Ctrl-R).
 *
 * The history holds submitted, non-blank, non-hidden lines, oldest first, without a line
 * repeated right after itself, at most `HISTORY_LIMIT` of them. ↑/↓ walk it; the line being
 * typed before the first ↑ (the draft) comes back after the last ↓.
 */
import { withoutControls } from './keys';
import type { Screen } from './buffer';
import { advance, cellWidth, cells, type Place } from './width';

export const HISTORY_LIMIT = 500;

export class History {
  entries: string[] = [];
  /** Which entry ↑/↓ show; `entries.length` is the draft. */
  index = 0;
  #draft = '';

  /** Put the persisted history in front of what was typed meanwhile. */
  load(saved: readonly string[]): void {
    this.entries = [...saved, ...this.entries].slice(-HISTORY_LIMIT);
    this.index = this.entries.length;
  }

  /** A line was submitted; true when it was added (and so should be persisted). */
  add(line: string): boolean {
    let added = false;
    if (line.trim() !== '') {
      if (this.entries[this.entries.length - 1] !== line) {
        this.entries.push(line);
        added = true;
      }
      if (this.entries.length > HISTORY_LIMIT) this.entries.shift();
    }
    return added;
  }

  /** Back at the draft position, with an empty draft (after a submit). */
  rewind(): void {
    this.index = this.entries.length;
    this.#draft = '';
  }

  /** Back at the draft position, keeping the draft (after Ctrl-C, the end of a search). */
  toEnd(): void {
    this.index = this.entries.length;
  }

  /** ↑ (step -1) or ↓ (+1) from a line reading `current`: the line to show, or null at either end. */
  recall(step: number, current: string): string | null {
    const next = this.index + step;
    if (next < 0 || next > this.entries.length) return null;
    if (this.index === this.entries.length) this.#draft = current;
    this.index = next;
    return next === this.entries.length ? this.#draft : this.entries[next]!;
  }

  /** The newest entry at or before `from` that contains `query`; -1 for none or an empty query. */
  findMatch(query: string, from: number): number {
    if (query === '') return -1;
    for (let i = Math.min(from, this.entries.length - 1); i >= 0; i--) if (this.entries[i]!.includes(query)) return i;
    return -1;
  }
}

/**
 * One Ctrl-R search: typed text narrows it, Backspace widens it, Ctrl-R again finds the next
 * older match. The search line is drawn in place of the prompt and the input.
 */
export class ReverseSearch {
  query = '';
  /** The entry shown; `history.entries.length` before anything matched. */
  index: number;
  /** Rows the search line wraps below its first one. */
  rows = 0;

  /**
   * `original` is the line being edited when Ctrl-R was pressed; `cursorRow` the row of the
   * input's cursor below the prompt's row (where the screen cursor is while nothing is drawn).
   */
  constructor(
    private readonly history: History,
    private readonly screen: Screen,
    readonly original: string,
    private readonly cursorRow: () => number,
  ) {
    this.index = history.entries.length;
    this.#render(undefined);
  }

  get #current(): string | undefined {
    return this.index < this.history.entries.length ? this.history.entries[this.index] : undefined;
  }

  /** Typed text extends the query. */
  type(text: string): void {
    const h = this.history;
    const current = this.#current;
    this.query += text;
    const i = h.findMatch(this.query, this.index < h.entries.length ? this.index : h.entries.length - 1);
    if (i >= 0) this.index = i;
    this.#render(i >= 0 ? h.entries[i] : current);
  }

  /** Backspace shortens the query and searches again from the newest entry. */
  erase(): void {
    const h = this.history;
    this.query = this.query.slice(0, -1);
    const i = h.findMatch(this.query, h.entries.length - 1);
    this.#render(i >= 0 ? h.entries[i] : undefined);
    this.index = Math.max(0, i);
  }

  /** Ctrl-R again: the next older match. */
  again(): void {
    const i = this.history.findMatch(this.query, this.index - 1);
    if (i >= 0) this.index = i;
    this.#render(this.history.entries[this.index]);
  }

  /** The line a key other than the search keys accepts: the match, else the original line. */
  get found(): string {
    const current = this.#current;
    return this.query !== '' && current !== undefined && current.includes(this.query) ? current : this.original;
  }

  /** Erase the search line; the screen cursor is then at column 0 of its first row. */
  wipe(): void {
    this.screen.write((this.rows > 0 ? `\x1b[${this.rows}A` : '') + '\r\x1b[J');
  }

  #render(match: string | undefined): void {
    const cols = Math.max(1, this.screen.cols());
    let seq = '';
    if (this.rows > 0) seq += `\x1b[${this.rows}A`;
    else {
      // from wherever the cursor is in the edited line, up to its first row
      const row = this.cursorRow();
      if (row > 0) seq += `\x1b[${row}A`;
    }
    const text = `(reverse-i-search)\`${this.query}': ${withoutControls(match ?? '')}`;
    seq += '\r\x1b[J' + text;
    // the row the text's last cell is on, by display width (a wide character wraps early)
    let at: Place = { row: 0, col: 0 };
    for (const cell of cells(text)) at = advance(at, cellWidth(cell), cols);
    this.rows = at.row;
    this.screen.write(seq);
  }
}
