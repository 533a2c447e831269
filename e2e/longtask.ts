/**
 * The one helper for "no task over N ms" (DEVELOPERS.md): how long the page's main thread was
 * busy without a break, in every engine.
 *
 * - Chromium has the Long Tasks API: a PerformanceObserver of 'longtask' entries (tasks ≥ 50 ms)
 *   gives each task's duration.
 * - Firefox and WebKit do not: a heartbeat (a 10 ms interval timer) records the largest gap
 *   between two ticks. A task of D ms delays the next tick, so the gap is ≥ D (and may be up to
 *   one interval longer). Hidden or background pages throttle timers: measure in a visible page.
 *
 * The monitor is installed by the harness before any of the page's own scripts run (it is part
 * of the script the preview server injects, see harness.ts), so start-up is covered too.
 */
import type { E2EPage } from './page';

/** In-page source, run before the page's scripts. Exposes window.__e2e.longTasks. */
export const LONG_TASK_MONITOR = `(() => {
  const lt = { method: '', longest: 0, since: performance.now(), last: performance.now(), observer: null };
  (window.__e2e = window.__e2e || {}).longTasks = lt;
  const types = (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes) || [];
  if (types.includes('longtask')) {
    lt.method = 'longtask';
    const take = (entries) => { for (const e of entries) if (e.startTime + e.duration > lt.since) lt.longest = Math.max(lt.longest, e.duration); };
    lt.observer = new PerformanceObserver((list) => take(list.getEntries()));
    lt.observer.observe({ type: 'longtask', buffered: true });
    lt.flush = () => take(lt.observer.takeRecords());
  } else {
    lt.method = 'heartbeat';
    const gap = () => performance.now() - Math.max(lt.last, lt.since);
    setInterval(() => { lt.longest = Math.max(lt.longest, gap()); lt.last = performance.now(); }, 10);
    lt.flush = () => { lt.longest = Math.max(lt.longest, gap()); };
  }
})();`;

export interface LongTasks {
  /** 'longtask' (PerformanceObserver, Chromium) or 'heartbeat' (largest gap between timer ticks). */
  method: 'longtask' | 'heartbeat';
  /** The longest task (or timer gap) since the page loaded or the last reset, in ms (0 = none ≥ 50 ms seen by 'longtask'). */
  longestMs: number;
}

/** Forget what was measured so far: measure from now on. */
export async function resetLongTasks(page: E2EPage): Promise<void> {
  await page.evaluate(() => {
    const lt = (window as unknown as { __e2e: { longTasks: { longest: number; since: number; flush(): void } } }).__e2e.longTasks;
    lt.flush();
    lt.longest = 0;
    lt.since = performance.now();
  });
}

/** The longest main-thread task since the load or the last reset. */
export async function longestTask(page: E2EPage): Promise<LongTasks> {
  return page.evaluate(() => {
    const lt = (window as unknown as { __e2e: { longTasks: { method: 'longtask' | 'heartbeat'; longest: number; flush(): void } } }).__e2e.longTasks;
    lt.flush();
    return { method: lt.method, longestMs: lt.longest };
  });
}
