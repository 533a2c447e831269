/**
 * The WebCrypto side of the facade: key generation (RSA e = 65537, P-256/384/521), and imported
 * CryptoKeys kept per key (re-importing for every operation costs 4.5–9×, toolchain.md §15).
 *
 * The cache: one entry per (cacheKey, format), least recently used first, at most CACHE_LIMIT
 * names. An entry keeps a copy of the DER it was made from, the key's shape (so a warm
 * operation parses nothing), and the CryptoKeys imported from it per algorithm (a WebCrypto RSA
 * key is bound to one scheme and hash). It is used only when the caller's DER is the same bytes,
 * so a cacheKey reused for other material (a bug, a record changed in another tab) starts a new
 * entry instead of answering with another key's CryptoKey.
 */
import { registerCryptoKeyDrop } from '../cryptokey-cache';
import { hashLength } from './hash';
import { keyShape, type KeyShape } from './keys';
import type { CurveName, HashName } from './types';

export const CACHE_LIMIT = 256;

export type WebAlgorithm =
  | { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'RSA-OAEP'; hash: HashName }
  | { name: 'ECDSA'; namedCurve: CurveName };

/** One imported CryptoKey: the import's promise, and the key itself once it has arrived. */
interface KeySlot { readonly promise: Promise<CryptoKey>; key: CryptoKey | undefined }

/**
 * What one mechanism needs from WebCrypto: the algorithm the key is imported for (`id` names it
 * in the key's slots) and the operation's parameters, built once per key and mechanism.
 */
export interface WebPlan { readonly alg: WebAlgorithm; readonly id: string; readonly params: AlgorithmIdentifier | RsaPssParams | EcdsaParams }

/**
 * A key as the facade sees it: its DER, its shape, the CryptoKeys made from it (per algorithm) and
 * the plans of the mechanisms used with it (null: the JavaScript engines do that mechanism).
 */
export interface PreparedKey {
  readonly format: 'pkcs8' | 'spki';
  readonly der: Uint8Array;
  readonly shape: KeyShape;
  readonly cacheKey: string | undefined;
  readonly keys: Map<string, KeySlot>;
  readonly plans: Map<string, WebPlan | null>;
}

/** The entries by cacheKey (one slot per name, its formats in it: no string made per lookup), least recently used first. */
const cache = new Map<string, { pkcs8?: PreparedKey; spki?: PreparedKey }>();
/** The slot used last: already the newest, so a run of operations with one key moves nothing. */
let newest: string | undefined;

let platformSubtle: SubtleCrypto | undefined;

/** The platform's SubtleCrypto, looked up once (every warm operation calls it). */
function subtle(): SubtleCrypto {
  if (platformSubtle !== undefined) return platformSubtle;
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('WebCrypto is not available');
  return (platformSubtle = s);
}

/** A view WebCrypto accepts (an ArrayBuffer-backed Uint8Array). */
export function bufferOf(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return (u.buffer instanceof ArrayBuffer ? u : u.slice()) as Uint8Array<ArrayBuffer>;
}

/** Byte equality; four bytes at a time when both views are aligned (this runs on every warm operation). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  let i = 0;
  if ((a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0 && n >= 64) {
    const words = n >> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i = words << 2;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The prepared key for `der`: from the cache when `cacheKey` names the same bytes, else parsed
 * (keyShape: FormatError on malformed DER) and, with a cacheKey, stored.
 */
export function prepareKey(format: 'pkcs8' | 'spki', der: Uint8Array, cacheKey: string | undefined): PreparedKey {
  if (cacheKey === undefined) return { format, der, shape: keyShape(der, format), cacheKey, keys: new Map(), plans: new Map() };
  let slot = cache.get(cacheKey);
  if (slot !== undefined && newest !== cacheKey) {
    cache.delete(cacheKey); // least recently used first: this one becomes the newest
    cache.set(cacheKey, slot);
  }
  newest = cacheKey;
  const hit = slot?.[format];
  if (hit !== undefined && sameBytes(hit.der, der)) return hit;
  const copy = der.slice();
  const entry: PreparedKey = { format, der: copy, shape: keyShape(copy, format), cacheKey, keys: new Map(), plans: new Map() };
  if (slot === undefined) cache.set(cacheKey, (slot = {}));
  slot[format] = entry;
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return entry;
}

function algorithmId(alg: WebAlgorithm): string {
  return alg.name === 'ECDSA' ? alg.namedCurve : alg.name + '/' + alg.hash;
}

