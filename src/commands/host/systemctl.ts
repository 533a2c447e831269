/** systemctl start|stop|restart|status UNIT: systemd on the client host (./client-service.ts). */
import type { ArgSpec } from '../flags';
import { fail, out, type HostCommand } from './command';
import { ACTIONS, CLIENT_UNIT, clientNote, systemdLines } from './client-service';

const ARGS: readonly ArgSpec[] = [
  { name: 'command', kind: 'none', words: ACTIONS },
  { name: 'unit', kind: 'none', words: [CLIENT_UNIT] },
];

export const systemctl: HostCommand = {
  name: 'systemctl',
  summary: 'start, stop or query a systemd unit (cloudhsm-client: the simulated client, always running)',
  usage: 'systemctl start|stop|restart|status UNIT',
  args: ARGS,
  async run(ctx, args) {
    const [action, unit] = args;
    if (action === undefined) return out(`This playground's systemctl knows ${ACTIONS.join(', ')} of ${CLIENT_UNIT}.`);
    if (!ACTIONS.includes(action)) return fail(`Unknown operation '${action}'.`);
    if (unit === undefined) return fail('Too few arguments.');
    if (args.length > 2) return fail(`This playground's systemctl takes one unit: systemctl ${action} ${CLIENT_UNIT}`);
    const { lines, known } = systemdLines(action, unit);
    if (!known) return fail(...lines);
    return out(...lines, await clientNote(ctx.hsm, action));
  },
};
