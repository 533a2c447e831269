/** key_mgmt_util: start the key management tool (prompt `Command: `); `exit` comes back. */
import type { HostCommand } from './command';

export const keyMgmtUtil: HostCommand = {
  name: 'key_mgmt_util',
  summary: 'start key_mgmt_util (log in with loginHSM; exit returns here)',
  usage: 'key_mgmt_util',
  args: [],
  async run(ctx) {
    ctx.terminal.kmu.cluster = await ctx.hsm.transact((tx) => ctx.hsm.currentClusterName(tx));
    return { output: '', enter: 'kmu' };
  },
};
