/**
 * Unit of work: one per command. Reads go to the backend (and are remembered with their revision);
 * writes are staged and reach the backend in ONE atomic `commit`, guarded by the revisions read,
 * so a command either changes everything it meant to or nothing (DEVELOPERS.md: "all or nothing"),
 * and a concurrent writer in another tab makes the commit fail instead of being overwritten.
 */
import type { CommittedWrite } from './journal';
import { NOT_HELD, type Backend, type Guard, type StoreName, type StoredRecord, type Write } from './store';
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
  /**
   * Every record read, as first read, by store then id: a unit of work sees one version of each
   * record (repeatable reads). (Per store: a read looks its id up as given, no `store:id` string
   * made and hashed for each.)
   */
  private readonly read = new Map<StoreName, Map<string, StoredRecord | undefined>>();
  /**
   * Revisions read of records `read` no longer holds (0 = absent, -1 = malformed): those read
   * before a `refresh`, and those `purge` met. A record in `read` was read at its own revision.
   * Made on first use.
   */
  private revs: Map<Key, number> | undefined;
  // (the three below are made on first use: most units of work write nothing and meet no damage)
  private staged: Map<Key, Write> | undefined;
  private damaged: Set<Key> | undefined;
  /** Deletions of damaged records stored under keys that are no strings (purge): unguarded, unjournalled. */
  private foreign: Write[] | undefined;

  constructor(readonly backend: Backend, private readonly report: DamageReport = () => {}) {}

  /** A damaged record reads as absent, is reported, and may not be written. */
  private accept<T extends StoredRecord>(store: StoreName, rec: StoredRecord | undefined): T | undefined {
    if (rec === undefined) return undefined;
    const problem = problemOf(store, rec);
    if (problem === null) return rec as T;
    const id = typeof rec.id === 'string' ? rec.id : String(rec.id);
    (this.damaged ??= new Set()).add(`${store}:${id}`);
    this.report(store, id, problem);
    return undefined;
  }

  get<T extends StoredRecord>(store: StoreName, id: string): Promise<T | undefined> {
    // (not an async function: a record at hand is answered without the two further promises of fetch)
    let now: T | undefined | typeof NOT_HELD;
    try {
      now = this.peek<T>(store, id);
    } catch (e) {
      return Promise.reject(e);
    }
    if (now !== NOT_HELD) return Promise.resolve(now);
    return this.fetch(store, id).then((raw) => this.accept<T>(store, raw));
  }

  /**
   * `get` without a promise, when the answer is at hand: a record this unit of work staged or has
   * read, or one the backend holds ready (a warm read cache; it is remembered as read, as `get`
   * would). NOT_HELD when it must be read: then `get` it. Every operation reads its cluster and a
   * key or two: without a promise for each, a warm `verify` costs its caller less than a microsecond
   * more than the crypto layer.
   */
  peek<T extends StoredRecord>(store: StoreName, id: string): T | undefined | typeof NOT_HELD {
    if (this.staged !== undefined) {
      const w = this.staged.get(`${store}:${id}`);
      if (w) return w.op === 'put' ? (w.value as T) : undefined;
    }
    const read = this.read.get(store);
    if (read !== undefined && read.has(id)) return this.accept<T>(store, read.get(id));
    const peek = this.backend.peek;
    if (peek === undefined) return NOT_HELD;
    const raw = peek.call(this.backend, store, id);
    if (raw === NOT_HELD) return NOT_HELD;
    this.remember(store, id, raw);
    return this.accept<T>(store, raw);
  }

  /** The record as this unit of work first read it (read now if it has not been). */
  private async fetch(store: StoreName, id: string): Promise<StoredRecord | undefined> {
    const first = this.read.get(store);
    if (first?.has(id)) return first.get(id);
    const raw = await this.backend.get(store, id);
    const meanwhile = this.read.get(store); // read meanwhile by a concurrent await?
    if (meanwhile?.has(id)) return meanwhile.get(id);
    this.remember(store, id, raw);
    return raw;
  }

  private remember(store: StoreName, id: string, raw: StoredRecord | undefined): void {
    let read = this.read.get(store);
    if (read === undefined) this.read.set(store, (read = new Map()));
    read.set(id, raw);
  }

  /** The revision the record was last read at (undefined: never read). */
  private seenRev(store: StoreName, id: string): number | undefined {
    const read = this.read.get(store);
    return read !== undefined && read.has(id) ? revOf(read.get(id)) : this.revs?.get(`${store}:${id}`);
  }

  /** Records of a store with the given id prefix, staged changes applied, sorted by id. */
  async list<T extends StoredRecord>(store: StoreName, prefix = ''): Promise<T[]> {
    const base = await this.backend.list(store, prefix);
    const out: StoredRecord[] = [];
    for (const fresh of base) {
      const read = this.read.get(store);
      let r = read?.get(fresh.id);
      if (r === undefined && !read?.has(fresh.id)) this.remember(store, fresh.id, (r = fresh));
      const ok = r === undefined ? undefined : this.accept(store, r);
      if (ok) out.push(ok);
    }
    const staged: [string, Write][] = [];
    for (const [k, w] of this.staged ?? []) {
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
    if (this.damaged?.has(k)) throw new DamagedRecordError(store, value.id);
    const baseRev = Math.max(this.seenRev(store, value.id) ?? 0, 0);
    const rec = { ...value, rev: baseRev + 1 } as T;
    (this.staged ??= new Map()).set(k, { op: 'put', store, value: rec });
    return rec;
  }

  /**
   * Stage a write of `value` over the record even when it is damaged: only for a record the engine
   * rebuilds whole from what it knows (the `meta/current` pointer), never one holding the user's data.
   */
  replace<T extends StoredRecord>(store: StoreName, value: T): T {
    this.damaged?.delete(`${store}:${value.id}`);
    return this.put(store, value);
  }

  delete(store: StoreName, id: string): void {
    if (this.damaged?.has(`${store}:${id}`)) throw new DamagedRecordError(store, id);
    (this.staged ??= new Map()).set(`${store}:${id}`, { op: 'delete', store, id });
  }

  /** Whether any record — well-formed or damaged — has this id (so a new object must not take it). */
  async occupied(store: StoreName, id: string): Promise<boolean> {
    const w = this.staged?.get(`${store}:${id}`);
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
        (this.foreign ??= []).push({ op: 'delete', store, id: raw as string });
        continue;
      }
      const k: Key = `${store}:${r.id}`;
      if (keep(r.id)) continue;
      if (this.seenRev(store, r.id) === undefined) (this.revs ??= new Map()).set(k, revOf(r));
      this.damaged?.delete(k);
      (this.staged ??= new Map()).set(k, { op: 'delete', store, id: r.id });
    }
  }

  /** Forget what was read (not what is staged), so the next reads see the store as it is now. */
  refresh(): void {
    for (const [store, read] of this.read) {
      for (const [id, raw] of read) (this.revs ??= new Map()).set(`${store}:${id}`, revOf(raw));
    }
    this.read.clear();
  }

  get dirty(): boolean {
    return (this.staged?.size ?? 0) > 0 || (this.foreign?.length ?? 0) > 0;
  }

  /** The staged writes, each marked `created` when its record was absent when read (or never read). */
  changes(): CommittedWrite[] {
    if (this.staged === undefined || this.staged.size === 0) return [];
    return [...this.staged.values()].map((w): CommittedWrite => {
      const created = (this.seenRev(w.store, w.op === 'put' ? w.value.id : w.id) ?? 0) === 0;
      return w.op === 'put'
        ? { store: w.store, id: w.value.id, op: 'put', created, value: w.value }
        : { store: w.store, id: w.id, op: 'delete', created: false };
    });
  }

  async commit(): Promise<void> {
    if (!this.dirty) return;
    const staged = this.staged ?? new Map<Key, Write>();
    // Nothing is ever written that the damage check would reject on the next read: such a write is
    // a bug of the command (an internal error, the store unchanged), never a damaged record.
    for (const w of staged.values()) {
      if (w.op !== 'put') continue;
      const problem = problemOf(w.store, w.value);
      if (problem !== null) throw new Error(`refused to write ${w.store}/${String(w.value.id)}, which the stored-record check rejects (${problem}); nothing was changed`);
    }
    const guards: Guard[] = [];
    for (const k of staged.keys()) {
      const i = k.indexOf(':');
      const store = k.slice(0, i) as StoreName;
      const id = k.slice(i + 1);
      // A write to a record never read is a blind create: it must still be absent. A record read
      // with a malformed revision (replaced by reset or a rebuilt pointer) has no revision to guard.
      const rev = this.seenRev(store, id) ?? 0;
      if (rev >= 0) guards.push({ store, id, rev });
    }
    await this.backend.commit([...staged.values(), ...(this.foreign ?? [])], guards);
  }
}
