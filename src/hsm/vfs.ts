/**
 * The client host's virtual file system (spec README decision 2), stored in the same database as
 * the HSMs so a command that writes a file and changes keys commits both in one transaction.
 * Paths are POSIX-like; the learner starts in HOME. Directories other than the built-in ones are
 * records of kind 'dir'; parents are never created implicitly (kmu-commands.md G-29).
 */
import type { FileRecord } from './model';
import type { Tx } from './tx';

export const HOME = '/home/user';
const BUILTIN_DIRS = new Set(['/', '/home', HOME, '/tmp']);

export function resolvePath(cwd: string, p: string): string {
  const raw = p === '~' ? HOME : p.startsWith('~/') ? HOME + p.slice(1) : p;
  const parts = (raw.startsWith('/') ? raw : `${cwd}/${raw}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export const parentOf = (path: string) => (path.lastIndexOf('/') <= 0 ? '/' : path.slice(0, path.lastIndexOf('/')));
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export async function isDir(tx: Tx, path: string): Promise<boolean> {
  if (BUILTIN_DIRS.has(path)) return true;
  return (await tx.get<FileRecord>('files', path))?.kind === 'dir';
}

export async function readFile(tx: Tx, path: string): Promise<Uint8Array | undefined> {
  const rec = await tx.get<FileRecord>('files', path);
  return rec?.kind === 'file' ? rec.data ?? new Uint8Array(0) : undefined;
}

export type WriteResult = 'ok' | 'no-parent' | 'is-dir';

/** Whether `path` could be written (its parent is a directory and it is not one itself). */
export async function canWrite(tx: Tx, path: string): Promise<WriteResult> {
  if (await isDir(tx, path)) return 'is-dir';
  if (!(await isDir(tx, parentOf(path)))) return 'no-parent';
  return 'ok';
}

/** Stage a file write (overwriting silently, as the real tools do: kmu-commands.md §1.6). */
export async function writeFile(tx: Tx, path: string, data: Uint8Array, now: number): Promise<WriteResult> {
  const check = await canWrite(tx, path);
  if (check !== 'ok') return check;
  await tx.get<FileRecord>('files', path); // remember its revision for the commit guard
  tx.put<FileRecord>('files', { id: path, rev: 0, kind: 'file', data: data.slice(), mtime: now });
  return 'ok';
}

export async function removeFile(tx: Tx, path: string): Promise<'ok' | 'missing' | 'is-dir'> {
  if (await isDir(tx, path)) return 'is-dir';
  const rec = await tx.get<FileRecord>('files', path);
  if (!rec) return 'missing';
  tx.delete('files', path);
  return 'ok';
}

/** Direct children of a directory, sorted by name. */
export async function listDir(tx: Tx, dir: string): Promise<Array<{ name: string; rec: FileRecord | null }>> {
  const prefix = dir === '/' ? '/' : dir + '/';
  const all = await tx.list<FileRecord>('files', prefix);
  const names = new Map<string, FileRecord | null>();
  for (const r of all) {
    const rest = r.id.slice(prefix.length);
    if (rest === '') continue;
    const slash = rest.indexOf('/');
    if (slash < 0) names.set(rest, r);
    else if (!names.has(rest.slice(0, slash))) names.set(rest.slice(0, slash), null);
  }
  for (const d of BUILTIN_DIRS) {
    if (d !== dir && parentOf(d) === dir && d !== '/') names.set(baseName(d), null);
  }
  return [...names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, rec]) => ({ name, rec }));
}
