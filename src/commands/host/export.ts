/**
 * export NAME=value … (bash's builtin, cloudhsm-cli.md §1.2, G-CLI-26): set variables of this
 * terminal's environment (./env-variables.ts), for `$NAME`, `env` and single-command mode's
 * CLOUDHSM_ROLE / CLOUDHSM_PIN. `export NAME="a b"` takes the quoted value; `export NAME = value`
 * (the archived modes page's spacing) is refused as bash refuses it: `=` is no name. `export` and
 * `export -p` list the variables as bash does (`declare -x NAME="value"`, by name). The value of
 * CLOUDHSM_PIN goes through the one redaction rule (src/commands/programs.ts cliSecretTokens).
 */
import { cliSecretTokens } from '../programs';
import type { HostCommand } from './command';

export const exportCommand: HostCommand = {
  name: 'export',
  summary: 'set an environment variable (export CLOUDHSM_ROLE=crypto-user; env lists them)',
  usage: 'export NAME=value ...',
  args: [{ name: 'NAME=value', kind: 'none', optional: true, repeat: true }],
  options: [{ flag: '-p' }],
  secretTokens: (tokens) => cliSecretTokens(tokens),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./env-run')).exportRun(ctx, args),
};
