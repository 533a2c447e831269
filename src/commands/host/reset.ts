/** reset: after a y/n confirmation, restore the fresh playground of spec README decision 1. */
import { fits, out, type HostCommand } from './command';

export const reset: HostCommand = {
  name: 'reset',
  summary: 'restore the fresh playground (asks first)',
  usage: 'reset',
  args: [],
  async run(ctx, args) {
    if (!fits([], args)) return out('usage: reset');
    for (;;) {
      const answer = (await ctx.readLine('This erases every cluster, key, user change and file of this playground. Continue? (y/n) ', false)).trim();
      if (answer === 'n' || answer === 'N') return out('Nothing was changed.');
      if (answer === 'y' || answer === 'Y') break;
    }
    await ctx.hsm.resetPlayground();
    return out('The playground is fresh again: cluster-1 with 3 HSMs, users admin, app_user and example_user.');
  },
};
