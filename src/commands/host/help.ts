/** help: the host shell's commands; `help NAME`: that command's usage line and what it does. */
import { out, type HostCommand } from './command';

export function hostHelp(commands: () => readonly HostCommand[]): HostCommand {
  return {
    name: 'help',
    summary: 'this list',
    usage: 'help',
    args: [],
    async run(_ctx, args) {
      const list = commands();
      const one = args.length === 1 ? list.find((c) => c.name === args[0]) : undefined;
      if (one) return out(`Usage: ${one.usage}`, one.summary);
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
