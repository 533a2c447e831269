/** What every host-shell command file exports (one command per file). */
import type { Hsm } from '../../hsm/world';

export interface HostContext {
  hsm: Hsm;
  cwd: string;
  /** Erase the screen (`clear`). */
  clear(): void;
}

export interface HostResult {
  /** Text to print, each line ending in "\n" (may be empty). */
  output: string;
  /** Start a program: key_mgmt_util, or cloudhsm_mgmt_util connected to `cmu.servers`. */
  enter?: 'kmu' | 'cmu';
  cmu?: { cluster: string; servers: number[] };
}

export interface HostCommand {
  name: string;
  /** One line for `help`. */
  summary: string;
  usage: string;
  run(ctx: HostContext, args: readonly string[]): Promise<HostResult>;
}

export const out = (...lines: string[]): HostResult => ({ output: lines.map((l) => l + '\n').join('') });
