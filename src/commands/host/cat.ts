/** cat FILE...: print files; binary bytes are shown safely (cat -v notation). */
import { readFile, resolvePath, isDir } from '../../hsm/vfs';
import { type HostCommand } from './command';
import { safeText } from './display';

export const cat: HostCommand = {
  name: 'cat',
  summary: 'print files (binary bytes shown safely)',
  usage: 'cat FILE...',
  args: [{ name: 'FILE', kind: 'file', optional: true, repeat: true }],
  async run(ctx, args) {
    let output = '';
    let stderr = '';
    await ctx.hsm.transact(async (tx) => {
      output = '';
      stderr = '';
      for (const name of args) {
        const path = resolvePath(ctx.cwd, name);
        const data = await readFile(tx, path);
        if (data) {
          const text = safeText(data);
          output += text.endsWith('\n') || text === '' ? text : text + '\n';
        } else stderr += (await isDir(tx, path)) ? `cat: ${name}: Is a directory\n` : `cat: ${name}: No such file or directory\n`;
      }
    });
    return { output, stderr };
  },
};
