/**
 * `user create` (cloudhsm-cli.md §3.4): admin only; the user is created on every HSM that is up,
 * and running it again repairs a user missing on some (G-CLI-24). Without `--password` the
 * password is asked for twice (§1.4).
 */
import { cliCheck, cliGate, runCli } from '../../hsm/ops/cli-session';
import { cliCreateUser } from '../../hsm/ops/cli-users';
import { isValidUserName } from '../../hsm/users';
import type { CliCommand, CliResult } from './command';
import { APPROVAL_OPTION, newVerifierOf, PASSWORD_OPTION, roleOf, roleOption, usernameOption } from './user-options';

export const userCreate: CliCommand = {
  path: ['user', 'create'],
  about: 'Create a new user',
  usage: 'user create [OPTIONS] --username <USERNAME> --role <ROLE> [--password <PASSWORD>]',
  options: [
    usernameOption('Username to access the HSM cluster'),
    roleOption('Role the user has in the cluster'),
    PASSWORD_OPTION,
    APPROVAL_OPTION,
  ],
  async run(ctx, args) {
    const clusterId = args.value('cluster-id');
    const needs = { roles: ['admin'] as const, clusterId };
    const username = args.value('username') ?? '';
    const role = roleOf(args.value('role'));
    // Nothing is asked of a caller who may not create users, nor for a name that cannot be one.
    const early = await cliCheck(ctx.hsm, ctx.session, needs);
    if (early) return { ok: false, refusal: early };
    if (!role || !isValidUserName(username)) return { ok: false, refusal: { error: 'invalid-user-name' } };
    const made = await newVerifierOf(ctx, args.value('password'));
    if ('refusal' in made) return { ok: false, refusal: made.refusal };
    const { verifier } = made;
    return runCli(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, needs);
      if (gate) return { ok: false, refusal: gate };
      const refusal = await cliCreateUser(scope, ctx.session, { username, role, verifier });
      if (refusal) return { ok: false, refusal };
      return { ok: true, data: { username: username.toLowerCase(), role } };
    });
  },
};
