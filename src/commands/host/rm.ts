/** rm [-f] FILE...: remove files. */
import { removeFile, resolvePath } from '../../hsm/vfs';
import { type HostCommand } from './command';

export const rm: HostCommand = {
  name: 'rm',
  summary: 'remove files',
  usage: 'rm [-f] FILE...',
  args: [{ name: 'FILE', kind: 'file', repeat: true }],
  options: [{ flag: '-f' }],
  async run(ctx, args) {
    const force = args.includes('-f');
    const names = args.filter((a) => a !== '-f');
    if (names.length === 0) return { output: '', stderr: force ? '' : 'rm: missing operand\n' };
    let output = '';
    await ctx.hsm.transact(async (tx) => {
      output = '';
      for (const name of names) {
        const r = await removeFile(tx, resolvePath(ctx.cwd, name));
        if (r === 'missing' && !force) output += `rm: cannot remove '${name}': No such file or directory\n`;
        if (r === 'is-dir') output += `rm: cannot remove '${name}': Is a directory\n`;
      }
    });
    return { output: '', stderr: output };
  },
};
