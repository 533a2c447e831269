/**
 * What one command did to the playground, gathered while it runs: the objects it created,
 * changed, deleted and used, and the files it wrote.
 * Writes are learnt from the staged writes of every unit of work that committed (`Hsm.transact`
 * feeds them in), so nothing is inferred from printed text; what the store never sees — session
 * keys, which live only in a KMU session — and what was merely used (named with -o/-k/-w or
 * matched by a search) the programs and operations report themselves. Return codes are not kept
 * here: each program returns the codes it printed with its run, so they are counted once.
 */
import type { StoreName } from './store';
import type { WrapRef } from './ops/wrap-trace';

/** One write of a committed unit of work: `created` when the record did not exist before. */
export interface CommittedWrite {
  store: StoreName;
  id: string;
  op: 'put' | 'delete';
  created: boolean;
  value?: Readonly<Record<string, unknown>>;
}

/** The objects one command touched, by kind. Keys by handle (of the command's cluster). */
export interface TouchedObjects {
  keys: number[];
  /** Users as `cluster/node/userId` record ids. */
  users: string[];
  /** Virtual file paths. */
  files: string[];
  /** Clusters whose record changed (HSM states, a new cluster, …). */
  clusters: string[];
}

type Bucket = 'created' | 'changed' | 'deleted' | 'used';

/** Wraps kept per command (a command does at most two; a bound all the same). */
const MAX_WRAPS = 16;

/** Key handle of a key record id `cluster/0000000262`. */
const handleOfKeyId = (id: string): number => Number(id.slice(id.lastIndexOf('/') + 1));

export class Journal {
  private readonly sets = {
    created: { keys: new Set<number>(), users: new Set<string>(), files: new Set<string>(), clusters: new Set<string>() },
    changed: { keys: new Set<number>(), users: new Set<string>(), files: new Set<string>(), clusters: new Set<string>() },
    deleted: { keys: new Set<number>(), users: new Set<string>(), files: new Set<string>(), clusters: new Set<string>() },
    used: { keys: new Set<number>(), users: new Set<string>(), files: new Set<string>(), clusters: new Set<string>() },
  };
  /** Settings, history and the current-cluster pointer ('meta' ids) written. */
  readonly meta = new Set<string>();
  /** Number of units of work that committed at least one write. */
  commits = 0;
  /** The AES key wraps and unwraps the command did, in order (issue 13's key-wrap view; no key material). */
  readonly wraps: WrapRef[] = [];

  /** An operation wrapped or unwrapped with AES key wrap (reported after its unit of work committed). */
  wrap(ref: WrapRef): void {
    if (this.wraps.length < MAX_WRAPS) this.wraps.push(ref);
  }

  /** The writes of one unit of work that committed. */
  committed(writes: readonly CommittedWrite[]): void {
    if (writes.length > 0) this.commits++;
    for (const w of writes) {
      const bucket: Bucket = w.op === 'delete' ? 'deleted' : w.created ? 'created' : 'changed';
      switch (w.store) {
        case 'keys': {
          // a key no HSM holds any more is deleted, though its record may stay (its id is never reused)
          const gone = w.op === 'put' && Array.isArray(w.value?.holders) && w.value.holders.length === 0;
          this.add(gone ? 'deleted' : bucket, 'keys', handleOfKeyId(w.id));
          break;
        }
        case 'users': this.add(bucket, 'users', w.id); break;
        case 'files': if (w.value?.kind !== 'dir' || w.op === 'delete') this.add(bucket, 'files', w.id); break;
        case 'clusters': this.add(bucket, 'clusters', w.id); break;
        case 'meta': this.meta.add(w.id); break;
      }
    }
  }

  /**
   * A key that lives only in a session (never in the store) was created, changed or deleted. A
   * changed session key existed before the command: a store write that makes it a token key
   * (setAttribute TOKEN 0 → 1) changes that key rather than creating one.
   */
  sessionKey(bucket: 'created' | 'changed' | 'deleted', handle: number): void {
    if (bucket === 'changed') this.existed.add(handle);
    this.add(bucket, 'keys', handle);
  }

  /** Session keys that existed before the command (so a store write of them is no creation). */
  private readonly existed = new Set<number>();

  /** Objects a command used without changing them (named with -o/-k/-w, or matched). */
  use(...handles: number[]): void {
    for (const h of handles) if (Number.isSafeInteger(h)) this.sets.used.keys.add(h);
  }

  private add(bucket: Bucket, kind: keyof TouchedObjects, v: number | string): void {
    (this.sets[bucket][kind] as Set<number | string>).add(v);
  }

  /** The touched objects by bucket; a key created and deleted within the command counts as deleted only. */
  objects(bucket: Bucket): TouchedObjects {
    const s = this.sets[bucket];
    const num = (x: Set<number>) => [...x].sort((a, b) => a - b);
    const str = (x: Set<string>) => [...x].sort();
    const out = { keys: num(s.keys), users: str(s.users), files: str(s.files), clusters: str(s.clusters) };
    if (bucket === 'created') out.keys = out.keys.filter((k) => !this.existed.has(k));
    if (bucket === 'created' || bucket === 'changed') {
      const del = this.sets.deleted;
      out.keys = out.keys.filter((k) => !del.keys.has(k));
      out.users = out.users.filter((u) => !del.users.has(u));
      out.files = out.files.filter((f) => !del.files.has(f));
    }
    if (bucket === 'changed') {
      const cr = this.sets.created;
      out.keys = out.keys.filter((k) => !cr.keys.has(k) || this.existed.has(k));
      out.users = out.users.filter((u) => !cr.users.has(u));
      out.files = out.files.filter((f) => !cr.files.has(f));
      out.clusters = out.clusters.filter((c) => !cr.clusters.has(c));
    }
    return out;
  }
}
