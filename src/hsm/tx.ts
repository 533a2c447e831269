/**
 * Unit of work: one per command. Reads go to the backend (and are remembered with their revision);
 * writes are staged and reach the backend in ONE atomic `commit`, guarded by the revisions read,
 * so a command either changes everything it meant to or nothing (DEVELOPERS.md: "all or nothing"),
 * and a concurrent writer in another tab makes the commit fail instead of being overwritten.
 */
import type { Backend, Guard, StoreName, StoredRecord, Write } from './store';

type Key = `${StoreName}:${string}`;

export class Tx {
  private readonly seen = new Map<Key, number>(); // rev at read time (0 = absent)
  private readonly staged = new Map<Key, Write>();
  private readonly listed = new Set<string>();

  constructor(readonly backend: Backend) {}

  async get<T extends StoredRecord>(store: StoreName, id: string): Promise<T | undefined> {
    const k: Key = `${store}:${id}`;
    const w = this.staged.get(k);
    if (w) return w.op === 'put' ? (w.value as T) : undefined;
    const rec = (await this.backend.get(store, id)) as T | undefined;
    if (!this.seen.has(k)) this.seen.set(k, rec?.rev ?? 0);
    return rec;
  }

  /** Records of a store with the given id prefix, staged changes applied, sorted by id. */
  async list<T extends StoredRecord>(store: StoreName, prefix = ''): Promise<T[]> {
    const base = await this.backend.list(store, prefix);
    this.listed.add(`${store}:${prefix}`);
    const byId = new Map<string, StoredRecord>();
    for (const r of base) {
      const k: Key = `${store}:${r.id}`;
      if (!this.seen.has(k)) this.seen.set(k, r.rev);
      byId.set(r.id, r);
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
    const baseRev = this.seen.get(k) ?? 0;
    const rec = { ...value, rev: baseRev + 1 } as T;
    this.staged.set(k, { op: 'put', store, value: rec });
    return rec;
  }

  delete(store: StoreName, id: string): void {
    this.staged.set(`${store}:${id}`, { op: 'delete', store, id });
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
