/**
 * What every cloudhsm_mgmt_util operation shares (users-and-keys.md §2.3, §7; errors.md §1.3):
 * the servers an operation runs on, where each one stands (up, the caller's login there), the
 * §2.3 gate as a return code, the typed per-server outcome, and the loop of the state-changing
 * operations — every server decided first on a scratch unit of work (the console is asked what to
 * do about each refusal), then the accepted ones committed together. No text: the console words
 * the outcome (src/commands/cmu).
 */
import { RC } from '../codes';
import { refusedWith, type CmuRefusal, type ServerFailure } from '../cmu-results';
import { cmuAllows, cmuRefusalCode, type CmuAction } from '../cmu-policy';
import type { CmuSession } from '../cmu-session';
import { Journal, type TouchedObjects } from '../journal';
import type { ClusterRecord } from '../model';
import { Tx } from '../tx';
import { nodeUp } from '../users';
import { canWrite, resolvePath, writeFile } from '../vfs';
import type { Hsm } from '../world';
import { runOp } from './runner';

/** One server's outcome: its value, or why it refused. */
export type ServerResult<T = undefined> =
  | { readonly server: number; readonly node: number; readonly ok: true; readonly value: T }
  | { readonly server: number; readonly node: number; readonly ok: false; readonly refusal: CmuRefusal };

/** An operation's outcome: refused before any server (the §2.3 gate, a login already there), or per server in order. */
export type CmuOutcome<T = undefined> =
  | { readonly refused: CmuRefusal }
  | { readonly servers: readonly ServerResult<T>[] };

/** The servers an operation runs on: all of them, or the one of server mode. */
export function targets(session: CmuSession): number[] {
  return session.serverMode === null ? session.servers.map((_, i) => i) : [session.serverMode];
}

/** users-and-keys.md §2.3: null when the caller's type may run `action`, else the refusal's code. */
export function gate(action: CmuAction, session: CmuSession): CmuRefusal | null {
  const type = session.user?.type ?? null;
  return cmuAllows(action, type) ? null : refusedWith(cmuRefusalCode(type));
}

/** The return codes of an outcome, server by server (a §4.4 refusal has none). */
export function codesOf(outcome: CmuOutcome<unknown> | readonly ServerResult<unknown>[]): number[] {
  const list = 'refused' in outcome ? [outcome.refused] : 'servers' in outcome ? outcome.servers.map(refusalOf) : outcome.map(refusalOf);
  return list.flatMap((r) => (r === null ? [RC.SUCCESS] : 'code' in r ? [r.code] : []));
}

const refusalOf = (r: ServerResult<unknown>): CmuRefusal | null => (r.ok ? null : r.refusal);

export interface Reached {
  node: number;
  /** The caller's user id on this HSM (ids are per HSM), when logged in there. */
  userId: number | undefined;
  cluster: ClusterRecord;
}

/** Where one server stands before an operation touches it: its node, or why it cannot be used. */
export async function reach(
  hsm: Hsm, tx: Tx, session: CmuSession, server: number, needsLogin: boolean,
): Promise<Reached | CmuRefusal> {
  const node = session.servers[server];
  const cluster = await hsm.cluster(tx, session.cluster);
  if (node === undefined || !nodeUp(cluster, node)) return refusedWith(RC.SERVER_UNAVAILABLE); // no such server: nothing answers
  const userId = session.loggedOn.get(node);
  if (needsLogin && userId === undefined) return refusedWith(RC.NOT_LOGGED_IN);
  return { node, userId, cluster };
}

export const isReached = (r: Reached | CmuRefusal): r is Reached => 'node' in r;

/** What `read` gives for one reached server. */
export type Read<T> = { value: T } | { refusal: CmuRefusal };

/** Read something from every target server in one unit of work (nothing is written). */
export async function readServers<T>(
  hsm: Hsm, session: CmuSession, needsLogin: boolean, read: (tx: Tx, at: Reached) => Promise<Read<T>>,
): Promise<ServerResult<T>[]> {
  return runOp(hsm, async ({ tx }) => {
    const out: ServerResult<T>[] = [];
    for (const server of targets(session)) {
      const node = session.servers[server]!;
      const at = await reach(hsm, tx, session, server, needsLogin);
      const r: Read<T> = isReached(at) ? await read(tx, at) : { refusal: at };
      out.push('value' in r ? { server, node, ok: true, value: r.value } : { server, node, ok: false, refusal: r.refusal });
    }
    return out;
  });
}

