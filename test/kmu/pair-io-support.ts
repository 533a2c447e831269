/**
 * Helpers of the key-pair file and signature tests (pair-io-*, sign-verify*, interop): keys made by
 * node:crypto, put straight into the store at chosen handles (what no KMU command can set up:
 * a guide's handles, another owner, a share list, a quorum), and files of the virtual file system.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Console } from '../../src/shell/console';
import type { KeyRecord } from '../../src/hsm/model';
import { keyRecordId } from '../../src/hsm/model';
import type { FileRecord } from '../../src/hsm/model';
import { asymKeyAttrs } from '../../src/hsm/pairs';
import { quorumFields } from '../../src/hsm/quorum';
import type { AttrMap } from '../../src/hsm/attributes';
import { resolvePath, HOME } from '../../src/hsm/vfs';
import type { Terminal } from '../support/transcript';

const hsmOf = (t: Terminal) => (t.session as Console).hsm;

export const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

export interface NodePair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS #8 DER and SPKI DER. */
  pkcs8: Buffer;
  spki: Buffer;
}

export function nodePair(privateKey: KeyObject): NodePair {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey, publicKey,
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer,
    spki: publicKey.export({ type: 'spki', format: 'der' }) as Buffer,
  };
}

export const rsaPair = (bits: number) => nodePair(generateKeyPairSync('rsa', { modulusLength: bits }).privateKey);
export const ecPair = (curve: string) => nodePair(generateKeyPairSync('ec', { namedCurve: curve }).privateKey);
export const dsaPair = () => nodePair(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey);
export const pairFromPem = (pem: string) => nodePair(createPrivateKey(pem));

/** An RSA-2048 pair whose PKCS #8 is exactly `length` bytes (the guide's 1216), by trying a few. */
export function rsa2048OfLength(length: number): NodePair {
  for (let i = 0; i < 64; i++) {
    const p = rsaPair(2048);
    if (p.pkcs8.length === length) return p;
  }
  throw new Error(`no RSA-2048 key of PKCS #8 length ${length} in 64 tries`);
}

export interface PutKey {
  handle: number;
  cls: 2 | 3;
  der: Uint8Array;
  owner?: number;
  label?: string;
  id?: string;
  shared?: number[];
  mValue?: number;
  extractable?: boolean;
  /** Attributes that replace the defaults (e.g. SIGN 0). */
  attrs?: AttrMap;
  nodes?: number[];
}

/** Put an asymmetric key of cluster-1 into the store as a generated one (LOCAL 1), attributes from pairs.ts. */
export async function putAsymKey(t: Terminal, k: PutKey): Promise<void> {
  const attrs = {
    ...asymKeyAttrs(k.cls, k.der, { label: k.label ?? `key${k.handle}`, id: k.id ?? '', session: false, local: true, extractable: k.extractable ?? true }),
    ...k.attrs,
  };
  await hsmOf(t).transact(async (tx) => {
    const id = keyRecordId('cluster-1', k.handle);
    await tx.get<KeyRecord>('keys', id);
    tx.put<KeyRecord>('keys', {
      id, rev: 0, cluster: 'cluster-1', handle: k.handle, index: k.handle % 262144, attrs, value: Uint8Array.from(k.der),
      owner: k.owner ?? 3, shared: k.shared ?? [], ...quorumFields(k.mValue ?? 0), holders: k.nodes ?? [0, 1, 2],
    });
  });
}

/** Write a file of the virtual file system (relative to the home directory). */
export async function putFile(t: Terminal, name: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  await hsmOf(t).transact(async (tx) => {
    const path = resolvePath(HOME, name);
    await tx.get<FileRecord>('files', path);
    tx.put<FileRecord>('files', { id: path, rev: 0, kind: 'file', data: bytes, mtime: 0 });
  });
}

/** Bytes of a file of the virtual file system (relative to the home directory), or undefined. */
export async function getFile(t: Terminal, name: string): Promise<Buffer | undefined> {
  const rec = await hsmOf(t).transact((tx) => tx.get<FileRecord>('files', resolvePath(HOME, name)));
  return rec?.data ? Buffer.from(rec.data) : undefined;
}

export async function keyRecord(t: Terminal, handle: number): Promise<KeyRecord | undefined> {
  return hsmOf(t).transact((tx) => tx.get<KeyRecord>('keys', keyRecordId('cluster-1', handle)));
}

/** Every record of every store, for "the whole database unchanged" after a refusal. */
export async function snapshot(t: Terminal): Promise<string> {
  const all: Record<string, unknown> = {};
  await hsmOf(t).transact(async (tx) => {
    for (const store of ['meta', 'clusters', 'users', 'keys', 'files'] as const) all[store] = await tx.list(store);
  });
  return JSON.stringify(all, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}
