/** quit (users-and-keys.md §9.15): leave cloudhsm_mgmt_util; the login ends. */
import type { CmuCommand } from './command';

export const quit: CmuCommand = {
  name: 'quit',
  syntax: ['quit'],
  description: 'Exits this application',
  async run(ctx) {
    ctx.session.end();
    return { output: '\ndisconnecting from servers, please wait...\n', exit: true };
  },
};
