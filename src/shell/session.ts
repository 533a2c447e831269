/**
 * The boundary between the console engine and whatever shows it (the xterm page, a test, a CLI).
 * Plain data only, so the engine could later move into a worker.
 *
 * Protocol: the view calls `start()` once, then `submit(line)` for every line the user enters
 * (never while a previous submit is still pending). The engine writes through `Output.write`
 * with "\n" line ends (the view converts to "\r\n"); after `start()` and after every `submit()`
 * it has written the next prompt itself. `inputMode` tells the view how to echo the next line:
 * 'hidden' while a password is being read (`loginHSM -hpswd`): the view must not echo typed
 * characters and must not store that line in history.
 */
import type { Completion } from './complete';
import type { CommandEvent } from './events';
import type { PlaygroundView } from './view';
import type { LessonFacts } from '../hsm/ops/lesson-facts';
import type { WrapRef, WrapTrace } from '../hsm/ops/wrap-trace';

export interface Output {
  write(text: string): void;
  /** Erase the screen and scrollback (host shell `clear`). */
  clear(): void;
  /** Let the user pick a file from their computer (`upload`); null when cancelled. */
  pickFile?(): Promise<{ name: string; data: Uint8Array } | null>;
  /** Save bytes to the user's computer (`download`). */
  saveFile?(name: string, data: Uint8Array): void;
  /** A notice outside the transcript (spec decision 7): waiting, export warnings; null clears it. */
  notice?(text: string | null): void;
  /**
   * A line from the engine while the terminal waits for input (a damaged record that the page's
   * view met): shown on a line of its own above the prompt, then the prompt and the line being typed
   * again, the cursor where it was. Without it the text is written as output, which leaves the typed
   * line broken on the screen.
   */
  above?(text: string): void;
}

export type InputMode = 'normal' | 'hidden';

/** What a terminal holds open: the program it is in, who is logged in to KMU, CMU and the CLI, the session keys (KMU's and the CLI's). */
export interface OpenSessions {
  program: string;
  kmuUser: string | null;
  cmuUser: string | null;
  /** Who is logged in to the CloudHSM CLI (absent: nobody). */
  cliUser?: string;
  sessionKeys: number;
}

export interface ConsoleSession extends ConsoleExtras {
  start(): Promise<void>;
  submit(line: string): Promise<void>;
  readonly prompt: string;
  readonly inputMode: InputMode;
}

/** Optional hooks a view may use when the engine offers them (the page does; tests may not). */
export interface ConsoleExtras {
  /** Every command's structured event (src/shell/events.ts); returns the unsubscribe function. */
  onEvent?(listener: (event: CommandEvent) => void): () => void;
  /** The one redaction rule applied to a line of the current program (for a view's own history). */
  redact?(line: string): string;
  /** Tab completion for `line` (the text left of the cursor). */
  complete?(line: string): Promise<Completion>;
  /** Plain-data picture of the playground for the inventory and the context bar. */
  snapshot?(): Promise<PlaygroundView>;
  /** What a lesson's goals are checked against (issue 13). */
  lessonFacts?(): Promise<LessonFacts>;
  /** The intermediate values of an AES wrap or unwrap this terminal ran (issue 13's key-wrap view). */
  traceWrap?(ref: WrapRef): Promise<WrapTrace | null>;
  /**
   * Ctrl-C: cancel a command that waits for a line (loginHSM -hpswd) and write the next prompt.
   * Returns false when nothing was waiting (the view then just drops its line).
   */
  interrupt?(): boolean;
  /**
   * Ctrl-D at an empty line: the line the current program takes as end of input (the CloudHSM
   * CLI's `quit`, cloudhsm-cli.md §1.1, G-CLI-27), run without being echoed or kept; null when the
   * program has none or a command is running or waiting for an answer.
   */
  eofLine?(): string | null;
  /** The persisted command history, oldest first. */
  history?(): Promise<string[]>;
  /** Remember a submitted (never a hidden) line. */
  remember?(line: string): Promise<void>;
  /** Page-side file transfer and reset (the shell has its own commands). */
  upload?(name: string, data: Uint8Array): Promise<string>;
  download?(path: string): Promise<Uint8Array | undefined>;
  reset?(): Promise<void>;
  /** What closing this terminal would end (its tab's close asks with it). */
  openSessions?(): OpenSessions;
  /**
   * The terminal is closed (its tab goes away): a running command stops, its KMU and CMU sessions
   * end (session keys destroyed, the logins no longer count), nothing more is written.
   */
  close?(): OpenSessions;
  /** Whether close() was called. */
  readonly closed?: boolean;
  /** Page-side settings (spec decision 9; the shell has the `settings` command). */
  changeSettings?(change: { handles?: 'simple' | 'realistic'; seed?: number | null }): Promise<void>;
}
