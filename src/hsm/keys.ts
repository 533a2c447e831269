/**
 * Key objects on the HSM side: looking handles up, the access rules of users-and-keys.md §4.2,
 * the attribute templates of attributes.md §3.1, and creation with synchronisation to the
 * cluster's HSMs under -min_srv / -timeout (cluster.md §3.2). The operations (ops/) build on these.
 */
import { randomBytes } from '../crypto/rng';
import { A, CLASS, KEY_TYPE, newKeyAttrs, type AttrMap } from './attributes';
import { allNodes } from './auth';
import { RC, SERVER_DOWN } from './codes';
import { keyCheckValue } from './kcv';
import type { ClusterRecord, KeyRecord, UserRecord } from './model';
import { handleFor, keyRecordId, keyRecordIdOf } from './model';
import type { CliRefusal } from './ops/cli-refusal';
import type { OpScope } from './ops/runner';
import type { KmuSession, NodeStatus } from './session';
import { keyAllows } from './policy';
import { manageQuorum, quorumFields } from './quorum';
import { NOT_HELD } from './store';
import type { Tx } from './tx';
import { KEY_CAPACITY, type Hsm } from './world';

export const RESERVED_HANDLES = 5;

/** The key behind `handle` as this session sees it, or undefined (→ 0xa8). */
export async function lookupKey(tx: Tx, session: KmuSession, handle: number): Promise<KeyRecord | undefined> {
  const now = lookupKeyNow(tx, session, handle);
  return now !== NOT_HELD ? now : held(await tx.get<KeyRecord>('keys', keyRecordIdOf(session.cluster, handle)));
}

/** A token key record as a session sees it: gone once no HSM holds it. */
const held = (rec: KeyRecord | undefined): KeyRecord | undefined => (rec && rec.holders.length > 0 ? rec : undefined);

/** lookupKey without a promise when the key is at hand in the unit of work (Tx.peek); NOT_HELD when it must be read. */
export function lookupKeyNow(tx: Tx, session: KmuSession, handle: number): KeyRecord | undefined | typeof NOT_HELD {
  if (!Number.isSafeInteger(handle) || handle <= RESERVED_HANDLES) return undefined;
  const own = session.sessionKeys.get(handle);
  if (own) return own;
  const rec = tx.peek<KeyRecord>('keys', keyRecordIdOf(session.cluster, handle));
  return rec === NOT_HELD ? NOT_HELD : held(rec);
}

/** Every key this session can see: its own session keys and the cluster's token keys. */
export async function visibleKeys(tx: Tx, session: KmuSession): Promise<KeyRecord[]> {
  const token = (await tx.list<KeyRecord>('keys', `${session.cluster}/`)).filter((k) => k.holders.length > 0);
  return [...token, ...session.sessionKeys.values()].sort((a, b) => a.index - b.index);
}

export interface SecretKeySpec {
  keyType: number;
  value: Uint8Array;
  label: string;
  id: string;
  session: boolean;
  /** LOCAL = 1 for keys generated inside the HSM, 0 for imported or unwrapped ones. */
  local: boolean;
  extractable: boolean;
}

/** Attributes of a new secret key (attributes.md §3.1): the attribute table's defaults. */
export function secretKeyAttrs(spec: SecretKeySpec): AttrMap {
  const kcv = spec.keyType === KEY_TYPE.AES || spec.keyType === KEY_TYPE.DES3 ? keyCheckValue(spec.keyType, spec.value) : new Uint8Array(3);
  return newKeyAttrs(CLASS.SECRET, { ...spec, valueLen: spec.value.length, kcv });
}

/** Fresh key material for genSymKey; 3DES keys get odd parity per byte like real DES keys. */
export function generateKeyMaterial(hsm: Hsm, keyType: number, size: number): Uint8Array {
  const v = randomBytes(hsm.deps.rng, size);
  if (keyType === KEY_TYPE.DES3) {
    for (let i = 0; i < v.length; i++) {
      let x = v[i]! & 0xfe;
      let p = 0;
      for (let j = 1; j < 8; j++) p ^= (x >> j) & 1;
      v[i] = x | (p ^ 1);
    }
  }
  return v;
}

