/**
 * cloudhsm-cli: the CloudHSM CLI of Client SDK 5 (cloudhsm-cli.md §1.1, §1.2). The guide starts it
 * as `/opt/cloudhsm/bin/cloudhsm-cli …` (the path is resolved by the host's program table,
 * ./index.ts).
 * - `cloudhsm-cli interactive [--cluster-id ID]` prints nothing and enters the CLI's prompt,
 *   logged out (it ignores CLOUDHSM_ROLE / CLOUDHSM_PIN); `--cluster-id` must name the current
 *   cluster (G-CLI-28), else the §2.8 envelope `Cluster <id> is not configured` and the shell stays.
 * - `cloudhsm-cli <command path> <flags>` is single-command mode: one line of the CLI in a session
 *   of its own, logged in from CLOUDHSM_ROLE and CLOUDHSM_PIN when both are set (./cloudhsm-cli-run.ts).
 * The CLI's tables load on first use: completion after the first word and the run import them
 * then; the redaction rule of `--password` is the tiny one of src/commands/programs.ts.
 */
import { cliSecretTokens } from '../programs';
import type { ArgSpec } from '../flags';
import type { CompletionSlot } from '../program';
import type { HostCommand } from './command';

export const INTERACTIVE = 'interactive';

const ARGS: readonly ArgSpec[] = [
  { name: 'command', kind: 'none', words: [INTERACTIVE] },
  { name: 'args', kind: 'none', optional: true, rest: true },
];

async function complete(before: readonly string[], word: string): Promise<CompletionSlot> {
  const rest = before.slice(1);
  if (rest[0] === INTERACTIVE) {
    return rest.length === 1 || rest[rest.length - 1] !== '--cluster-id' ? { words: ['--cluster-id', '--help'], kind: 'none' } : { words: [], kind: 'none' };
  }
  // the CLI's own tables: its command paths, then the options of the command being typed
  const { cliProgram } = await import('../cli/program');
  const slot = cliProgram.complete ? await cliProgram.complete(rest, word) : { words: [], kind: 'none' as const };
  return rest.length === 0 ? { ...slot, words: [INTERACTIVE, ...slot.words.filter((w) => w !== INTERACTIVE)] } : slot;
}

export const cloudhsmCli: HostCommand = {
  name: 'cloudhsm-cli',
  summary: 'the CloudHSM CLI (SDK 5): cloudhsm-cli interactive (quit returns here), or one command',
  usage: 'cloudhsm-cli interactive | cloudhsm-cli COMMAND [OPTIONS]',
  args: ARGS,
  secretTokens: (tokens) => cliSecretTokens(tokens),
  complete,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./cloudhsm-cli-run')).run(ctx, args),
};
