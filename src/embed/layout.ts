/**
 * The embed's layout numbers, shared by its view (src/ui/Embed.svelte) and the host page's
 * `<kmu-console>` (src/embed/kmu-console.ts): the element sizes its iframe, before the embed has
 * said anything, to the height the embed then reports, so the host page does not move when the
 * embed's first height arrives (it would move under a reader's next click).
 */

/** One terminal row, in CSS pixels (the terminal's font size and line height). */
export const ROW_PX = 20;
/** The terminal's padding, top and bottom together. */
export const TERM_PAD_PX = 10;
/** Rows when neither `rows` nor `height` is given. */
export const DEFAULT_ROWS = 12;
/** The rows an embed accepts, and the heights in pixels (src/embed/config.ts checks both). */
export const ROWS_RANGE = [5, 60] as const;
export const HEIGHT_RANGE = [80, 2000] as const;
/**
 * Around the terminal: the embed's border (1 px top and bottom) and its bar (one line of 13 px text
 * at line height 1.4, 0.3 rem padding above and below, a 1 px rule): 30.8 px, measured up to 31.
 */
export const CHROME_PX = 31;

/** `v` as a whole number within `[min, max]` (decimal digits only, as an address gives it), or null. */
export function wholeNumberIn(v: string | null, [min, max]: readonly [number, number]): number | null {
  if (v === null || !/^\d{1,10}$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

/** The terminal's height in pixels: `rows` rows (rows wins when both are given), or `height`, or the default rows. */
export function terminalHeight(rows: number | null, height: number | null): number {
  if (rows !== null) return rows * ROW_PX + TERM_PAD_PX;
  return height ?? DEFAULT_ROWS * ROW_PX + TERM_PAD_PX;
}
