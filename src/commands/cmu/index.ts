/** The cloudhsm_mgmt_util command registry (one command per file). */
import type { CmuCommand } from './command';
import { quit } from './quit';

export const CMU_COMMANDS: readonly CmuCommand[] = [quit];

/**
 * A command may be abbreviated to any prefix that is unique among CMU commands (`listU` =
 * `listUsers`, users-and-keys.md §7). Exact names win; matching is case-sensitive.
 */
export function findCmuCommand(name: string): CmuCommand | 'ambiguous' | undefined {
  const exact = CMU_COMMANDS.find((c) => c.name === name);
  if (exact) return exact;
  const matches = CMU_COMMANDS.filter((c) => c.name.startsWith(name));
  return matches.length === 1 ? matches[0] : matches.length > 1 ? 'ambiguous' : undefined;
}

export type { CmuCommand };
