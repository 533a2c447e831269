/** mkdir [-p] DIR...: make directories (-p: with their parents, no error if present). */
import type { FileRecord } from '../../hsm/model';
import { checkPathLength, isDir, makeDir, parentOf, resolvePath } from '../../hsm/vfs';
import { type HostCommand } from './command';

export const mkdir: HostCommand = {
  name: 'mkdir',
  summary: 'make directories',
  usage: 'mkdir [-p] DIR...',
  args: [{ name: 'DIR', kind: 'file', repeat: true }],
  options: [{ flag: '-p' }],
  async run(ctx, args) {
    const parents = args.includes('-p');
    const names = args.filter((a) => a !== '-p');
    if (names.length === 0) return { output: '', stderr: 'mkdir: missing operand\n' };
    return ctx.hsm.transact(async (tx) => {
      let output = '';
      const now = ctx.hsm.deps.clock.now();
      const make = async (path: string, name: string, top: boolean): Promise<boolean> => {
        checkPathLength(path); // before walking up 10,000 parents
        if (await isDir(tx, path)) {
          if (top && !parents) output += `mkdir: cannot create directory '${name}': File exists\n`;
          return true;
        }
        if (await tx.get<FileRecord>('files', path)) {
          output += `mkdir: cannot create directory '${name}': File exists\n`;
          return false;
        }
        if (!(await isDir(tx, parentOf(path)))) {
          if (!parents || !(await make(parentOf(path), name, false))) {
            if (!parents) output += `mkdir: cannot create directory '${name}': No such file or directory\n`;
            return false;
          }
        }
        await makeDir(tx, path, now); // bounded like every new entry (vfs.ts MAX_ENTRIES)
        return true;
      };
      for (const name of names) await make(resolvePath(ctx.cwd, name), name, true);
      return { output: '', stderr: output };
    });
  },
};
