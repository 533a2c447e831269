/**
 * Tab completion as the editor applies it, like bash: one candidate is inserted whole (with a
 * blank after it unless it is a directory), several insert their common prefix, and when that
 * adds nothing a second Tab lists them. The candidates come from the session
 * (src/shell/complete.ts); this file only decides what a Tab does with them.
 */
import type { Completion } from '../complete';
import { textWidth } from './width';

/** Longest common prefix of the candidates (what one Tab inserts when several match). */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Split candidates into rows of columns for the screen (like bash's completion listing). */
export function columns(words: readonly string[], width: number): string[] {
  // by display width (a wide character takes two columns); no spread: a directory may list any number
  const widths = words.map(textWidth);
  const w = widths.reduce((m, x) => Math.max(m, x), 0) + 2;
  const per = Math.max(1, Math.floor(width / w));
  const rows: string[] = [];
  const n = Math.ceil(words.length / per);
  for (let r = 0; r < n; r++) {
    let line = '';
    for (let c = 0; c < per; c++) {
      const word = words[c * n + r];
      if (word !== undefined) line += word + ' '.repeat(w - widths[c * n + r]!);
    }
    rows.push(line.trimEnd());
  }
  return rows;
}

/**
 * The most candidates a second Tab lists; the rest are counted on one more line, "... and N more"
 * (3,300 key handles listed whole would keep the page busy for most of a second and scroll away
 * everything above; issue 11, finding 12). More typing narrows the list.
 */
export const LIST_CAP = 200;

/**
 * The rows a second Tab prints: the first `cap` candidates (each as `show` gives it) in columns,
 * then "... and N more" when some were left out.
 */
export function listing(words: readonly string[], width: number, show: (w: string) => string = (w) => w, cap = LIST_CAP): string[] {
  const shown = words.length > cap ? words.slice(0, cap) : words;
  const rows = columns(shown.map(show), width);
  if (words.length > shown.length) rows.push(`... and ${words.length - shown.length} more`);
  return rows;
}

/** What one Tab does. */
export type TabStep =
  /** Nothing matches: nothing happens. */
  | { kind: 'none' }
  /** Several match and nothing can be added: the first Tab arms the listing, the second lists. */
  | { kind: 'ambiguous'; list: boolean; candidates: readonly string[] }
  /** Replace the text from `from` to the cursor by `text`; `again` when more Tabs may help. */
  | { kind: 'insert'; from: number; text: string; again: boolean };

/**
 * Decide a Tab for the text left of the cursor (`before`), the session's completion of it, and
 * whether the previous key was a Tab that could not complete further (`tabbed`).
 */
export function tabStep(before: string, { replaceFrom, candidates }: Completion, tabbed: boolean): TabStep {
  if (candidates.length === 0) return { kind: 'none' };
  const word = before.slice(replaceFrom);
  if (candidates.length === 1) {
    const only = candidates[0]!;
    return { kind: 'insert', from: replaceFrom, text: only + (only.endsWith('/') ? '' : ' '), again: false };
  }
  const prefix = commonPrefix(candidates);
  if (prefix.length <= word.length) return { kind: 'ambiguous', list: tabbed, candidates };
  return { kind: 'insert', from: replaceFrom, text: prefix, again: true };
}
