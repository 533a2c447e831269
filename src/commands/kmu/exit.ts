/** exit and its silent alias quit (kmu-commands.md §2.3): leave the tool; the login ends. */
import { endSession } from '../../hsm/ops/session';
import type { KmuCommand } from './command';

const leave: KmuCommand['run'] = async (ctx) => {
  // session keys disappear, as after logoutHSM, but nothing is printed; no HSM is asked
  await ctx.transact((_tx, scope) => endSession(scope, ctx.session), { serving: false });
  return { lines: [], exit: true };
};

export const exit: KmuCommand = {
  name: 'exit', description: 'Exits this application', syntax: ['exit'], flags: [], login: false, run: leave,
};

export const quit: KmuCommand = { ...exit, name: 'quit' };
