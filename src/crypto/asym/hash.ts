/**
 * Synchronous hashes of the asymmetric engines (@noble/hashes 2.4.0): SHA-1 (the asymmetric KCV,
 * attributes.md §5), SHA-224 (which WebCrypto lacks) and SHA-256/384/512, plus HMAC over them.
 */
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash, TRet } from '@noble/hashes/utils.js';
import type { HashName } from './types';

type Hasher = TRet<CHash>;

const HASHES: ReadonlyMap<HashName, Hasher> = new Map<HashName, Hasher>([
  ['SHA-1', sha1], ['SHA-224', sha224], ['SHA-256', sha256], ['SHA-384', sha384], ['SHA-512', sha512],
]);

/** The noble hash function for a name (RangeError for anything else). */
export function hasher(hash: HashName): Hasher {
  const h = HASHES.get(hash);
  if (h === undefined) throw new RangeError(`unsupported hash ${String(hash)}`);
  return h;
}

/** Output length in bytes. */
export function hashLength(hash: HashName): number {
  return hasher(hash).outputLen;
}

export function hashBytes(hash: HashName, data: Uint8Array): Uint8Array {
  return hasher(hash)(data);
}

export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return nobleHmac(hasher(hash), key, data);
}

/** Whether WebCrypto implements this hash (SHA-224 is missing everywhere, toolchain.md §15). */
export function webCryptoHash(hash: HashName): boolean {
  return hash !== 'SHA-224';
}
