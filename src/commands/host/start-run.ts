/** What `start` does (its table and command are in start.ts; this loads on first use). */
import { fail, out, type HostContext, type HostResult } from './command';
import { CLIENT_PID, CLIENT_UNIT, clientNote } from './client-service';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const [job] = args;
  if (job === undefined) return fail('start: missing job name', "Try `start --help' for more information.");
  if (args.length > 1 || job !== CLIENT_UNIT) return fail(`start: Unknown job: ${job}`);
  return out(`${CLIENT_UNIT} start/running, process ${CLIENT_PID}`, await clientNote(ctx.hsm, 'start'));
}
