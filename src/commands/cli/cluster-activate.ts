/**
 * `cluster activate` (cloudhsm-cli.md §3.23): every playground cluster is already active (README
 * decision 1), so the command answers `The cluster is already activated` and changes nothing.
 */
import { cliGate } from '../../hsm/ops/cli-session';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand, CliResult } from './command';
import { PASSWORD_OPTION } from './user-options';

export const clusterActivate: CliCommand = {
  path: ['cluster', 'activate'],
  about: 'Activate a cluster',
  usage: 'cluster activate [OPTIONS]',
  options: [PASSWORD_OPTION],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, { clusterId: args.value('cluster-id') });
      return { ok: false, refusal: gate ?? { error: 'cluster-activated' } };
    });
  },
};
