/**
 * What an embed may not do (issue 14, item 2), watched from inside the page: every IndexedDB open or
 * delete and every service-worker registration it attempts. Shared by the embed's end-to-end tests.
 */
import type { Term } from './harness';

/**
 * Runs first in an embed page: records every IndexedDB open or delete and every service-worker
 * registration the page attempts, and takes the harness's own `e2e` parameter off the address
 * before the embed reads it (the embed refuses parameters it does not know).
 */
export function watchStorage(): void {
  const e2e = (window as unknown as { __e2e: Record<string, unknown> }).__e2e;
  const idb: string[] = [];
  const sw: string[] = [];
  e2e['idb'] = idb;
  e2e['sw'] = sw;
  const url = new URL(location.href);
  url.searchParams.delete('e2e');
  history.replaceState(history.state, '', url.href);
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
    idb.push(`open ${name}`);
    return open.call(this, name, version);
  };
  const del = IDBFactory.prototype.deleteDatabase;
  IDBFactory.prototype.deleteDatabase = function (this: IDBFactory, name: string) {
    idb.push(`delete ${name}`);
    return del.call(this, name);
  };
  const container = (navigator as Navigator & { serviceWorker?: ServiceWorkerContainer }).serviceWorker;
  if (container) {
    const register = container.register.bind(container);
    container.register = (...args: Parameters<ServiceWorkerContainer['register']>) => {
      sw.push(String(args[0]));
      return register(...args);
    };
  }
}

/** What watchStorage saw so far. */
export const watched = (t: Term) => t.page.evaluate(() => {
  const e2e = (window as unknown as { __e2e: { idb: string[]; sw: string[] } }).__e2e;
  return { idb: [...e2e.idb], sw: [...e2e.sw] };
});
