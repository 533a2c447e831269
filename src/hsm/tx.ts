/**
 * Unit of work: one per command. Reads go to the backend (and are remembered with their revision);
 * writes are staged and reach the backend in ONE atomic `commit`, guarded by the revisions read,
 * so a command either changes everything it meant to or nothing (DEVELOPERS.md: "all or nothing"),
 * and a concurrent writer in another tab makes the commit fail instead of being overwritten.
 */
import type { CommittedWrite } from './journal';
import type { Backend, Guard, StoreName, StoredRecord, Write } from './store';
import { DamagedRecordError, recordProblem } from './validate';

/** Told about every damaged record a Tx meets (the caller reports each one once). */
export type DamageReport = (store: StoreName, id: string, problem: string) => void;

type Key = `${StoreName}:${string}`;

/** recordProblem per record object: a record a backend hands out again is not validated again. */
const checked = new WeakMap<StoredRecord, string | null>();
function problemOf(store: StoreName, rec: StoredRecord): string | null {
  let p = checked.get(rec);
  if (p === undefined) checked.set(rec, (p = recordProblem(store, rec)));
  return p;
}

/** The revision a record was read at: 0 when absent, -1 when the stored one is malformed (damaged). */
function revOf(record: StoredRecord | undefined): number {
  if (record === undefined) return 0;
  return Number.isSafeInteger(record.rev) && record.rev >= 1 ? record.rev : -1;
}

function isSortedById(recs: readonly StoredRecord[]): boolean {
  for (let i = 1; i < recs.length; i++) if (!(recs[i - 1]!.id < recs[i]!.id)) return false;
  return true;
}

export class Tx {
  private readonly seen = new Map<Key, number>(); // rev at read time (0 = absent, -1 = malformed)
  /** Every record read, as first read: a unit of work sees one version of each record (repeatable reads). */
  private readonly read = new Map<Key, StoredRecord | undefined>();
  private readonly staged = new Map<Key, Write>();
  private readonly damaged = new Set<Key>();
  /** Deletions of damaged records stored under keys that are no strings (purge): unguarded, unjournalled. */
  private readonly foreign: Write[] = [];

  constructor(readonly backend: Backend, private readonly report: DamageReport = () => {}) {}

  /** A damaged record reads as absent, is reported, and may not be written. */
  private accept<T extends StoredRecord>(store: StoreName, rec: StoredRecord | undefined): T | undefined {
    if (rec === undefined) return undefined;
    const problem = problemOf(store, rec);
    if (problem === null) return rec as T;
    const id = typeof rec.id === 'string' ? rec.id : String(rec.id);
    this.damaged.add(`${store}:${id}`);
    this.report(store, id, problem);
    return undefined;
  }

  get<T extends StoredRecord>(store: StoreName, id: string): Promise<T | undefined> {
    // (not an async function: a record this unit of work has already read or staged is answered
    // without the two further promises of fetch — an operation reads its cluster twice, for one)
    try {
      const k: Key = `${store}:${id}`;
      const w = this.staged.get(k);
      if (w) return Promise.resolve(w.op === 'put' ? (w.value as T) : undefined);
      if (this.read.has(k)) return Promise.resolve(this.accept<T>(store, this.read.get(k)));
    } catch (e) {
      return Promise.reject(e);
    }
    return this.fetch(store, id).then((raw) => this.accept<T>(store, raw));
  }

  /** The record as this unit of work first read it (read now if it has not been). */
  private async fetch(store: StoreName, id: string): Promise<StoredRecord | undefined> {
    const k: Key = `${store}:${id}`;
    if (this.read.has(k)) return this.read.get(k);
    const raw = await this.backend.get(store, id);
    if (this.read.has(k)) return this.read.get(k); // read meanwhile by a concurrent await
    this.remember(k, raw);
    return raw;
  }

  private remember(k: Key, raw: StoredRecord | undefined): void {
    this.read.set(k, raw);
    this.seen.set(k, revOf(raw));
  }

  /** Records of a store with the given id prefix, staged changes applied, sorted by id. */
  async list<T extends StoredRecord>(store: StoreName, prefix = ''): Promise<T[]> {
    const base = await this.backend.list(store, prefix);
    const out: StoredRecord[] = [];
    for (const fresh of base) {
      const k: Key = `${store}:${fresh.id}`;
      let r = this.read.get(k);
      if (r === undefined && !this.read.has(k)) this.remember(k, (r = fresh));
      const ok = r === undefined ? undefined : this.accept(store, r);
      if (ok) out.push(ok);
    }
    const staged: [string, Write][] = [];
    for (const [k, w] of this.staged) {
      if (!k.startsWith(`${store}:`)) continue;
      const id = k.slice(store.length + 1);
      if (id.startsWith(prefix)) staged.push([id, w]);
    }
    // Nothing staged here: the backend's order (by id) is the answer, no map and no sort.
    if (staged.length === 0 && isSortedById(out)) return out as T[];
    const byId = new Map<string, StoredRecord>(out.map((r) => [r.id, r]));
    for (const [id, w] of staged) {
      if (w.op === 'put') byId.set(id, w.value);
      else byId.delete(id);
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) as T[];
  }

