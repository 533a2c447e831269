/**
 * service NAME start|stop|restart|status: the SysV front end of the client host (Amazon Linux 2's
 * initscripts), which hands a basic LSB action on a systemd unit over to systemctl with its
 * `Redirecting to …` line and refuses any other action (./client-service.ts).
 */
import type { ArgSpec } from '../flags';
import type { HostCommand } from './command';
import { ACTIONS, CLIENT_UNIT } from './client-unit';

const ARGS: readonly ArgSpec[] = [
  { name: 'service_name', kind: 'none', words: [CLIENT_UNIT] },
  { name: 'command', kind: 'none', words: ACTIONS },
];

export const service: HostCommand = {
  name: 'service',
  summary: 'start, stop or query a service (cloudhsm-client: always running here)',
  usage: 'service NAME start|stop|restart|status',
  args: ARGS,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./service-run')).run(ctx, args),
};
