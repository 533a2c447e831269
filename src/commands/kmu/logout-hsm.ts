/** logoutHSM (kmu-commands.md §2.2): ends the login and destroys its session keys. */
import { logoutUser } from '../../hsm/ops/session';
import { clusterBlock } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';

export const logoutHSM: KmuCommand = {
  name: 'logoutHSM',
  description: 'Logout from the HSM',
  syntax: ['logoutHSM'],
  flags: [],
  login: true,
  firstFunction: 'Cfm3LogoutHSM',
  returnIndent: '',
  async run(ctx) {
    const out = await ctx.transact((_tx, scope) => logoutUser(scope, ctx.session));
    const lines = stepLines(out.steps, { indent: '' });
    if (out.nodes.length > 0) lines.push('', ...clusterBlock(out.nodes));
    return { lines, codes: stepCodes(out.steps) };
  },
};
