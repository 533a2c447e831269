/** `cluster hsm-info` (cloudhsm-cli.md §3.7): every HSM that is up, no login needed. */
import { cliGate } from '../../hsm/ops/cli-session';
import { cliHsmInfo } from '../../hsm/ops/cli-users';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand, CliResult } from './command';

export const clusterHsmInfo: CliCommand = {
  path: ['cluster', 'hsm-info'],
  about: 'List info about each HSM in the cluster',
  usage: 'cluster hsm-info [OPTIONS]',
  options: [],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, { clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const hsms = await cliHsmInfo(scope, ctx.session);
      return {
        ok: true,
        data: {
          hsms: hsms.map((h) => ({
            'vendor': h.vendor,
            'model': h.model,
            'serial-number': h.serialNumber,
            'hardware-version-major': h.hardwareVersionMajor,
            'hardware-version-minor': h.hardwareVersionMinor,
            'firmware-version-major': h.firmwareVersionMajor,
            'firmware-version-minor': h.firmwareVersionMinor,
            'firmware-build-number': h.firmwareBuildNumber,
            'firmware-id': h.firmwareId,
            'fips-state': h.fipsState,
          })),
        },
      };
    });
  },
};
