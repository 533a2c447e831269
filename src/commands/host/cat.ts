/**
 * cat [FILE]...: print files (standard input when none is named, or for `-`). The terminal shows
 * binary bytes safely (cat -v notation, a final newline added); a pipe or a redirection gets the
 * bytes themselves.
 */
import { readFile, resolvePath, isDir } from '../../hsm/vfs';
import { type HostCommand } from './command';
import { concat } from './bytes';
import { safeText } from './display';

export const cat: HostCommand = {
  name: 'cat',
  summary: 'print files (binary bytes shown safely)',
  usage: 'cat FILE...',
  args: [{ name: 'FILE', kind: 'file', optional: true, repeat: true }],
  async run(ctx, args) {
    let output = '';
    let stderr = '';
    const chunks: Uint8Array[] = [];
    const errorsAt: Array<{ at: number; text: string }> = [];
    const show = (data: Uint8Array) => {
      chunks.push(data);
      const text = safeText(data);
      output += text.endsWith('\n') || text === '' ? text : text + '\n';
    };
    await ctx.hsm.transact(async (tx) => {
      output = '';
      stderr = '';
      chunks.length = 0;
      errorsAt.length = 0;
      for (const name of args.length ? args : ['-']) {
        if (name === '-') {
          show(ctx.stdin ?? new Uint8Array(0));
          continue;
        }
        const path = resolvePath(ctx.cwd, name);
        const data = await readFile(tx, path);
        if (data) show(data);
        else {
          const text = (await isDir(tx, path)) ? `cat: ${name}: Is a directory\n` : `cat: ${name}: No such file or directory\n`;
          errorsAt.push({ at: chunks.reduce((n, c) => n + c.length, 0), text });
          stderr += text;
        }
      }
    });
    return { output, stderr, bytes: concat(chunks), errorsAt };
  },
};
