/**
 * Line editing for the terminal view, kept free of xterm and the DOM so its logic is plain TS.
 *
 * The editor receives raw terminal input (what xterm's `onData` delivers: typed characters,
 * escape sequences for the arrow keys, pasted text) and turns it into
 *   - echo / cursor-movement sequences written to the screen, and
 *   - complete lines handed to `session.submit(line)`.
 *
 * Every chunk of input goes into one FIFO queue that a single loop drains. While a submit is
 * pending the loop waits, so keys typed meanwhile (or the rest of a multi-line paste) are kept and
 * replayed in order once the engine has written its next prompt: never lost, never interleaved
 * with the command's output.
 *
 * Screen model: the input starts at column `startCol` (where the engine's prompt left the cursor)
 * and may wrap over several rows; every cursor move is computed as rows up/down plus an absolute
 * column, so editing keeps working on wrapped lines.
 */
import type { ConsoleSession } from '../shell/session';

/** What the editor needs from the screen. */
export interface Screen {
  write(text: string): void;
  /** Current width in columns. */
  cols(): number;
}

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'enter' }
  | { kind: 'backspace' }
  | { kind: 'delete' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'home' }
  | { kind: 'end' }
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'kill-line' }
  | { kind: 'interrupt' };

const ESC_SEQUENCES: Record<string, Token['kind']> = {
  '\x1b[D': 'left', '\x1bOD': 'left',
  '\x1b[C': 'right', '\x1bOC': 'right',
  '\x1b[A': 'up', '\x1bOA': 'up',
  '\x1b[B': 'down', '\x1bOB': 'down',
  '\x1b[H': 'home', '\x1bOH': 'home', '\x1b[1~': 'home', '\x1b[7~': 'home',
  '\x1b[F': 'end', '\x1bOF': 'end', '\x1b[4~': 'end', '\x1b[8~': 'end',
  '\x1b[3~': 'delete',
};

/** Split raw terminal input into editing tokens. A "\r\n" pair counts as one Enter. */
export function tokenize(data: string): Token[] {
  const out: Token[] = [];
  let text = '';
  const flush = () => { if (text) { out.push({ kind: 'text', text }); text = ''; } };
  for (let i = 0; i < data.length; ) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      flush();
      const m = /^\x1b(?:\[[0-9;?]*[~A-Za-z]|O[A-Za-z])?/.exec(data.slice(i))!;
      const kind = ESC_SEQUENCES[m[0]];
      if (kind) out.push({ kind } as Token);
      i += m[0].length; // unknown sequences (and a lone ESC) are dropped
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      flush();
      out.push({ kind: 'enter' });
      i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    const code = ch.charCodeAt(0);
    if (code === 0x7f || code === 0x08) { flush(); out.push({ kind: 'backspace' }); }
    else if (code === 0x01) { flush(); out.push({ kind: 'home' }); }
    else if (code === 0x05) { flush(); out.push({ kind: 'end' }); }
    else if (code === 0x02) { flush(); out.push({ kind: 'left' }); }
    else if (code === 0x06) { flush(); out.push({ kind: 'right' }); }
    else if (code === 0x15) { flush(); out.push({ kind: 'kill-line' }); }
    else if (code === 0x03) { flush(); out.push({ kind: 'interrupt' }); }
    else if (ch === '\t') text += ' ';
    else if (code >= 0x20) text += ch;
    i += 1;
  }
  flush();
  return out;
}

const HISTORY_LIMIT = 500;

export class LineEditor {
  /** Input line as an array of UTF-16 code units rendered one column each. */
  #line: string[] = [];
  #cursor = 0;
  /** Column where the current input starts (tracked from everything written to the screen). */
  #startCol = 0;
  /** Column of the screen cursor as last left by written output (for `startCol`). */
  #outCol = 0;
  #queue: Token[] = [];
  #draining = false;
  #started: Promise<ConsoleSession>;
  #session: ConsoleSession | undefined;
  #history: string[] = [];
  #historyIndex = 0;
  #draft = '';
  #idle: Array<() => void> = [];

  /**
   * `started` resolves with the session once its `start()` has finished (welcome text and first
   * prompt written); input that arrives earlier waits in the queue.
   */
  constructor(private readonly screen: Screen, started: Promise<ConsoleSession>) {
    this.#started = started;
  }

  /** Route engine output through here so the editor knows where the prompt ends. */
  writeOutput(text: string): void {
    this.screen.write(text);
    this.#track(text);
    this.#startCol = this.#outCol;
  }

  /** The screen was cleared (cursor back at the top-left). */
  noteClear(): void {
    this.#outCol = 0;
    this.#startCol = 0;
  }

  /** Feed raw terminal input (keys or paste). */
  feed(data: string): void {
    this.#queue.push(...tokenize(data));
    void this.#drain();
  }

