/**
 * help (users-and-keys.md §7): `help` lists the commands, `help <command>` shows its syntax.
 * The guide shows no CMU help output; this layout follows key_mgmt_util's help [invented].
 */
import type { CmuCommand } from './command';

const COMMAND = { name: 'command', kind: 'none' } as const;

export function cmuHelp(commands: () => readonly CmuCommand[], find: (name: string) => CmuCommand | 'ambiguous' | undefined): CmuCommand {
  return {
    name: 'help',
    syntax: ['help [<command>]'],
    args: [{ ...COMMAND, optional: true }],
    description: 'Displays this information',
    async run(_ctx, args) {
      if (args.length === 0) {
        const rows = [...commands()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => `   ${c.name.padEnd(23)}${c.description}`);
        return {
          output: ['', 'Help Commands Available:', '', 'Syntax: help <command>', '', '',
            '   Command               Description', '   =======               ===========', '', ...rows, '']
            .map((l) => l + '\n').join(''),
        };
      }
      const cmd = find(args[0]!);
      if (cmd === undefined || cmd === 'ambiguous') return { output: `${cmd === 'ambiguous' ? 'Ambiguous' : 'Invalid'} command: ${args[0]}\n` };
      return { output: ['', `${cmd.description}.`, '', 'Syntax:', ...cmd.syntax.map((s) => `    ${s}`), ''].map((l) => l + '\n').join('') };
    },
  };
}
