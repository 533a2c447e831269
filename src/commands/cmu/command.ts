/** What every cloudhsm_mgmt_util command file exports (one command per file). */
import type { CmuSession } from '../../hsm/cmu-session';
import type { Hsm } from '../../hsm/world';

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
  /** Positional arguments (CMU has no option letters except -hpswd and -2fa). */
  run(ctx: CmuContext, args: readonly string[]): Promise<{ output: string; exit?: boolean }>;
}
