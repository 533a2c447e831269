/** start JOB: upstart on an Amazon Linux client host (`sudo start cloudhsm-client`; ./client-service.ts). */
import type { ArgSpec } from '../flags';
import type { HostCommand } from './command';
import { CLIENT_UNIT } from './client-unit';

const ARGS: readonly ArgSpec[] = [{ name: 'JOB', kind: 'none', words: [CLIENT_UNIT] }];

export const start: HostCommand = {
  name: 'start',
  summary: 'start an upstart job (cloudhsm-client: always running here)',
  usage: 'start JOB',
  args: ARGS,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./start-run')).run(ctx, args),
};
