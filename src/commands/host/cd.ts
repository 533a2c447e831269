/** cd [DIR] and pwd: the current directory of the client host (home when DIR is omitted). */
import { HOME, isDir, readFile, resolvePath } from '../../hsm/vfs';
import type { ArgSpec } from '../flags';
import { fail, fits, out, type HostCommand } from './command';

const ARGS: readonly ArgSpec[] = [{ name: 'DIR', kind: 'file', optional: true }];

export const cd: HostCommand = {
  name: 'cd',
  summary: 'change the current directory',
  usage: 'cd [DIR]',
  args: ARGS,
  async run(ctx, args) {
    if (!fits(ARGS, args)) return fail('cd: too many arguments');
    const target = resolvePath(ctx.cwd, args[0] ?? HOME);
    return ctx.hsm.transact(async (tx) => {
      if (await isDir(tx, target)) return { output: '', cwd: target };
      const why = (await readFile(tx, target)) ? 'Not a directory' : 'No such file or directory';
      return fail(`cd: ${args[0]}: ${why}`);
    });
  },
};

export const pwd: HostCommand = {
  name: 'pwd',
  summary: 'print the current directory',
  usage: 'pwd',
  args: [],
  async run(ctx) {
    return out(ctx.cwd);
  },
};
