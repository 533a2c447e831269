/**
 * The terminal's line editor, free of xterm and the DOM so its logic is plain TS (and below the
 * UI: the page's src/ui/Terminal.svelte feeds it xterm's input and gives it the screen).
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
 * The parts: keys.ts (the key-binding table and the tokenizer), buffer.ts (the line, its cursor
 * and how they are drawn), history.ts (↑/↓ and Ctrl-R), completion.ts (what a Tab does).
 */
import type { ConsoleSession } from '../session';
import { LineBuffer, type Screen } from './buffer';
import { listing, tabStep } from './completion';
import { History, ReverseSearch } from './history';
import { tokenize, withoutControls, type Action, type Token } from './keys';
import { printableText } from '../../commands/program';
import { cells } from './width';

export type { Screen } from './buffer';
export { columns, commonPrefix, LIST_CAP, listing } from './completion';
export { HISTORY_LIMIT } from './history';
export { cellWidth, cells, codePointWidth, textWidth } from './width';
export { KEY_BINDINGS, tokenize, type Action, type KeyBinding, type Token } from './keys';

/** What the editor uses of a console session. */
export type EditorSession = Pick<ConsoleSession, 'submit' | 'prompt' | 'inputMode' | 'complete' | 'interrupt' | 'eofLine' | 'history' | 'remember' | 'redact'>;

/** What the page learns from the editor (all optional). */
export interface EditorHooks {
  /** A line ran; `output` is what the engine printed for it, without the next prompt. */
  onCommand?(line: string, output: string, hidden: boolean): void;
  /** A submitted command is still running after a short while (true), or has finished (false). */
  onBusy?(line: string | null): void;
  /** A line goes to the session, as the screen shows it: redacted, '' when hidden or not echoed (the transcript). */
  onSubmit?(line: string): void;
}

/** Keys that edit the line (everything but Enter and Tab, which wait on the session). */
type EditAction = Exclude<Action, 'enter' | 'tab'>;

/** The longest a line end after Enter waits for the command's output (see LineEditor #held). */
const HOLD_MS = 50;

/**
 * The longest the editor works through queued input (a big paste: thousands of lines, each run as
 * a command) before it lets the page breathe: paint, take a click, run its timers (issue 11,
 * finding 12). Keys typed one at a time never come near it. 5 ms, not 10: in WebKitGTK a slice and
 * the software paint after it can meet in one gap of the page's timers, and with 10 ms slices the
 * 10,000-line paste's longest gap was 44–87 ms here (103 ms once in CI); with 5 ms slices 35–48 ms
 * (e2e/responsive.e2e.ts, 4 runs each, quiet machine). The paste takes longer: about 4.3 s instead
 * of 3.3 s in WebKitGTK (each yield is a timer, clamped to 4 ms once nested), 5.0 instead of 4.6 s in Chromium.
 */
export const SLICE_MS = 5;

/**
 * While the editor works through a big paste (past its first slice), what it and the commands draw
 * reaches the terminal at most this often, in one write, instead of line by line: the terminal
 * then paints a few times a second, not on every display frame. A paint is the costly part of a
 * paste where the page is painted in software (WebKitGTK on a machine without a GPU composites
 * every frame through software OpenGL, on the cores the page's main thread needs; issue 11,
 * finding 12). The bytes and their order are unchanged; typed keys and small pastes never wait.
 */
export const PAINT_MS = 100;

/**
 * What a paste drew in PAINT_MS reaches the terminal in writes of about this many characters, cut
 * at line ends: the terminal parses each write whole but yields between writes, so a batch never
 * becomes one long task.
 */
const BATCH_PIECE = 4096;

/** How the editor paces itself (tests give a clock of their own). */
export interface EditorPacing {
  /** Milliseconds of work before a yield to the event loop (default SLICE_MS). */
  sliceMs?: number;
  /** During a long run of queued input, how often the screen gets what was drawn (default PAINT_MS). */
  paintMs?: number;
  /** The clock (default performance.now). */
  now?: () => number;
}

