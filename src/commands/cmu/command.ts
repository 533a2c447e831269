/** What every cloudhsm_mgmt_util command file exports (one command per file). */
import type { CmuSession } from '../../hsm/cmu-session';
import type { Hsm } from '../../hsm/world';
import type { ArgSpec } from '../flags';

export interface CmuContext {
  hsm: Hsm;
  session: CmuSession;
  cwd: string;
  /** Ask for a line (y/n confirmations, -hpswd); the prompt is shown at once, without newline. */
  readLine(prompt: string, hidden: boolean): Promise<string>;
}

export interface CmuCommand {
  name: string;
  /** Syntax lines as the guide prints them (for `help <command>`). */
  syntax: readonly string[];
  description: string;
  /**
   * The positional arguments (CMU has no option letters except -hpswd, -2fa and getKeyInfo's -k),
   * as data: they drive the arity checks, the redaction of passwords and completion.
   */
  args: readonly ArgSpec[];
  run(ctx: CmuContext, args: readonly string[]): Promise<CmuResult>;
}

export interface CmuResult {
  output: string;
  exit?: boolean;
  /** The return codes reported, server by server (for the command's event). */
  codes?: number[];
}
