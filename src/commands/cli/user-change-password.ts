/**
 * `user change-password` (cloudhsm-cli.md §3.6): anyone their own password, an admin anyone's;
 * the old password is never asked for; set on every HSM that is up and has the user (which unlocks
 * it). Without `--password` the new one is asked for twice (§1.4). The deregister flags do nothing.
 */
import { ANY_ROLE, cliCheck, cliGate, runCli } from '../../hsm/ops/cli-session';
import { cliChangePassword } from '../../hsm/ops/cli-users';
import type { CliCommand, CliResult } from './command';
import { APPROVAL_OPTION, newVerifierOf, PASSWORD_OPTION, roleOf, roleOption, usernameOption } from './user-options';

export const userChangePassword: CliCommand = {
  path: ['user', 'change-password'],
  about: "Change a user's password",
  usage: 'user change-password [OPTIONS] --username <USERNAME> --role <ROLE> [--password <PASSWORD>]',
  options: [
    usernameOption('Username of the user that will be modified'),
    roleOption('Role the user has in the cluster'),
    PASSWORD_OPTION,
    APPROVAL_OPTION,
    { long: 'deregister-mfa', value: 'DEREGISTER-MFA', description: "Deregister the user's mfa public key, if present" },
    { long: 'deregister-quorum', value: 'DEREGISTER-QUORUM', description: "Deregister the user's quorum public key, if present" },
  ],
  async run(ctx, args) {
    const needs = { roles: ANY_ROLE, clusterId: args.value('cluster-id') };
    const username = args.value('username') ?? '';
    const role = roleOf(args.value('role'));
    const early = await cliCheck(ctx.hsm, ctx.session, needs);
    if (early) return { ok: false, refusal: early };
    // A crypto user is not asked for a password it may not set.
    const own = ctx.session.user?.name.toLowerCase() === username.toLowerCase();
    if (!own && ctx.session.role !== 'admin') return { ok: false, refusal: { error: 'wrong-role' } };
    if (!role) return { ok: false, refusal: { error: 'no-such-user' } };
    const made = await newVerifierOf(ctx, args.value('password'));
    if ('refusal' in made) return { ok: false, refusal: made.refusal };
    const { verifier } = made;
    return runCli(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, needs);
      if (gate) return { ok: false, refusal: gate };
      const refusal = await cliChangePassword(scope, ctx.session, { username, role, verifier });
      if (refusal) return { ok: false, refusal };
      return { ok: true, data: { username: username.toLowerCase(), role } };
    });
  },
};
