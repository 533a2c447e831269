/**
 * The host shell's grammar at work (./program.ts): a line is parsed (./syntax.ts) and its lists,
 * pipelines, loops and redirections run. It loads when the first line is entered.
 */
import { canWrite, readFile, resolvePath, writeFile } from '../../hsm/vfs';
import { variable } from './env-variables';
import { PlaygroundError } from '../../hsm/world';
import type { ProgramContext, ProgramId, ProgramRun } from '../program';
import type { HostResult } from './command';
import { findHostCommand, missingCommandText } from './index';
import { concat } from './bytes';
import { safeText } from './display';
import { lastStatus, pending } from './shell-state';
import { expandWord, ExpansionError, parse, type Command, type List, type Pipeline, type Redirection, type Word } from './syntax';

/**
 * What one line may pass through a pipe, and print over several commands (a loop), is bounded:
 * bad input never exhausts memory. One command's own output is bounded by the file system and
 * the console's cut (src/shell/output-cap.ts); these bounds are above both, for what a loop adds up.
 */
export const MAX_PIPE_BYTES = 16 << 20;
export const MAX_LINE_CHARS = 16 << 20;

const encoder = new TextEncoder();
/** Iterations of a loop between two yields to the event loop. */
const YIELD_EVERY = 64;

type Sink = { kind: 'terminal' } | { kind: 'capture'; chunks: Uint8Array[]; size: number };

interface Exec {
  ctx: ProgramContext;
  /** What the terminal shows, so far. */
  text: string;
  vars: Map<string, string>;
  status: number;
  command: string | null;
  codes: number[];
  enter?: ProgramId;
  /** Simple commands run so far. */
  ran: number;
  /** The error lines of the last simple command, where it wrote them (HostResult.errorsAt). */
  errorsAt?: ReadonlyArray<{ at: number; text: string }> | undefined;
}

function tooMuch(what: string): never {
  throw new PlaygroundError(`${what}; the command line was stopped`);
}

/** Run one entered line (or, after `> `, the line it continues): hostProgram.run. */
export async function runLine(ctx: ProgramContext, line: string): Promise<ProgramRun> {
  const { terminal } = ctx;
  const before = pending.get(terminal);
  const src = before === undefined ? line : `${before}\n${line}`;
  const parsed = parse(src);
  if (parsed.kind === 'incomplete') {
    pending.set(terminal, src);
    return { text: '', command: null, codes: [] };
  }
  pending.delete(terminal);
  if (parsed.kind === 'error') {
    lastStatus.set(terminal, 2);
    return { text: `${parsed.message}\n`, command: null, codes: [], exit: 2 };
  }
  if (parsed.list.items.length === 0) return { text: '', command: null, codes: [] };
  const exec: Exec = { ctx, text: '', vars: new Map(), status: lastStatus.get(terminal) ?? 0, command: null, codes: [], ran: 0 };
  try {
    await runList(exec, parsed.list, { kind: 'terminal' }, true);
  } finally {
    lastStatus.set(terminal, exec.status);
  }
  const run: ProgramRun = { text: exec.text, command: exec.command, codes: exec.codes, exit: exec.status };
  return exec.enter ? { ...run, next: exec.enter } : run;
}

async function runList(exec: Exec, list: List, sink: Sink, top: boolean): Promise<void> {
  const items = list.items;
  for (let k = 0; k < items.length; k++) {
    const { pipeline, join } = items[k]!;
    if (join === '&&' && exec.status !== 0) continue;
    if (join === '||' && exec.status === 0) continue;
    await runPipeline(exec, pipeline, sink, top && k === items.length - 1);
  }
}

