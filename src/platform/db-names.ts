/**
 * The names of the page's IndexedDB databases and channels, per build (issue 15, item 4).
 *
 * The single-file build (`npm run build:single`, Vite mode `single`) keeps its data apart from the
 * network build's: opened from disk, every file:// page shares one storage origin (toolchain.md §8:
 * a copy of the HTML in another directory, or any other local page, sees the same databases), and
 * served over http from the site's own origin it would otherwise open the site's playground. So its
 * databases are named `kmu-playground-single…`; the network build keeps `kmu-playground…` (as do
 * tests, whose mode is `test`). Neither build's names start with the other's prefixes.
 */

/** The base of every database and channel name of a build made in Vite mode `mode`. */
export function storageBase(mode: string): string {
  return mode === 'single' ? 'kmu-playground-single' : 'kmu-playground';
}

/** The names a build uses: its free-play database, its lessons' progress, its lesson playgrounds' prefix, its logins channel. */
export function storageNames(mode: string): { main: string; lessonProgress: string; lessonPrefix: string; logins: string } {
  const base = storageBase(mode);
  return { main: base, lessonProgress: `${base}-lessons`, lessonPrefix: `${base}-lesson-`, logins: `${base}:logins` };
}

/** This build's names (`import.meta.env.MODE`: 'production' for `npm run build`, 'single' for the single file, 'test' under Vitest). */
export const STORAGE_NAMES = storageNames(import.meta.env.MODE);
