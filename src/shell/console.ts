/**
 * The console engine: a small host shell (prompt `$ `) from which `key_mgmt_util` starts
 * (prompt `Command: `), as spec README decisions 2 and 7 describe. It knows nothing of the DOM:
 * lines come in through `submit`, text goes out through the `Output` port.
 */
import type { PasswordKdf } from '../crypto/kdf';
import { pbkdf2Sha256 } from '../crypto/kdf';
import { initCrypto } from '../crypto/index';
import type { Rng } from '../crypto/rng';
import { findHostCommand, UNBUILT_PROGRAMS } from '../commands/host/index';
import { helpText, parseFlags, tokenize } from '../commands/flags';
import { INDENT, returnLine } from '../commands/format';
import { findKmuCommand, unbuiltRealCommand } from '../commands/kmu/index';
import { CmuSession } from '../hsm/cmu-session';
import type { KmuContext } from '../commands/kmu/command';
import { ValueError } from '../commands/kmu/values';
import { RC } from '../hsm/codes';
import { ensureServing } from '../hsm/auth';
import type { Clock } from '../hsm/clock';
import { KmuSession } from '../hsm/session';
import type { Backend } from '../hsm/store';
import { StorageError } from '../hsm/store';
import { HOME, readFile, resolvePath, writeFile } from '../hsm/vfs';
import { Hsm, PlaygroundError } from '../hsm/world';
import { DamagedRecordError } from '../hsm/validate';
import type { ConsoleSession, InputMode, Output } from './session';
import type { Completion } from './complete';
import { appendHistory, loadHistory } from './history';
import type { PlaygroundView, ViewSource } from './view';
import { kmuExplainLines } from '../commands/kmu/explain';
import { findKmuCommand as knownKmu } from '../commands/kmu/index';
import { welcomeLines } from './welcome';

export interface ConsoleDeps {
  backend: Backend;
  rng: Rng;
  clock: Clock;
  output: Output;
  kdf?: PasswordKdf;
}

const HOST_PROMPT = '$ ';
const KMU_PROMPT = 'Command: ';

export async function createConsole(deps: ConsoleDeps): Promise<ConsoleSession> {
  const notice = deps.output.notice?.bind(deps.output);
  const hsm = new Hsm({
    backend: deps.backend, rng: deps.rng, clock: deps.clock, kdf: deps.kdf ?? pbkdf2Sha256, ...(notice ? { notice } : {}),
    warn: (text) => deps.output.write(text + '\n'),
  });
  return new Console(hsm, deps.output);
}

/** Ctrl-C stopped a running command. */
export class CommandInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'CommandInterrupted';
  }
}

export class Console implements ConsoleSession {
  private mode: 'host' | 'kmu' | 'cmu' = 'host';
  private cwd = HOME;
  private readonly kmu = new KmuSession();
  private readonly cmu = new CmuSession();
  private hidden = false;
  /** The prompt of a pending readLine (a password or y/n question), else null. */
  private question: string | null = null;
  /** Set while a command waits for a line of input (loginHSM -hpswd). */
  private inputWaiter: ((line: string) => void) | null = null;
  /** Resolves the pending `submit` when the command finishes or asks for input. */
  private settle: (() => void) | null = null;

  constructor(readonly hsm: Hsm, private readonly output: Output) {}

  /** The key_mgmt_util login session (for views and tests; read-only use). */
  get kmuSession(): KmuSession {
    return this.kmu;
  }

  /** The prompt the user is answering now: a question a command asked, else the program's. */
  get prompt(): string {
    if (this.question !== null) return this.question;
    return this.mode === 'host' ? HOST_PROMPT : this.mode === 'kmu' ? KMU_PROMPT : this.cmu.prompt;
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
    this.output.write(welcomeLines(this.hsm.deps.backend.kind !== 'memory').map((l) => l + '\n').join('') + this.prompt);
  }

  /** The command being executed, so Ctrl-C can stop it. */
  private running: AbortController | null = null;

