/** ls [-l] [PATH...]: list the virtual file system. */
import type { FileRecord } from '../../hsm/model';
import { isDir, listDir, resolvePath } from '../../hsm/vfs';
import { type HostCommand } from './command';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function longLine(name: string, rec: FileRecord | null, size: number): string {
  const dir = !rec || rec.kind === 'dir';
  const d = new Date(rec?.mtime ?? 0);
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${dir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} user user ${String(dir ? 4096 : size).padStart(6)} ${when} ${name}`;
}

export const ls: HostCommand = {
  name: 'ls',
  summary: 'list files (-l: with sizes)',
  usage: 'ls [-l] [PATH...]',
  args: [{ name: 'PATH', kind: 'file', optional: true, repeat: true }],
  options: [{ flag: '-l' }],
  async run(ctx, args) {
    const long = args.includes('-l');
    const bad = args.find((a) => a.startsWith('-') && a !== '-l');
    if (bad) return { output: '', stderr: `ls: invalid option -- '${bad.slice(1)}'\n` };
    const targets = args.filter((a) => !a.startsWith('-'));
    let output = '';
    let stderr = '';
    await ctx.hsm.transact(async (tx) => {
      output = '';
      stderr = '';
      for (const t of targets.length ? targets : ['.']) {
        const path = resolvePath(ctx.cwd, t);
        if (targets.length > 1) output += `${t}:\n`;
        if (await isDir(tx, path)) {
          const entries = await listDir(tx, path);
          if (long) {
            output += `total ${entries.length}\n`;
            for (const e of entries) output += longLine(e.name, e.rec, e.rec?.data?.length ?? 0) + '\n';
          } else if (entries.length > 0) {
            const names = entries.map((e) => e.name);
            output += names.join('  ').length <= 80 ? names.join('  ') + '\n' : names.join('\n') + '\n';
          }
        } else {
          const rec = await tx.get<FileRecord>('files', path);
          if (rec?.kind !== 'file') stderr += `ls: cannot access '${t}': No such file or directory\n`;
          else output += long ? longLine(t, rec, rec.data?.length ?? 0) + '\n' : `${t}\n`;
        }
      }
    });
    return { output, stderr };
  },
};

