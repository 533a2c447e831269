/**
 * `user delete` (cloudhsm-cli.md §3.5): admin only; the user with that name and role goes from
 * every HSM that is up and has it. Never a logged-in user, nor a crypto user who owns keys.
 */
import { cliGate, runCli } from '../../hsm/ops/cli-session';
import { cliDeleteUser } from '../../hsm/ops/cli-users';
import type { CliCommand, CliResult } from './command';
import { APPROVAL_OPTION, roleOf, roleOption, usernameOption } from './user-options';

export const userDelete: CliCommand = {
  path: ['user', 'delete'],
  about: 'Delete a user',
  usage: 'user delete [OPTIONS] --username <USERNAME> --role <ROLE>',
  options: [
    usernameOption('Username to access the HSM cluster'),
    roleOption('Role the user has in the cluster'),
    APPROVAL_OPTION,
  ],
  async run(ctx, args) {
    const username = args.value('username') ?? '';
    const role = roleOf(args.value('role'));
    return runCli(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, { roles: ['admin'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      if (!role) return { ok: false, refusal: { error: 'no-such-user' } };
      const refusal = await cliDeleteUser(scope, ctx.session, { username, role });
      if (refusal) return { ok: false, refusal };
      return { ok: true, data: { username: username.toLowerCase(), role } };
    });
  },
};