  /** Set up by start(): every command and view request waits for it. */
  private ready: Promise<void> = Promise.resolve();

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
    this.output.write(prompt);
    this.hidden = hidden;
    this.question = prompt;
    return new Promise<string>((resolve) => {
      this.inputWaiter = resolve;
      this.settle?.(); // hand control back to the view until the next submit
    });
  }

  private async execute(line: string): Promise<void> {
    const running = new AbortController();
    this.running = running;
    this.hsm.signal = running.signal;
    try {
      await this.ready.catch((e: unknown) => {
        throw new PlaygroundError(`the playground could not be set up: ${(e as Error)?.message ?? String(e)}`);
      });
      if (this.mode !== 'host' && /^\s*explain(\s|$)/i.test(line)) return this.writeExplain(line);
      if (this.mode === 'host') await this.runHost(line);
      else if (this.mode === 'kmu') await this.runKmu(line);
      else await this.runCmu(line);
    } catch (e) {
      // Never a crash: storage failures change nothing (one atomic commit); anything else is a bug.
      if (e instanceof CommandInterrupted) {
        this.output.write(`\n${this.mode === 'kmu' ? '\n' : ''}${this.prompt}`);
        return;
      }
      const expected = e instanceof StorageError || e instanceof DamagedRecordError || e instanceof PlaygroundError;
      const why = e instanceof StorageError ? `the playground's storage failed (${e.message}); nothing was changed`
        : expected ? (e as Error).message : `internal error: ${(e as Error)?.message ?? String(e)}`;
      if (!expected) console.error(e);
      this.output.write(`${this.mode === 'kmu' ? '\n' + INDENT : ''}Error: ${why}\n${this.mode === 'kmu' ? '\n' : ''}${this.prompt}`);
    } finally {
      if (this.running === running) {
        this.running = null;
        this.hsm.signal = undefined;
      }
    }
  }

  private async runHost(line: string): Promise<void> {
    const { args: tokens, redirect } = splitRedirect(tokenize(line));
    const [name, ...args] = tokens;
    if (name === undefined) {
      return this.output.write((redirect ? 'syntax error near unexpected token `newline\'\n' : '') + this.prompt);
    }
    const cmd = findHostCommand(name);
    if (!cmd) {
      const msg = UNBUILT_PROGRAMS.includes(name) ? `${name}: not available in this playground yet` : `${name}: command not found`;
      return this.output.write(`${msg}\n${this.prompt}`);
    }
    const o = this.output;
    const files = o.pickFile && o.saveFile ? { pick: () => o.pickFile!(), save: (n: string, d: Uint8Array) => o.saveFile!(n, d) } : undefined;
    const result = await cmd.run({
      hsm: this.hsm, cwd: this.cwd, clear: () => o.clear(), readLine: (p, h) => this.readLine(p, h),
      ...(files ? { files } : {}),
    }, args);
    if (result.cwd !== undefined) this.cwd = result.cwd;
    let stdout = result.output;
    if (redirect) {
      stdout = '';
      const path = resolvePath(this.cwd, redirect.file);
      const written = await this.hsm.transact(async (tx) => {
        const old = redirect.append ? (await readFile(tx, path)) ?? new Uint8Array(0) : new Uint8Array(0);
        const data = new TextEncoder().encode(result.output);
        const both = new Uint8Array(old.length + data.length);
        both.set(old);
        both.set(data, old.length);
        return writeFile(tx, path, both, this.hsm.deps.clock.now());
      });
      if (written !== 'ok') stdout = `${redirect.file}: ${written === 'is-dir' ? 'Is a directory' : 'No such file or directory'}\n`;
    }
    if (result.enter === 'kmu') {
      this.mode = 'kmu';
      this.kmu.cluster = await this.hsm.transact((tx) => this.hsm.currentClusterName(tx));
    } else if (result.enter === 'cmu') {
      this.mode = 'cmu';
      this.cmu.end();
      this.cmu.cluster = result.cmu!.cluster;
      this.cmu.servers = result.cmu!.servers;
    }
    this.output.write(stdout + (result.stderr ?? '') + this.prompt);
  }

  private async runCmu(line: string): Promise<void> {
    const [name, ...args] = tokenize(line);
    if (name === undefined) return this.output.write(this.prompt);
    // cloudhsm_mgmt_util's commands load on first use: the page's first script stays small.
    const { findCmuCommand } = await import('../commands/cmu/index');
    const cmd = findCmuCommand(name);
    if (cmd === undefined || cmd === 'ambiguous') {
      return this.output.write(`${cmd === 'ambiguous' ? 'Ambiguous' : 'Invalid'} command: ${name}\n${this.prompt}`);
    }
    const result = await cmd.run(
      { hsm: this.hsm, session: this.cmu, cwd: this.cwd, readLine: (p, h) => this.readLine(p, h) }, args);
    if (result.exit) this.mode = 'host';
    this.output.write(result.output + this.prompt);
  }

  private async runKmu(line: string): Promise<void> {
    const lines = await this.kmuLines(line);
    if (lines === 'exit') {
      this.mode = 'host';
      return this.output.write(this.prompt);
    }
    if (lines === null) return this.output.write(this.prompt);
    this.output.write('\n' + lines.map((l) => l + '\n').join('') + '\n' + this.prompt);
  }

  /** The output lines of one KMU command line (null: empty line; 'exit': leave the tool). */
  private async kmuLines(line: string): Promise<string[] | null | 'exit'> {
    const [name, ...args] = tokenize(line);
    if (name === undefined) return null;
    const cmd = findKmuCommand(name);
    if (!cmd) {
      const real = unbuiltRealCommand(name);
      return [real ? `${INDENT}Error: ${real} is not available in this playground yet.`
        : `${INDENT}Error: Invalid command "${name}". Type "help" to see the list of commands.`];
    }
    const parsed = parseFlags(cmd, args);
    if (parsed.kind === 'help') return helpText(cmd);
    if (parsed.kind === 'error') return parsed.lines;
    if (cmd.login && !this.kmu.user) return [returnLine(cmd.firstFunction!, RC.NOT_LOGGED_IN, cmd.returnIndent ?? INDENT)];
    await this.hsm.transact((tx) => ensureServing(this.hsm, tx, this.kmu));
    const ctx: KmuContext = {
      hsm: this.hsm, session: this.kmu, cwd: this.cwd,
      readLine: (prompt, hidden) => this.readLine(prompt, hidden),
    };
    try {
      const result = await cmd.run(ctx, parsed);
      return result.exit ? 'exit' : result.lines;
    } catch (e) {
      if (e instanceof ValueError) return [e.line]; // a client-side refusal: nothing reached the HSM
      throw e;
    }
  }

  // --- hooks for the page (src/shell/view.ts, complete.ts, history.ts) ---

  /** `explain` in key_mgmt_util and cloudhsm_mgmt_util (the host shell has it as a command). */
  private async writeExplain(line: string): Promise<void> {
    const args = tokenize(line).slice(1);
    if (this.mode === 'kmu') {
      this.output.write('\n' + (await kmuExplainLines(args)).map((l) => l + '\n').join('') + '\n' + this.prompt);
    } else {
      const { explainLines } = await import('../commands/explain/index');
      const lines = explainLines(args, (n) => knownKmu(n) !== undefined);
      this.output.write(lines.map((l) => l + '\n').join('') + this.prompt);
    }
  }

  private get viewSource(): ViewSource {
    return { hsm: this.hsm, kmu: this.kmu, cmu: this.cmu, mode: this.mode, cwd: this.cwd };
  }

  // (the page's helpers load on first use, after the first prompt: they are not needed for it)
  async complete(line: string): Promise<Completion> {
    return (await import('./complete')).completeLine(this.viewSource, line);
  }

  async changeSettings(change: { handles?: 'simple' | 'realistic'; seed?: number | null }): Promise<void> {
    await this.ready;
    await this.hsm.updateSettings(change);
  }

  async snapshot(): Promise<PlaygroundView> {
    await this.ready;
    return (await import('./view')).takeSnapshot(this.viewSource);
  }

  /** Ctrl-C while a command waits for a line: the command is abandoned, nothing was changed. */
  interrupt(): boolean {
    if (!this.inputWaiter && this.running) {
      // A running command (e.g. waiting for -min_srv): stop it; its unit of work is never committed.
      this.running.abort(new CommandInterrupted());
      return true;
    }
    if (!this.inputWaiter) return false;
    this.inputWaiter = null; // the waiting command never resumes (it had not touched the store)
    this.running = null;
    this.hsm.signal = undefined;
    this.hidden = false;
    this.question = null;
    this.output.write(`\n${this.mode === 'kmu' ? '\n' : ''}${this.prompt}`);
    return true;
  }

  history(): Promise<string[]> {
    return loadHistory(this.hsm);
  }

  remember(line: string): Promise<void> {
    return appendHistory(this.hsm, line);
  }

  async upload(name: string, data: Uint8Array): Promise<string> {
    const r = await (await import('./view')).uploadFile(this.hsm, this.cwd, name, data);
    return r === 'ok' ? `${name.replace(/^.*[\\/]/, '')} (${data.length} bytes) saved in ${this.cwd}`
      : r === 'bad-name' ? `cannot store a file named "${name}"` : `cannot write ${name}: ${r}`;
  }

  async download(path: string): Promise<Uint8Array | undefined> {
    return (await import('./view')).downloadFile(this.hsm, path);
  }

  /** Restore the fresh playground: sessions end, the screen is cleared, the welcome is shown. */
  async reset(): Promise<void> {
    this.inputWaiter = null;
    this.hidden = false;
    this.kmu.end();
    this.cmu.end();
    this.mode = 'host';
    this.cwd = HOME;
    await (await import('./view')).resetWorld(this.hsm);
    this.output.clear();
    await this.start();
  }
}

/** `cmd args > file`, `>> file`, `>file`: the last redirection wins (a shell convenience). */
export function splitRedirect(tokens: string[]): { args: string[]; redirect?: { file: string; append: boolean } } {
  const args: string[] = [];
  let redirect: { file: string; append: boolean } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const m = /^(>>?)(.*)$/.exec(t);
    if (!m) {
      args.push(t);
      continue;
    }
    const file = m[2] !== '' ? m[2]! : tokens[++i];
    if (file === undefined) return { args: [], redirect: { file: '', append: false } };
    redirect = { file, append: m[1] === '>>' };
  }
  return redirect ? { args, redirect } : { args };
}
