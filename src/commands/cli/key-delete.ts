/** `key delete` (cloudhsm-cli.md §3.16): delete one key the caller owns, from every HSM. */
import { cliGate } from '../../hsm/ops/cli-session';
import { deleteCliKey } from '../../hsm/ops/cli-keys';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand } from './command';

export const keyDelete: CliCommand = {
  path: ['key', 'delete'],
  about: 'Delete a key in the HSM cluster',
  usage: 'key delete [OPTIONS] --filter [<FILTER>...]',
  options: [
    {
      long: 'filter', value: 'FILTER', multi: true, required: true,
      description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select a matching key for deletion',
    },
  ],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope) => {
      const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const refusal = await deleteCliKey(scope, ctx.session, args.values('filter'));
      if (refusal) return { ok: false, refusal };
      return { ok: true, data: { message: 'Key deleted successfully' } };
    });
  },
};
