/**
 * env: print this terminal's environment, one NAME=value a line, in the order the variables
 * entered it (./env-variables.ts; GNU env prints its environment as it got it). Values print as
 * set, CLOUDHSM_PIN's included, as the real env does: the redaction rule is about what is kept
 * (the history, the command events' lines, share links), and the typed `export` line that set the
 * value is on the screen already. Running a command with a changed environment (`env NAME=v CMD`)
 * is not offered.
 */
import type { HostCommand } from './command';

export const env: HostCommand = {
  name: 'env',
  summary: 'print the environment variables (export sets them, unset removes them)',
  usage: 'env',
  args: [],
  run: async (ctx, args) => (await import('./env-run')).envRun(ctx, args),
};
