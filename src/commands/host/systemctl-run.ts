/** What `systemctl` does (its table and command are in systemctl.ts; this loads on first use). */
import { fail, out, type HostContext, type HostResult } from './command';
import { ACTIONS, clientNote, ONLY_ACTIONS, OTHER_SYSTEMD_VERBS, systemdLines } from './client-service';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const [action, unit] = args;
  if (action === undefined) return out(ONLY_ACTIONS);
  if (!ACTIONS.includes(action)) return fail(OTHER_SYSTEMD_VERBS.includes(action) ? ONLY_ACTIONS : `Unknown operation '${action}'.`);
  if (unit === undefined) return fail('Too few arguments.');
  if (args.length > 2) return fail(ONLY_ACTIONS);
  const { lines, known } = systemdLines(action, unit);
  if (!known) return fail(...lines);
  return out(...lines, await clientNote(ctx.hsm, action));
}
