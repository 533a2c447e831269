/**
 * The running embed (issue 14, item 1): one console session on a playground of its own, in memory,
 * driven by the embed's configuration, the reader and the API (src/embed/api.ts, through the
 * EmbedHost interface it implements).
 *
 * - The playground is made by `deps.backend()` (src/embed/main.ts: a fresh memory backend): the
 *   reader's saved playground is never opened. `reset` makes a new one.
 * - Before anything runs, the settings are applied (seed and handle numbering: the embed prints
 *   what the documentation page prints), then the preamble runs with its output hidden; the first
 *   line that fails (a non-zero return code, a non-zero exit status, a playground error) stops the
 *   embed with a visible error naming the line and the code (PreambleError; `live()` rejects).
 * - The script is typed into the terminal as the reader would type it (autorun), or offered line
 *   by line at the prompt: the next line waits in the line editor and Enter (or `step()`) runs it.
 * - The terminal (src/ui/EmbedTerminal.svelte) gives the runtime its `press` (input as if typed);
 *   a readonly embed drops the reader's keys there, but the script and the API still type.
 *
 * The engine (the shell, the programs, the HSM) loads when the live console is first asked for:
 * until then the page shows only its poster, and `deps` is not called.
 *
 * The terminal's line editor holds one session for its whole life: the runtime hands it a facade
 * (`session`) that delegates to the current console, so `reset` can swap the playground under it.
 */
import type { Backend } from '../hsm/store';
import type { Clock } from '../hsm/clock';
import type { Rng } from '../crypto/rng';
import type { PasswordKdf } from '../crypto/kdf';
import type { ProgramRegistry } from '../commands/programs';
import type { Hsm, HsmDeps } from '../hsm/world';
import type { Console } from '../shell/console';
import type { CommandEvent } from '../shell/events';
import type { ConsoleSession, Output } from '../shell/session';
import type { Completion } from '../shell/complete';
import type { PlaygroundView } from '../shell/view';
import type { EmbedConfig } from './config';
import type { EmbedHost } from './host';
import type { EmbedKey, EmbedLessonState, EmbedState } from './protocol';

/** What the runtime is built from (src/embed/main.ts picks the adapters; tests give their own). */
export interface RuntimeDeps {
  /** A fresh, empty playground store (never the reader's saved one). */
  backend: () => Backend;
  rng: Rng;
  clock: Clock;
  programs: ProgramRegistry;
  kdf: PasswordKdf;
  keygen?: HsmDeps['keygen'];
  /**
   * Fill the fresh playground before its console starts (the `lesson` parameter: that lesson's
   * start scenario, so a guide's transcript — handles included — comes out exactly); rejects with
   * what the embed shows instead of a console.
   */
  prepare?: (hsm: Hsm) => Promise<void>;
}

/** What the terminal view gives the runtime. */
export interface EmbedTerminalPort {
  /** Input as if typed (the line editor's feed). */
  press(data: string): void;
}

/** The preamble's line `line` (1-based) failed: the embed shows `message` instead of a console. */
export class PreambleError extends Error {
  constructor(readonly line: number, readonly text: string, readonly code: string, message: string) {
    super(message);
    this.name = 'PreambleError';
  }
}

/** The most characters of transcript kept (the oldest go first). */
export const TRANSCRIPT_KEEP = 256 * 1024;