/** The plan of `alg` used with `hash` (ECDSA takes the hash per operation, PSS its salt length from it). */
export function planOf(alg: WebAlgorithm, hash: HashName): WebPlan {
  const params = alg.name === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: hashLength(hash) }
    : alg.name === 'ECDSA' ? { name: 'ECDSA', hash } : { name: alg.name };
  return { alg, id: algorithmId(alg), params };
}

/**
 * The CryptoKey of a prepared key for a plan, imported once per key and algorithm: the key itself
 * when it has arrived (no await on a warm operation), else the import's promise. A failed import
 * is not kept; `onError` maps its error (the facade makes it a FormatError).
 */
export function cryptoKeyOf(key: PreparedKey, plan: WebPlan, onError: (e: unknown) => never = (e) => { throw e; }): CryptoKey | Promise<CryptoKey> {
  const known = key.keys.get(plan.id);
  if (known !== undefined) return known.key ?? known.promise;
  const alg = plan.alg;
  const usages: KeyUsage[] = alg.name === 'RSA-OAEP'
    ? [key.format === 'pkcs8' ? 'decrypt' : 'encrypt']
    : [key.format === 'pkcs8' ? 'sign' : 'verify'];
  let promise: Promise<CryptoKey>;
  try {
    promise = subtle().importKey(key.format, bufferOf(key.der), alg, false, usages);
  } catch (e) {
    promise = Promise.reject(e);
  }
  const slot: KeySlot = {
    promise: promise.then((k) => { slot.key = k; return k; }, (e: unknown) => {
      if (key.keys.get(plan.id) === slot) key.keys.delete(plan.id);
      return onError(e);
    }),
    key: undefined,
  };
  key.keys.set(plan.id, slot);
  return slot.promise;
}

/** Import `der` for `alg` through the cache (kept for callers of the first version). */
export async function importKey(format: 'pkcs8' | 'spki', der: Uint8Array, alg: WebAlgorithm, cacheKey: string | undefined): Promise<CryptoKey> {
  return cryptoKeyOf(prepareKey(format, der, cacheKey), planOf(alg, alg.name === 'ECDSA' ? 'SHA-256' : alg.hash));
}

/** Forget every entry whose cacheKey starts with `prefix` ('' = all). */
export function dropCachedKeys(prefix: string): void {
  for (const name of cache.keys()) if (name.startsWith(prefix)) cache.delete(name);
  if (newest !== undefined && !cache.has(newest)) newest = undefined;
}

registerCryptoKeyDrop(dropCachedKeys); // the HSM forgets keys through src/crypto/cryptokey-cache.ts

/** Number of CryptoKeys held by the cache (tests). */
export function cachedKeyCount(): number {
  let n = 0;
  for (const slot of cache.values()) n += (slot.pkcs8?.keys.size ?? 0) + (slot.spki?.keys.size ?? 0);
  return n;
}

/** Sign with a plan's key (the bytes WebCrypto returns: raw r ‖ s for ECDSA). */
export function webSign(plan: WebPlan, key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer> {
  return subtle().sign(plan.params, key, bufferOf(data));
}

export function webVerify(plan: WebPlan, key: CryptoKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return subtle().verify(plan.params, key, bufferOf(signature), bufferOf(data));
}

export function webOaepEncrypt(key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer> {
  return subtle().encrypt({ name: 'RSA-OAEP' }, key, bufferOf(data));
}

export function webOaepDecrypt(key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer> {
  return subtle().decrypt({ name: 'RSA-OAEP' }, key, bufferOf(data));
}

/** Generate an extractable pair and export it as PKCS #8 + SPKI (as the platform encodes them). */
export async function webGenerate(alg: { name: 'RSASSA-PKCS1-v1_5'; modulusLength: number } | { name: 'ECDSA'; namedCurve: CurveName }): Promise<{ pkcs8: Uint8Array; spki: Uint8Array }> {
  const params: RsaHashedKeyGenParams | EcKeyGenParams = alg.name === 'ECDSA'
    ? { name: 'ECDSA', namedCurve: alg.namedCurve }
    : { name: 'RSASSA-PKCS1-v1_5', modulusLength: alg.modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const pair = await subtle().generateKey(params, true, ['sign', 'verify']) as CryptoKeyPair;
  const [pkcs8, spki] = await Promise.all([subtle().exportKey('pkcs8', pair.privateKey), subtle().exportKey('spki', pair.publicKey)]);
  return { pkcs8: new Uint8Array(pkcs8), spki: new Uint8Array(spki) };
}