/** What the console answers to a server's refusal (errors.md §1.3): R, I, A or B. */
export type Recovery = 'retry' | 'ignore' | 'abort' | 'rollback';

/** The objects a unit of work created, changed and deleted (keys by handle, users by record id). */
export interface ObjectChanges {
  readonly created: TouchedObjects;
  readonly changed: TouchedObjects;
  readonly deleted: TouchedObjects;
}

/** What the staged writes of `tx` do to the playground's objects, classified as the journal does. */
export function objectChanges(tx: Tx): ObjectChanges {
  const j = new Journal();
  j.committed(tx.changes());
  return { created: j.objects('created'), changed: j.objects('changed'), deleted: j.objects('deleted') };
}

export interface ChangeOutcome {
  /** Every attempt on every server, in order (a retried server appears once per attempt). */
  readonly attempts: readonly ServerResult[];
  /** The servers whose change was committed (none after a roll-back). */
  readonly committed: readonly number[];
  /** The objects the commit created, changed and deleted (none when nothing was committed). */
  readonly objects: ObjectChanges | null;
}

/**
 * A state-changing operation server by server (errors.md §1.3): `step` decides and stages the
 * change on one HSM; each attempt is reported to `report`, which for a refusal answers what to do
 * — retry looks again, ignore goes on to the next server, abort stops keeping the servers done,
 * rollback stops and keeps none. Nothing is written until every server is decided; then the
 * accepted ones commit together in one unit of work.
 */
export async function changeOnServers(
  hsm: Hsm, session: CmuSession,
  step: (tx: Tx, node: number, userId: number | undefined) => Promise<ServerFailure>,
  report: (attempt: ServerResult) => Promise<Recovery | void>,
): Promise<ChangeOutcome> {
  const attempt = async (tx: Tx, server: number): Promise<ServerFailure> => {
    const at = await reach(hsm, tx, session, server, true);
    return isReached(at) ? step(tx, at.node, at.userId) : at;
  };
  const attempts: ServerResult[] = [];
  const accepted: number[] = [];
  const scratch = new Tx(hsm.deps.backend); // planning only: never committed
  servers: for (const server of targets(session)) {
    const node = session.servers[server]!;
    for (;;) {
      const refusal = await attempt(scratch, server);
      const result: ServerResult = refusal === null ? { server, node, ok: true, value: undefined } : { server, node, ok: false, refusal };
      attempts.push(result);
      const choice = await report(result);
      if (refusal === null) {
        accepted.push(server);
        continue servers;
      }
      if (choice === 'retry') {
        scratch.refresh(); // the server may be back: look again
        continue;
      }
      if (choice === 'ignore') continue servers;
      if (choice === 'rollback') accepted.length = 0;
      break servers;
    }
  }
  let objects: ObjectChanges | null = null;
  if (accepted.length > 0) {
    objects = await runOp(hsm, async ({ tx }) => {
      for (const server of accepted) await attempt(tx, server);
      return objectChanges(tx);
    });
  }
  return { attempts, committed: accepted, objects };
}

// --- output files (findAllKeys, getAttribute, getKeyInfo) ------------------------------------

/** The path an optional output file of a command goes to, or null when it cannot be written. */
export async function outputFile(hsm: Hsm, cwd: string, name: string): Promise<string | null> {
  const path = resolvePath(cwd, name);
  return runOp(hsm, async ({ tx }) => ((await canWrite(tx, path)) === 'ok' ? path : null));
}

/** Write (overwrite silently) a command's output file. */
export async function writeOutputFile(hsm: Hsm, path: string, text: string): Promise<void> {
  await runOp(hsm, async ({ tx }) => {
    await writeFile(tx, path, new TextEncoder().encode(text), hsm.deps.clock.now());
  });
}
