/**
 * TEST ONLY — never part of the site's /sw.js. Deliberately wrong variants of the service worker
 * (sw.ts), the mistakes a PWA's worker typically makes, so the tests can show their checks catch
 * them: test/sw/sw.test.ts runs its "never under an open tab" cases against them, and
 * e2e/offline.e2e.ts deploys one as the new version (scripts/pwa.ts `bundleWorker(…, { faults })`
 * bundles src/sw/faulty-entry.ts) and expects its deployment check to report the failure.
 *
 * - `skip-waiting`: install calls skipWaiting, so the new version takes over the open tabs of the
 *   old one without the learner's say.
 * - `prune-at-install`: install deletes the other versions' caches, while a tab of the old version
 *   still needs its files (the server no longer has them).
 * - `prune-at-activate`: activation deletes the other versions' caches whatever windows are open
 *   (with `skip-waiting`: the classic worker that breaks an open tab's next lazy chunk).
 *
 * Each fault adds its own listener before the real worker's, which stays as it is.
 */
import { cacheName, otherVersions, serviceWorker, type SwBuild, type SwScope } from './sw';

export const SW_FAULTS = ['skip-waiting', 'prune-at-install', 'prune-at-activate'] as const;
export type SwFault = (typeof SW_FAULTS)[number];

/** The real worker with the given faults added. */
export function faultyServiceWorker(self: SwScope, build: SwBuild, faults: readonly SwFault[]): void {
  const current = cacheName(build.version);
  const prune = async () => {
    for (const name of otherVersions(await self.caches.keys(), current)) await self.caches.delete(name);
  };
  // (as such workers are written: not awaited — Chromium resolves skipWaiting only once activated)
  if (faults.includes('skip-waiting')) self.addEventListener('install', () => { void self.skipWaiting(); });
  if (faults.includes('prune-at-install')) self.addEventListener('install', (e) => e.waitUntil(prune()));
  if (faults.includes('prune-at-activate')) self.addEventListener('activate', (e) => e.waitUntil(prune()));
  serviceWorker(self, build);
}