  /** Resolves once every queued key has been handled (for tests of this module). */
  whenIdle(): Promise<void> {
    if (!this.#draining && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  get line(): string { return this.#line.join(''); }
  get cursor(): number { return this.#cursor; }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      let session = this.#session;
      if (!session) {
        try {
          session = this.#session = await this.#started;
        } catch {
          this.#queue = []; // the engine failed to start (the view reports why); nothing can run input
          return;
        }
      }
      for (let t = this.#queue.shift(); t; t = this.#queue.shift()) {
        if (t.kind === 'enter') await this.#submit(session);
        else this.#edit(session, t);
      }
    } finally {
      this.#draining = false;
      const waiters = this.#idle.splice(0);
      for (const w of waiters) w();
    }
  }

  get #hidden(): boolean { return this.#session?.inputMode === 'hidden'; }

  async #submit(session: ConsoleSession): Promise<void> {
    const line = this.line;
    const hidden = this.#hidden;
    this.#moveTo(this.#line.length);
    this.#line = [];
    this.#cursor = 0;
    this.writeOutput('\n');
    if (!hidden && line.trim() !== '') {
      if (this.#history[this.#history.length - 1] !== line) this.#history.push(line);
      if (this.#history.length > HISTORY_LIMIT) this.#history.shift();
    }
    this.#historyIndex = this.#history.length;
    this.#draft = '';
    try {
      await session.submit(line);
    } catch (err) {
      // The engine should never throw; if it does, say so and give the learner a prompt back.
      this.writeOutput(`internal error: ${err instanceof Error ? err.message : String(err)}\n${session.prompt}`);
    }
  }

  #edit(session: ConsoleSession, t: Exclude<Token, { kind: 'enter' }>): void {
    const len = this.#line.length;
    switch (t.kind) {
      case 'text': this.#insert(Array.from(t.text)); break;
      case 'backspace':
        if (this.#cursor > 0) { this.#line.splice(this.#cursor - 1, 1); this.#redrawFrom(this.#cursor - 1, this.#cursor - 1, 1); }
        break;
      case 'delete':
        if (this.#cursor < len) { this.#line.splice(this.#cursor, 1); this.#redrawFrom(this.#cursor, this.#cursor, 1); }
        break;
      case 'left': if (this.#cursor > 0) this.#moveTo(this.#cursor - 1); break;
      case 'right': if (this.#cursor < len) this.#moveTo(this.#cursor + 1); break;
      case 'home': this.#moveTo(0); break;
      case 'end': this.#moveTo(len); break;
      case 'kill-line': this.#replace([]); break;
      case 'up': this.#recall(-1); break;
      case 'down': this.#recall(+1); break;
      case 'interrupt':
        this.#moveTo(len);
        this.#line = [];
        this.#cursor = 0;
        this.writeOutput(`^C\n${session.prompt}`);
        this.#historyIndex = this.#history.length;
        break;
    }
  }

  #recall(step: number): void {
    if (this.#hidden) return;
    const next = this.#historyIndex + step;
    if (next < 0 || next > this.#history.length) return;
    if (this.#historyIndex === this.#history.length) this.#draft = this.line;
    this.#historyIndex = next;
    this.#replace(Array.from(next === this.#history.length ? this.#draft : this.#history[next]!));
  }

  #insert(chars: string[]): void {
    const at = this.#cursor;
    this.#line.splice(at, 0, ...chars);
    this.#redrawFrom(at, at + chars.length, 0);
  }

  #replace(chars: string[]): void {
    const old = this.#line.length;
    this.#line = chars;
    this.#redrawFrom(0, chars.length, Math.max(0, old - chars.length));
  }

  /**
   * Rewrite the line from offset `from` to its end, blank `erase` trailing cells that the old,
   * longer text occupied, and leave the cursor at offset `cursor`.
   */
  #redrawFrom(from: number, cursor: number, erase: number): void {
    if (this.#hidden) { this.#cursor = cursor; return; }
    this.#moveTo(from);
    const tail = this.#line.slice(from).join('') + ' '.repeat(erase);
    let seq = tail;
    const endOffset = this.#line.length + erase;
    // After writing up to a right-margin the terminal holds the cursor in a "pending wrap" state;
    // force the wrap so the cursor really sits on the next row, where #pos says it is.
    if (tail.length > 0 && this.#pos(endOffset).col === 0) seq += ' \b\x1b[K';
    this.screen.write(seq);
    this.#cursor = endOffset;
    this.#moveTo(cursor);
  }

  #pos(offset: number): { row: number; col: number } {
    const cols = Math.max(1, this.screen.cols());
    const abs = this.#startCol + offset;
    return { row: Math.floor(abs / cols), col: abs % cols };
  }

  #moveTo(offset: number): void {
    if (this.#hidden) { this.#cursor = offset; return; }
    const from = this.#pos(this.#cursor);
    const to = this.#pos(offset);
    let seq = '';
    if (to.row < from.row) seq += `\x1b[${from.row - to.row}A`;
    if (to.row > from.row) seq += `\x1b[${to.row - from.row}B`;
    if (to.col !== from.col || seq) seq += to.col === 0 ? '\r' : `\x1b[${to.col + 1}G`;
    if (seq) this.screen.write(seq);
    this.#cursor = offset;
  }

  /** Follow the output's effect on the cursor column (plain text + "\n"; escapes ignored). */
  #track(text: string): void {
    const cols = Math.max(1, this.screen.cols());
    const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    for (const ch of plain) {
      if (ch === '\n' || ch === '\r') this.#outCol = 0;
      else if (ch === '\b') this.#outCol = Math.max(0, this.#outCol - 1);
      else if (ch >= ' ') this.#outCol = (this.#outCol + 1) % cols;
    }
    if (/\x1b\[H/.test(text)) this.#outCol = 0;
  }
}
