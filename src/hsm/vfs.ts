/**
 * The client host's virtual file system (spec README decision 2), stored in the same database as
 * the HSMs so a command that writes a file and changes keys commits both in one transaction.
 * Paths are POSIX-like; the learner starts in HOME. Directories other than the built-in ones are
 * records of kind 'dir'; parents are never created implicitly (kmu-commands.md G-29).
 *
 * Bounded: a file holds at most MAX_FILE_BYTES and all files together at most MAX_TOTAL_BYTES.
 * writeFile, the one door every file write goes through (redirection, openssl, upload, the page's
 * Upload button, the KMU/CMU commands' output files), refuses a write beyond either bound by
 * throwing FileSpaceError, one message for every caller; the command's transaction is then
 * dropped, so the store is unchanged. Entries are bounded too (a path of at most MAX_PATH_CHARS,
 * at most MAX_ENTRIES files and directories): checkNewEntry, called by writeFile and by mkdir for
 * each entry they create, refuses beyond them the same way, so neither `mkdir -p d/d/…/d` (10,000
 * directories whose ids add up to 100 million characters) nor a file named by a 100,000-character
 * word makes every later command slow.
 */
import { MAX_FILE_BYTES, type FileRecord } from './model';
import type { Tx } from './tx';
import { PlaygroundError } from './world';

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

/** A file holds at most 1 MiB. */
export { MAX_FILE_BYTES };
/** All files of the playground hold at most 16 MiB together. */
export const MAX_TOTAL_BYTES = 16 << 20;

/** The one message of a refused write: too large for a file, or for what is left of the budget. */
export function fileSpaceMessage(path: string): string {
  return `cannot write ${path}: a file holds at most 1 MiB (${MAX_FILE_BYTES} bytes) and all files together ` +
    `16 MiB (${MAX_TOTAL_BYTES} bytes) in this playground; nothing was written`;
}

/** A path holds at most 4096 characters (Linux's PATH_MAX). */
export const MAX_PATH_CHARS = 4096;
/** The file system holds at most 1024 files and directories (every record counted, the home and built-in directories included). */
export const MAX_ENTRIES = 1024;

/** The one message of a refused new entry: its path too long, or no entry left. */
export function fileEntryMessage(path: string): string {
  const shown = path.length > 80 ? `${path.slice(0, 80)}… (${path.length} characters)` : path;
  return `cannot create ${shown}: a path holds at most ${MAX_PATH_CHARS} characters and the file system at most ` +
    `${MAX_ENTRIES} files and directories in this playground; nothing was written`;
}

/** A write beyond MAX_FILE_BYTES or MAX_TOTAL_BYTES (or a new entry beyond MAX_PATH_CHARS or MAX_ENTRIES): an expected refusal, nothing is committed. */
export class FileSpaceError extends PlaygroundError {
  constructor(readonly path: string, message = fileSpaceMessage(path)) {
    super(message);
    this.name = 'FileSpaceError';
  }
}

/** A new file or directory beyond MAX_PATH_CHARS or MAX_ENTRIES: refused like a write beyond the byte bounds. */
export class FileCountError extends FileSpaceError {
  constructor(path: string) {
    super(path, fileEntryMessage(path));
    this.name = 'FileCountError';
  }
}

/**
 * The number of files and directories as each transaction leaves them, once counted in it (a
 * `mkdir` of thousands of names counts the store once, not once a name).
 */
const entryCounts = new WeakMap<Tx, number>();

/** Count one new file or directory in `tx`, or throw FileCountError when there is no room. */
async function addEntry(tx: Tx, path: string): Promise<void> {
  checkPathLength(path);
  const n = entryCounts.get(tx) ?? (await tx.list<FileRecord>('files')).length;
  if (n >= MAX_ENTRIES) throw new FileCountError(path);
  entryCounts.set(tx, n + 1);
}

/** A path longer than MAX_PATH_CHARS is refused before anything is read or walked. */
export function checkPathLength(path: string): void {
  if (path.length > MAX_PATH_CHARS) throw new FileCountError(path);
}

/** Stage a new directory (its parent checked by the caller); FileCountError when there is no room. */
export async function makeDir(tx: Tx, path: string, now: number): Promise<void> {
  await addEntry(tx, path);
  tx.put<FileRecord>('files', { id: path, rev: 0, kind: 'dir', mtime: now });
}

export type WriteResult = 'ok' | 'no-parent' | 'is-dir';

/** Whether `path` could be written (its parent is a directory and it is not one itself). */
export async function canWrite(tx: Tx, path: string): Promise<WriteResult> {
  if (await isDir(tx, path)) return 'is-dir';
  if (!(await isDir(tx, parentOf(path)))) return 'no-parent';
  return 'ok';
}

/**
 * Stage a file write (overwriting silently, as the real tools do: kmu-commands.md §1.6). Throws
 * FileSpaceError when `data` is larger than a file may be or than the budget has left (counting
 * the files as this transaction leaves them, the file's old content not counted).
 */
export async function writeFile(tx: Tx, path: string, data: Uint8Array, now: number): Promise<WriteResult> {
  const check = await canWrite(tx, path);
  if (check !== 'ok') return check;
  if (data.length > MAX_FILE_BYTES) throw new FileSpaceError(path);
  let others = 0;
  const all = await tx.list<FileRecord>('files');
  for (const f of all) if (f.id !== path) others += f.data?.length ?? 0;
  if (others + data.length > MAX_TOTAL_BYTES) throw new FileSpaceError(path);
  if (!entryCounts.has(tx)) entryCounts.set(tx, all.length);
  // (a get also remembers its revision for the commit guard)
  if (!(await tx.get<FileRecord>('files', path))) await addEntry(tx, path);
  tx.put<FileRecord>('files', { id: path, rev: 0, kind: 'file', data: data.slice(), mtime: now });
  return 'ok';
}

export async function removeFile(tx: Tx, path: string): Promise<'ok' | 'missing' | 'is-dir'> {
  if (await isDir(tx, path)) return 'is-dir';
  const rec = await tx.get<FileRecord>('files', path);
  if (!rec) return 'missing';
  tx.delete('files', path);
  const n = entryCounts.get(tx);
  if (n !== undefined) entryCounts.set(tx, n - 1);
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
