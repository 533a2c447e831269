/** What `stop` does (its table and command are in stop.ts; this loads on first use). */
import { fail, out, type HostContext, type HostResult } from './command';
import { CLIENT_UNIT, clientNote } from './client-service';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const [job] = args;
  if (job === undefined) return fail('stop: missing job name', "Try `stop --help' for more information.");
  if (args.length > 1 || job !== CLIENT_UNIT) return fail(`stop: Unknown job: ${job}`);
  return out(`${CLIENT_UNIT} stop/waiting`, await clientNote(ctx.hsm, 'stop'));
}
