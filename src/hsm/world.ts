/**
 * The playground's world: clusters, HSMs, users, token keys and settings, all behind the storage
 * port. `Hsm` runs each command's work in one `Tx` and commits it atomically; it also creates the
 * fresh playground of spec README decision 1 the first time it meets an empty store.
 */
import { forgetCryptoKeys } from '../crypto/cryptokey-cache';
import { randomInt, seededRng, type Rng } from '../crypto/rng';
import type { PasswordKdf } from '../crypto/kdf';
import type { KeygenPort } from '../crypto/asym/platform-keygen';
import type { Clock } from './clock';
import { DEFAULT_USERS } from './default-users';
import type { ClusterRecord, CurrentRecord, SettingsRecord, UserRecord } from './model';
import { userRecordId } from './model';
import { ConflictError, NOT_HELD, type Backend } from './store';
import type { Journal } from './journal';
import type { LoginsPort } from './logins';
import { Tx } from './tx';

export interface HsmDeps {
  backend: Backend;
  rng: Rng;
  clock: Clock;
  kdf: PasswordKdf;
  /** Progress shown outside the transcript (spec decision 7); null clears it. */
  notice?: (text: string | null) => void;
  /** A line for the learner about a damaged stored record (each one is reported once). */
  warn?: (text: string) => void;
  /**
   * Every login held by the consoles that share this playground (the page's terminal tabs), for
   * the "logged in users cannot be deleted or re-keyed" rule; without it only the console's own
   * CMU login counts.
   */
  logins?: LoginsPort;
  /**
   * Generate a key pair in JavaScript from a 32-byte seed (generateKeyPairFromSeed): the page runs
   * it in a worker so the tab never freezes; without it the operation runs it inline after a
   * dynamic import (Node, tests). `progress` (0..1) is reported now and then; `signal` abandons it.
   */
  keygen?: KeygenPort;
}

export const DEFAULT_CLUSTER = 'cluster-1';
const FIRST_OBJECT_INDEX = 6; // handles 1–5 are reserved internal objects (cluster.md §8.2)
export const KEY_CAPACITY = 3300; // keys per cluster (cluster.md §7)
/** Commits a command tries before it gives up on a playground another tab keeps changing. */
const MAX_ATTEMPTS = 40;

/** Stage a fresh cluster with decision 1's users on every HSM. */
export function stageCluster(tx: Tx, name: string, hsmCount: number, lineage = name): ClusterRecord {
  const cluster = tx.put<ClusterRecord>('clusters', {
    id: name, rev: 0, name, nextIndex: FIRST_OBJECT_INDEX, lineage,
    hsms: Array.from({ length: hsmCount }, (_, node) => ({ node, state: 'up' as const, tampered: false })),
  });
  for (const h of cluster.hsms) {
    for (const u of DEFAULT_USERS) {
      tx.put<UserRecord>('users', {
        id: userRecordId(name, h.node, u.userId), rev: 0, cluster: name, node: h.node,
        userId: u.userId, name: u.name, type: u.type, verifier: u.verifier,
        loginFailures: 0, mofnPubKey: false, twoFA: false,
      });
    }
  }
  return cluster;
}

/** An expected failure of the playground itself (not of an HSM command): shown as an error line. */
export class PlaygroundError extends Error {}

/** The cluster a command works on is gone from the store (another tab ran reset) or damaged. */
export class ClusterMissingError extends PlaygroundError {
  constructor(readonly cluster: string) {
    super(`cluster ${cluster} is missing or damaged in the store; \`reset\` restores a fresh playground`);
    this.name = 'ClusterMissingError';
  }
}

/**
 * Stage decision 1's fresh playground (on an empty store). `lineage` names its backup lineage, the
 * identity of its masking key (src/hsm/masking.ts): a fresh playground — after a reset too — gets
 * one of its own, like `cluster create`, so a masked object extracted before a reset no longer
 * inserts, as a new real cluster would refuse it.
 */
