/** What every key_mgmt_util command file exports (one command per file). */
import type { OpScope } from '../../hsm/ops/runner';
import type { Tx } from '../../hsm/tx';
import type { Hsm } from '../../hsm/world';
import type { KmuSession } from '../../hsm/session';
import type { CommandHelp } from '../flags';

export interface KmuContext {
  hsm: Hsm;
  session: KmuSession;
  /** Current directory of the client host, for relative file names. */
  cwd: string;
  /** Ask for a line of input (loginHSM -hpswd); the prompt is shown at once, without newline. */
  readLine(prompt: string, hidden: boolean): Promise<string>;
  /**
   * Run one operation in one unit of work through the runner: a serving HSM is chosen inside it
   * first (unless `serving: false`: exit needs none), session effects apply after the commit.
   */
  transact<T>(work: (tx: Tx, scope: OpScope) => Promise<T>, opts?: { serving?: boolean }): Promise<T>;
}

export interface KmuArgs {
  values: ReadonlyMap<string, string>;
  present: ReadonlySet<string>;
}

export interface KmuCommand extends CommandHelp {
  /** Needs a logged-in crypto user (kmu-commands.md §1.2, G-5). */
  login: boolean;
  /** First HSM function, printed with 0xe3 when the user is not logged in (§1.5). */
  firstFunction?: string;
  /** Indentation of that return line ('' for the flush-left ones: loginHSM, logoutHSM). */
  returnIndent?: string;
  /**
   * Run after the flags parsed; returns the output lines between the empty line that follows the
   * echoed command and the empty line before the next prompt. `exit: true` leaves the tool.
   */
  run(ctx: KmuContext, args: KmuArgs): Promise<KmuResult>;
}

export interface KmuResult {
  lines: string[];
  exit?: boolean;
  /** The return codes printed, in order (for the command's event). */
  codes?: number[];
}
