/**
 * `key share` (cloudhsm-cli.md §3.14): add a crypto user to a key's share list. `key unshare`
 * (§3.15, ./key-unshare.ts) is the same table and run with the other verb.
 */
import { cliGate } from '../../hsm/ops/cli-session';
import { shareCliKey } from '../../hsm/ops/cli-keys';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand } from './command';

/** The command of one verb: `share` adds the user, `unshare` removes it (§3.14, §3.15). */
export function sharingCommand(verb: 'share' | 'unshare'): CliCommand {
  const Verb = verb[0]!.toUpperCase() + verb.slice(1);
  const done = `${verb}d`; // shared, unshared
  const doing = `${verb.slice(0, -1)}ing`; // sharing, unsharing
  return {
    path: ['key', verb],
    about: `${Verb} a key in the HSM cluster with another user`,
    usage: `key ${verb} --filter [<FILTER>...] --username <USERNAME> --role <ROLE>`,
    options: [
      {
        long: 'filter', value: 'FILTER', multi: true, required: true,
        description: `Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select a matching key for ${doing}`,
      },
      { long: 'username', value: 'USERNAME', required: true, complete: 'username', description: `A username with which the key will be ${done}` },
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
          filter: args.values('filter'), username: args.value('username') ?? '', role: args.value('role') ?? '', share: verb === 'share',
        });
        if (refusal) return { ok: false, refusal };
        return { ok: true, data: { message: `Key ${done} successfully` } };
      });
    },
  };
}

export const keyShare: CliCommand = sharingCommand('share');
