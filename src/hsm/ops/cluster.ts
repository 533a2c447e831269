/**
 * The playground's cluster and HSM operations (spec README decision 9; cluster.md §2, §5, §6),
 * one unit of work each: list, create, clone and switch clusters; list, stop, start, add, remove,
 * tamper with and repair HSMs of the current cluster. Typed outcomes: what was done (and to which
 * cluster), or why it was refused — the host shell words them.
 */
import {
  AdminError, addHsm, cloneCluster, createCluster, keyCount, listClusters, removeHsm, setTampered, startHsm, stopHsm, useCluster,
  type AdminRefusal,
} from '../cluster-admin';
import type { Tx } from '../tx';
import type { Hsm } from '../world';
import { runOp } from './runner';

/** Done (in `cluster`), or refused and nothing written. */
export type AdminOutcome<T> = { ok: true; cluster: string; value: T } | { ok: false; refusal: AdminRefusal };

async function admin<T>(hsm: Hsm, work: (tx: Tx, cluster: string) => Promise<T>): Promise<AdminOutcome<T>> {
  try {
    return await runOp(hsm, async ({ tx }) => {
      const cluster = await hsm.currentClusterName(tx);
      return { ok: true as const, cluster, value: await work(tx, cluster) };
    });
  } catch (e) {
    if (e instanceof AdminError) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

export interface ClusterSummary {
  name: string;
  hsms: number;
  up: number;
  keys: number;
}

/** Every cluster, with the current one named. */
export async function clusterList(hsm: Hsm): Promise<{ current: string; clusters: ClusterSummary[] }> {
  return runOp(hsm, async ({ tx }) => {
    const current = await hsm.currentClusterName(tx);
    const clusters: ClusterSummary[] = [];
    for (const c of await listClusters(tx)) {
      clusters.push({ name: c.name, hsms: c.hsms.length, up: c.hsms.filter((h) => h.state === 'up').length, keys: await keyCount(tx, c.name) });
    }
    return { current, clusters };
  });
}

/** A new cluster with `hsms` HSMs and the fresh playground's users (spec README decision 6). */
export const clusterCreate = (hsm: Hsm, name: string, hsms: number) =>
  admin(hsm, async (tx) => {
    const c = await createCluster(hsm, tx, name, hsms);
    return { name: c.name, hsms: c.hsms.length };
  });

/** A cluster restored from a backup of the current one (cluster.md §6.1). */
export const clusterClone = (hsm: Hsm, name: string) =>
  admin(hsm, async (tx) => ({ name: (await cloneCluster(hsm, tx, await hsm.cluster(tx), name)).name }));

/** Make `name` the current cluster. */
export const clusterUse = (hsm: Hsm, name: string) => admin(hsm, async (tx) => useCluster(tx, name));

export interface HsmSummary {
  node: number;
  state: 'up' | 'down';
  tampered: boolean;
  keys: number;
}

/** The HSMs of the current cluster. */
export async function hsmList(hsm: Hsm): Promise<{ cluster: string; hsms: HsmSummary[] }> {
  return runOp(hsm, async ({ tx }) => {
    const cluster = await hsm.cluster(tx);
    const hsms: HsmSummary[] = [];
    for (const h of cluster.hsms) hsms.push({ node: h.node, state: h.state, tampered: h.tampered, keys: await keyCount(tx, cluster.name, h.node) });
    return { cluster: cluster.name, hsms };
  });
}

export const hsmStop = (hsm: Hsm, node: number) => admin(hsm, async (tx) => stopHsm(tx, await hsm.cluster(tx), node));

/** Start an HSM; the value is how many keys background sync gave it. */
export const hsmStart = (hsm: Hsm, node: number) => admin(hsm, async (tx) => startHsm(tx, await hsm.cluster(tx), node));

/** Add an HSM cloned from a running one; the value is its node id. */
export const hsmAdd = (hsm: Hsm) => admin(hsm, async (tx) => addHsm(tx, await hsm.cluster(tx)));

export const hsmRemove = (hsm: Hsm, node: number) => admin(hsm, async (tx) => removeHsm(tx, await hsm.cluster(tx), node));

/** Mark an HSM's firmware as tampered with, or repaired. */
export const hsmTamper = (hsm: Hsm, node: number, tampered: boolean) =>
  admin(hsm, async (tx) => setTampered(tx, await hsm.cluster(tx), node, tampered));
