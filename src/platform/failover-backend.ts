/**
 * Keeps the playground running when IndexedDB stops working mid-session (quota exhausted, storage
 * evicted, connection closed by the browser): the first StorageError switches every later call to
 * an in-memory backend seeded with whatever can still be read, retries the failed call there, and
 * reports why once, so the page can show a banner saying what will not be kept.
 * A ConflictError (another tab won a race) is not a storage failure and passes through; neither is
 * a commit the browser cannot clone (DataCloneError: the command built a record holding a function
 * or the like), which is a bug of that command: it fails, the storage stays in use and unchanged.
 */
import { createMemoryBackend } from '../hsm/memory-backend';
import {
  STORE_NAMES, StorageError,
  type Backend, type Guard, type StoreName, type Write,
} from '../hsm/store';

/** The structured clone refused a record: the DOMException itself, or a StorageError wrapping it. */
function isCloneFailure(e: unknown): boolean {
  const name = (x: unknown) => (typeof x === 'object' && x !== null ? (x as { name?: unknown }).name : undefined);
  return name(e) === 'DataCloneError' || (e instanceof StorageError && name(e.cause) === 'DataCloneError');
}

export function failoverBackend(primary: Backend, onFailover: (reason: string) => void): Backend {
  let active: Backend = primary;
  let switching: Promise<void> | null = null;

  const failover = (e: StorageError): Promise<void> => {
    switching ??= (async () => {
      const memory = createMemoryBackend();
      const copied: Write[] = [];
      let lost = false;
      for (const store of STORE_NAMES) {
        try {
          for (const r of await primary.list(store)) {
            if (!(store === 'meta' && r.id === 'schema')) copied.push({ op: 'put', store, value: r });
          }
        } catch {
          lost = true;
        }
      }
      try {
        await memory.commit(copied);
      } catch {
        lost = true;
      }
      try {
        primary.close();
      } catch {
        // already closed
      }
      active = memory;
      onFailover(lost ? `${e.message}. What was saved could not be read back, so the playground starts again in memory.`
        : e.message);
    })();
    return switching;
  };

  async function run<T>(op: (b: Backend) => Promise<T>): Promise<T> {
    const b = active;
    try {
      return await op(b);
    } catch (e) {
      if (isCloneFailure(e)) {
        throw e instanceof StorageError ? new Error(`a record could not be stored (${e.message})`, { cause: e }) : e;
      }
      if (!(e instanceof StorageError) || b !== primary) throw e;
      await failover(e);
      return op(active);
    }
  }

  const backend: Backend = {
    get kind() { return active.kind; },
    get: (store: StoreName, id: string) => run((b) => b.get(store, id)),
    list: (store: StoreName, prefix?: string) => run((b) => b.list(store, prefix)),
    commit: (writes: readonly Write[], guards?: readonly Guard[]) => run((b) => b.commit(writes, guards)),
    clear: () => run((b) => b.clear()),
    close: () => active.close(),
  };
  if (primary.subscribe) {
    // change notices from other tabs: only meaningful while the shared storage is in use
    const sub = primary.subscribe.bind(primary);
    backend.subscribe = (listener) => sub((changed) => { if (active === primary) listener(changed); });
  }
  return backend;
}
