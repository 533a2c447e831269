/**
 * Keeps the playground running when IndexedDB stops working mid-session (quota exhausted, storage
 * evicted, connection closed by the browser, database deleted or upgraded by another tab): the
 * first StorageError switches every later call to an in-memory backend, retries the failed call
 * there, and reports why once, so the page can show a banner saying what will not be kept.
 *
 * The memory is seeded, store by store, with what the storage still lists; for a store it no
 * longer can (the connection is gone), with what this tab last read (`lastKnown`: the cache above
 * this backend holds it). When the clusters or users can be recovered neither way, the playground
 * would be unusable (every key command: "cluster missing"), so a fresh playground is staged in
 * memory instead. The reason says which of these happened. Subscribers then hear a change notice
 * naming no records (everything may have changed), so a cache above reads the memory afresh.
 *
 * A ConflictError (another tab won a race) is not a storage failure and passes through; neither is
 * a commit the browser cannot clone (DataCloneError: the command built a record holding a function
 * or the like), which is a bug of that command: it fails, the storage stays in use and unchanged.
 */
import { createMemoryBackend } from '../hsm/memory-backend';
import {
  STORE_NAMES, StorageError,
  type Backend, type ChangeListener, type Guard, type StoreName, type StoredRecord, type Write,
} from '../hsm/store';
import { stageFreshPlayground } from '../hsm/world';

export interface FailoverOptions {
  /** What this tab last read of a store (undefined when it never read it). */
  lastKnown?: (store: StoreName) => readonly StoredRecord[] | undefined;
}

/** The stored things a learner knows, by store. */
const WHAT: Record<StoreName, string> = { meta: 'settings', clusters: 'clusters', users: 'users', keys: 'keys', files: 'files' };

const listing = (words: string[]): string =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;

/** The structured clone refused a record: the DOMException itself, or a StorageError wrapping it. */
function isCloneFailure(e: unknown): boolean {
  const name = (x: unknown) => (typeof x === 'object' && x !== null ? (x as { name?: unknown }).name : undefined);
  return name(e) === 'DataCloneError' || (e instanceof StorageError && name(e.cause) === 'DataCloneError');
}

export function failoverBackend(primary: Backend, onFailover: (reason: string) => void,
  opts: FailoverOptions = {}): Backend {
  let active: Backend = primary;
  let switching: Promise<void> | null = null;
  const listeners = new Set<ChangeListener>();

  /** Seed `memory`; returns what the reason adds to the failure's message. */
  const recover = async (memory: Backend): Promise<string> => {
    const copied: Write[] = [];
    const fromTab: StoreName[] = [];
    let lost: StoreName[] = [];
    for (const store of STORE_NAMES) {
      let records: readonly StoredRecord[] | undefined;
      try {
        records = await primary.list(store);
      } catch {
        records = opts.lastKnown?.(store);
        (records ? fromTab : lost).push(store);
      }
      for (const r of records ?? []) {
        if (!(store === 'meta' && r.id === 'schema')) copied.push({ op: 'put', store, value: r });
      }
    }
    try {
      await memory.commit(copied);
    } catch {
      lost = [...STORE_NAMES];
    }
    if (lost.includes('clusters') || lost.includes('users')) {
      try {
        await stageFreshPlayground(memory);
      } catch {
        return '. What was saved could not be read back, and a fresh playground could not be staged: `reset` stages one';
      }
      return '. The saved playground could not be read back, so a fresh playground was staged in memory' +
        (lost.includes('files') ? '' : ' (the files were kept)');
    }
    if (fromTab.length === 0 && lost.length === 0) return '';
    return '. The playground goes on in memory from what this tab had read' +
      (lost.length ? `; the saved ${listing(lost.map((s) => WHAT[s]))} could not be read back` : '');
  };

  const failover = (e: StorageError): Promise<void> => {
    switching ??= (async () => {
      const memory = createMemoryBackend();
      const more = await recover(memory);
      try {
        primary.close();
      } catch {
        // already closed
      }
      active = memory;
      onFailover(`${e.message.replace(/\.$/, '')}${more}`);
      for (const l of listeners) {
        try {
          l(undefined);
        } catch (err) {
          console.error(err);
        }
      }
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

  // change notices from other tabs: only meaningful while the shared storage is in use
  primary.subscribe?.((changed) => {
    if (active !== primary) return;
    for (const l of listeners) l(changed);
  });
  return {
    get kind() { return active.kind; },
    get: (store: StoreName, id: string) => run((b) => b.get(store, id)),
    list: (store: StoreName, prefix?: string) => run((b) => b.list(store, prefix)),
    commit: (writes: readonly Write[], guards?: readonly Guard[]) => run((b) => b.commit(writes, guards)),
    clear: () => run((b) => b.clear()),
    close: () => active.close(),
    subscribe: (listener: ChangeListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
