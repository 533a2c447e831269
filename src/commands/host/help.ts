/** help: the host shell's commands. */
import { out, type HostCommand } from './command';

export function hostHelp(commands: () => readonly HostCommand[]): HostCommand {
  return {
    name: 'help',
    summary: 'this list',
    usage: 'help',
    args: [],
    async run() {
      const list = commands();
      const width = Math.max(...list.map((c) => c.usage.length));
      return out(
        'Commands of this host shell:',
        '',
        ...list.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
        '',
        'In key_mgmt_util, type help for its own commands.',
      );
    },
  };
}
