/** xxd [-p] [FILE]: a hex dump in xxd's own format (standard input from a pipe when no file is named). */
import { readFile, resolvePath } from '../../hsm/vfs';
import { fail, out, type HostCommand } from './command';
import { toHex, xxd as dump } from './display';

export const xxd: HostCommand = {
  name: 'xxd',
  summary: 'hex dump of a file (-p: plain hex)',
  usage: 'xxd [-p] FILE',
  args: [{ name: 'FILE', kind: 'file' }],
  options: [{ flag: '-p' }, { flag: '-ps' }],
  async run(ctx, args) {
    const plain = args[0] === '-p' || args[0] === '-ps';
    const files = plain ? args.slice(1) : args;
    // `… | xxd`: standard input, when a pipe or `<` gives one (or for `-`)
    const fromStdin = (files.length === 0 && ctx.stdin !== undefined) || (files.length === 1 && files[0] === '-');
    if (!fromStdin && (files.length !== 1 || files[0]!.startsWith('-'))) return fail(`Usage: xxd [-p] FILE`);
    const name = files[0] ?? '-';
    const data = fromStdin ? ctx.stdin ?? new Uint8Array(0) : await ctx.hsm.transact((tx) => readFile(tx, resolvePath(ctx.cwd, name)));
    if (!data) return fail(`xxd: ${name}: No such file or directory`);
    if (!plain) return { output: dump(data) };
    const hex = toHex(data);
    return out(...(hex.match(/.{1,60}/g) ?? ['']).filter((l) => l !== '' || hex === ''));
  },
};
