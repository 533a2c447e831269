/** clear: erase the screen. */
import type { HostCommand } from './command';

export const clear: HostCommand = {
  name: 'clear',
  summary: 'clear the screen',
  usage: 'clear',
  args: [],
  async run(ctx) {
    ctx.clear();
    return { output: '' };
  },
};