export interface CreateOptions {
  spec: SecretKeySpec;
  shareWith: number[];
  mValue: number;
  /** The two quorum values when they differ (the CLI's manage/use values, G-CLI-29); absent: both mValue. */
  quorum?: Pick<KeyRecord, 'manageQuorum' | 'useQuorum'>;
  minSrv: number;
  /** Seconds to wait for -min_srv; null = not given (fail at once, never hang: G-16). */
  timeout: number | null;
  /** Attributes that replace the template's (unWrapKey: the wrapped file's header, an unwrap template). */
  attrs?: AttrMap;
  /** The ID came from a wrapped file's header, not from -id: not checked for uniqueness (G-14). */
  skipIdCheck?: boolean;
}

export interface CreateOutcome {
  code: number;
  nodes: NodeStatus[];
  handle?: number;
  /** Result of the attestation check (-attest): false when the serving HSM is marked tampered. */
  attestPass: boolean;
}

async function shareListValid(tx: Tx, session: KmuSession, ids: number[]): Promise<boolean> {
  const me = session.user!.userId;
  const users = await tx.list<UserRecord>('users', `${session.cluster}/${session.servingNode}/`);
  return ids.every((id) => id !== me && users.some((u) => u.userId === id && u.type === 'CU'));
}

/** One object of a creation: its attributes and material, and who may use it besides the creator. */
export interface NewObject {
  attrs: AttrMap;
  value: Uint8Array;
  shared: number[];
  mValue: number;
  /** The two quorum values when they differ (the CLI's manage/use values, G-CLI-29); absent: both mValue. */
  quorum?: Pick<KeyRecord, 'manageQuorum' | 'useQuorum'>;
}

/** A creation of one or more objects that take consecutive object indexes (cluster.md §8.2). */
export interface CreateObjectsRequest {
  objects: readonly NewObject[];
  /** -sess: every object is a session key of this session. */
  session: boolean;
  /** The ID every object carries ('' = none); unique in the cluster unless skipIdCheck. */
  id: string;
  skipIdCheck?: boolean;
  /** The ids of -u: every one a CU other than the creator (0xe9). */
  shareWith: number[];
  minSrv: number;
  timeout: number | null;
  /** The request violates the FIPS policy (0xb3; every node shows 0x30000085). */
  fipsRefused?: boolean;
}

export interface CreateObjectsOutcome {
  code: number;
  nodes: NodeStatus[];
  /** The new handles in the objects' order (on success). */
  handles?: number[];
  /** The new records in the objects' order, as stored or kept in the session (on success). */
  records?: KeyRecord[];
  attestPass: boolean;
}

/**
 * The HSMs a new token key reaches (cluster.md §3.2, decision 9): every HSM that is up, waiting up to
 * `timeout` seconds (null: not at all, G-16) for `minSrv` of them in real (injected) time, re-reading
 * the HSM states each second so an HSM started meanwhile — even from another tab — receives the key
 * and counts. `nodes`: each HSM's status line (0x00 for a holder, 0x30000085 otherwise).
 */
export async function reachHolders(
  hsm: Hsm, cluster: ClusterRecord, minSrv: number, timeout: number | null,
): Promise<{ holders: number[]; nodes: NodeStatus[] }> {
  let current = cluster;
  const upNodes = (c: ClusterRecord) => c.hsms.filter((h) => h.state === 'up').map((h) => h.node);
  let holders = upNodes(current);
  const required = Math.max(1, minSrv);
  if (holders.length < required && timeout !== null) {
    const deadline = hsm.deps.clock.now() + timeout * 1000;
    try {
      while (holders.length < required && hsm.deps.clock.now() < deadline) {
        const left = Math.ceil((deadline - hsm.deps.clock.now()) / 1000);
        hsm.deps.notice?.(`Waiting for the key to reach ${required} HSMs (now ${holders.length}); ${left} s left (-timeout ${timeout})`);
        hsm.signal?.throwIfAborted();
        await hsm.deps.clock.sleep(Math.min(1000, deadline - hsm.deps.clock.now()), hsm.signal);
        current = ((await hsm.deps.backend.get('clusters', cluster.name)) as ClusterRecord | undefined) ?? current;
        holders = upNodes(current);
      }
    } finally {
      hsm.deps.notice?.(null);
    }
  }
  const nodes = current.hsms.map((h) => ({ node: h.node, code: h.state === 'up' && holders.includes(h.node) ? RC.SUCCESS : SERVER_DOWN }));
  return { holders, nodes };
}

