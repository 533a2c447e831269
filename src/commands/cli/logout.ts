/** `logout` (cloudhsm-cli.md §3.2): ends the login and destroys the session's session keys. */
import { cliCheck, cliLogout } from '../../hsm/ops/cli-session';
import type { CliCommand } from './command';

export const logout: CliCommand = {
  path: ['logout'],
  about: 'Logout of your cluster',
  usage: 'logout [OPTIONS]',
  options: [],
  async run(ctx, args) {
    const clusterId = args.value('cluster-id');
    if (clusterId !== undefined) {
      const wrong = await cliCheck(ctx.hsm, ctx.session, { clusterId });
      if (wrong) return { ok: false, refusal: wrong };
    }
    const r = await cliLogout(ctx.hsm, ctx.session);
    if (!r.ok) return r;
    return { ok: true, data: 'Logout successful' };
  },
};
