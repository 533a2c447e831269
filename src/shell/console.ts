/**
 * The console engine: one terminal session on the emulated client host, whose lines go to the
 * program the terminal is in (the host shell first; it starts key_mgmt_util and
 * cloudhsm_mgmt_util). It knows no program's commands: programs come in through a registry, and
 * each one parses, runs and formats its own lines (src/commands/program.ts). It knows nothing of
 * the DOM either: lines come in through `submit`, text goes out through the `Output` port, and
 * after every line one structured event goes to the `events` stream.
 */
import type { PasswordKdf } from '../crypto/kdf';
import { pbkdf2Sha256 } from '../crypto/kdf';
import { initCrypto } from '../crypto/index';
import type { Rng } from '../crypto/rng';
import { printableText, type ChildProgram, type Program, type ProgramContext, type ProgramId, type ProgramRun, type TerminalSession } from '../commands/program';
import type { ProgramRegistry } from '../commands/programs';
import { tokenize } from '../commands/tokenize';
import { CliSession } from '../hsm/cli-session';
import { CmuSession } from '../hsm/cmu-session';
import type { Clock } from '../hsm/clock';
import { Journal } from '../hsm/journal';
import { KmuSession } from '../hsm/session';
import { sessionLogins, type LoginsPort } from '../hsm/logins';
import type { Backend } from '../hsm/store';
import { StorageError } from '../hsm/store';
import { FileSpaceError, HOME } from '../hsm/vfs';
import { Hsm, PlaygroundError, type HsmDeps } from '../hsm/world';
import { DamagedRecordError } from '../hsm/validate';
import type { ConsoleSession, InputMode, OpenSessions, Output } from './session';
import type { Completion } from './complete';
import { CommandEvents, isRedacted, REDACTED, redactLine, type CommandEvent } from './events';
import { appendHistory, loadHistory } from './history';
import { capOutput } from './output-cap';
import type { PlaygroundView, ViewSource } from './view';
import type { LessonFacts } from '../hsm/ops/lesson-facts';
import type { WrapRef, WrapTrace } from '../hsm/ops/wrap-trace';
import { welcomeLines, type InMemory } from './welcome';

export interface ConsoleDeps {
  backend: Backend;
  rng: Rng;
  clock: Clock;
  output: Output;
  /** The programs this terminal can run (src/commands/programs.ts for the real ones). */
  programs: ProgramRegistry;
  kdf?: PasswordKdf;
  /** Name of this terminal session in events (default 'tty1'). */
  terminal?: string;
  /**
   * Every login on the playground, this console's included (terminals.ts gives the logins of all
   * the page's terminals); by default this console's own.
   */
  logins?: LoginsPort;
  /** Key-pair generation off the main thread (the page's keygen worker); inline when absent. */
  keygen?: HsmDeps['keygen'];
  /**
   * Why the playground is kept in memory only, or null when it is saved (the welcome says which;
   * src/main.ts answers). By default: the storage failed when the backend is memory.
   */
  inMemory?: () => InMemory | null;
}

export async function createConsole(deps: ConsoleDeps): Promise<Console> {
  const notice = deps.output.notice?.bind(deps.output);
  const logins: LoginsPort = deps.logins ?? (() => (con ? con.logins() : []));
  const hsm = new Hsm({
    backend: deps.backend, rng: deps.rng, clock: deps.clock, kdf: deps.kdf ?? pbkdf2Sha256, ...(notice ? { notice } : {}),
    warn: (text) => (con ? con.warn(text) : deps.output.write(printableText(text) + '\n')),
    logins, ...(deps.keygen ? { keygen: deps.keygen } : {}),
  });
  let con: Console | undefined;
  const first = await deps.programs.load(deps.programs.first);
  con = new Console(hsm, deps.output, deps.programs, first, deps.terminal ?? 'tty1',
    deps.inMemory ?? (() => (deps.backend.kind === 'memory' ? 'storage' : null)));
  return con;
}

/** Ctrl-C stopped a running command. */
export class CommandInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'CommandInterrupted';
  }
}

/** The prompt a recalled line with a redacted password asks with before it runs. */
const REDACTED_PASSWORD_PROMPT = 'Enter password: ';

export class Console implements ConsoleSession {
  readonly terminal: TerminalSession;
  /** Every command's event; the page, lessons, embeds and tests subscribe. */
  readonly events = new CommandEvents();
  private program: Program;
  private hidden = false;
  private seq = 0;
  /** The prompt of a pending readLine (a password or y/n question), else null. */
  private question: string | null = null;
  /** Set while a command waits for a line of input (loginHSM -hpswd). */
  private inputWaiter: ((line: string) => void) | null = null;
  /** Resolves the pending `submit` when the command finishes or asks for input. */
  private settle: (() => void) | null = null;
  /** The command being executed, so Ctrl-C can stop it. */
  private running: AbortController | null = null;
  /** Set up by start(): every command and view request waits for it. */
  private ready: Promise<void> = Promise.resolve();
  /** Set by close(): the terminal is gone and writes nothing more. */
  private isClosed = false;

