/**
 * `login` (cloudhsm-cli.md §3.1): the credentials are checked on every HSM that is up; without
 * `--password` the password is asked for (hidden). Prints the user name in lower case and the role.
 */
import { cliCheck, cliLogin } from '../../hsm/ops/cli-session';
import type { CliCommand } from './command';
import { PASSWORD_OPTION, passwordOf, roleOf, roleOption, usernameOption } from './user-options';

export const login: CliCommand = {
  path: ['login'],
  about: 'Login to your cluster',
  usage: 'login [OPTIONS] --username <USERNAME> --role <ROLE> [COMMAND]',
  options: [
    usernameOption('Username to access the Cluster'),
    roleOption('Role the user has in the Cluster'),
    PASSWORD_OPTION,
  ],
  async run(ctx, args) {
    const clusterId = args.value('cluster-id');
    const username = args.value('username') ?? '';
    const role = roleOf(args.value('role'));
    if (!role) return { ok: false, refusal: { error: 'bad-credentials' } };
    // Nothing is asked when the login cannot start (another cluster, no HSM up, already logged in).
    const early = await cliCheck(ctx.hsm, ctx.session, { clusterId });
    if (early) return { ok: false, refusal: early };
    if (ctx.session.user) return { ok: false, refusal: { error: 'already-logged-in' } };
    const password = await passwordOf(ctx, args.value('password'));
    const r = await cliLogin(ctx.hsm, ctx.session, { username, role, password, clusterId });
    if (!r.ok) return r;
    return { ok: true, data: { username: r.username, role: r.role } };
  },
};
