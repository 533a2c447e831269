/**
 * extractMaskedObject and insertMaskedObject as operations (kmu-commands.md §6.1–6.2, cluster.md
 * §6.3, errors.md §4.2, G-55). The masked object's format and masking key: ../masking.ts.
 *
 * Extract: the key exists (0xa8) and the user owns it (0xc6 for a shared user or anyone else);
 * extractable or not, any class; the key is not changed. No quorum check: the masked object is the
 * HSMs' own synchronisation format, not an export of the material (the guide names no approval).
 *
 * Insert: a masked object of this cluster's lineage (an unrelated cluster → 0xc6), intact
 * (anything else → 0xe5), whose owner is a CU of this cluster (else 0xc6); the key gets a new
 * object index and handle and keeps every attribute, its owner, sharing and quorum; the ID is not
 * checked for uniqueness; capacity (0xe6) and -min_srv / -timeout as for every creation. A masked
 * session key (TOKEN 0) becomes a session key of this session.
 */
import { A } from '../attributes';
import { allNodes } from '../auth';
import { RC, SERVER_DOWN } from '../codes';
import { lookupKey, reachHolders, visibleKeys } from '../keys';
import { maskKey, unmaskKey } from '../masking';
import type { ClusterRecord, KeyRecord, UserRecord } from '../model';
import { handleFor, keyRecordId, userRecordId } from '../model';
import type { KmuSession, NodeStatus } from '../session';
import { recordProblem } from '../validate';
import { KEY_CAPACITY } from '../world';
import { ladder, type KeyCreation, type Outcome } from './outcome';
import type { OpScope } from './runner';

export interface Extracted extends Outcome {
  /** The masked object, for the output file. */
  file?: Uint8Array;
}

export async function extractMaskedObject(scope: OpScope, session: KmuSession, handle: number): Promise<Extracted> {
  const { hsm, tx } = scope;
  const key = await lookupKey(tx, session, handle);
  if (!key) return ladder(['extractMaskedObject'], RC.INVALID_HANDLE);
  scope.use(handle);
  if (key.owner !== session.user!.userId) return ladder(['extractMaskedObject'], RC.ACCESS_DENIED);
  const cluster = await hsm.cluster(tx, session.cluster);
  const file = await maskKey(key, cluster.lineage, hsm.deps.rng);
  return { ...ladder(['extractMaskedObject'], RC.SUCCESS), file };
}

export interface InsertRequest {
  file: Uint8Array;
  minSrv: number;
  /** Seconds to wait for -min_srv; null = not given (fail at once). */
  timeout: number | null;
}

export async function insertMaskedObject(scope: OpScope, session: KmuSession, req: InsertRequest): Promise<KeyCreation> {
  const { hsm, tx } = scope;
  const cluster = await hsm.cluster(tx, session.cluster);
  const serving = cluster.hsms.find((h) => h.node === session.servingNode);
  const attestPass = !serving?.tampered;
  const done = (code: number, nodes: NodeStatus[], handle?: number): KeyCreation =>
    ({ ...ladder(['insertMaskedObject'], code, nodes, handle === undefined ? {} : { created: [handle] }), attestPass, ...(handle === undefined ? {} : { handle }) });

  const opened = await unmaskKey(req.file, cluster.lineage);
  if (!opened.ok) {
    const code = opened.reason === 'lineage' ? RC.ACCESS_DENIED : RC.UNWRAP_INTEGRITY;
    return done(code, allNodes(cluster, code));
  }
  const masked = opened.key;
  const sessionKey = masked.attrs[A.TOKEN] === 0;
  const listed = (code: number): NodeStatus[] =>
    sessionKey ? [{ node: session.servingNode, code: serving?.state === 'up' ? code : SERVER_DOWN }] : allNodes(cluster, code);
  const fail = (code: number, nodes = listed(code)) => done(code, nodes);

  // The owner must be a crypto user of this cluster (cluster.md §6.3).
  const owner = typeof masked.owner === 'number' && Number.isSafeInteger(masked.owner) && masked.owner > 0
    ? await tx.get<UserRecord>('users', userRecordId(cluster.name, session.servingNode, masked.owner))
    : undefined;
  if (!owner || owner.type !== 'CU') return fail(RC.ACCESS_DENIED);

  if ((await visibleKeys(tx, session)).length >= KEY_CAPACITY) return fail(RC.OBJECT_TABLE_FULL);
  if (serving?.state !== 'up') return fail(SERVER_DOWN);

  // The next free object index, as every creation takes it (keys.ts createSecretKey).
  const settings = await hsm.settings(tx);
  let index = cluster.nextIndex;
  const taken = async (h: number) => session.sessionKeys.has(h) || await tx.occupied('keys', keyRecordId(cluster.name, h));
  while (await taken(handleFor(index, session.servingNode, settings.handles))) index++;
  const handle = handleFor(index, session.servingNode, settings.handles);
  if (!Number.isSafeInteger(index + 1) || !Number.isSafeInteger(handle)) return fail(RC.OBJECT_TABLE_FULL);
  const record = {
    ...masked, id: keyRecordId(cluster.name, handle), rev: 0, cluster: cluster.name, handle, index,
    holders: [session.servingNode],
  } as unknown as KeyRecord;
  // Whatever the object says must make a record the store itself would accept.
  if (recordProblem('keys', { ...record, rev: 1 }) !== null) return fail(RC.UNWRAP_INTEGRITY);

  if (sessionKey) {
    tx.put<ClusterRecord>('clusters', { ...cluster, nextIndex: index + 1 });
    scope.after(() => session.sessionKeys.set(handle, record));
    scope.sessionKey('created', handle);
    return done(RC.SUCCESS, listed(RC.SUCCESS), handle);
  }

  // A token key: on every reachable HSM at once, waiting for -min_srv as a creation does.
  const { holders, nodes } = await reachHolders(hsm, cluster, req.minSrv, req.timeout);
  if (holders.length < Math.max(1, req.minSrv)) return fail(SERVER_DOWN, nodes);
  tx.put<ClusterRecord>('clusters', { ...cluster, nextIndex: index + 1 });
  tx.put<KeyRecord>('keys', { ...record, holders });
  return done(RC.SUCCESS, nodes, handle);
}
