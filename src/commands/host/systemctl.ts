/** systemctl start|stop|restart|status UNIT: systemd on the client host (./client-service.ts). */
import type { ArgSpec } from '../flags';
import { fail, out, type HostCommand } from './command';
import { ACTIONS, CLIENT_UNIT, clientNote, ONLY_ACTIONS, OTHER_SYSTEMD_VERBS, systemdLines } from './client-service';

const ARGS: readonly ArgSpec[] = [
  { name: 'command', kind: 'none', words: ACTIONS },
  { name: 'unit', kind: 'none', words: [CLIENT_UNIT] },
];

export const systemctl: HostCommand = {
  name: 'systemctl',
  summary: 'start, stop or query a systemd unit (cloudhsm-client: always running here)',
  usage: 'systemctl start|stop|restart|status UNIT',
  args: ARGS,
  async run(ctx, args) {
    const [action, unit] = args;
    if (action === undefined) return out(ONLY_ACTIONS);
    if (!ACTIONS.includes(action)) return fail(OTHER_SYSTEMD_VERBS.includes(action) ? ONLY_ACTIONS : `Unknown operation '${action}'.`);
    if (unit === undefined) return fail('Too few arguments.');
    if (args.length > 2) return fail(ONLY_ACTIONS);
    const { lines, known } = systemdLines(action, unit);
    if (!known) return fail(...lines);
    return out(...lines, await clientNote(ctx.hsm, action));
  },
};
