/** logoutHSM (kmu-commands.md §2.2): ends the login and destroys its session keys. */
import { logout } from '../../hsm/auth';
import { clusterBlock, returnLine } from '../format';
import type { KmuCommand } from './command';

export const logoutHSM: KmuCommand = {
  name: 'logoutHSM',
  description: 'Logout from the HSM',
  syntax: ['logoutHSM'],
  flags: [],
  login: true,
  firstFunction: 'Cfm3LogoutHSM',
  returnIndent: '',
  async run(ctx) {
    const outcome = await ctx.transact((tx) => logout(ctx.hsm, tx, ctx.session));
    outcome.apply?.();
    const lines = [returnLine('Cfm3LogoutHSM', outcome.code, '')];
    if (outcome.nodes.length > 0) lines.push('', ...clusterBlock(outcome.nodes));
    return { lines };
  },
};
