/** upload [NAME] and download FILE: move files between the user's computer and the virtual host. */
import { baseName, readFile, resolvePath, writeFile } from '../../hsm/vfs';
import type { ArgSpec } from '../flags';
import { fail, fits, out, type HostCommand } from './command';

const UPLOAD: readonly ArgSpec[] = [{ name: 'NAME', kind: 'file', optional: true }];
const DOWNLOAD: readonly ArgSpec[] = [{ name: 'FILE', kind: 'file' }];

export const upload: HostCommand = {
  name: 'upload',
  summary: 'load a file from your computer (optionally under NAME)',
  usage: 'upload [NAME]',
  args: UPLOAD,
  async run(ctx, args) {
    if (!fits(UPLOAD, args)) return fail('usage: upload [NAME]');
    if (!ctx.files) return fail('upload: this view has no access to your files');
    const picked = await ctx.files.pick();
    if (!picked) return fail('upload: cancelled');
    const name = args[0] ?? baseName(picked.name.replace(/\\/g, '/'));
    const path = resolvePath(ctx.cwd, name);
    // beyond the file system's bounds, writeFile refuses with its one message (FileSpaceError)
    const r = await ctx.hsm.transact((tx) => writeFile(tx, path, picked.data, ctx.hsm.deps.clock.now()));
    if (r !== 'ok') return fail(`upload: ${name}: ${r === 'is-dir' ? 'Is a directory' : 'No such file or directory'}`);
    return out(`${name}: ${picked.data.length} bytes`);
  },
};

export const download: HostCommand = {
  name: 'download',
  summary: 'save a file to your computer',
  usage: 'download FILE',
  args: DOWNLOAD,
  async run(ctx, args) {
    if (!fits(DOWNLOAD, args)) return fail('usage: download FILE');
    if (!ctx.files) return fail('download: this view has no access to your files');
    const name = args[0]!;
    const data = await ctx.hsm.transact((tx) => readFile(tx, resolvePath(ctx.cwd, name)));
    if (!data) return fail(`download: ${name}: No such file or directory`);
    ctx.files.save(baseName(resolvePath(ctx.cwd, name)), data);
    return out(`${name}: ${data.length} bytes offered for download`);
  },
};
