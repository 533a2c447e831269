/** stop JOB: upstart on an Amazon Linux client host (`sudo stop cloudhsm-client`; ./client-service.ts). */
import type { ArgSpec } from '../flags';
import { fail, out, type HostCommand } from './command';
import { CLIENT_UNIT, clientNote } from './client-service';

const ARGS: readonly ArgSpec[] = [{ name: 'JOB', kind: 'none', words: [CLIENT_UNIT] }];

export const stop: HostCommand = {
  name: 'stop',
  summary: 'stop an upstart job (cloudhsm-client: keeps running here)',
  usage: 'stop JOB',
  args: ARGS,
  async run(ctx, args) {
    const [job] = args;
    if (job === undefined) return fail('stop: missing job name', "Try `stop --help' for more information.");
    if (args.length > 1 || job !== CLIENT_UNIT) return fail(`stop: Unknown job: ${job}`);
    return out(`${CLIENT_UNIT} stop/waiting`, await clientNote(ctx.hsm, 'stop'));
  },
};
