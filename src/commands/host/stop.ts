/** stop JOB: upstart on an Amazon Linux client host (`sudo stop cloudhsm-client`; ./client-service.ts). */
import type { ArgSpec } from '../flags';
import type { HostCommand } from './command';
import { CLIENT_UNIT } from './client-unit';

const ARGS: readonly ArgSpec[] = [{ name: 'JOB', kind: 'none', words: [CLIENT_UNIT] }];

export const stop: HostCommand = {
  name: 'stop',
  summary: 'stop an upstart job (cloudhsm-client: keeps running here)',
  usage: 'stop JOB',
  args: ARGS,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./stop-run')).run(ctx, args),
};
