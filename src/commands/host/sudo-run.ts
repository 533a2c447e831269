/** What `sudo` does (its table and command are in sudo.ts; this loads on first use). */
import { fail, out, type HostCommand, type HostContext, type HostResult } from './command';
import { commandAt } from './sudo';

const SUDO_VERSION = '1.8.23';
/** sudo 1.8's usage (the version of the guide's Amazon Linux 2 client host). */
const USAGE = [
  'usage: sudo -h | -K | -k | -V',
  'usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]',
  'usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]',
  'usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-g group] [-h host] [-p prompt] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]',
  'usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-g group] [-h host] [-p prompt] [-T timeout] [-u user] file ...',
];

/** `find`: the command a word names, but a shell builtin (sudo.ts). */
export async function run(ctx: HostContext, words: readonly string[], find: (name: string) => HostCommand | undefined): Promise<HostResult> {
  const [name, ...rest] = words.slice(commandAt(words, 0));
  if (name === undefined) return fail(...USAGE);
  if (name === '-h') {
    return out('sudo - execute a command as another user', '', ...USAGE, '',
      'In this playground the host has one user: sudo runs the command as it is.');
  }
  if (name === '-V' && rest.length === 0) return out(`Sudo version ${SUDO_VERSION}`);
  if ((name === '-k' || name === '-K') && rest.length === 0) return out(); // no cached credentials to forget
  if (name.startsWith('-')) return fail(`sudo: invalid option -- '${name.slice(1, 2)}'`, ...USAGE);
  const cmd = find(name);
  if (!cmd) return fail(`sudo: ${name}: command not found`);
  return cmd.run(ctx, rest);
}
