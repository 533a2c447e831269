/**
 * The runner every console calls an operation through. It opens the unit of work, makes sure a
 * serving HSM is chosen inside it when the operation needs one (a KMU session whose HSM went down
 * fails over first, cluster.md §5, and loses its session keys), commits, and only then applies the
 * session effects the operation asked for (a session key appearing or going, a login) — a retried
 * or failed unit of work applies none. What was written is learnt from the staged writes (see
 * journal.ts); what an operation used, or created and deleted outside the store (session keys),
 * it reports through its scope.
 */
import { ensureServing, ensureServingNow } from '../auth';
import { NOT_HELD } from '../store';
import type { KmuSession } from '../session';
import type { Tx } from '../tx';
import type { Hsm } from '../world';
import type { WrapRef } from './wrap-trace';

export interface OpScope {
  readonly hsm: Hsm;
  readonly tx: Tx;
  /** Run `effect` on the session after the commit (never when the work is retried or fails). */
  after(effect: () => void): void;
  /** Objects the operation used without changing them (named with -o/-k/-w, or matched). */
  use(...handles: number[]): void;
  /** A session key (never stored) created or deleted by this operation, applied after the commit. */
  sessionKey(bucket: 'created' | 'changed' | 'deleted', handle: number): void;
  /** An AES key wrap or unwrap this operation did (the key-wrap view's reference), reported after the commit. */
  wrapped(ref: WrapRef): void;
}

export interface RunOptions {
  /** Choose a serving HSM for this KMU session inside the unit of work first. */
  serving?: KmuSession;
}

/** One attempt's scope: the effects it asks for, applied after the commit (a class: no closures made per operation). */
class Scope implements OpScope {
  readonly effects: (() => void)[] = [];
  constructor(readonly hsm: Hsm, readonly tx: Tx) {}
  after(effect: () => void): void { this.effects.push(effect); }
  use(...handles: number[]): void { this.effects.push(() => this.hsm.journal?.use(...handles)); }
  sessionKey(bucket: 'created' | 'changed' | 'deleted', handle: number): void { this.effects.push(() => this.hsm.journal?.sessionKey(bucket, handle)); }
  wrapped(ref: WrapRef): void { this.effects.push(() => this.hsm.journal?.wrap(ref)); }
}

/**
 * One run of an operation: its attempts' scope and the session keys a failover lost. (A class and
 * no async function: a warm operation through the runner costs one promise reaction, not an async
 * function's own promise and resumption on top of the unit of work's.)
 */
class Run<T> {
  scope: Scope | undefined;
  // Failover happens at most once (a retried unit of work finds the session already moved), so
  // the session keys it lost are kept across attempts.
  lost: number[] | undefined;

  constructor(readonly hsm: Hsm, readonly work: (scope: OpScope) => Promise<T>, readonly serving: KmuSession | undefined) {}

  readonly attempt = (tx: Tx): Promise<T> => {
    const s = (this.scope = new Scope(this.hsm, tx));
    if (this.serving === undefined) return this.work(s);
    const gone = ensureServingNow(this.hsm, tx, this.serving);
    if (gone !== NOT_HELD) {
      this.failedOver(gone);
      return this.work(s);
    }
    return ensureServing(this.hsm, tx, this.serving).then((late) => {
      this.failedOver(late);
      return this.work(s);
    });
  };

  private failedOver(gone: number[]): void {
    if (gone.length > 0) (this.lost ??= []).push(...gone);
  }

  /** The session keys a failover lost are gone even if the work failed. */
  private forgetLost(): void {
    if (this.lost !== undefined) for (const handle of this.lost) this.hsm.journal?.sessionKey('deleted', handle);
  }

  readonly done = (result: T): T => {
    this.forgetLost();
    for (const effect of this.scope!.effects) effect();
    return result;
  };

  readonly failed = (e: unknown): never => {
    this.forgetLost();
    throw e;
  };
}

/** Run one operation in one unit of work; its effects apply after the commit. */
export function runOp<T>(hsm: Hsm, work: (scope: OpScope) => Promise<T>, opts: RunOptions = {}): Promise<T> {
  const run = new Run(hsm, work, opts.serving);
  return hsm.transact(run.attempt).then(run.done, run.failed);
}