  constructor(readonly hsm: Hsm, private readonly output: Output, private readonly programs: ProgramRegistry,
    first: Program, terminalId: string, private readonly inMemory: () => InMemory | null) {
    this.program = first;
    this.terminal = { id: terminalId, cwd: HOME, kmu: new KmuSession(), cmu: new CmuSession(), cli: new CliSession() };
  }

  /** The key_mgmt_util login session (for views and tests; read-only use). */
  get kmuSession(): KmuSession {
    return this.terminal.kmu;
  }

  /** The program the terminal is in. */
  get programId(): ProgramId {
    return this.program.id;
  }

  /** The prompt the user is answering now: a question a command asked, else the program's. */
  get prompt(): string {
    return printableText(this.question ?? this.program.prompt(this.terminal)); // a cwd may hold any stored name
  }

  get inputMode(): InputMode {
    return this.hidden ? 'hidden' : 'normal';
  }

  /**
   * Show the welcome and the first prompt at once; the wasm core and the fresh playground are set
   * up meanwhile, and the first command waits for them (the prompt accepts input immediately).
   */
  async start(): Promise<void> {
    this.ready = Promise.all([initCrypto(), this.hsm.ensureInitialized()]).then(() => undefined);
    this.ready.catch(() => {}); // reported by the first command that needs it
    this.output.write(welcomeLines(this.inMemory()).map((l) => l + '\n').join('') + this.prompt);
  }

  async submit(line: string): Promise<void> {
    const waiting = new Promise<void>((resolve) => (this.settle = resolve));
    if (this.inputWaiter) {
      const w = this.inputWaiter;
      this.inputWaiter = null;
      this.hidden = false;
      this.question = null;
      w(line);
    } else {
      void this.execute(line).finally(() => this.settle?.());
    }
    await waiting;
  }

  private readLine(prompt: string, hidden: boolean): Promise<string> {
    prompt = printableText(prompt);
    this.output.write(prompt);
    this.hidden = hidden;
    this.question = prompt;
    return new Promise<string>((resolve) => {
      this.inputWaiter = resolve;
      this.settle?.(); // hand control back to the view until the next submit
    });
  }

  /**
   * The one redaction rule, for the line as the current program reads it, and as any other would
   * (a password typed at the wrong console's prompt is masked too).
   */
  redact(line: string): string {
    const tokens = tokenize(line);
    return redactLine(line, [...new Set([...this.program.secretTokens(tokens), ...(this.programs.secretTokens?.(tokens) ?? [])])]);
  }

  private async execute(typed: string): Promise<void> {
    const running = new AbortController();
    this.running = running;
    this.hsm.signal = running.signal;
    const program = this.program;
    const journal = new Journal();
    this.hsm.journal = journal;
    const shown = this.redact(typed);
    let text = '';
    let run: ProgramRun = { text: '', command: null, codes: [] };
    let status: CommandEvent['status'] = 'ok';
    try {
      await this.ready.catch((e: unknown) => {
        throw new PlaygroundError(`the playground could not be set up: ${(e as Error)?.message ?? String(e)}`);
      });
      const line = await this.recallSecrets(typed, program);
      run = await program.run(this.context(), line);
      text = run.text;
      if (run.next) this.program = await this.programs.load(run.next);
    } catch (e) {
      // Never a crash: storage failures change nothing (one atomic commit); anything else is a bug.
      if (e instanceof CommandInterrupted) {
        status = 'interrupted';
        text = program.interruptedText;
      } else {
        status = 'error';
        const expected = e instanceof StorageError || e instanceof DamagedRecordError || e instanceof PlaygroundError;
        const why = e instanceof StorageError ? `the playground's storage failed (${e.message}); nothing was changed`
          : expected ? (e as Error).message : `internal error: ${(e as Error)?.message ?? String(e)}`;
        if (!expected) console.error(e);
        text = program.failureText(why);
      }
    } finally {
      if (this.running === running) {
        this.running = null;
        this.hsm.signal = undefined;
      }
      if (this.hsm.journal === journal) this.hsm.journal = undefined;
    }
    // names and typed words the output echoes never act on the terminal (issue 11, finding 9);
    // past its bound the output is cut with one line that counts the rest (output-cap.ts)
    text = capOutput(printableText(text));
    // The next prompt starts a line of its own, as zsh and fish place it: output that ends without a
    // newline (`base64 -w 0 FILE`, `echo -n`) is followed by one on the screen only — the command's
    // bytes (a file it writes, its event) stay GNU's (cloudhsm-cli.md §7.6 shows `<sig>` then `$ `).
    if (!this.isClosed) this.output.write(text + (text === '' || text.endsWith('\n') ? '' : '\n') + this.prompt);
    this.emit(program, shown, run, text, status, journal);
  }

