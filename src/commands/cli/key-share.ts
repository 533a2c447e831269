/** `key share` (cloudhsm-cli.md §3.14): add a crypto user to a key's share list. */
import { cliGate } from '../../hsm/ops/cli-session';
import { shareCliKey } from '../../hsm/ops/cli-keys';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand } from './command';

export const keyShare: CliCommand = {
  path: ['key', 'share'],
  about: 'Share a key in the HSM cluster with another user',
  usage: 'key share --filter [<FILTER>...] --username <USERNAME> --role <ROLE>',
  options: [
    {
      long: 'filter', value: 'FILTER', multi: true, required: true,
      description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select a matching key for sharing',
    },
    { long: 'username', value: 'USERNAME', required: true, complete: 'username', description: 'A username with which the key will be shared' },
    {
      long: 'role', value: 'ROLE', required: true, description: 'Role the user has in the cluster',
      described: [
        { value: 'crypto-user', help: 'A CryptoUser has the ability to manage and use keys' },
        { value: 'admin', help: 'An Admin has the ability to manage user accounts' },
      ],
    },
    { long: 'approval', value: 'APPROVAL', complete: 'file', description: 'Filepath of signed quorum token file to approve operation' },
  ],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope) => {
      const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const refusal = await shareCliKey(scope, ctx.session, {
        filter: args.values('filter'), username: args.value('username') ?? '', role: args.value('role') ?? '', share: true,
      });
      if (refusal) return { ok: false, refusal };
      return { ok: true, data: { message: 'Key shared successfully' } };
    });
  },
};