async function runPipeline(exec: Exec, cmds: Pipeline, sink: Sink, mayEnter: boolean): Promise<void> {
  let input: Uint8Array | undefined;
  for (let k = 0; k < cmds.length; k++) {
    const last = k === cmds.length - 1;
    const to: Sink = last ? sink : { kind: 'capture', chunks: [], size: 0 };
    await runCommand(exec, cmds[k]!, input, to, mayEnter && cmds.length === 1, cmds.length === 1);
    if (!last) input = concat((to as { chunks: Uint8Array[] }).chunks);
  }
}

function lookup(exec: Exec, name: string): string {
  if (name === '?') return String(exec.status);
  const v = exec.vars.get(name) ?? variable(exec.ctx.terminal, name); // a loop's variable, then the environment
  if (v !== undefined) return v;
  if (name === 'PWD') return exec.ctx.terminal.cwd;
  return '';
}

/** `bytes` is what a pipe or a file receives; without it, `shown` as UTF-8 (encoded only for a capture: a big output on the terminal is never encoded). */
function emit(exec: Exec, sink: Sink, shown: string, bytes?: Uint8Array): void {
  if (sink.kind === 'terminal') {
    exec.text += shown;
    if (exec.ran > 1 && exec.text.length > MAX_LINE_CHARS) tooMuch(`the commands of this line printed more than ${MAX_LINE_CHARS} characters`);
  } else {
    const b = bytes ?? encoder.encode(shown);
    sink.chunks.push(b);
    sink.size += b.length;
    if (sink.size > MAX_PIPE_BYTES) tooMuch(`more than ${MAX_PIPE_BYTES} bytes went into a pipe or a redirection`);
  }
}

/** A redirection's target: exactly one word after expansion. */
function target(exec: Exec, r: Redirection): string | null {
  const words = expandWord(r.target, (n) => lookup(exec, n));
  return words.length === 1 ? words[0]! : null;
}

const DEV_NULL = '/dev/null';

/** A file a command's redirections name, in order, with what it receives. */
interface RedirFile {
  file: string;
  append: boolean;
  chunks: Uint8Array[];
}

/** Where a command's standard output or error goes (`file`: an index into its RedirFiles). */
type Dest = { kind: 'sink' } | { kind: 'terminal' } | { kind: 'null' } | { kind: 'file'; index: number };

/**
 * Write every file a command's redirections named, in one unit of work: the ones that receive its
 * output, and those a later redirection overrode (created or emptied, as bash leaves them). A
 * write beyond the file system's bounds throws and leaves the store unchanged.
 */
async function writeFiles(exec: Exec, files: readonly RedirFile[]): Promise<void> {
  if (files.length === 0) return;
  const { hsm, terminal } = exec.ctx;
  const errors = await hsm.transact(async (tx) => {
    let text = '';
    for (const f of files) {
      const path = resolvePath(terminal.cwd, f.file);
      const data = concat(f.chunks);
      const old = f.append ? (await readFile(tx, path)) ?? new Uint8Array(0) : new Uint8Array(0);
      const both = new Uint8Array(old.length + data.length);
      both.set(old);
      both.set(data, old.length);
      const written = await writeFile(tx, path, both, hsm.deps.clock.now());
      if (written !== 'ok') text += `${f.file}: ${written === 'is-dir' ? 'Is a directory' : 'No such file or directory'}\n`;
    }
    return text;
  });
  if (errors) {
    exec.text += errors;
    exec.status = 1;
  }
}

/**
 * Set up a command's redirections in order, as bash does: `< FILE` gives its standard input;
 * `[N]> FILE` truncates FILE and `[N]>> FILE` appends (N: 1 standard output, 2 standard error);
 * `2>&1` sends errors where the output goes, `>&2` the output where errors go; `/dev/null`
 * swallows. A file that cannot be written (no such directory) stops the command before it runs,
 * with its message. The files are written when the command has run (writeFiles).
 */
