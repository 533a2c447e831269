/** start JOB: upstart on an Amazon Linux client host (`sudo start cloudhsm-client`; ./client-service.ts). */
import type { ArgSpec } from '../flags';
import { fail, out, type HostCommand } from './command';
import { CLIENT_PID, CLIENT_UNIT, clientNote } from './client-service';

const ARGS: readonly ArgSpec[] = [{ name: 'JOB', kind: 'none', words: [CLIENT_UNIT] }];

export const start: HostCommand = {
  name: 'start',
  summary: 'start an upstart job (cloudhsm-client: always running here)',
  usage: 'start JOB',
  args: ARGS,
  async run(ctx, args) {
    const [job] = args;
    if (job === undefined) return fail('start: missing job name', "Try `start --help' for more information.");
    if (args.length > 1 || job !== CLIENT_UNIT) return fail(`start: Unknown job: ${job}`);
    return out(`${CLIENT_UNIT} start/running, process ${CLIENT_PID}`, await clientNote(ctx.hsm, 'start'));
  },
};
