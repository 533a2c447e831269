/** quit (users-and-keys.md §9.15): leave cloudhsm_mgmt_util; the login ends. */
import { cmuQuit } from '../../hsm/ops/cmu-hsms';
import type { CmuCommand } from './command';

export const quit: CmuCommand = {
  name: 'quit',
  syntax: ['quit'],
  args: [],
  description: 'Exits this application',
  async run(ctx) {
    cmuQuit(ctx.session);
    return { output: '\ndisconnecting from servers, please wait...\n', exit: true };
  },
};
