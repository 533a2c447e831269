/** `user list` (cloudhsm-cli.md §3.3): every user of the up HSMs, no login needed. */
import { cliGate } from '../../hsm/ops/cli-session';
import { cliUserList } from '../../hsm/ops/cli-users';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand, CliResult } from './command';

export const userList: CliCommand = {
  path: ['user', 'list'],
  about: 'List the users in your cluster',
  usage: 'user list [OPTIONS]',
  options: [],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, { clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const users = await cliUserList(scope, ctx.session);
      return {
        ok: true,
        data: {
          users: users.map((u) => ({ 'username': u.username, 'role': u.role, 'locked': u.locked, 'mfa': [], 'cluster-coverage': u.coverage })),
        },
      };
    });
  },
};