async function redirections(exec: Exec, redirs: readonly Redirection[]):
  Promise<{ ok: true; input?: Uint8Array; out: Dest; err: Dest; files: RedirFile[] } | { ok: false }> {
  let input: Uint8Array | undefined;
  let out: Dest = { kind: 'sink' };
  let err: Dest = { kind: 'terminal' };
  const files: RedirFile[] = [];
  const failed = (text: string) => {
    exec.text += text;
    exec.status = 1;
    return { ok: false as const };
  };
  const { hsm, terminal } = exec.ctx;
  for (const r of redirs) {
    const file = target(exec, r);
    if (file === null) return failed(`${r.target.raw}: ambiguous redirect\n`);
    const path = resolvePath(terminal.cwd, file);
    if (r.op === '<') {
      if (r.fd !== 0) continue; // only standard input is read here
      const data = path === DEV_NULL ? new Uint8Array(0) : await hsm.transact((tx) => readFile(tx, path));
      if (!data) return failed(`${file}: No such file or directory\n`);
      input = data;
      continue;
    }
    if (r.op === '>&' && /^\d+$/.test(file)) {
      const from: Dest | null = file === '1' ? out : file === '2' ? err : null;
      if (from === null) return failed(`${file}: Bad file descriptor\n`);
      if (r.fd === 1) out = from;
      else if (r.fd === 2) err = from;
      continue;
    }
    let dest: Dest = { kind: 'null' };
    if (path !== DEV_NULL) {
      const can = await hsm.transact((tx) => canWrite(tx, path));
      if (can !== 'ok') return failed(`${file}: ${can === 'is-dir' ? 'Is a directory' : 'No such file or directory'}\n`);
      const same = files.findIndex((f) => resolvePath(terminal.cwd, f.file) === path);
      if (same >= 0 && r.op === '>') files[same]!.append = false;
      dest = { kind: 'file', index: same >= 0 ? same : files.push({ file, append: r.op === '>>', chunks: [] }) - 1 };
    }
    if (r.op === '>&') {
      out = dest; // `>&FILE`: output and errors both
      err = dest;
    } else if (r.fd === 1) out = dest;
    else if (r.fd === 2) err = dest;
  }
  return { ok: true, ...(input ? { input } : {}), out, err, files };
}

async function runCommand(exec: Exec, cmd: Command, stdin: Uint8Array | undefined, sink: Sink, mayEnter: boolean, alone: boolean): Promise<void> {
  exec.ctx.hsm.signal?.throwIfAborted();
  const redirs = await redirections(exec, cmd.redirs);
  if (!redirs.ok) return;
  const input = redirs.input ?? stdin;
  const inputKind: 'pipe' | 'file' | undefined = redirs.input ? 'file' : stdin ? 'pipe' : undefined;
  // what the command prints to its standard output and error, kept apart until it has run
  const outCapture: Sink = { kind: 'capture', chunks: [], size: 0 };
  const errCapture: Sink = { kind: 'capture', chunks: [], size: 0 };
  const plain = redirs.out.kind === 'sink' && redirs.err.kind === 'terminal';
  const outSink = plain ? sink : outCapture;

  if (cmd.kind === 'for') {
    exec.command ??= 'for';
    let values: string[] = [];
    try {
      for (const w of cmd.words) values.push(...expandWord(w, (n) => lookup(exec, n)));
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      exec.text += `${e.message}\n`;
      exec.status = 1;
      return;
    }
    exec.status = 0;
    let n = 0;
    for (const v of values) {
      // a long loop lets the page breathe (and Ctrl-C reach it) now and then
      if (++n % YIELD_EVERY === 0) await exec.ctx.hsm.deps.clock.sleep(0);
      exec.ctx.hsm.signal?.throwIfAborted();
      exec.vars.set(cmd.name, v);
      await runList(exec, cmd.body, outSink, false); // (the body's errors reach the terminal)
    }
    values = [];
  } else {
    await runSimple(exec, cmd.words, input, inputKind, outSink, plain ? null : errCapture, mayEnter, alone);
  }
  if (plain) return;
  const route = (dest: Dest, data: Uint8Array) => {
    if (dest.kind === 'file') redirs.files[dest.index]!.chunks.push(data);
    else if (data.length === 0 || dest.kind === 'null') return;
    else if (dest.kind === 'sink') emit(exec, sink, safeText(data), data);
    else emit(exec, { kind: 'terminal' }, safeText(data), data);
  };
  const out = concat(outCapture.chunks);
  const err = concat(errCapture.chunks);
  // into the same pipe or file, errors come first (a tool's output there is buffered until it
  // exits, its error lines are not), or where cat, head and tail wrote them
  const same = redirs.out.kind === redirs.err.kind && (redirs.out.kind === 'sink' ||
    (redirs.out.kind === 'file' && redirs.out.index === (redirs.err as { index: number }).index));
  const errors = cmd.kind === 'simple' ? exec.errorsAt : undefined;
  if (!same) {
    route(redirs.out, out);
    route(redirs.err, err);
  } else if (!errors) {
    route(redirs.out, concat([err, out]));
  } else {
    let at = 0;
    for (const e of errors) {
      route(redirs.out, out.subarray(at, e.at));
      route(redirs.out, encoder.encode(e.text));
      at = e.at;
    }
    route(redirs.out, out.subarray(at));
  }
  await writeFiles(exec, redirs.files);
}