function stageFresh(tx: Tx, lineage = DEFAULT_CLUSTER): void {
  stageCluster(tx, DEFAULT_CLUSTER, 3, lineage);
  tx.put<CurrentRecord>('meta', { id: 'current', rev: 0, cluster: DEFAULT_CLUSTER });
  tx.put<SettingsRecord>('meta', { id: 'settings', rev: 0, handles: 'realistic', seed: null });
}

/**
 * Replace the playground in `backend` by decision 1's fresh one (clusters, users, keys and the
 * pointers; files are kept): for a store that lost its playground outside any console, such as the
 * memory the page falls back to when the saved one cannot be read back.
 */
export async function stageFreshPlayground(backend: Backend): Promise<void> {
  const tx = new Tx(backend);
  for (const store of ['meta', 'clusters', 'users', 'keys'] as const) {
    await tx.purge(store, (id) => store === 'meta' && id === 'schema');
  }
  stageFresh(tx);
  await tx.commit();
}

export class Hsm {
  readonly deps: HsmDeps;
  private rng: Rng;

  /** `deps.rng` is the real randomness; seeded mode (README decision 3) swaps in a seeded one. */
  constructor(deps: HsmDeps) {
    this.rng = deps.rng;
    this.deps = { ...deps, rng: { fill: (out) => this.rng.fill(out) } };
    this.baseRng = deps.rng;
  }

  private readonly baseRng: Rng;
  /** Fires when the learner stops the running command (Ctrl-C); long waits listen to it. */
  signal: AbortSignal | undefined;
  /** What the running command did; every unit of work that commits reports its writes here. */
  journal: Journal | undefined;
  private readonly reported = new Set<string>();

