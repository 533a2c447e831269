/** systemctl start|stop|restart|status UNIT: systemd on the client host (./client-service.ts). */
import type { ArgSpec } from '../flags';
import type { HostCommand } from './command';
import { ACTIONS, CLIENT_UNIT } from './client-unit';

const ARGS: readonly ArgSpec[] = [
  { name: 'command', kind: 'none', words: ACTIONS },
  { name: 'unit', kind: 'none', words: [CLIENT_UNIT] },
];

export const systemctl: HostCommand = {
  name: 'systemctl',
  summary: 'start, stop or query a systemd unit (cloudhsm-client: always running here)',
  usage: 'systemctl start|stop|restart|status UNIT',
  args: ARGS,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./systemctl-run')).run(ctx, args),
};
