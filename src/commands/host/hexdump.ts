/** hexdump -C [FILE]: the canonical hex+ASCII display (standard input from a pipe when no file is named). */
import { readFile, resolvePath } from '../../hsm/vfs';
import { fail, type HostCommand } from './command';
import { hexdumpC } from './display';

export const hexdump: HostCommand = {
  name: 'hexdump',
  summary: 'hex and ASCII dump of a file',
  usage: 'hexdump -C FILE',
  args: [{ name: 'FILE', kind: 'file' }],
  options: [{ flag: '-C' }],
  async run(ctx, args) {
    // `… | hexdump -C`: standard input, when a pipe or `<` gives one
    if (args.length === 1 && args[0] === '-C' && ctx.stdin) return { output: hexdumpC(ctx.stdin) };
    if (args.length !== 2 || args[0] !== '-C') return fail('usage: hexdump -C FILE');
    const name = args[1]!;
    if (name === '-') return { output: hexdumpC(ctx.stdin ?? new Uint8Array(0)) };
    const data = await ctx.hsm.transact((tx) => readFile(tx, resolvePath(ctx.cwd, name)));
    if (!data) return fail(`hexdump: ${name}: No such file or directory`);
    return { output: hexdumpC(data) };
  },
};