async function runSimple(exec: Exec, words: readonly Word[], stdin: Uint8Array | undefined, stdinKind: 'pipe' | 'file' | undefined,
  sink: Sink, errSink: Sink | null, mayEnter: boolean, alone: boolean): Promise<void> {
  exec.errorsAt = undefined;
  /** Standard error: the terminal, or (redirected) a capture. */
  const printErr = (text: string) => {
    if (errSink) emit(exec, errSink, text);
    else exec.text += text;
  };
  const { ctx } = exec;
  let argv: string[] = [];
  try {
    for (const w of words) argv.push(...expandWord(w, (n) => lookup(exec, n)));
  } catch (e) {
    if (!(e instanceof ExpansionError)) throw e;
    printErr(`${e.message}\n`);
    exec.status = 1;
    return;
  }
  if (argv.length === 0) {
    exec.status = 0; // only redirections (`> FILE` makes an empty file), or a word that expanded to nothing
    return;
  }
  const [name, ...args] = argv as [string, ...string[]];
  argv = [];
  const cmd = findHostCommand(name);
  if (!cmd) {
    printErr(`${missingCommandText(name)}\n`);
    exec.status = 127;
    return;
  }
  exec.command ??= cmd.name;
  exec.ran++;
  const result: HostResult = await cmd.run({
    hsm: ctx.hsm, terminal: ctx.terminal, cwd: ctx.terminal.cwd, clear: () => ctx.io.clear(), readLine: (p, h) => ctx.io.readLine(p, h),
    spawn: (id, setup) => ctx.io.spawn(id, setup), ...(ctx.io.files ? { files: ctx.io.files } : {}),
    ...(stdin ? { stdin } : {}), ...(stdinKind ? { stdinKind } : {}),
  }, args);
  if (result.cwd !== undefined && alone) ctx.terminal.cwd = result.cwd;
  if (result.codes) exec.codes.push(...result.codes);
  let status = result.status ?? (result.stderr ? 1 : 0);
  let stderr = result.stderr ?? '';
  if (result.enter) {
    if (mayEnter) exec.enter = result.enter;
    else {
      // an interactive tool reads the terminal: it cannot run inside a pipeline, a list or a loop
      ctx.terminal[result.enter].end();
      stderr += `${name}: the interactive tool starts only as a command of its own here (key_mgmt_util singlecmd … runs one command)\n`;
      status = 1;
    }
  }
  emit(exec, sink, result.output, result.bytes);
  if (stderr) printErr(stderr);
  exec.errorsAt = result.errorsAt && stderr === result.stderr ? result.errorsAt : undefined;
  exec.status = status;
}
