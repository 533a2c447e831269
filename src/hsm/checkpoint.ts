/**
 * A playground's records as plain data, and putting them back (issue 13: a lesson step's
 * checkpoint; issue 15 will reuse it for export/import). `restoreDump` validates every record as
 * the store does on read (src/hsm/validate.ts) and replaces the playground's content in one
 * atomic commit, or refuses with the playground unchanged.
 *
 * Schema: records carry no schema version of their own. A dump is always of the current schema
 * (SCHEMA_VERSION), because it is read through a store that the IndexedDB adapter has already
 * migrated on open (src/platform/idb-backend.ts); the backend's `meta/schema` record, when the dump
 * holds it, says so, and a dump whose schema record names another version is refused (a dump of an
 * older release would have to be migrated first, record by record, as src/hsm/migrate.ts does).
 * The schema record itself is the backend's tag, never deleted or written by a restore.
 *
 * Records from outside (a checkpoint read back from IndexedDB, later an imported file) are copied
 * field by field into null-prototype objects before anything reads them: an own `__proto__` key, a
 * getter, a class instance, a function or an unbounded nesting is refused, and sizes are capped
 * (MAX_DUMP_RECORDS records, MAX_DUMP_UNITS string characters plus bytes, MAX_DEPTH levels).
 *
 * Revisions: every record a restore writes gets a revision above both its revision in the dump and
 * the one it has now, so a tab (or a unit of work) that read the playground before the restore
 * fails its guards instead of writing over the restored state. Every record the restore deletes or
 * overwrites is guarded at the revision it was read with; a commit refused by another tab's write
 * (ConflictError) is tried again from a fresh read, a few times.
 *
 * Through the cached backend (src/hsm/cached-backend.ts) the restore is one `commit`, which the
 * cache applies to every store it holds once the wrapped backend accepted it; every store is listed
 * first, so every store is held and the cache is right afterwards.
 */
import { SCHEMA_VERSION, STORE_NAMES, ConflictError, type Backend, type Guard, type StoreName, type StoredRecord, type Write } from './store';
import { recordProblem } from './validate';

/** Every record of every store, by store name. */
export type StoreDump = { [S in StoreName]: StoredRecord[] };

/** Most records a dump may hold, all stores together (a full HSM is about 3,300 keys). */
export const MAX_DUMP_RECORDS = 50_000;
/** Most string characters plus bytes a dump may hold, all records together (files alone: 16 MiB). */
export const MAX_DUMP_UNITS = 64 << 20;
/** Deepest nesting of a record (a key's attributes, a cluster's HSM list and a user's verifier are 2). */
const MAX_DEPTH = 8;
/** Highest revision a dumped record may carry (a restore writes one above it and above the current one). */
const MAX_REV = 2 ** 48;
/** How often a restore refused by another tab's write is tried again. */
const CONFLICT_RETRIES = 3;

/** A dump that cannot be restored; the playground was left unchanged. */
export class DumpError extends Error {
  /** `reason`: what is wrong with the dump (a sentence fragment). */
  constructor(readonly reason: string) {
    super(`the saved playground state cannot be restored: ${reason}; the playground was left unchanged`);
    this.name = 'DumpError';
  }
}

const refuse = (why: string): never => {
  throw new DumpError(why);
};

/** Read every record of every store (deep copies: later writes to the playground do not alter them). */
export async function dumpStore(backend: Backend): Promise<StoreDump> {
  const dump = {} as StoreDump;
  for (const store of STORE_NAMES) {
    const records = await backend.list(store);
    dump[store] = records.map((r) => structuredClone(r));
  }
  return dump;
}

interface Budget { units: number }

/** A plain copy of `value` (null-prototype objects), or a DumpError naming `where`. */
function plainCopy(value: unknown, where: string, depth: number, budget: Budget): unknown {
  switch (typeof value) {
    case 'string':
      budget.units -= value.length;
      if (budget.units < 0) refuse('it is larger than a playground can be');
      return value;
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      break;
    default:
      return refuse(`${where} holds a ${typeof value}`);
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) refuse(`${where} is nested too deeply`);
  if (value instanceof Uint8Array) {
    budget.units -= value.length;
    if (budget.units < 0) refuse('it is larger than a playground can be');
    return new Uint8Array(value);
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_DUMP_RECORDS) refuse(`${where} is a list too long`);
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const d = Object.getOwnPropertyDescriptor(value, i);
      if (d && !('value' in d)) refuse(`${where}[${i}] is not plain data`);
      out.push(plainCopy(d?.value, `${where}[${i}]`, depth + 1, budget));
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) refuse(`${where} is not plain data`);
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') refuse(`${where} has a field named __proto__`);
    budget.units -= key.length;
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in d)) refuse(`${where}.${key} is not plain data`);
    out[key] = plainCopy(d.value, `${where}.${key}`, depth + 1, budget);
  }
  return out;
}