  /** Stage a write of `value`; its `rev` is set to one more than the revision read. */
  put<T extends StoredRecord>(store: StoreName, value: T): T {
    const k: Key = `${store}:${value.id}`;
    if (this.damaged.has(k)) throw new DamagedRecordError(store, value.id);
    const baseRev = Math.max(this.seen.get(k) ?? 0, 0);
    const rec = { ...value, rev: baseRev + 1 } as T;
    this.staged.set(k, { op: 'put', store, value: rec });
    return rec;
  }

  /**
   * Stage a write of `value` over the record even when it is damaged: only for a record the engine
   * rebuilds whole from what it knows (the `meta/current` pointer), never one holding the user's data.
   */
  replace<T extends StoredRecord>(store: StoreName, value: T): T {
    this.damaged.delete(`${store}:${value.id}`);
    return this.put(store, value);
  }

  delete(store: StoreName, id: string): void {
    if (this.damaged.has(`${store}:${id}`)) throw new DamagedRecordError(store, id);
    this.staged.set(`${store}:${id}`, { op: 'delete', store, id });
  }

  /** Whether any record — well-formed or damaged — has this id (so a new object must not take it). */
  async occupied(store: StoreName, id: string): Promise<boolean> {
    const k: Key = `${store}:${id}`;
    const w = this.staged.get(k);
    if (w) return w.op === 'put';
    return (await this.fetch(store, id)) !== undefined;
  }

  /** Stage the deletion of every record of a store, damaged ones included (`reset`). */
  async purge(store: StoreName, keep: (id: string) => boolean = () => false): Promise<void> {
    for (const r of await this.backend.list(store)) {
      const raw: unknown = r.id;
      if (typeof raw !== 'string') {
        // A damaged record stored under a key of another type (a number, a date, an array): deleted
        // by that key, unguarded (no string id can name it), and told to no journal.
        this.foreign.push({ op: 'delete', store, id: raw as string });
        continue;
      }
      const k: Key = `${store}:${r.id}`;
      if (keep(r.id)) continue;
      if (!this.seen.has(k)) this.seen.set(k, revOf(r));
      this.damaged.delete(k);
      this.staged.set(k, { op: 'delete', store, id: r.id });
    }
  }

  /** Forget what was read (not what is staged), so the next reads see the store as it is now. */
  refresh(): void {
    this.read.clear();
  }

  get dirty(): boolean {
    return this.staged.size > 0 || this.foreign.length > 0;
  }

  /** The staged writes, each marked `created` when its record was absent when read (or never read). */
  changes(): CommittedWrite[] {
    if (this.staged.size === 0) return [];
    return [...this.staged].map(([k, w]): CommittedWrite => {
      const created = (this.seen.get(k) ?? 0) === 0;
      return w.op === 'put'
        ? { store: w.store, id: w.value.id, op: 'put', created, value: w.value }
        : { store: w.store, id: w.id, op: 'delete', created: false };
    });
  }

  async commit(): Promise<void> {
    if (!this.dirty) return;
    // Nothing is ever written that the damage check would reject on the next read: such a write is
    // a bug of the command (an internal error, the store unchanged), never a damaged record.
    for (const w of this.staged.values()) {
      if (w.op !== 'put') continue;
      const problem = problemOf(w.store, w.value);
      if (problem !== null) throw new Error(`refused to write ${w.store}/${String(w.value.id)}, which the stored-record check rejects (${problem}); nothing was changed`);
    }
    const guards: Guard[] = [];
    for (const k of this.staged.keys()) {
      const i = k.indexOf(':');
      const store = k.slice(0, i) as StoreName;
      const id = k.slice(i + 1);
      // A write to a record never read is a blind create: it must still be absent. A record read
      // with a malformed revision (replaced by reset or a rebuilt pointer) has no revision to guard.
      const rev = this.seen.get(k) ?? 0;
      if (rev >= 0) guards.push({ store, id, rev });
    }
    await this.backend.commit([...this.staged.values(), ...this.foreign], guards);
  }
}
