/** What `service` does (its table and command are in service.ts; this loads on first use). */
import { fail, type HostContext, type HostResult } from './command';
import { ACTIONS, clientNote, ONLY_ACTIONS, systemdLines } from './client-service';

const USAGE = 'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]';
const LSB_ACTIONS: readonly string[] = ['start', 'stop', 'restart', 'try-restart', 'reload', 'force-reload', 'status', 'condrestart'];
const LSB_ONLY = 'The service command supports only basic LSB actions (start, stop, restart, try-restart, reload, force-reload, status). For other actions, please try to use systemctl.';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const [name, action] = args;
  if (name === undefined || name.startsWith('-') || args.length > 2) return fail(USAGE);
  // initscripts hands a basic LSB action on a systemd unit to systemctl; any other it refuses
  if (action === undefined || !LSB_ACTIONS.includes(action)) return fail(LSB_ONLY);
  const redirect = `Redirecting to /bin/systemctl ${action} ${name}.service`;
  if (!ACTIONS.includes(action)) return fail(redirect, ONLY_ACTIONS);
  const { lines, known } = systemdLines(action, name);
  if (!known) return fail(redirect, ...lines);
  // (the redirect line is on stderr on a real host; it is printed first, as a terminal shows it)
  return { output: [redirect, ...lines, await clientNote(ctx.hsm, action)].map((l) => l + '\n').join('') };
}
