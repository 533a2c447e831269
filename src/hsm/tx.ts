/**
 * Unit of work: one per command. Reads go to the backend (and are remembered with their revision);
 * writes are staged and reach the backend in ONE atomic `commit`, guarded by the revisions read,
 * so a command either changes everything it meant to or nothing (DEVELOPERS.md: "all or nothing"),
 * and a concurrent writer in another tab makes the commit fail instead of being overwritten.
 */
import type { Backend, Guard, StoreName, StoredRecord, Write } from './store';
import { DamagedRecordError, recordProblem } from './validate';

/** Told about every damaged record a Tx meets (the caller reports each one once). */
export type DamageReport = (store: StoreName, id: string, problem: string) => void;

type Key = `${StoreName}:${string}`;

export class Tx {
  private readonly seen = new Map<Key, number>(); // rev at read time (0 = absent)
  private readonly staged = new Map<Key, Write>();
  private readonly damaged = new Set<Key>();

  constructor(readonly backend: Backend, private readonly report: DamageReport = () => {}) {}

  /** A damaged record reads as absent, is reported, and may not be written. */
  private accept<T extends StoredRecord>(store: StoreName, rec: StoredRecord | undefined): T | undefined {
    if (rec === undefined) return undefined;
    const problem = recordProblem(store, rec);
    if (problem === null) return rec as T;
    const id = typeof rec.id === 'string' ? rec.id : String(rec.id);
    this.damaged.add(`${store}:${id}`);
    this.report(store, id, problem);
    return undefined;
  }

  async get<T extends StoredRecord>(store: StoreName, id: string): Promise<T | undefined> {
    const k: Key = `${store}:${id}`;
    const w = this.staged.get(k);
    if (w) return w.op === 'put' ? (w.value as T) : undefined;
    const raw = await this.backend.get(store, id);
    if (!this.seen.has(k)) this.seen.set(k, raw?.rev ?? 0);
    return this.accept<T>(store, raw);
  }

  /** Records of a store with the given id prefix, staged changes applied, sorted by id. */
  async list<T extends StoredRecord>(store: StoreName, prefix = ''): Promise<T[]> {
    const base = await this.backend.list(store, prefix);
    const byId = new Map<string, StoredRecord>();
    for (const r of base) {
      const k: Key = `${store}:${r.id}`;
      if (!this.seen.has(k)) this.seen.set(k, r.rev);
      const ok = this.accept(store, r);
      if (ok) byId.set(r.id, ok);
    }
    for (const [k, w] of this.staged) {
      if (!k.startsWith(`${store}:`)) continue;
      const id = k.slice(store.length + 1);
      if (!id.startsWith(prefix)) continue;
      if (w.op === 'put') byId.set(id, w.value);
      else byId.delete(id);
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) as T[];
  }

  /** Stage a write of `value`; its `rev` is set to one more than the revision read. */
  put<T extends StoredRecord>(store: StoreName, value: T): T {
    const k: Key = `${store}:${value.id}`;
    if (this.damaged.has(k)) throw new DamagedRecordError(store, value.id);
    const baseRev = this.seen.get(k) ?? 0;
    const rec = { ...value, rev: baseRev + 1 } as T;
    this.staged.set(k, { op: 'put', store, value: rec });
    return rec;
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
    const raw = await this.backend.get(store, id);
    if (!this.seen.has(k)) this.seen.set(k, raw?.rev ?? 0);
    return raw !== undefined;
  }

  /** Stage the deletion of every record of a store, damaged ones included (`reset`). */
  async purge(store: StoreName, keep: (id: string) => boolean = () => false): Promise<void> {
    for (const r of await this.backend.list(store)) {
      const k: Key = `${store}:${r.id}`;
      if (keep(r.id)) continue;
      if (!this.seen.has(k)) this.seen.set(k, typeof r.rev === 'number' ? r.rev : 0);
      this.damaged.delete(k);
      this.staged.set(k, { op: 'delete', store, id: r.id });
    }
  }

  get dirty(): boolean {
    return this.staged.size > 0;
  }

  async commit(): Promise<void> {
    if (this.staged.size === 0) return;
    const guards: Guard[] = [];
    for (const k of this.staged.keys()) {
      const i = k.indexOf(':');
      const store = k.slice(0, i) as StoreName;
      const id = k.slice(i + 1);
      // A write to a record never read is a blind create: it must still be absent.
      guards.push({ store, id, rev: this.seen.get(k) ?? 0 });
    }
    await this.backend.commit([...this.staged.values()], guards);
    this.staged.clear();
  }
}
