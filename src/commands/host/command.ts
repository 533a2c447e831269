/** What every host-shell command file exports (one command per file). */
import type { Hsm } from '../../hsm/world';
import type { ArgSpec, OptionSpec } from '../flags';

export { arityFits as fits } from '../flags';
import type { CompletionSlot, HostFiles, TerminalIo, TerminalSession } from '../program';

export type { HostFiles };

export interface HostContext {
  hsm: Hsm;
  /** The terminal this shell runs in (the programs it starts keep their sessions there). */
  terminal: TerminalSession;
  cwd: string;
  /** Erase the screen (`clear`). */
  clear(): void;
  /** Ask for a line (reset's y/n); the prompt is shown at once, without newline. */
  readLine(prompt: string, hidden: boolean): Promise<string>;
  /** The user's own computer, when the view offers it (upload / download). */
  files?: HostFiles;
  /** Run another program without entering it (key_mgmt_util singlecmd; src/commands/program.ts). */
  spawn: TerminalIo['spawn'];
  /**
   * Standard input: the bytes a pipe or `< FILE` gives the command; undefined at the terminal
   * (a tool that reads standard input then reads nothing: the playground's terminal has no EOF key).
   */
  stdin?: Uint8Array;
  /** What standard input is (wc's column width follows it): a pipe, or a file of the given size. */
  stdinKind?: 'pipe' | 'file';
}


export interface HostResult {
  /** Text to print, each line ending in "\n" (may be empty). */
  output: string;
  /** Start a program (its session in the terminal is already set up by the command). */
  enter?: 'kmu' | 'cmu' | 'cli';
  /** New current directory (cd). */
  cwd?: string;
  /** Error messages (stderr): shown on the terminal even when stdout is redirected into a file. */
  stderr?: string;
  /**
   * Standard output as bytes, when they are not the UTF-8 of `output` (cat of a binary file,
   * the text tools): what a pipe or a redirection receives; `output` is what the terminal shows.
   */
  bytes?: Uint8Array;
  /**
   * Where each error line was written, as an offset into the output bytes, for a tool that writes
   * as it goes (cat, head, tail): `2>&1` into a file or pipe interleaves them there. Without it a
   * tool buffers its output until it exits, so its error lines come first.
   */
  errorsAt?: ReadonlyArray<{ at: number; text: string }>;
  /** Exit status ($?): 0 success; default 1 when stderr is not empty, else 0. */
  status?: number;
  /** The return codes of the programs it ran (key_mgmt_util singlecmd), for the command event. */
  codes?: readonly number[];
}

export interface HostCommand {
  name: string;
  /** One line for `help`. */
  summary: string;
  usage: string;
  /** Its arguments, as data (completion: files, subcommands …). */
  args: readonly ArgSpec[];
  /** Its option words (`-l`), with the kind of their value when they take one (`-out FILE`). */
  options?: readonly OptionSpec[];
  /**
   * The secret tokens of a line whose first token names this command (the redaction rule: history
   * and events mask them, a recalled masked line asks for the password); none when absent.
   */
  secretTokens?(tokens: readonly string[]): number[];
  /** Completion beyond its tables (sudo: the words of the command it runs); absent: the tables answer. */
  complete?(before: readonly string[], word: string): CompletionSlot | Promise<CompletionSlot>;
  run(ctx: HostContext, args: readonly string[]): Promise<HostResult>;
}

export const out = (...lines: string[]): HostResult => ({ output: lines.map((l) => l + '\n').join('') });
/** An error message (stderr): never redirected into a file. */
export const fail = (...lines: string[]): HostResult => ({ output: '', stderr: lines.map((l) => l + '\n').join('') });
