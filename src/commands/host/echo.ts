/** echo [-n] TEXT...: print its arguments (the shell's `>` / `>>` puts them into a file). */
import type { HostCommand } from './command';

export const echo: HostCommand = {
  name: 'echo',
  summary: 'print text (echo TEXT > FILE writes a file)',
  usage: 'echo [-n] TEXT...',
  args: [{ name: 'TEXT', kind: 'none', optional: true, rest: true }],
  options: [{ flag: '-n' }],
  async run(_ctx, args) {
    const noNewline = args[0] === '-n';
    const text = (noNewline ? args.slice(1) : args).join(' ');
    return { output: noNewline ? text : text + '\n' };
  },
};