/** The dump's records as validated plain copies, by store; throws DumpError. */
function parseDump(dump: unknown): Map<StoreName, StoredRecord[]> {
  if (typeof dump !== 'object' || dump === null || Array.isArray(dump)) refuse('it is not a set of stores');
  const given = dump as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(STORE_NAMES as readonly string[]).includes(key)) refuse(`it has an unknown store ${JSON.stringify(key.slice(0, 40))}`);
  }
  const budget: Budget = { units: MAX_DUMP_UNITS };
  let count = 0;
  const out = new Map<StoreName, StoredRecord[]>();
  for (const store of STORE_NAMES) {
    const d = Object.getOwnPropertyDescriptor(given, store);
    const list = d && 'value' in d ? (d.value as unknown) : undefined;
    if (!Array.isArray(list)) refuse(`its ${store} store is missing`);
    const records: StoredRecord[] = [];
    const seen = new Set<string>();
    for (const [i, raw] of (list as unknown[]).entries()) {
      if (++count > MAX_DUMP_RECORDS) refuse(`it holds more than ${MAX_DUMP_RECORDS} records`);
      const rec = plainCopy(raw, `${store}[${i}]`, 0, budget) as StoredRecord;
      const problem = recordProblem(store, rec);
      const name = typeof rec?.id === 'string' ? `${store}/${rec.id.slice(0, 80)}` : `${store}[${i}]`;
      if (problem !== null) refuse(`the record ${name} is damaged (${problem})`);
      // a restore writes a revision above it: it must stay a safe integer
      if (rec.rev > MAX_REV) refuse(`the record ${name} has a revision too large`);
      if (seen.has(rec.id)) refuse(`the record ${name} is there twice`);
      seen.add(rec.id);
      if (store === 'meta' && rec.id === 'schema') {
        if (rec['version'] !== SCHEMA_VERSION) {
          refuse(`it was saved with schema version ${String(rec['version']).slice(0, 20)} (this version uses ${SCHEMA_VERSION})`);
        }
        continue; // the backend's own tag: kept as it is
      }
      records.push(rec);
    }
    out.set(store, records);
  }
  return out;
}

/** The one commit that turns what the playground holds now into `wanted`. */
async function plan(backend: Backend, wanted: Map<StoreName, StoredRecord[]>): Promise<{ writes: Write[]; guards: Guard[] }> {
  const writes: Write[] = [];
  const guards: Guard[] = [];
  for (const store of STORE_NAMES) {
    const now = new Map<unknown, number>();
    for (const rec of await backend.list(store)) {
      if (store === 'meta' && rec.id === 'schema') continue;
      const rev = typeof rec.rev === 'number' && Number.isSafeInteger(rec.rev) && rec.rev >= 0 ? rec.rev : 0;
      now.set(rec.id, rev);
      // a damaged record under a key that is not a string cannot be guarded; it is deleted all the same
      if (typeof rec.id === 'string') guards.push({ store, id: rec.id, rev: rec.rev });
    }
    const keep = new Set<unknown>();
    for (const rec of wanted.get(store) ?? []) {
      keep.add(rec.id);
      // above what any tab may have read, so a stale guard fails
      const rev = Math.max(rec.rev, now.get(rec.id) ?? 0) + 1;
      writes.push({ op: 'put', store, value: { ...rec, rev } as StoredRecord });
    }
    for (const id of now.keys()) if (!keep.has(id)) writes.push({ op: 'delete', store, id: id as string });
  }
  // a guard is valid only with a well-formed revision (a damaged record's may not be)
  return { writes, guards: guards.filter((g) => Number.isSafeInteger(g.rev) && g.rev >= 0) };
}

/**
 * Replace the playground's content by `dump` (validated first; all or nothing). Rejects with a
 * DumpError (the dump cannot be restored), a StorageError (the storage failed: nothing was written)
 * or a ConflictError (another tab kept writing); the playground is unchanged in every case.
 */
export async function restoreDump(backend: Backend, dump: StoreDump): Promise<void> {
  const wanted = parseDump(dump);
  for (let attempt = 0; ; attempt++) {
    const { writes, guards } = await plan(backend, wanted);
    try {
      await backend.commit(writes, guards);
      return;
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= CONFLICT_RETRIES) throw e;
    }
  }
}

/**
 * Why `dump` could not be restored (the reason restoreDump would give), or null when it could, as
 * far as the dump alone tells: what an adapter reading a saved checkpoint back checks.
 */
export function dumpProblem(dump: unknown): string | null {
  try {
    parseDump(dump);
    return null;
  } catch (e) {
    if (e instanceof DumpError) return e.reason;
    throw e;
  }
}