/**
 * Create objects owned by the logged-in user, at consecutive object indexes. Checks, in order:
 * FIPS policy (0xb3), share list (0xe9), unique ID (0xe2), capacity for all of them (0xe6), then
 * synchronisation to -min_srv HSMs (0x30000085). A failure creates nothing and consumes no object
 * index. Session keys join the session only after the commit (session keys live only in memory).
 */
export async function createObjects(scope: OpScope, session: KmuSession, req: CreateObjectsRequest): Promise<CreateObjectsOutcome> {
  const { hsm, tx } = scope;
  const cluster = await hsm.cluster(tx, session.cluster);
  const settings = await hsm.settings(tx);
  const serving = cluster.hsms.find((h) => h.node === session.servingNode);
  const attestPass = !serving?.tampered;
  const listed = (code: number): NodeStatus[] =>
    req.session ? [{ node: session.servingNode, code: serving?.state === 'up' ? code : SERVER_DOWN }] : allNodes(cluster, code);
  const fail = (code: number, nodes = listed(code)): CreateObjectsOutcome => ({ code, nodes, attestPass });
  const n = req.objects.length;

  if (req.fipsRefused) {
    // Non-FIPS requests copy the documented curve sample: every node shows 0x30000085.
    return fail(RC.FIPS_POLICY, listed(SERVER_DOWN));
  }
  if (!(await shareListValid(tx, session, req.shareWith))) return fail(RC.INVALID_SHARE_LIST);
  const all = await visibleKeys(tx, session);
  if (req.id !== '' && !req.skipIdCheck && all.some((k) => k.attrs[A.ID] === req.id)) return fail(RC.KEY_ID_EXISTS);
  if (all.length + n > KEY_CAPACITY) return fail(RC.OBJECT_TABLE_FULL);
  if (serving?.state !== 'up') return fail(SERVER_DOWN);

  // The next free run of object indexes; one taken by a pre-seeded or damaged record is skipped, not reused.
  let index = cluster.nextIndex;
  // (and one a session key of this console holds: a handle names one key)
  const taken = async (h: number) => session.sessionKeys.has(h) || await tx.occupied('keys', keyRecordId(cluster.name, h));
  const runTaken = async (first: number) => {
    for (let i = 0; i < n; i++) if (await taken(handleFor(first + i, session.servingNode, settings.handles))) return i + 1;
    return 0;
  };
  for (let skip = await runTaken(index); skip > 0; skip = await runTaken(index)) index += skip;
  const handles = Array.from({ length: n }, (_, i) => handleFor(index + i, session.servingNode, settings.handles));
  // Never write a next index or handle the store's own check would reject (it would damage the cluster).
  if (!Number.isSafeInteger(index + n) || !handles.every(Number.isSafeInteger)) return fail(RC.OBJECT_TABLE_FULL);
  const records: KeyRecord[] = req.objects.map((o, i) => ({
    id: keyRecordId(cluster.name, handles[i]!), rev: 0, cluster: cluster.name, handle: handles[i]!, index: index + i,
    attrs: o.attrs, value: o.value, owner: session.user!.userId,
    shared: [...new Set(o.shared)].sort((a, b) => a - b), ...(o.quorum ?? quorumFields(o.mValue)),
    holders: [session.servingNode],
  }));

  if (req.session) {
    tx.put<ClusterRecord>('clusters', { ...cluster, nextIndex: index + n });
    for (const record of records) {
      scope.after(() => session.sessionKeys.set(record.handle, record));
      scope.sessionKey('created', record.handle);
    }
    return { code: RC.SUCCESS, nodes: listed(RC.SUCCESS), handles, records, attestPass };
  }

  // Token keys: created on the serving HSM, cloned at once to every reachable HSM (cluster.md §3.2).
  const { holders, nodes } = await reachHolders(hsm, cluster, req.minSrv, req.timeout);
  if (holders.length < Math.max(1, req.minSrv)) return fail(SERVER_DOWN, nodes);
  tx.put<ClusterRecord>('clusters', { ...cluster, nextIndex: index + n });
  const stored = records.map((record) => ({ ...record, holders }));
  for (const record of stored) tx.put<KeyRecord>('keys', record);
  return { code: RC.SUCCESS, handles, records: stored, attestPass, nodes };
}

