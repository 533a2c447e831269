/**
 * The contract every console program keeps (the host shell, key_mgmt_util, cloudhsm_mgmt_util,
 * and next the CloudHSM CLI): a name, a prompt, its commands with their flag and argument tables
 * (which answer completion through `complete` and the redaction rule through `secretTokens`), and
 * a run that returns the printed text together with the structured outcome. The console (src/shell/console.ts) only dispatches lines to the
 * program a terminal is in; it knows no program's commands.
 */
import type { CliSession } from '../hsm/cli-session';
import type { CmuSession } from '../hsm/cmu-session';
import type { ArgSpec, FlagSpec, OptionSpec, ValueKind } from './flags';
import type { KmuSession } from '../hsm/session';
import type { Hsm } from '../hsm/world';

export type ProgramId = 'host' | 'kmu' | 'cmu' | 'cli';

/**
 * One terminal: a session on the emulated client host (like one SSH session), with its current
 * directory and the state of the programs started in it. Session keys belong to its KMU session.
 */
export interface TerminalSession {
  readonly id: string;
  cwd: string;
  readonly kmu: KmuSession;
  readonly cmu: CmuSession;
  /** The CloudHSM CLI session (cloudhsm-cli.md §1): its login and session keys are its own. */
  readonly cli: CliSession;
}

/** The user's own computer, when the view offers it (upload / download). */
export interface HostFiles {
  /** Let the user pick a file; null when they cancel. */
  pick(): Promise<{ name: string; data: Uint8Array } | null>;
  save(name: string, data: Uint8Array): void;
}

/** What a program may ask of the terminal it runs in. */
export interface TerminalIo {
  /** Ask for a line (a password, a y/n question); the prompt is shown at once, without newline. */
  readLine(prompt: string, hidden: boolean): Promise<string>;
  /** Erase the screen and scrollback (`clear`). */
  clear(): void;
  files?: HostFiles;
  /**
   * Run another program without entering it (key_mgmt_util singlecmd): a fresh session of it in
   * this terminal (same directory; `setup` prepares it, e.g. the cluster it works on), whose lines
   * run one by one as if typed at its prompt, and whose runs come back with their text and codes.
   * The caller ends it with the program's own exit line; the terminal's sessions are untouched.
   */
  spawn(program: ProgramId, setup?: (terminal: TerminalSession) => void | Promise<void>): Promise<ChildProgram>;
}

/** A program run non-interactively inside a command of another (TerminalIo.spawn). */
export interface ChildProgram {
  run(line: string): Promise<ProgramRun>;
}

export interface ProgramContext {
  hsm: Hsm;
  terminal: TerminalSession;
  io: TerminalIo;
}

/** The outcome of one line. */
export interface ProgramRun {
  /** Everything printed after the echoed line, up to (not including) the next prompt. */
  text: string;
  /** The command's name as the program spells it; null for an empty or unknown command line. */
  command: string | null;
  /** The return codes the command reported, in the order it printed them. */
  codes: number[];
  /** The terminal continues in this program ('host' when a tool exits). */
  next?: ProgramId;
  /** The exit status of a host-shell line ($?: 0/1/2 as GNU, 127 not found); none for the tools' consoles. */
  exit?: number;
}

/** A command as help listings and completion show it, with its tables as data. */
export interface ProgramCommandInfo {
  name: string;
  /** One line for help listings. */
  summary: string;
  /** Its flag table (key_mgmt_util). */
  flags?: readonly FlagSpec[];
  /** Its positional arguments (cloudhsm_mgmt_util, the host shell). */
  args?: readonly ArgSpec[];
  /** Its option words (the host shell). */
  options?: readonly OptionSpec[];
}

/**
 * What may replace the word under the cursor, as a program's tables say; the console adds the
 * live values of `kind` (key handles, labels, user names and ids, files …) and the fixed
 * vocabularies of the HSM (key types, classes, attribute ids, return codes, mechanisms).
 */
export interface CompletionSlot {
  /** Fixed words: command names, flags not given yet, subcommands, user types, 0/1. */
  words: readonly string[];
  /** The values the word takes besides `words`; 'none' when there are none. */
  kind: ValueKind;
  /** Compare the typed prefix case-insensitively (key_mgmt_util command names, explain topics). */
  caseless?: boolean;
}

export interface Program {
  readonly id: ProgramId;
  /** How the host shell names it. */
  readonly name: string;
  prompt(terminal: TerminalSession): string;
  /** Every command with its tables, for help listings, completion and whoever reads the contract. */
  commands(): readonly ProgramCommandInfo[];
  /**
   * The redaction rule (flag tables mark secret arguments): indexes of the secret tokens of a
   * tokenized line whose first token is the command name.
   */
  secretTokens(tokens: readonly string[]): number[];
  /**
   * Completion from the program's tables: what the next word may be, given the words before it
   * (the command name first; none: the word is a command name) and the start of the word typed.
   * A program without it completes nothing.
   */
  complete?(before: readonly string[], word: string): CompletionSlot | Promise<CompletionSlot>;
  run(ctx: ProgramContext, line: string): Promise<ProgramRun>;
  /** Ctrl-D at an empty prompt runs this line, silently (the CloudHSM CLI: `quit`); none: Ctrl-D does nothing there. */
  readonly eofLine?: string;
  /** Ctrl-C at the prompt: forget a line being continued (the host shell's `> ` prompt). */
  abandonInput?(terminal: TerminalSession): void;
  /** Text printed for an expected failure of the playground itself (storage, damaged record). */
  failureText(message: string): string;
  /** Text printed when Ctrl-C stops a command or a question. */
  readonly interruptedText: string;
}

/** Control characters a terminal acts on: C0 but newline and tab, DEL, and C1 (U+0080–U+009F). */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * How every text a program prints reaches the terminal (its output, its prompt, a completion
 * listing): each control character in `cat -v` notation of its UTF-8 bytes, exactly as `cat` shows
 * a file holding it (src/commands/host/display.ts), so a stored name or an echoed typed word never
 * acts on the terminal (U+009B, CSI, would erase the screen). Text without them is unchanged.
 */
export function printableText(text: string): string {
  return text.replace(CONTROLS, (ch) => {
    const c = ch.charCodeAt(0);
    if (c < 0x20) return '^' + String.fromCharCode(c + 0x40);
    if (c === 0x7f) return '^?';
    return 'M-BM-^' + String.fromCharCode(c - 0x80 + 0x40); // UTF-8 C2 xx: M-B, then M-^x
  });
}
