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
  | { kind: 'kill-end' }
  | { kind: 'kill-word' }
  | { kind: 'clear-screen' }
  | { kind: 'tab' }
  | { kind: 'search' }
  | { kind: 'cancel' }
  | { kind: 'escape' }
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

/**
 * Split raw terminal input into editing tokens. A "\r\n" pair counts as one Enter. A Tab on its
 * own is the completion key; a Tab inside pasted text is a blank.
 */
export function tokenize(data: string): Token[] {
  if (data === '\t') return [{ kind: 'tab' }];
  if (data === '\x1b') return [{ kind: 'escape' }];
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
    else if (code === 0x0b) { flush(); out.push({ kind: 'kill-end' }); }
    else if (code === 0x17) { flush(); out.push({ kind: 'kill-word' }); }
    else if (code === 0x0c) { flush(); out.push({ kind: 'clear-screen' }); }
    else if (code === 0x12) { flush(); out.push({ kind: 'search' }); }
    else if (code === 0x07) { flush(); out.push({ kind: 'cancel' }); }
    else if (code === 0x03) { flush(); out.push({ kind: 'interrupt' }); }
    else if (ch === '\t') text += ' ';
    else if (code >= 0x20) text += ch;
    i += 1;
  }
  flush();
  return out;
}

const HISTORY_LIMIT = 500;

/** Longest common prefix of the candidates (what one Tab inserts when several match). */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** What the page learns from the editor (all optional). */
export interface EditorHooks {
  /** A line ran; `output` is what the engine printed for it, without the next prompt. */
  onCommand?(line: string, output: string, hidden: boolean): void;
  /** A submitted command is still running after a short while (true), or has finished (false). */
  onBusy?(line: string | null): void;
}

/** Split candidates into rows of columns for the screen (like bash's completion listing). */
export function columns(words: readonly string[], width: number): string[] {
  const w = Math.max(...words.map((x) => x.length)) + 2;
  const per = Math.max(1, Math.floor(width / w));
  const rows: string[] = [];
  const n = Math.ceil(words.length / per);
  for (let r = 0; r < n; r++) {
    let line = '';
    for (let c = 0; c < per; c++) {
      const word = words[c * n + r];
      if (word !== undefined) line += word.padEnd(w);
    }
    rows.push(line.trimEnd());
  }
  return rows;
}

export class LineEditor {
  /** Input line as an array of UTF-16 code units rendered one column each. */
  #line: string[] = [];
  #cursor = 0;
  /** Column where the current input starts (tracked from everything written to the screen). */
  #startCol = 0;
  /** Column of the screen cursor as last left by written output (for `startCol`). */
  #outCol = 0;
  /** Text written after the last line end: the prompt in front of the input. */
  #promptText = '';
  #queue: Token[] = [];
  #draining = false;
  #started: Promise<ConsoleSession>;
  #session: ConsoleSession | undefined;
  #history: string[] = [];
  #historyIndex = 0;
  #draft = '';
  #idle: Array<() => void> = [];
  /** Output captured while a submitted line runs (for the live region). */
  #capture: string | null = null;
  #busy = false;
  /** The previous key was a Tab that could not complete further (a second one lists). */
  #tabbed = false;
  /** Reverse history search (Ctrl-R) state, or null. */
  #search: { query: string; index: number; original: string; rows: number } | null = null;

  /**
   * `started` resolves with the session once its `start()` has finished (welcome text and first
   * prompt written); input that arrives earlier waits in the queue.
   */
  constructor(private readonly screen: Screen, started: Promise<ConsoleSession>, private readonly hooks: EditorHooks = {}) {
    this.#started = started;
  }