/**
 * Create a secret key owned by the logged-in user: createObjects with one object (RC4/DES are
 * refused by the FIPS policy, 0xb3).
 */
export async function createSecretKey(scope: OpScope, session: KmuSession, opts: CreateOptions): Promise<CreateOutcome> {
  const { spec } = opts;
  const c = await createObjects(scope, session, {
    objects: [{ attrs: { ...secretKeyAttrs(spec), ...opts.attrs }, value: spec.value, shared: opts.shareWith, mValue: opts.mValue,
      ...(opts.quorum ? { quorum: opts.quorum } : {}) }],
    session: spec.session, id: spec.id, shareWith: opts.shareWith, minSrv: opts.minSrv, timeout: opts.timeout,
    fipsRefused: spec.keyType === KEY_TYPE.RC4 || spec.keyType === KEY_TYPE.DES,
    ...(opts.skipIdCheck ? { skipIdCheck: true } : {}),
  });
  return { code: c.code, nodes: c.nodes, attestPass: c.attestPass, ...(c.handles ? { handle: c.handles[0]! } : {}) };
}

/**
 * An AES key the user may use to wrap and/or unwrap (users-and-keys.md §4.2, errors.md §4.2):
 * 0x00, or 0xc6 when it is not usable by the user, not AES, or lacks the needed flag, or 0xe7
 * when a quorum guards it (no token commands are emulated: kmu-commands.md G-17).
 */
export function wrappingKeyCode(key: KeyRecord, userId: number, needs: { wrap?: boolean; unwrap?: boolean }): number {
  return refusalCode(wrappingKeyRefusal(key, userId, needs));
}

/**
 * wrappingKeyCode's rule with its reason (the CloudHSM CLI words each one, cloudhsm-cli.md §2.8):
 * null, or the first check that fails, in the same order.
 */
export function wrappingKeyRefusal(key: KeyRecord, userId: number, needs: WrappingNeeds): CliRefusal | null {
  if (!keyAllows(key, userId, 'use')) return { error: 'access-denied' };
  if (key.attrs[A.CLASS] !== CLASS.SECRET || key.attrs[A.KEY_TYPE] !== KEY_TYPE.AES) return { error: 'wrong-key-kind' };
  if (needs.wrap && key.attrs[A.WRAP] !== 1) return { error: 'attribute-false', name: 'wrap' };
  if (needs.unwrap && key.attrs[A.UNWRAP] !== 1) return { error: 'attribute-false', name: 'unwrap' };
  if (!needs.quorumLater && manageQuorum(key) > 0) return { error: 'quorum' };
  return null;
}

/** What a wrapping or unwrapping key is needed for; `quorumLater`: the caller checks its quorum itself, later (the CLI's order, cloudhsm-cli.md §3.19). */
export interface WrappingNeeds { wrap?: boolean; unwrap?: boolean; quorumLater?: boolean }

/** The KMU return code of a key-rule reason: 0x00, 0xe7 for a quorum, else 0xc6 (errors.md §4.2). */
export function refusalCode(r: CliRefusal | null): number {
  return r === null ? RC.SUCCESS : r.error === 'quorum' ? RC.MXN_AUTH_FAILED : RC.ACCESS_DENIED;
}

/** Nodes a creation by this session reports: the serving HSM for session keys, else every HSM. */
export async function creationNodes(hsm: Hsm, tx: Tx, session: KmuSession, sessionKey: boolean, code: number): Promise<NodeStatus[]> {
  const cluster = await hsm.cluster(tx, session.cluster);
  return sessionKey ? [{ node: session.servingNode, code }] : allNodes(cluster, code);
}
