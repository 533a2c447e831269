/**
 * Helpers of the RSA-wrapping tests: key pairs made by node:crypto (OpenSSL) put straight into the
 * store with the attributes the playground gives a pair (pairs.ts asymKeyAttrs) — so no test waits
 * for a key generation — and independent references for the mechanisms.
 */
import { createCipheriv, createDecipheriv, generateKeyPairSync, privateDecrypt, publicEncrypt, constants, type KeyObject } from 'node:crypto';
import type { Console } from '../../src/shell/console';
import type { KeyRecord } from '../../src/hsm/model';
import { keyRecordId } from '../../src/hsm/model';
import { quorumFields } from '../../src/hsm/quorum';
import type { Terminal } from '../support/transcript';

export interface NodePair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  spki: Buffer;
  pkcs8: Buffer;
}

export function nodePair(kind: 'rsa' | 'ec' | 'dsa', opts: { bits?: number; curve?: string } = {}): NodePair {
  const { publicKey, privateKey } = kind === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: opts.bits ?? 2048 })
    : kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: opts.curve ?? 'P-256' })
      : generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  return {
    publicKey, privateKey,
    spki: publicKey.export({ type: 'spki', format: 'der' }),
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/** Store a pair at handles `pub`, `priv` (simple handles: index = handle) as every HSM holds it. */
export async function putPair(t: Terminal, pub: number, priv: number, pair: NodePair, o: { owner?: number; shared?: number[]; label?: string; extractable?: boolean; mValue?: number } = {}): Promise<void> {
  const { asymKeyAttrs } = await import('../../src/hsm/pairs');
  const hsm = (t.session as Console).hsm;
  const label = o.label ?? `pair${pub}`;
  await hsm.transact(async (tx) => {
    for (const [handle, cls, der] of [[pub, 2, pair.spki], [priv, 3, pair.pkcs8]] as const) {
      const id = keyRecordId('cluster-1', handle);
      await tx.get('keys', id);
      tx.put<KeyRecord>('keys', {
        id, rev: 0, cluster: 'cluster-1', handle, index: handle % 262144,
        attrs: asymKeyAttrs(cls, new Uint8Array(der), { label, id: '', session: false, local: true, extractable: cls === 2 || o.extractable !== false }),
        value: new Uint8Array(der), owner: o.owner ?? 3, shared: cls === 3 ? o.shared ?? [] : [],
        ...quorumFields(cls === 3 ? o.mValue ?? 0 : 0), holders: [0, 1, 2],
      });
    }
  });
}

const HASH = { 2: 'sha1', 3: 'sha256', 4: 'sha384', 5: 'sha512', 6: 'sha224' } as const;
export type HashType = keyof typeof HASH;
export const HASH_TYPES = [2, 3, 4, 5, 6] as const;
export const HASH_BYTES = { 2: 20, 3: 32, 4: 48, 5: 64, 6: 28 } as const;

export const oaepEncrypt = (pub: KeyObject, t: HashType, data: Buffer) =>
  publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: HASH[t] }, data);
export const oaepDecrypt = (priv: KeyObject, t: HashType, data: Buffer) =>
  privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: HASH[t] }, data);
export const pkcs1Encrypt = (pub: KeyObject, data: Buffer) => publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, data);

/**
 * PKCS #1 v1.5 decryption by hand (node 20 refuses RSA_PKCS1_PADDING in privateDecrypt): the raw
 * RSA operation, then the EME-PKCS1-v1_5 block 00 02 PS(≥ 8 non-zero) 00 M.
 */
export function pkcs1Decrypt(priv: KeyObject, data: Buffer): Buffer {
  const em = privateDecrypt({ key: priv, padding: constants.RSA_NO_PADDING }, data);
  if (em[0] !== 0 || em[1] !== 2) throw new Error('not a PKCS #1 v1.5 block');
  const sep = em.indexOf(0, 2);
  if (sep < 10) throw new Error('padding string too short');
  for (let i = 2; i < sep; i++) if (em[i] === 0) throw new Error('zero in PS');
  return em.subarray(sep + 1);
}

/** RFC 5649 (KWP) with OpenSSL's id-aes*-wrap-pad; the 4-byte IV is RFC 5649's A65959A6. */
const KWP_IV = Buffer.from('A65959A6', 'hex');
const kwpName = (kek: Buffer) => `id-aes${kek.length * 8}-wrap-pad`;
export function kwpWrap(kek: Buffer, data: Buffer): Buffer {
  const c = createCipheriv(kwpName(kek), kek, KWP_IV);
  return Buffer.concat([c.update(data), c.final()]);
}
export function kwpUnwrap(kek: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv(kwpName(kek), kek, KWP_IV);
  return Buffer.concat([d.update(data), d.final()]);
}

/** PKCS #11 CKM_RSA_AES_KEY_WRAP as a reference: OAEP(ephemeral AES key) ‖ KWP(ephemeral, data). */
export function rsaAesWrap(pub: KeyObject, t: HashType, ephemeral: Buffer, data: Buffer): Buffer {
  return Buffer.concat([oaepEncrypt(pub, t, ephemeral), kwpWrap(ephemeral, data)]);
}
export function rsaAesUnwrap(priv: KeyObject, k: number, t: HashType, blob: Buffer): Buffer {
  return kwpUnwrap(oaepDecrypt(priv, t, blob.subarray(0, k)), blob.subarray(k));
}
