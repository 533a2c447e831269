/**
 * Keys as cloudhsm_mgmt_util sees them, one HSM at a time (users-and-keys.md §4, §9.6–9.9,
 * §9.13; attributes.md §2): which keys an HSM holds, shareKey, findAllKeys and its key hash,
 * getKeyInfo/getAttribute access, setAttribute and syncKey. Token keys are synchronised, so a
 * key is one record whose `holders` says which HSMs have it; a change made through any server
 * reaches the record, and so every HSM that holds it. Session keys belong to a KMU session and
 * are invisible here. Refusals return why (cmu-results.ts) and stage nothing.
 */
import { sha256 } from '../crypto/digest';
import { A, CLASS, type AttrValue } from './attributes';
import { RC } from './codes';
import { refusedWith, type CmuRefusal, type ServerFailure } from './cmu-results';
import { CMU_SETTABLE } from './cmu-policy';
import { RESERVED_HANDLES } from './keys';
import type { KeyRecord } from './model';
import { keyRecordId } from './model';
import { keyAllows } from './policy';
import { manageQuorum } from './quorum';
import type { Tx } from './tx';
import { usersOn } from './users';

/** The token key `handle` if HSM `node` holds it. */
async function keyOn(tx: Tx, cluster: string, node: number, handle: number): Promise<KeyRecord | undefined> {
  if (!Number.isSafeInteger(handle) || handle <= RESERVED_HANDLES) return undefined;
  const rec = await tx.get<KeyRecord>('keys', keyRecordId(cluster, handle));
  return rec?.holders.includes(node) ? rec : undefined;
}

/** Every token key HSM `node` holds, in object-index order (cluster.md §8.2). */
export async function keysOn(tx: Tx, cluster: string, node: number): Promise<KeyRecord[]> {
  return (await tx.list<KeyRecord>('keys', `${cluster}/`)).filter((k) => k.holders.includes(node)).sort((a, b) => a.index - b.index);
}

const NO_KEY = refusedWith(RC.INVALID_HANDLE);
const DENIED = refusedWith(RC.ACCESS_DENIED);

/** A key the CU `userId` may read on this HSM (getKeyInfo, getAttribute: §4.2 "read"). */
export async function readableKeyOn(
  tx: Tx, cluster: string, node: number, userId: number, handle: number,
): Promise<KeyRecord | CmuRefusal> {
  const key = await keyOn(tx, cluster, node, handle);
  if (!key) return NO_KEY;
  return keyAllows(key, userId, 'read') ? key : DENIED;
}

/**
 * shareKey on one HSM (§9.6, U9): owner only, never a public key, not a quorum key (U14); every
 * id must be a CU on this HSM other than the owner. Re-sharing or unsharing a non-member is a no-op.
 */
export async function shareKeyOn(
  tx: Tx, cluster: string, node: number, userId: number, handle: number, ids: readonly number[], share: boolean,
): Promise<ServerFailure> {
  const key = await keyOn(tx, cluster, node, handle);
  if (!key) return NO_KEY;
  if (key.attrs[A.CLASS] === CLASS.PUBLIC || !keyAllows(key, userId, 'share')) return DENIED;
  if (manageQuorum(key) > 0) return refusedWith(RC.MXN_AUTH_FAILED);
  const users = await usersOn(tx, cluster, node);
  if (!ids.every((id) => id !== key.owner && users.some((u) => u.userId === id && u.type === 'CU'))) {
    return refusedWith(RC.INVALID_SHARE_LIST);
  }
  tx.put<KeyRecord>('keys', { ...key, shared: sharedAfter(key, ids, share) });
  return null;
}

/** A key's share list after sharing (or unsharing) it with `ids`: one list for CMU shareKey, KMU -u and the CLI. */
export function sharedAfter(key: KeyRecord, ids: readonly number[], share: boolean): number[] {
  const shared = share ? [...new Set([...key.shared, ...ids])] : key.shared.filter((id) => !ids.includes(id));
  return shared.sort((a, b) => a - b);
}

/** One key findAllKeys lists: owned by the user, or shared with them. */
export interface UserKey {
  handle: number;
  owned: boolean;
}

/** findAllKeys on one HSM (§9.7, U15): the user's keys in object-index order and, when any, the HSM's key hash. */
export async function findAllKeysOn(
  tx: Tx, cluster: string, node: number, userId: number,
): Promise<{ keys: UserKey[]; hash: string | null }> {
  const all = await keysOn(tx, cluster, node);
  const keys = all.flatMap((k) => (k.owner === userId ? [{ handle: k.handle, owned: true }]
    : k.shared.includes(userId) ? [{ handle: k.handle, owned: false }] : []));
  return { keys, hash: keys.length > 0 ? await keyHashOn(tx, cluster, node) : null };
}

/**
 * The `Key Hash:` of an HSM (§9.7, U16): SHA-256 over a canonical dump of its users and of the
 * owner and share list of every key it holds. Only equality matters: HSMs whose users and key
 * ownership agree print the same hash. The node id is not part of it.
 */
async function keyHashOn(tx: Tx, cluster: string, node: number): Promise<string> {
  const users = (await usersOn(tx, cluster, node)).map((u) => [u.userId, u.type, u.name.toLowerCase()]);
  const keys = (await keysOn(tx, cluster, node)).map((k) => [k.handle, k.owner, [...k.shared].sort((a, b) => a - b)]);
  const digest = await sha256(new TextEncoder().encode(JSON.stringify({ users, keys })));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Who runs a key command on this HSM: a CO or a CU, with the user id this HSM knows them by. */
export interface KeyCaller {
  role: 'CO' | 'CU';
  userId: number;
}

/**
 * setAttribute on one HSM (attributes.md §2): the attribute is one of CMU_SETTABLE and the caller
 * its writer (the command checks both first); here: the key exists, a CU owns it, and the one-way
 * and public-key rules hold.
 */
export async function setAttributeOn(
  tx: Tx, cluster: string, node: number, caller: KeyCaller, handle: number, attr: number, value: AttrValue,
): Promise<ServerFailure> {
  const key = await keyOn(tx, cluster, node, handle);
  if (!key) return NO_KEY;
  const rule = CMU_SETTABLE.get(attr)!;
  if (rule.writer === 'CU' && !keyAllows(key, caller.userId, 'setAttribute')) return DENIED;
  const readOnly = refusedWith(RC.ATTRIBUTE_READ_ONLY);
  if (rule.oneWay && key.attrs[attr] === 1 && value === 0) return readOnly;
  if (rule.notOnPublicKey && key.attrs[A.CLASS] === CLASS.PUBLIC && value === 1) return readOnly;
  tx.put<KeyRecord>('keys', { ...key, attrs: { ...key.attrs, [attr]: value } });
  return null;
}

/**
 * syncKey (§9.13, cluster.md §6.2): copy a key from the HSM of server mode to another HSM of the
 * same cluster (the copy keeps its handle). A CU may sync the keys it owns, a CO any key.
 */
export async function syncKeyTo(
  tx: Tx, cluster: string, from: number, to: number, caller: KeyCaller, handle: number,
): Promise<ServerFailure> {
  const key = await keyOn(tx, cluster, from, handle);
  if (!key) return NO_KEY;
  if (caller.role === 'CU' && !keyAllows(key, caller.userId, 'syncKey')) return DENIED;
  if (!key.holders.includes(to)) tx.put<KeyRecord>('keys', { ...key, holders: [...key.holders, to].sort((a, b) => a - b) });
  return null;
}
