/**
 * Permission rules as data (users-and-keys.md §2 and §4.2). Commands ask these tables; the tables
 * are written to read like the spec's own, so a reviewer can hold one against the other.
 */
import { A, CLASS } from './attributes';
import type { KeyRecord } from './model';

/** How the calling CU relates to a key (users-and-keys.md §4.2 columns). */
export type Relation = 'owner' | 'shared' | 'other' | 'public';

/** What a CU may do with a key (rows of users-and-keys.md §4.2). */
export type KeyAction =
  | 'list' // findKey lists it
  | 'read' // getAttribute (KMU/CMU), getKeyInfo
  | 'use' // encrypt/decrypt/sign/verify, use as wrapping key (subject to the key's own flags)
  | 'export' // exSymKey, wrapKey, exportPrivateKey, extractMaskedObject (exportPubKey for public keys)
  | 'delete'
  | 'setAttribute'
  | 'share' // shareKey / unshare
  | 'syncKey';

type Row = Readonly<Record<Relation, boolean>>;
const row = (owner: boolean, shared: boolean, other: boolean, pub: boolean): Row => ({ owner, shared, other, public: pub });

/** users-and-keys.md §4.2: Owner | Shared user | Other CU (private/secret key) | Any CU (public key). */
export const KEY_MATRIX: Readonly<Record<KeyAction, Row>> = {
  list: row(true, true, false, true),
  read: row(true, true, false, true),
  use: row(true, true, false, true),
  export: row(true, false, false, true),
  delete: row(true, false, false, false),
  setAttribute: row(true, false, false, false),
  share: row(true, false, false, false),
  syncKey: row(true, false, false, false),
};

function relationOf(key: KeyRecord, userId: number): Relation {
  if (key.owner === userId) return 'owner';
  if (key.attrs[A.CLASS] === CLASS.PUBLIC) return 'public';
  return key.shared.includes(userId) ? 'shared' : 'other';
}

export function keyAllows(key: KeyRecord, userId: number, action: KeyAction): boolean {
  return KEY_MATRIX[action][relationOf(key, userId)];
}
