/**
 * Who may talk to an embed (issue 14, item 4): the origins the deployer listed in
 * `embed-origins.json` at the repository root, compiled in at BUILD time (vite.config.ts reads
 * and checks the file — scripts/embed-build.ts — and defines `__KMU_EMBED_ORIGINS__`), plus the
 * embed's own origin (the site's own documentation page). Nothing at run time changes it: no URL
 * parameter, no storage, nothing the embedding page can set. Test origins
 * (`embed-origins.test.json`) are compiled in only by the test build (`vite build --mode embed-test`).
 */

declare const __KMU_EMBED_ORIGINS__: readonly string[] | undefined;

/** The deployer's origins as this build compiled them in (empty where nothing defined them). */
export const EMBED_ORIGINS: readonly string[] = Object.freeze(
  typeof __KMU_EMBED_ORIGINS__ === 'undefined' ? [] : [...__KMU_EMBED_ORIGINS__],
);

/**
 * Whether a message from `origin` may be answered by an embed served from `own` (its
 * `location.origin`). The opaque origin `null` (file://, sandboxed frames, data: pages) is never
 * allowed, not even when the embed's own origin is opaque too: every opaque page would match.
 */
export function originAllowed(origin: unknown, own: string, list: readonly string[] = EMBED_ORIGINS): boolean {
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return false;
  return origin === own || list.includes(origin);
}