  /**
   * A recalled line whose password was redacted: ask for it (hidden) instead of sending the mask,
   * which would count as a wrong login.
   */
  private async recallSecrets(line: string, program: Program): Promise<string> {
    const tokens = tokenize(line);
    const masked = program.secretTokens(tokens).filter((i) => isRedacted(tokens[i] ?? ''));
    if (masked.length === 0) return line;
    const password = await this.readLine(REDACTED_PASSWORD_PROMPT, true);
    if (/[\s"]/.test(password)) throw new PlaygroundError('a password with blanks or quotes cannot replace a redacted one; type the command again');
    let out = line;
    for (let n = 0; n < masked.length; n++) out = out.replace(REDACTED, password);
    return out;
  }

  private context(): ProgramContext {
    const o = this.output;
    const files = o.pickFile && o.saveFile ? { pick: () => o.pickFile!(), save: (n: string, d: Uint8Array) => o.saveFile!(n, d) } : undefined;
    return {
      hsm: this.hsm, terminal: this.terminal,
      io: { readLine: (p, h) => this.readLine(p, h), clear: () => o.clear(), spawn: (id, setup) => this.spawn(id, setup), ...(files ? { files } : {}) },
    };
  }

  /** A program run inside the current command, in a session of its own (TerminalIo.spawn). */
  private async spawn(id: ProgramId, setup?: (terminal: TerminalSession) => void | Promise<void>): Promise<ChildProgram> {
    const program = await this.programs.load(id);
    const terminal: TerminalSession = { id: this.terminal.id, cwd: this.terminal.cwd, kmu: new KmuSession(), cmu: new CmuSession(), cli: new CliSession() };
    await setup?.(terminal);
    const ctx: ProgramContext = { ...this.context(), terminal };
    return { run: (line) => program.run(ctx, line) };
  }

  private emit(program: Program, line: string, run: ProgramRun, text: string, status: CommandEvent['status'], journal: Journal): void {
    const t = this.terminal;
    const cluster = program.id === 'kmu' ? t.kmu.cluster : program.id === 'cmu' ? t.cmu.cluster : program.id === 'cli' ? t.cli.cluster : '';
    const created = journal.objects('created');
    const changed = journal.objects('changed');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.events.emit({
      seq: ++this.seq, terminal: t.id, cluster, program: program.id, command: run.command,
      line, args: tokenize(line).slice(1), codes: [...run.codes],
      created, changed, deleted: journal.objects('deleted'), used: journal.objects('used'),
      files: [...new Set([...created.files, ...changed.files])].sort(),
      lines, next: this.program.id, status, commits: journal.commits,
      ...(journal.wraps.length > 0 ? { wraps: [...journal.wraps] } : {}),
      ...(run.exit !== undefined ? { exit: run.exit } : {}),
    });
  }

  // --- hooks for the page (src/shell/view.ts, complete.ts, history.ts) ---

  private get viewSource(): ViewSource {
    const t = this.terminal;
    return { hsm: this.hsm, kmu: t.kmu, cmu: t.cmu, cli: t.cli, mode: this.program.id, cwd: t.cwd };
  }

  /** Listen to every command's event (the page's panels, lessons, embeds). */
  onEvent(listener: (event: CommandEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  // (the page's helpers load on first use, after the first prompt: they are not needed for it)
  async complete(line: string): Promise<Completion> {
    return (await import('./complete')).completeLine(this.viewSource, line, this.program);
  }

  async changeSettings(change: { handles?: 'simple' | 'realistic'; seed?: number | null }): Promise<void> {
    await this.ready;
    await this.hsm.updateSettings(change);
  }

  async snapshot(): Promise<PlaygroundView> {
    await this.ready;
    return (await import('./view')).takeSnapshot(this.viewSource);
  }

  /** What a lesson's goals are checked against (issue 13; loaded on first use). */
  async lessonFacts(): Promise<LessonFacts> {
    await this.ready;
    const { readLessonFacts } = await import('../hsm/ops/lesson-facts');
    const t = this.terminal;
    return readLessonFacts(this.hsm, { program: this.program.id, kmu: t.kmu, cmu: t.cmu, cli: t.cli });
  }

  /** Inside a key wrap this terminal ran (issue 13; loaded on first use). */
  async traceWrap(ref: WrapRef): Promise<WrapTrace | null> {
    await this.ready;
    const { traceWrap } = await import('../hsm/ops/wrap-trace');
    const session = (ref as Partial<WrapRef> | null)?.program === 'cli' ? this.terminal.cli : this.terminal.kmu;
    return traceWrap(this.hsm, ref, { user: session.user?.userId ?? null, session });
  }

  /**
   * A line about the store (a damaged record) outside any command's output: met while the terminal
   * waits at its prompt (the page's view, the setup), it gets a line of its own and the prompt again.
   */
  warn(text: string): void {
    const line = printableText(text) + '\n';
    if (this.running) this.output.write(line);
    // waiting at a prompt or for an answer: the learner may be typing (the terminal draws the line again after it)
    else if (this.output.above) this.output.above(line);
    else this.output.write(this.inputWaiter ? line : `\n${line}${this.prompt}`);
  }

  /** Ctrl-C while a command waits for a line: the command is abandoned, nothing was changed. */
  eofLine(): string | null {
    return this.inputWaiter || this.running ? null : this.program.eofLine ?? null;
  }

  interrupt(): boolean {
    if (!this.inputWaiter && this.running) {
      // A running command (e.g. waiting for -min_srv): stop it; its unit of work is never committed.
      this.running.abort(new CommandInterrupted());
      return true;
    }
    if (!this.inputWaiter) {
      this.program.abandonInput?.(this.terminal); // a `for` being continued at `> ` is abandoned
      return false;
    }
    this.inputWaiter = null; // the waiting command never resumes (it had not touched the store)
    this.running = null;
    this.hsm.signal = undefined;
    this.hsm.journal = undefined;
    this.hidden = false;
    this.question = null;
    this.output.write(this.program.interruptedText + this.prompt);
    return true;
  }

  history(): Promise<string[]> {
    return loadHistory(this.hsm);
  }

  /** Keep a submitted (never a hidden) line in the history, its secrets redacted. */
  remember(line: string): Promise<void> {
    return appendHistory(this.hsm, this.redact(line));
  }

  async upload(name: string, data: Uint8Array): Promise<string> {
    const cwd = this.terminal.cwd;
    let r;
    try {
      r = await (await import('./view')).uploadFile(this.hsm, cwd, name, data);
    } catch (e) {
      if (e instanceof FileSpaceError) return e.message; // the file system's one message; nothing was stored
      throw e;
    }
    return r === 'ok' ? `${name.replace(/^.*[\\/]/, '')} (${data.length} bytes) saved in ${cwd}`
      : r === 'bad-name' ? `cannot store a file named "${name}"` : `cannot write ${name}: ${r}`;
  }

  async download(path: string): Promise<Uint8Array | undefined> {
    return (await import('./view')).downloadFile(this.hsm, path);
  }

  /** The KMU, CMU and CLI logins this terminal holds (for the playground's LoginsPort). */
  logins(): ReturnType<typeof sessionLogins> {
    return sessionLogins(this.terminal.kmu, this.terminal.cmu, this.terminal.cli);
  }

  /** Whether the terminal is closed (close()). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** What closing this terminal would end: the program it is in, who is logged in, the session keys. */
  openSessions(): OpenSessions {
    const t = this.terminal;
    return {
      program: this.program.id, kmuUser: t.kmu.user?.name ?? null, cmuUser: t.cmu.user?.name ?? null,
      sessionKeys: t.kmu.sessionKeys.size + t.cli.sessionKeys.size, ...(t.cli.user ? { cliUser: t.cli.user.name } : {}),
    };
  }

  /**
   * The terminal goes away (its tab is closed), like a dropped SSH session: a running command is
   * stopped (its unit of work is never committed), a question is abandoned, and the KMU, CMU and
   * CloudHSM CLI sessions end (the CLI's as its `quit` ends it), so their session keys are
   * destroyed and their logins no longer count anywhere.
   * Nothing more is written. Returns what ended.
   */
  close(): OpenSessions {
    const ended = this.openSessions();
    if (this.isClosed) return ended;
    this.isClosed = true;
    this.running?.abort(new CommandInterrupted());
    this.inputWaiter = null;
    this.hidden = false;
    this.question = null;
    this.terminal.kmu.end();
    this.terminal.cmu.end();
    this.terminal.cli.end();
    this.settle?.();
    this.onClose?.();
    return ended;
  }

  /** Called once by close() (the page's terminal registry forgets the terminal). */
  onClose: (() => void) | undefined;

  /** Restore the fresh playground: sessions end, the screen is cleared, the welcome is shown. */
  async reset(): Promise<void> {
    this.inputWaiter = null;
    this.hidden = false;
    this.question = null;
    this.terminal.kmu.end();
    this.terminal.cmu.end();
    this.terminal.cli.end();
    this.program = await this.programs.load(this.programs.first);
    this.terminal.cwd = HOME;
    await this.hsm.resetPlayground();
    this.output.clear();
    await this.start();
  }
}