  /** Route engine output through here so the editor knows where the prompt ends. */
  writeOutput(text: string): void {
    this.screen.write(text);
    this.#track(text);
    this.#startCol = this.#outCol;
    if (this.#capture !== null) this.#capture += text;
  }

  /** The screen was cleared (cursor back at the top-left). */
  noteClear(): void {
    this.#outCol = 0;
    this.#startCol = 0;
    this.#promptText = '';
  }

  /** Feed raw terminal input (keys or paste). */
  feed(data: string): void {
    const tokens = tokenize(data);
    // Ctrl-C while a command runs (a -timeout wait) is handled at once, not after the command:
    // the engine stops it, changes nothing, and writes the next prompt.
    if (this.#busy && tokens.length === 1 && tokens[0]!.kind === 'interrupt') {
      void this.#started.then((session) => {
        if (session.interrupt?.()) this.screen.write('^C');
      });
      return;
    }
    this.#queue.push(...tokens);
    void this.#drain();
  }

  /** Resolves once every queued key has been handled (for tests of this module). */
  whenIdle(): Promise<void> {
    if (!this.#draining && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  get line(): string { return this.#line.join(''); }
  get cursor(): number { return this.#cursor; }
  get history(): readonly string[] { return this.#history; }

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
        try {
          const saved = (await session.history?.()) ?? [];
          this.#history = [...saved, ...this.#history].slice(-HISTORY_LIMIT);
        } catch {
          // history is a comfort: without it the console still works
        }
        this.#historyIndex = this.#history.length;
      }
      for (let t = this.#queue.shift(); t; t = this.#queue.shift()) {
        if (this.#search) await this.#searchKey(session, t);
        else if (t.kind === 'enter') await this.#submit(session);
        else if (t.kind === 'tab') await this.#complete(session);
        else this.#edit(session, t);
        if (t.kind !== 'tab') this.#tabbed = false;
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
      if (this.#history[this.#history.length - 1] !== line) {
        this.#history.push(line);
        session.remember?.(line).catch(() => {}); // a failed save never blocks the console
      }
      if (this.#history.length > HISTORY_LIMIT) this.#history.shift();
    }
    this.#historyIndex = this.#history.length;
    this.#draft = '';
    this.#capture = '';
    this.#busy = true;
    const slow = setTimeout(() => this.hooks.onBusy?.(hidden ? '(password)' : line), 300);
    try {
      await session.submit(line);
    } catch (err) {
      // The engine should never throw; if it does, say so and give the learner a prompt back.
      this.writeOutput(`internal error: ${err instanceof Error ? err.message : String(err)}\n${session.prompt}`);
    } finally {
      clearTimeout(slow);
      this.#busy = false;
      this.hooks.onBusy?.(null);
    }
    const output = this.#capture;
    this.#capture = null;
    const next = session.inputMode === 'hidden' ? '' : session.prompt;
    const shown = output.endsWith(this.#promptText) ? output.slice(0, output.length - this.#promptText.length) : output;
    this.hooks.onCommand?.(hidden ? '' : line, next === '' ? shown : shown.trimEnd(), hidden);
  }

  #edit(session: ConsoleSession, t: Exclude<Token, { kind: 'enter' | 'tab' }>): void {
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
      case 'kill-line': {
        // Ctrl-U: delete from the start of the line to the cursor
        const at = this.#cursor;
        this.#line.splice(0, at);
        this.#redrawFrom(0, 0, at);
        break;
      }
      case 'kill-end': {
        // Ctrl-K: delete from the cursor to the end of the line
        const gone = len - this.#cursor;
        this.#line.splice(this.#cursor);
        this.#redrawFrom(this.#cursor, this.#cursor, gone);
        break;
      }
      case 'kill-word': {
        // Ctrl-W: delete the blank-separated word before the cursor
        let from = this.#cursor;
        while (from > 0 && this.#line[from - 1] === ' ') from--;
        while (from > 0 && this.#line[from - 1] !== ' ') from--;
        const gone = this.#cursor - from;
        this.#line.splice(from, gone);
        this.#redrawFrom(from, from, gone);
        break;
      }
      case 'up': this.#recall(-1); break;
      case 'down': this.#recall(+1); break;
      case 'clear-screen': {
        // Ctrl-L: clear the screen (not the scrollback), keep the prompt and the line being edited
        const at = this.#cursor;
        this.screen.write('\x1b[H\x1b[2J');
        this.#outCol = 0;
        const prompt = this.#promptText;
        this.writeOutput(prompt);
        this.#promptText = prompt;
        this.#cursor = 0;
        this.#redrawFrom(0, at, 0);
        break;
      }
      case 'search':
        if (this.#hidden) break;
        this.#search = { query: '', index: this.#history.length, original: this.line, rows: 0 };
        this.#renderSearch(undefined);
        break;
      case 'interrupt':
        this.#moveTo(len);
        this.#line = [];
        this.#cursor = 0;
        this.screen.write('^C');
        this.#historyIndex = this.#history.length;
        // A command waiting for a line (a password) is cancelled by the engine, which writes the
        // next prompt; otherwise only the line is dropped.
        if (!session.interrupt?.()) this.writeOutput(`\n${session.prompt}`);
        break;
      case 'cancel':
      case 'escape':
        break;
    }
  }

  async #complete(session: ConsoleSession): Promise<void> {
    if (this.#hidden || !session.complete) return;
    const before = this.#line.slice(0, this.#cursor).join('');
    let result;
    try {
      result = await session.complete(before);
    } catch {
      return;
    }
    const { replaceFrom, candidates } = result;
    if (candidates.length === 0) return;
    const word = before.slice(replaceFrom);
    let insert: string;
    if (candidates.length === 1) {
      const only = candidates[0]!;
      insert = only + (only.endsWith('/') ? '' : ' ');
    } else {
      insert = commonPrefix(candidates);
      if (insert.length <= word.length) {
        if (this.#tabbed) this.#list(candidates);
        this.#tabbed = true;
        return;
      }
    }
    // replace the word before the cursor by the completion (case may change: gens -> genSymKey)
    const at = replaceFrom;
    const tail = this.#line.slice(this.#cursor);
    const oldLen = this.#line.length;
    this.#line = [...this.#line.slice(0, at), ...Array.from(insert), ...tail];
    this.#redrawFrom(at, at + insert.length, Math.max(0, oldLen - this.#line.length));
    this.#tabbed = candidates.length > 1;
  }

  /** Show completion candidates below the line, then the prompt and the line again. */
  #list(candidates: string[]): void {
    const at = this.#cursor;
    this.#moveTo(this.#line.length);
    const prompt = this.#promptText;
    this.writeOutput('\n' + columns(candidates, this.screen.cols()).join('\n') + '\n' + prompt);
    this.#promptText = prompt;
    this.#cursor = 0;
    this.#redrawFrom(0, at, 0);
  }

  #findMatch(query: string, from: number): number {
    if (query === '') return -1;
    for (let i = Math.min(from, this.#history.length - 1); i >= 0; i--) if (this.#history[i]!.includes(query)) return i;
    return -1;
  }

  /** Draw the search line in place of the prompt and input. */
  #renderSearch(match: string | undefined): void {
    const s = this.#search!;
    const cols = Math.max(1, this.screen.cols());
    let seq = '';
    if (s.rows > 0) seq += `\x1b[${s.rows}A`;
    else {
      // first time: from wherever the cursor is in the edited line, up to its first row
      const row = this.#pos(this.#cursor).row;
      if (row > 0) seq += `\x1b[${row}A`;
    }
    const text = `(reverse-i-search)\`${s.query}': ${match ?? ''}`;
    seq += '\r\x1b[J' + text;
    s.rows = Math.floor(Math.max(0, text.length - 1) / cols);
    this.screen.write(seq);
  }

  async #searchKey(session: ConsoleSession, t: Token): Promise<void> {
    const s = this.#search!;
    const current = s.index < this.#history.length ? this.#history[s.index] : undefined;
    switch (t.kind) {
      case 'text': {
        s.query += t.text;
        const i = this.#findMatch(s.query, s.index < this.#history.length ? s.index : this.#history.length - 1);
        if (i >= 0) s.index = i;
        this.#renderSearch(i >= 0 ? this.#history[i] : current);
        return;
      }
      case 'backspace':
        s.query = s.query.slice(0, -1);
        this.#renderSearch(this.#findMatch(s.query, this.#history.length - 1) >= 0 ? this.#history[this.#findMatch(s.query, this.#history.length - 1)] : undefined);
        s.index = Math.max(0, this.#findMatch(s.query, this.#history.length - 1));
        return;
      case 'search': {
        const i = this.#findMatch(s.query, s.index - 1);
        if (i >= 0) s.index = i;
        this.#renderSearch(this.#history[s.index]);
        return;
      }
      case 'cancel':
      case 'interrupt':
        this.#leaveSearch(s.original);
        return;
      default: {
        const found = s.query !== '' && current !== undefined && current.includes(s.query) ? current : s.original;
        this.#leaveSearch(found);
        if (t.kind === 'enter') await this.#submit(session);
        else if (t.kind !== 'escape' && t.kind !== 'tab') this.#edit(session, t);
      }
    }
  }

  /** Put the prompt back with `line` as the input, cursor at its end. */
  #leaveSearch(line: string): void {
    const s = this.#search!;
    this.#search = null;
    this.screen.write((s.rows > 0 ? `\x1b[${s.rows}A` : '') + '\r\x1b[J');
    this.#outCol = 0;
    const prompt = this.#promptText;
    this.writeOutput(prompt);
    this.#promptText = prompt;
    this.#line = Array.from(line);
    this.#cursor = 0;
    this.#redrawFrom(0, this.#line.length, 0);
    this.#historyIndex = this.#history.length;
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
    if (/\x1b\[H/.test(text)) { this.#outCol = 0; this.#promptText = ''; }
    const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    for (const ch of plain) {
      if (ch === '\n' || ch === '\r') { this.#outCol = 0; this.#promptText = ''; }
      else if (ch === '\b') this.#outCol = Math.max(0, this.#outCol - 1);
      else if (ch >= ' ') { this.#outCol = (this.#outCol + 1) % cols; this.#promptText += ch; }
    }
  }
}
