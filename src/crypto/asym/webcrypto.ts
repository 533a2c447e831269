/**
 * The WebCrypto side of the facade: key generation (RSA e = 65537, P-256/384/521), and imported
 * CryptoKeys kept per key (re-importing for every operation costs 4.5–9×, toolchain.md §15).
 *
 * The cache: a Map keyed by the caller's cacheKey plus the algorithm the key is imported for (a
 * WebCrypto RSA key is bound to one scheme and hash), least recently used first, at most
 * CACHE_LIMIT entries. Every entry keeps a copy of the DER it was imported from and is used only
 * when the caller's DER is the same bytes, so a cacheKey reused for other material (a bug, a
 * record changed in another tab) re-imports instead of answering with another key's CryptoKey.
 */
import { hashLength } from './hash';
import type { CurveName, HashName } from './types';

export const CACHE_LIMIT = 256;

export type WebAlgorithm =
  | { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'RSA-OAEP'; hash: HashName }
  | { name: 'ECDSA'; namedCurve: CurveName };

interface Entry { cacheKey: string; der: Uint8Array; key: Promise<CryptoKey> }

const cache = new Map<string, Entry>();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('WebCrypto is not available');
  return s;
}

/** A view WebCrypto accepts (an ArrayBuffer-backed Uint8Array). */
export function bufferOf(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return (u.buffer instanceof ArrayBuffer ? u : u.slice()) as Uint8Array<ArrayBuffer>;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function algorithmId(alg: WebAlgorithm): string {
  return alg.name === 'ECDSA' ? `ECDSA/${alg.namedCurve}` : `${alg.name}/${alg.hash}`;
}

/** Import `der` (PKCS #8 private or SPKI public) for `alg`, through the cache when a cacheKey is given. */
export function importKey(format: 'pkcs8' | 'spki', der: Uint8Array, alg: WebAlgorithm, cacheKey: string | undefined): Promise<CryptoKey> {
  const usages: KeyUsage[] = alg.name === 'RSA-OAEP'
    ? [format === 'pkcs8' ? 'decrypt' : 'encrypt']
    : [format === 'pkcs8' ? 'sign' : 'verify'];
  const load = (): Promise<CryptoKey> => subtle().importKey(format, bufferOf(der), alg, false, usages);
  if (cacheKey === undefined) return load();
  const id = `${cacheKey}\u0000${format}\u0000${algorithmId(alg)}`;
  const hit = cache.get(id);
  if (hit !== undefined && sameBytes(hit.der, der)) {
    cache.delete(id);
    cache.set(id, hit);
    return hit.key;
  }
  if (hit !== undefined) cache.delete(id);
  const entry: Entry = { cacheKey, der: der.slice(), key: load() };
  entry.key.catch(() => { if (cache.get(id) === entry) cache.delete(id); });
  cache.set(id, entry);
  while (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
  }
  return entry.key;
}

/** Forget every entry whose cacheKey starts with `prefix` ('' = all). */
export function dropCachedKeys(prefix: string): void {
  for (const [id, e] of cache) if (e.cacheKey.startsWith(prefix)) cache.delete(id);
}

/** Number of cached CryptoKeys (tests). */
export function cachedKeyCount(): number {
  return cache.size;
}

function signParams(alg: WebAlgorithm, hash: HashName): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (alg.name === 'RSA-PSS') return { name: 'RSA-PSS', saltLength: hashLength(hash) };
  if (alg.name === 'ECDSA') return { name: 'ECDSA', hash };
  return { name: alg.name };
}

/** Sign with an imported key; `hash` is the mechanism's hash (ECDSA takes it per operation, PSS's salt length). */
export async function webSign(key: CryptoKey, alg: WebAlgorithm, hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign(signParams(alg, hash), key, bufferOf(data)));
}

export async function webVerify(key: CryptoKey, alg: WebAlgorithm, hash: HashName, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return subtle().verify(signParams(alg, hash), key, bufferOf(signature), bufferOf(data));
}

export async function webOaepEncrypt(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, key, bufferOf(data)));
}

export async function webOaepDecrypt(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, bufferOf(data)));
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
