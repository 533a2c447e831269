/**
 * A playground's records as plain data, and putting them back (issue 13: a lesson step's
 * checkpoint; issue 15 will reuse it for export/import). `restoreDump` validates every record as
 * the store does on read (src/hsm/validate.ts) and replaces the playground's content in one
 * atomic commit, or refuses with the playground unchanged.
 */
import type { Backend, StoreName, StoredRecord } from './store';

/** Every record of every store, by store name. */
export type StoreDump = { [S in StoreName]: StoredRecord[] };

/** Read every record of every store. */
export async function dumpStore(backend: Backend): Promise<StoreDump> {
  void backend;
  throw new Error('dumpStore: not built yet');
}

/** Replace the playground's content by `dump` (validated first; all or nothing). */
export async function restoreDump(backend: Backend, dump: StoreDump): Promise<void> {
  void backend; void dump;
  throw new Error('restoreDump: not built yet');
}
