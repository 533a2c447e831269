/**
 * The page's storage (src/main.ts): IndexedDB behind the failover and the cache, or — when
 * IndexedDB does not open (unavailable, held up by another tab past the open timeout, newer data)
 * — memory behind the cache. `onFallback` hears why, once, when the page runs in memory, whether
 * from the start or after a failure mid-session.
 */
import { cachedBackend, type CachedBackend } from '../hsm/cached-backend';
import { createMemoryBackend } from '../hsm/memory-backend';
import { failoverBackend } from './failover-backend';
import { openIdbBackend, type IdbBackendOptions } from './idb-backend';

export interface StorageOptions extends IdbBackendOptions {
  /** Why the page runs in memory (a sentence without the closing full stop, or with it). */
  onFallback: (reason: string) => void;
}

export async function openStorage(opts: StorageOptions): Promise<CachedBackend> {
  const { onFallback, ...idbOptions } = opts;
  try {
    const idb = await openIdbBackend(idbOptions);
    // when the storage fails mid-session, the memory goes on from what this tab last read
    let cache: CachedBackend | undefined;
    cache = cachedBackend(failoverBackend(idb, onFallback, { lastKnown: (store) => cache?.lastRead(store) }));
    return cache;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.warn('IndexedDB unavailable, using in-memory storage:', err);
    onFallback(reason);
    return cachedBackend(createMemoryBackend());
  }
}
