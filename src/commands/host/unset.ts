/** unset NAME ...: remove variables from this terminal's environment (bash's builtin; cloudhsm-cli.md §1.2). */
import type { HostCommand } from './command';

export const unset: HostCommand = {
  name: 'unset',
  summary: 'remove an environment variable (unset CLOUDHSM_PIN)',
  usage: 'unset NAME ...',
  args: [{ name: 'NAME', kind: 'none', optional: true, repeat: true }],
  options: [{ flag: '-v' }],
  // (completion offers nothing: the variables live in the runner)
  run: async (ctx, args) => (await import('./env-run')).unsetRun(ctx, args),
};