  private readonly reportDamage = (store: string, id: string, problem: string): void => {
    const key = `${store}/${id}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.deps.warn?.(`warning: the stored record ${key} is damaged (${problem}); it is ignored and left untouched`);
  };

  /** Seeded mode (README decision 3): every random input must then come from deps.rng. */
  get seeded(): boolean {
    return this.rng !== this.baseRng;
  }

  /** Seeded mode: a number makes random bytes, serving HSMs and handles reproducible from now on. */
  reseed(seed: number | null): void {
    this.rng = seed === null ? this.baseRng : seededRng(seed);
  }

  /** A new cluster's lineage: its name and its creation time (as `cluster create` makes one). */
  private freshLineage(): string {
    return `${DEFAULT_CLUSTER}-${this.deps.clock.now().toString(36)}`;
  }

  /**
   * Erase everything and stage the fresh playground, atomically, and leave seeded mode: the one
   * path of the shell's `reset` and the page's reset button.
   */
  async resetPlayground(): Promise<void> {
    await this.transact(async (tx) => {
      for (const store of ['meta', 'clusters', 'users', 'keys', 'files'] as const) {
        await tx.purge(store, (id) => store === 'meta' && id === 'schema');
      }
      stageFresh(tx, this.freshLineage());
    });
    forgetCryptoKeys(''); // every cached CryptoKey of the old playground goes
    this.reseed(null);
  }

  /**
   * Create the fresh playground if the store holds none. A damaged or missing `meta/current`
   * pointer beside clusters or users is no empty store: it falls back (see currentClusterName)
   * and the data stays, so setting up never fails on damaged data and `reset` can always run.
   */
  async ensureInitialized(): Promise<void> {
    await this.transact(async (tx) => {
      if (await tx.occupied('meta', 'current')) return;
      for (const store of ['clusters', 'users'] as const) if ((await tx.backend.list(store)).length > 0) return;
      stageFresh(tx, this.freshLineage());
    });
    const s = await this.transact((tx) => this.settings(tx));
    this.reseed(s.seed);
  }

  /**
   * Run `work` in a fresh Tx and commit it. A commit that loses a race with another tab is
   * retried from scratch (the work is re-read and re-decided), so nothing is ever overwritten.
   */
  transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // (the first attempt without an async function of its own: a unit of work that only read —
    // most commands, every warm sign and verify — is answered one promise reaction after its work)
    const tx = new Tx(this.deps.backend, this.reportDamage);
    let first: Promise<T>;
    try {
      first = work(tx);
    } catch (e) {
      return Promise.reject(e);
    }
    return first.then((result) => (tx.dirty ? this.commitOrRetry(tx, result, work) : result));
  }

  /** Commit a unit of work that wrote; on a lost race, run the work again in a fresh Tx (at most MAX_ATTEMPTS in all). */
  private async commitOrRetry<T>(tx: Tx, result: T, work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (tx.dirty) await tx.commit(); // (a retried unit of work that only read commits nothing)
        this.journal?.committed(tx.changes());
        return result;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        if (attempt >= MAX_ATTEMPTS - 1) {
          throw new PlaygroundError('another tab kept changing the playground at the same moment; nothing was changed, try again');
        }
        // Two tabs racing for the same record: back off a random, growing moment so one of them
        // gets through (without it they can keep colliding in lockstep).
        await this.deps.clock.sleep(randomInt(this.deps.rng, 2 ** Math.min(attempt + 1, 7)) + 1);
      }
      tx = new Tx(this.deps.backend, this.reportDamage);
      result = await work(tx);
    }
  }

  /** Change settings (the `settings` command and the page's panel): stored, and seeded mode applied. */
  async updateSettings(change: Partial<Pick<SettingsRecord, 'handles' | 'seed' | 'keyAvailabilityCheck'>>): Promise<SettingsRecord> {
    const next = await this.transact(async (tx) => {
      const cur = await this.settings(tx);
      return tx.put<SettingsRecord>('meta', { ...cur, ...change });
    });
    if ('seed' in change) this.reseed(next.seed);
    return next;
  }

  /**
   * The current cluster. A damaged or missing pointer falls back to the first cluster: the fresh
   * playground's cluster-1 while it is there, else the first by name (`cluster use` replaces it).
   */
  async currentClusterName(tx: Tx): Promise<string> {
    const current = await tx.get<CurrentRecord>('meta', 'current');
    if (current) return current.cluster;
    const name = (await tx.get<ClusterRecord>('clusters', DEFAULT_CLUSTER)) ? DEFAULT_CLUSTER
      : (await tx.list<ClusterRecord>('clusters'))[0]?.name ?? DEFAULT_CLUSTER;
    if (!this.reported.has('fallback') && (await tx.occupied('meta', 'current'))) {
      this.reported.add('fallback');
      this.deps.warn?.(`warning: using cluster ${name}; \`cluster use NAME\` replaces the damaged pointer, \`reset\` restores a fresh playground`);
    }
    return name;
  }

  /** `cluster(tx, name)` without a promise when the record is at hand (Tx.peek); NOT_HELD when it must be read. */
  clusterNow(tx: Tx, name: string): ClusterRecord | typeof NOT_HELD {
    const c = tx.peek<ClusterRecord>('clusters', name);
    if (c === undefined) throw new ClusterMissingError(name);
    return c;
  }

  cluster(tx: Tx, name?: string): Promise<ClusterRecord> {
    // (no async function's own promise when the name is given: every KMU operation reads its cluster)
    const found = (n: string) => tx.get<ClusterRecord>('clusters', n).then((c) => {
      if (!c) throw new ClusterMissingError(n);
      return c;
    });
    return name === undefined ? this.currentClusterName(tx).then(found) : found(name);
  }

  async settings(tx: Tx): Promise<SettingsRecord & { keyAvailabilityCheck: boolean }> {
    // (a record written before the CLI's availability check existed has it on: contract of issue 16;
    // the core-host branch makes this a schema migration)
    const stored = await tx.get<SettingsRecord>('meta', 'settings');
    return { id: 'settings', rev: 0, handles: 'realistic', seed: null, keyAvailabilityCheck: true, ...stored };
  }
}
