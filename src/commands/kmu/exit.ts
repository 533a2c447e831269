/** exit and its silent alias quit (kmu-commands.md §2.3): leave the tool; the login ends. */
import type { KmuCommand } from './command';

const leave: KmuCommand['run'] = async (ctx) => {
  ctx.session.end(); // session keys disappear, as after logoutHSM, but nothing is printed
  return { lines: [], exit: true };
};

export const exit: KmuCommand = {
  name: 'exit', description: 'Exits this application', syntax: ['exit'], flags: [], login: false, run: leave,
};

export const quit: KmuCommand = { ...exit, name: 'quit' };
