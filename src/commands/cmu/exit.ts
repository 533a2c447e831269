/**
 * exit (users-and-keys.md §9.12, README decision 2): in server mode, back to global mode; in
 * global mode, leave cloudhsm_mgmt_util like quit.
 */
import { setServerMode } from '../../hsm/ops/cmu-hsms';
import type { CmuCommand } from './command';
import { quit } from './quit';

export const exit: CmuCommand = {
  name: 'exit',
  syntax: ['exit'],
  args: [],
  description: 'Leaves server mode; in global mode exits this application',
  async run(ctx, args) {
    if (ctx.session.serverMode === null) return quit.run(ctx, args);
    setServerMode(ctx.session, null);
    return { output: '' };
  },
};