/** Let the event loop run other tasks (a timer task: every engine runs it after what is queued). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class LineEditor {
  #buffer: LineBuffer;
  #history = new History();
  #queue: Token[] = [];
  #draining = false;
  #started: Promise<EditorSession>;
  #session: EditorSession | undefined;
  #idle: Array<() => void> = [];
  /** Output captured while a submitted line runs (for the live region). */
  #capture: string | null = null;
  #busy = false;
  /** The previous key was a Tab that could not complete further (a second one lists). */
  #tabbed = false;
  /** Reverse history search (Ctrl-R), or null. */
  #search: ReverseSearch | null = null;

  /** What each editing key does. */
  readonly #keys: Record<EditAction, (session: EditorSession) => void> = {
    backspace: () => this.#buffer.backspace(),
    delete: () => this.#buffer.deleteForward(),
    left: () => this.#buffer.left(),
    right: () => this.#buffer.right(),
    home: () => this.#buffer.home(),
    end: () => this.#buffer.end(),
    'kill-line': () => this.#buffer.killLine(),
    'kill-end': () => this.#buffer.killEnd(),
    'kill-word': () => this.#buffer.killWord(),
    up: () => this.#recall(-1),
    down: () => this.#recall(+1),
    'clear-screen': () => {
      // Ctrl-L: clear the screen (not the scrollback), keep the prompt and the line being edited
      const at = this.#buffer.cursor;
      this.screen.write('\x1b[H\x1b[2J');
      this.#buffer.reprompt(at);
    },
    search: () => {
      if (this.#hidden) return;
      const b = this.#buffer;
      this.#search = new ReverseSearch(this.#history, this.screen, b.text, () => b.row);
    },
    interrupt: (session) => {
      this.#buffer.drop();
      this.screen.write('^C');
      this.#history.toEnd();
      // A command waiting for a line (a password) is cancelled by the engine, which writes the
      // next prompt; otherwise only the line is dropped.
      if (!session.interrupt?.()) this.writeOutput(`\n${session.prompt}`);
    },
    cancel: () => {},
    escape: () => {},
    // (Ctrl-D leaving a reverse search edits the found line: it deletes; the prompt's Ctrl-D is #endOfInput)
    eof: () => this.#buffer.deleteForward(),
  };

  /**
   * `started` resolves with the session once its `start()` has finished (welcome text and first
   * prompt written); input that arrives earlier waits in the queue.
   */
  constructor(screen: Screen, started: Promise<EditorSession>, private readonly hooks: EditorHooks = {}, pacing: EditorPacing = {}) {
    this.#screen = screen;
    this.#sliceMs = pacing.sliceMs ?? SLICE_MS;
    this.#paintMs = pacing.paintMs ?? PAINT_MS;
    this.#now = pacing.now ?? (() => performance.now());
    this.screen = { write: (text) => this.#write(text), cols: () => screen.cols() };
    this.#started = started;
    this.#buffer = new LineBuffer(this.screen, () => this.#hidden, (text) => {
      if (this.#capture !== null) this.#capture += text;
    });
  }

  readonly #sliceMs: number;
  readonly #paintMs: number;
  readonly #now: () => number;

  /** The terminal itself; everything the editor draws goes through `screen`, which can hold text back. */
  readonly #screen: Screen;
  private readonly screen: Screen;
  /**
   * Text held back since Enter (the line end after the typed line), written in one piece with the
   * engine's first output, or at the latest when the command ends or after HOLD_MS. The terminal
   * parses the first write after a key at once, but queues any later one behind its next frame: so
   * the line end, the command's output and the next prompt, written together, paint in one frame.
   */
  #held: string | null = null;
  #heldTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * What was drawn while the editor works through a long run of queued input (a big paste), for
   * the screen every PAINT_MS (null: draw at once). Behind #held: held text joins it when released.
   */
  #batch: string | null = null;
  #batchTimer: ReturnType<typeof setTimeout> | undefined;

  #write(text: string): void {
    if (this.#held !== null) this.#held += text;
    else this.#toScreen(text);
  }

  #toScreen(text: string): void {
    if (this.#batch === null) this.#screen.write(text);
    else this.#batch += text;
  }

  /** From now until #endBatch, the screen gets what is drawn every PAINT_MS (also while a command waits). */
  #startBatch(): void {
    if (this.#batch !== null) return;
    this.#batch = '';
    const tick = (): void => {
      this.#flushBatch();
      this.#batchTimer = setTimeout(tick, this.#paintMs);
    };
    this.#batchTimer = setTimeout(tick, this.#paintMs);
  }

  #flushBatch(): void {
    if (!this.#batch) return;
    const text = this.#batch;
    this.#batch = '';
    for (let from = 0; from < text.length;) {
      const end = from + BATCH_PIECE >= text.length ? text.length : text.indexOf('\n', from + BATCH_PIECE) + 1 || text.length;
      this.#screen.write(text.slice(from, end));
      from = end;
    }
  }

  #endBatch(): void {
    if (this.#batch === null) return;
    clearTimeout(this.#batchTimer);
    this.#flushBatch();
    this.#batch = null;
  }

  /** Hold screen writes until the next output (see #held). */
  #hold(): void {
    if (this.#held !== null) return;
    this.#held = '';
    this.#heldTimer = setTimeout(() => this.#release(), HOLD_MS);
  }

  /** Write whatever is held back (before anything else draws on the terminal, e.g. a clear). */
  flush(): void {
    this.#release();
    this.#flushBatch();
  }

  /** Let the text held since Enter go on (to the screen, or into the batch of a long paste). */
  #release(): void {
    if (this.#held === null) return;
    const text = this.#held;
    this.#held = null;
    clearTimeout(this.#heldTimer);
    if (text !== '') this.#toScreen(text);
  }

  /**
   * A line from the engine while it waits for input (Output.above): written on a line of its own
   * after the line being edited, then the prompt and that line again with the cursor where it was
   * (as a completion listing is). While a line runs it is output like any other. Returns what
   * reached the screen besides the redrawn input (the transcript records that).
   */
  interject(text: string): string {
    if (this.#busy) {
      this.writeOutput(text);
      return text;
    }
    const b = this.#buffer;
    const at = b.cursor;
    const prompt = b.promptText;
    b.moveTo(b.chars.length);
    b.reprompt(at, '\n' + text);
    this.#release();
    return '\n' + text + prompt;
  }

  /** Route engine output through here so the editor knows where the prompt ends. */
  writeOutput(text: string): void {
    this.#buffer.output(text);
    this.#release();
  }

  /** The screen was cleared (cursor back at the top-left). */
  noteClear(): void {
    this.#buffer.noteClear();
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
    for (const t of tokens) this.#queue.push(t); // no push(...tokens): a paste may be more keys than the stack holds
    void this.#drain();
  }

  /** Resolves once every queued key has been handled (for tests of this module). */
  whenIdle(): Promise<void> {
    if (!this.#draining && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  get line(): string { return this.#buffer.text; }
  get cursor(): number { return this.#buffer.cursor; }
  get history(): readonly string[] { return this.#history.entries; }

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
          this.#history.load((await session.history?.()) ?? []);
        } catch {
          // history is a comfort: without it the console still works
          this.#history.toEnd();
        }
      }
      let sliceStart = this.#now();
      for (let t = this.#queue.shift(); t; t = this.#queue.shift()) {
        if (this.#search) await this.#searchKey(session, t);
        else if (t.kind === 'enter') await this.#submit(session);
        else if (t.kind === 'eof') await this.#endOfInput(session);
        else if (t.kind === 'tab') await this.#complete(session);
        else this.#edit(session, t);
        if (t.kind !== 'tab') this.#tabbed = false;
        // a command's promise may settle without leaving the task (the store answers from its
        // cache): without a break, a pasted block would run as one long task
        if (this.#queue.length > 0 && this.#now() - sliceStart >= this.#sliceMs) {
          this.#startBatch(); // (more than a slice of queued input: a big paste)
          await nextTask();
          sliceStart = this.#now();
        }
      }
    } finally {
      this.#endBatch();
      this.#draining = false;
      const waiters = this.#idle.splice(0);
      for (const w of waiters) w();
    }
  }

  get #hidden(): boolean { return this.#session?.inputMode === 'hidden'; }

  /** Ctrl-D: delete under the cursor; at an empty line, run the program's end-of-input line unechoed. */
  async #endOfInput(session: EditorSession): Promise<void> {
    if (this.#buffer.chars.length > 0) {
      this.#buffer.deleteForward();
      return;
    }
    const line = this.#hidden ? null : session.eofLine?.() ?? null;
    if (line !== null) await this.#submit(session, line);
  }

  async #submit(session: EditorSession, eof?: string): Promise<void> {
    const line = eof ?? this.line;
    const hidden = this.#hidden;
    this.#hold();
    this.#buffer.drop();
    this.#buffer.output('\n');
    // the history keeps the line with its secrets redacted (the one rule), in memory as in the store,
    // and the page (its status line, what a screen reader hears) is told that line, never the typed one
    const shown = hidden ? '' : session.redact?.(line) ?? line;
    if (!hidden && eof === undefined && this.#history.add(shown)) session.remember?.(line).catch(() => {}); // a failed save never blocks the console
    this.#history.rewind();
    this.hooks.onSubmit?.(eof === undefined ? shown : '');
    this.#capture = '';
    this.#busy = true;
    const slow = setTimeout(() => this.hooks.onBusy?.(hidden ? '(password)' : shown), 300);
    try {
      await session.submit(line);
    } catch (err) {
      // The engine should never throw; if it does, say so and give the learner a prompt back.
      this.writeOutput(`internal error: ${err instanceof Error ? err.message : String(err)}\n${session.prompt}`);
    } finally {
      this.#release();
      clearTimeout(slow);
      this.#busy = false;
      this.hooks.onBusy?.(null);
    }
    const output = this.#capture;
    this.#capture = null;
    const next = session.inputMode === 'hidden' ? '' : session.prompt;
    const prompt = this.#buffer.promptText;
    const printed = output.endsWith(prompt) ? output.slice(0, output.length - prompt.length) : output;
    this.hooks.onCommand?.(shown, next === '' ? printed : printed.trimEnd(), hidden);
  }

  #edit(session: EditorSession, t: Exclude<Token, { kind: 'enter' | 'tab' }>): void {
    if (t.kind === 'text') this.#buffer.insert(t.text);
    else this.#keys[t.kind](session);
  }

  async #complete(session: EditorSession): Promise<void> {
    if (this.#hidden || !session.complete) return;
    const b = this.#buffer;
    const before = b.chars.slice(0, b.cursor).join('');
    let result;
    try {
      result = await session.complete(before);
    } catch {
      return;
    }
    const step = tabStep(before, result, this.#tabbed);
    if (step.kind === 'none') return;
    if (step.kind === 'ambiguous') {
      // show the candidates below the line, then the prompt and the line again
      if (step.list) {
        const at = b.cursor;
        b.moveTo(b.chars.length);
        // a stored name is shown as `cat` shows it: its control characters never reach the terminal
        b.reprompt(at, '\n' + listing(step.candidates, this.screen.cols(), printableText).join('\n') + '\n');
      }
      this.#tabbed = true;
      return;
    }
    // replace the word before the cursor by the completion (case may change: gens -> genSymKey);
    // `step.from` counts UTF-16 code units of `before`, the buffer counts cells
    let cell = 0;
    let units = 0;
    while (cell < b.cursor && units + b.chars[cell]!.length <= step.from) units += b.chars[cell++]!.length;
    const kept = before.slice(units, step.from); // the part of a cell before `from` (never, in practice)
    b.splice(cell, kept + withoutControls(step.text));
    this.#tabbed = step.again;
  }

  async #searchKey(session: EditorSession, t: Token): Promise<void> {
    const s = this.#search!;
    switch (t.kind) {
      case 'text': s.type(t.text); return;
      case 'backspace': s.erase(); return;
      case 'search': s.again(); return;
      case 'cancel':
      case 'interrupt':
        this.#leaveSearch(s.original);
        return;
      default: {
        this.#leaveSearch(s.found);
        if (t.kind === 'enter') await this.#submit(session);
        else if (t.kind !== 'escape' && t.kind !== 'tab') this.#edit(session, t);
      }
    }
  }

  /** Put the prompt back with `line` as the input, cursor at its end. */
  #leaveSearch(line: string): void {
    this.#search!.wipe();
    this.#search = null;
    this.#buffer.chars = cells(withoutControls(line));
    this.#buffer.reprompt(this.#buffer.chars.length);
    this.#history.toEnd();
  }

  #recall(step: number): void {
    if (this.#hidden) return;
    const line = this.#history.recall(step, this.line);
    if (line !== null) this.#buffer.replace(withoutControls(line));
  }
}