const PROGRAM_NAMES: Record<string, string> = { host: 'shell', kmu: 'key_mgmt_util', cmu: 'cloudhsm_mgmt_util', cli: 'cloudhsm-cli' };
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(2, "0")}`;

/** Why a command line counts as failed in a preamble (null: it did not fail). */
export function failure(e: CommandEvent): string | null {
  if (e.status === 'error') return 'a playground error';
  if (e.status === 'interrupted') return 'it was interrupted';
  const bad = e.codes.find((c) => c !== 0);
  if (bad !== undefined) return `return code ${hex(bad)}`;
  if (e.exit !== undefined && e.exit !== 0) return `exit status ${e.exit}`;
  return null;
}

/** A key as the inventory shows it, for getState. */
function embedKey(k: PlaygroundView['keys'][number]): EmbedKey {
  const size = /^\d+$/.test(k.sizeText) ? Number(k.sizeText) : null;
  return {
    handle: k.handle, label: k.label, kind: k.keyClass === 4 ? k.typeName : `${k.typeName} ${k.className}`,
    size, kcv: k.kcv === '' ? null : k.kcv, session: !k.token, owner: k.ownerName || null,
  };
}

type Waiter = { n: number; resolve: () => void };

/** A performance mark (where the start-up's time goes: bench/embed.bench.ts reads them); nothing where there is no performance.mark. */
const perf = (name: string) => globalThis.performance?.mark?.(name);

export class EmbedRuntime implements EmbedHost {
  #console: Console | undefined;
  #output: Output | undefined;
  #term: EmbedTerminalPort | undefined;
  #muted = true;
  #transcript = '';
  #done = 0;
  #waiters: Waiter[] = [];
  readonly #eventListeners = new Set<(event: CommandEvent) => void>();
  readonly #resizeListeners = new Set<(height: number) => void>();
  readonly #loadListeners = new Set<() => void>();
  readonly #liveListeners = new Set<() => void>();
  /** Fresh playgrounds that went live so far (the first connect, then each reset). */
  #lives = 0;
  /** Why this embed never starts (src/embed/lesson.ts: an unknown lesson), or null. */
  #refused: Error | null = null;
  #height: number | null = null;
  #live: Promise<void>;
  #settleLive!: { resolve: () => void; reject: (e: unknown) => void };
  #loading = false;
  /** API runs and the script, one after another. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The next script line to offer at the prompt (not autorun), or past the end. */
  #next = 0;
  #offered = false;
  /** Lines the runtime is typing (the script's autorun, the API's run): nothing is offered meanwhile. */
  #typing = 0;
  /** Bumped by reset: work of an older playground stops. */
  #generation = 0;
  /** Called when the offered line or the scripted state changes (the page's "Run the next line" button). */
  onChange: (() => void) | undefined;
  /** Where the reader is in the embed's lesson (src/embed/lesson.ts sets it): getState's `lesson`. */
  lessonState: (() => Promise<EmbedLessonState>) | undefined;

  #deps: Promise<RuntimeDeps> | undefined;

  /** `deps`: what the runtime is built from, or a function that loads it (called once, when the console is first asked for). */
  constructor(readonly config: EmbedConfig, private readonly deps: RuntimeDeps | (() => Promise<RuntimeDeps>)) {
    this.#live = this.#newLive();
  }

  /** The engine's parts (loaded once). */
  engine(): Promise<RuntimeDeps> {
    const d = this.deps;
    this.#terminals ??= import('../shell/terminals');
    return (this.#deps ??= (typeof d === 'function' ? d() : Promise.resolve(d)).then((deps) => {
      perf('kmu:embed-engine');
      return deps;
    }));
  }

  #terminals: Promise<typeof import('../shell/terminals')> | undefined;

  #newLive(): Promise<void> {
    const p = new Promise<void>((resolve, reject) => (this.#settleLive = { resolve, reject }));
    p.catch(() => {}); // (reported by whoever awaits it, and shown by the page)
    return p;
  }

  // --- the terminal's side ---

  /** The session the terminal's line editor drives: the current console, whatever reset did. */
  readonly session: ConsoleSession = (() => {
    const rt = this;
    const con = (): Console => {
      if (!rt.#console) throw new Error('the embed is not started');
      return rt.#console;
    };
    return {
      start: async () => {},
      submit: (line: string) => rt.#submit(line),
      get prompt() { return rt.#console?.prompt ?? ''; },
      get inputMode() { return rt.#console?.inputMode ?? 'normal'; },
      complete: (line: string): Promise<Completion> => con().complete(line),
      interrupt: () => rt.#console?.interrupt() ?? false,
      eofLine: () => rt.#console?.eofLine() ?? null,
      // the embed keeps no history across loads: its playground is thrown away with the page
      history: async () => [],
      remember: async () => {},
      redact: (line: string) => rt.#console?.redact(line) ?? line,
    };
  })();

  async #submit(line: string): Promise<void> {
    const con = this.#console;
    if (!con) return;
    const hidden = con.inputMode === 'hidden';
    this.#record((hidden ? '' : con.redact(line)) + '\n');
    // the reader ran something else than the offered line: that line is offered again afterwards
    if (this.#offered && !hidden && line !== this.config.script[this.#next - 1]) this.#next--;
    this.#offered = false;
    try {
      await con.submit(line);
    } finally {
      if (this.#typing === 0 && !this.config.autorun && this.#console === con) queueMicrotask(() => this.#offer());
      this.#done++;
      for (const w of [...this.#waiters]) {
        if (this.#done >= w.n) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      this.onChange?.();
    }
  }

  #record(text: string): void {
    this.#transcript += text;
    if (this.#transcript.length > TRANSCRIPT_KEEP) this.#transcript = this.#transcript.slice(-TRANSCRIPT_KEEP);
  }

  /**
   * Begin the console now, off-screen, while the terminal is still loading (src/embed/main.ts, as
   * soon as the live console is asked for): the engine, a fresh playground, the settings and the
   * hidden preamble — nothing of it is shown, and its events go to nobody (muted), exactly as when
   * connect() does it; connect() then only shows the first prompt. Without it connect() does it all.
   * Once a console was shown it does nothing (reset() makes the next one).
   */
  prestart(): Promise<void> {
    if (this.#shown || this.#refused) return Promise.resolve(); // (a refused embed makes no playground)
    const early = (this.#early ??= this.#prepare());
    early.catch(() => {}); // (connect() reports it)
    return early;
  }

  /** The console prestart() began and connect() has not shown yet. */
  #early: Promise<void> | undefined;
  /** Whether connect() has shown a console. */
  #shown = false;
  /** A notice given before the terminal was there (the newest; shown when it connects). */
  #notice: string | null | undefined;

  /**
   * Start the embed on the terminal's output: a fresh playground, the settings, the hidden
   * preamble (or the one prestart() began), then the first prompt (rejects with a PreambleError,
   * and `live()` with it).
   */
  async connect(output: Output, term: EmbedTerminalPort): Promise<ConsoleSession> {
    this.#output = output;
    this.#term = term;
    if (this.#refused) throw this.#refused;
    if (this.#notice !== undefined) {
      output.notice?.(this.#notice);
      this.#notice = undefined;
    }
    const early = this.#shown ? undefined : this.#early;
    this.#early = undefined;
    try {
      await (early ?? this.#prepare());
      this.#show();
      this.#settleLive.resolve();
    } catch (e) {
      this.#settleLive.reject(e);
      throw e;
    }
    this.#wentLive();
    void this.#afterLive(this.#generation);
    return this.session;
  }

  /** A fresh console on a fresh playground, the settings and the preamble applied; the first prompt shown. */
  async #start(): Promise<void> {
    await this.#prepare();
    this.#show();
  }

  /** A fresh console on a fresh playground, the settings and the preamble applied, nothing shown yet (the terminal may not be there). */
  async #prepare(): Promise<void> {
    const gated: Output = {
      write: (text) => {
        if (this.#muted) return;
        this.#record(text);
        this.#output?.write(text);
      },
      clear: () => {
        if (!this.#muted) this.#output?.clear();
      },
      notice: (text) => {
        if (this.#output) this.#output.notice?.(text);
        else this.#notice = text;
      },
      above: (text) => {
        if (this.#muted) return;
        this.#record(text);
        if (this.#output?.above) this.#output.above(text);
        else this.#output?.write(text);
      },
      // no pickFile / saveFile: an embed's scripts never upload or download (issue 14, item 2)
    };
    const deps = await this.engine();
    const { createTerminals } = await this.#terminals!;
    const { backend, rng, clock, programs, kdf, keygen } = deps;
    const terminals = createTerminals({ backend: backend(), rng, clock, programs, kdf, ...(keygen ? { keygen } : {}) }, null);
    this.#muted = true;
    const con = await terminals.open(gated);
    this.#console?.close();
    this.#console = con;
    await deps.prepare?.(con.hsm);
    con.onEvent((e) => {
      if (this.#console !== con || this.#muted) return;
      for (const l of [...this.#eventListeners]) {
        try {
          l(e);
        } catch (err) {
          console.error('an embed event listener failed:', err);
        }
      }
    });
    await con.start();
    await con.changeSettings({ handles: this.config.handles, seed: this.config.seed });
    await this.#preamble(con);
    perf('kmu:embed-console-ready');
  }

  /** The prepared console goes live on the terminal: its first prompt. */
  #show(): void {
    const con = this.#console!;
    this.#shown = true;
    this.#muted = false;
    this.#transcript = '';
    this.#output!.write(con.prompt);
    this.#record(con.prompt);
  }

  async #preamble(con: Console): Promise<void> {
    const lines = this.config.preamble;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      let event: CommandEvent | null = null;
      const off = con.onEvent((e) => (event = e));
      try {
        await con.submit(line);
      } finally {
        off();
      }
      const shown = con.redact(line);
      const ev = event as CommandEvent | null;
      const why = ev ? failure(ev) : con.inputMode === 'hidden' ? 'it asks for a password (give it with -p)' : 'it waits for an answer';
      if (why) {
        const bad = ev?.codes.find((c) => c !== 0);
        const code = !ev ? 'waiting' : bad !== undefined ? hex(bad) : ev.exit !== undefined && ev.exit !== 0 ? `exit ${ev.exit}` : ev.status;
        throw new PreambleError(i + 1, shown, code,
          `The embed's setup failed at preamble line ${i + 1} (${shown}): ${why}. Nothing of the script was run.`);
      }
    }
  }

  /** Once live: autorun types the whole script; otherwise its first line waits at the prompt. */
  async #afterLive(generation: number): Promise<void> {
    this.#next = 0;
    if (this.config.script.length === 0) return;
    if (this.config.autorun) {
      await this.#enqueue(() => this.#typeLines(this.config.script, generation));
      this.#next = this.config.script.length;
      this.onChange?.();
    } else this.#offer();
  }

  /** Put the next script line at the prompt (Enter runs it). */
  #offer(): void {
    if (this.#offered || this.#typing > 0 || this.#next >= this.config.script.length || !this.#term) return;
    if (this.#console?.inputMode !== 'normal') return; // (a password is asked: the line waits for the answer)
    this.#term.press(this.config.script[this.#next++]!);
    this.#offered = true;
    this.onChange?.();
  }

  /** Whether a script line waits at the prompt, and how many are left after it (the page's button). */
  get scriptLeft(): number {
    return this.config.script.length - this.#next + (this.#offered ? 1 : 0);
  }

  /** Run the line waiting at the prompt (the page's "Run the next line" button; a readonly embed too). */
  async step(): Promise<void> {
    if (!this.#offered) return;
    const n = this.#done;
    this.#term?.press('\r');
    await this.#submitted(n + 1);
  }

  /** Resolves once `n` submits have finished in all. */
  #submitted(n: number): Promise<void> {
    if (this.#done >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Type each line with Enter after the previous finished; the events they caused. */
  async #typeLines(lines: readonly string[], generation: number): Promise<CommandEvent[]> {
    const events: CommandEvent[] = [];
    const off = this.onEvent((e) => events.push(e));
    this.#typing++;
    try {
      for (const line of lines) {
        if (generation !== this.#generation || !this.#term) break;
        const n = this.#done;
        // a line the reader left half typed (or the offered script line) goes: Ctrl-E, Ctrl-U
        if (this.#offered) {
          this.#offered = false;
          this.#next--;
        }
        this.#term.press(`\x05\x15${line}\r`);
        await this.#submitted(n + 1);
      }
    } finally {
      this.#typing--;
      off();
    }
    return events;
  }

  // --- the page's side ---

  /** A fresh playground is live (its start state and preamble in; before an autorun script types). */
  #wentLive(): void {
    this.#lives++;
    for (const l of [...this.#liveListeners]) l();
  }

  /**
   * Called each time a fresh playground goes live — the first start, and every reset (the lesson
   * panel, src/embed/lesson.ts, starts its lesson again then); at once (a microtask) when one is
   * live already. Returns the unsubscribe function.
   */
  onLive(listener: () => void): () => void {
    this.#liveListeners.add(listener);
    if (this.#lives > 0) queueMicrotask(() => this.#liveListeners.has(listener) && listener());
    return () => this.#liveListeners.delete(listener);
  }

  /**
   * Put `line` at the prompt without running it (a lesson's "Show solution": Enter runs it); what
   * was typed there, or the offered script line, goes. False when it cannot now: no live console,
   * or the script or the API is typing.
   */
  type(line: string): boolean {
    if (!this.#term || !this.#console || this.#typing > 0) return false;
    if (this.#offered) {
      this.#offered = false;
      this.#next--;
      this.onChange?.();
    }
    this.#term.press('\x05\x15' + line.replace(/[\x00-\x1f\x7f]/g, ' '));
    return true;
  }

  /**
   * This embed never starts (e.g. its lesson does not exist): `live()` and the API's requests
   * reject with `why`, and no playground is made.
   */
  refuse(why: Error): void {
    if (this.#refused || this.#lives > 0) return;
    this.#refused = why;
    this.#settleLive.reject(why);
  }

  /** The reader (or the API) asks for the live console: the page mounts the terminal. */
  load(): Promise<void> {
    if (!this.#loading) {
      this.#loading = true;
      for (const l of [...this.#loadListeners]) l();
    }
    return this.#live;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** The page mounts the terminal when asked (load). */
  onLoad(listener: () => void): () => void {
    this.#loadListeners.add(listener);
    if (this.#loading) queueMicrotask(listener);
    return () => this.#loadListeners.delete(listener);
  }

  /** The page measured its content (a wrapper element). */
  resized(height: number): void {
    if (height === this.#height) return;
    this.#height = height;
    for (const l of [...this.#resizeListeners]) l(height);
  }

  // --- EmbedHost (the API's side) ---

  async run(lines: readonly string[]): Promise<CommandEvent[]> {
    await this.load();
    const generation = this.#generation;
    const events = await this.#enqueue(() => this.#typeLines(lines, generation));
    if (!this.config.autorun && generation === this.#generation) this.#offer();
    return events;
  }

  async reset(): Promise<void> {
    await this.load();
    if (this.#refused) throw this.#refused;
    await this.#enqueue(async () => {
      const generation = ++this.#generation;
      // a line the reader left half typed, or the offered one, goes with the old playground
      this.#term?.press('\x05\x15');
      this.#offered = false;
      this.#live = this.#newLive();
      this.#output?.clear();
      try {
        await this.#start();
        this.#settleLive.resolve();
      } catch (e) {
        this.#settleLive.reject(e);
        throw e;
      }
      this.#wentLive();
      void this.#afterLive(generation);
    });
  }

  async state(): Promise<EmbedState> {
    await this.load();
    const con = this.#console!;
    const [view, { plainText }] = await Promise.all([con.snapshot(), import('../shell/transcript-formats')]);
    return {
      keys: view.keys.map(embedKey),
      files: view.files.map((f) => ({ name: f.name, size: f.size })),
      program: PROGRAM_NAMES[con.programId] ?? con.programId,
      user: view.user?.name ?? null,
      transcript: plainText(this.#transcript),
      ...(this.lessonState ? { lesson: await this.lessonState() } : {}),
    };
  }

  onEvent(listener: (event: CommandEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  onResize(listener: (height: number) => void): () => void {
    this.#resizeListeners.add(listener);
    const h = this.#height;
    if (h !== null) queueMicrotask(() => this.#resizeListeners.has(listener) && listener(h));
    return () => this.#resizeListeners.delete(listener);
  }

  live(): Promise<void> {
    return this.#live;
  }

  /** The console now (the page's panels read their snapshot from it). */
  get console(): Console | undefined {
    return this.#console;
  }
}
