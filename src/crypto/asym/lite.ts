/**
 * The main thread's half of the asymmetric facade (index.ts re-exports all of it): what a key-pair
 * command needs on first use stays small — WebCrypto generation and operations, the key formats
 * (describePublicKey, publicKeyOf…), digests for the KCV. The JavaScript engines (rsa.ts, ec.ts on
 * @noble/curves, dsa.ts) load with `await import('./js-routes')` the first time an operation needs
 * them; generateKeyPairFromSeed (synchronous) lives in seeded.ts, which the worker and index.ts import.
 * Nothing here imports rsa/ec/dsa/drbg statically (test/build/lazy-asym.test.ts checks it).
 *
 * CONTRACT (lead): these signatures are fixed; the engines helper fills in the bodies. Choice of
 * implementation (toolchain.md §15): WebCrypto wherever it can (RSA e = 65537 generation,
 * PKCS #1 v1.5 / PSS / OAEP with SHA-1/256/384/512, ECDSA on P-256/384/521) when no `rng` is given;
 * @noble/curves + @noble/hashes and our own BigInt RSA/DSA for the rest (P-224, secp256k1, SHA-224,
 * DSA, other exponents, PKCS #1 v1.5 encryption, and every seeded operation).
 *
 * Routing (helper `eng`): without `opts.rng`, WebCrypto does RSA e = 65537 generation, RSASSA-PKCS1-v1_5,
 * RSA-PSS and RSA-OAEP with SHA-1/256/384/512 and ECDSA on P-256/384/521 (raw r ‖ s converted to and
 * from DER), through a cache of imported CryptoKeys per `cacheKey` (webcrypto.ts). Everything else —
 * SHA-224, P-224, secp256k1, DSA, PKCS #1 v1.5 encryption, other exponents, a platform without
 * `crypto.subtle` (plain http), and EVERY operation when `opts.rng` is given — runs in the JavaScript
 * engines (rsa.ts, ec.ts on @noble/curves, dsa.ts), drawing every random byte from `opts.rng`, or
 * from the platform when absent. ECDSA and DSA nonces are RFC 6979 (deterministic) in JavaScript.
 * generateKeyPairFromSeed is pure JavaScript: an HMAC_DRBG (SHA-256, drbg.ts) seeded with the 32
 * bytes and personalised with the spec expands every random input.
 *
 * Failures: a signature that does not verify → `false`; a decryption that fails its padding or
 * integrity check → CryptoError('integrity check failed') (one message whatever the cause); a key
 * the operation cannot use (wrong kind, message too long for the modulus) → RangeError; malformed
 * DER → FormatError (formats.ts).
 */
import type { AsymOptions, HashName, KeyPairDer, KeyPairSpec, RsaEncryption, SignMechanism } from './types';

export type * from './types';
export {
  FormatError, checkPrivateKey, checkPublicKey, describePublicKey, fakePrivateKeyPem, pairOf, parsePrivateKeyPem,
  parsePublicKeyPem, pkcs8Pem, privateKeyKind, publicKeyOf, publicKeyPem, traditionalPrivateKeyPem,
} from './formats';
/** The key parser and the signature codec, for the client host's openssl (its -text and dgst). */
export { decodeSignature, parsePkcs8, parseSpki } from './keys';

import { CryptoError } from '../errors';
import { modPow } from './bigint';
import { curveByName, publicPoint } from './curves';
import { randomBytes, systemRng } from '../rng';
import { hashBytes, hashLength, webCryptoHash } from './hash';
import { dsaPkcs8, dsaSpki, ecPkcs8, ecSpki, type KeyShape, parsePkcs8, type PrivateMaterial, rsaPkcs8, rsaSpki } from './keys';
import { derToRaw, rawToDer } from './sig-der';
import { validateSpec, WEB_CURVES } from './spec-check';
import {
  cryptoKeyOf, dropCachedKeys as dropWebKeys, planOf, type PreparedKey, prepareKey, type WebAlgorithm, webGenerate, webOaepDecrypt,
  webOaepEncrypt, type WebPlan, webSign, webVerify,
} from './webcrypto';

/** The JavaScript routes (rsa.ts, ec.ts on @noble/curves, dsa.ts): loaded on the first operation that needs them. */
let jsRoutes: Promise<typeof import('./js-routes')> | undefined;
const js = () => (jsRoutes ??= import('./js-routes'));

function webCryptoAvailable(): boolean {
  return typeof globalThis.crypto?.subtle?.importKey === 'function';
}

/** The random source of an operation: the seeded one when given, else the platform's. */
function randomOf(opts: AsymOptions): (n: number) => Uint8Array {
  const rng = opts.rng ?? systemRng();
  return (n) => randomBytes(rng, n);
}

/** The canonical (OpenSSL 3.0) DER of a private key's material, and its public half. */
function pairFromMaterial(m: PrivateMaterial): KeyPairDer {
  if (m.kind === 'rsa') return { privateKey: rsaPkcs8(m.key), publicKey: rsaSpki(m.key) };
  if (m.kind === 'ec') {
    const point = m.key.point ?? publicPoint(curveByName(m.key.curve), m.key.d);
    return { privateKey: ecPkcs8(m.key.curve, m.key.d, point), publicKey: ecSpki(m.key.curve, point) };
  }
  const { p, q, g, x } = m.key;
  return { privateKey: dsaPkcs8(m.key), publicKey: dsaSpki({ p, q, g, y: modPow(g, x, p) }) };
}

/** Generate with WebCrypto when the platform can (RSA e = 65537, P-256/384/521); undefined when it cannot. */
export async function generateKeyPairNative(spec: KeyPairSpec): Promise<KeyPairDer | undefined> {
  validateSpec(spec);
  if (!webCryptoAvailable()) return undefined;
  let exported: { pkcs8: Uint8Array; spki: Uint8Array };
  if (spec.kind === 'rsa' && spec.exponent === 65537n) {
    try { exported = await webGenerate({ name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits }); } catch { return undefined; }
  } else if (spec.kind === 'ec' && WEB_CURVES.has(spec.curve)) {
    try { exported = await webGenerate({ name: 'ECDSA', namedCurve: spec.curve }); } catch { return undefined; }
  } else return undefined;
  // Re-encode: the platform's PKCS #8 need not be OpenSSL's bytes (the storage convention).
  return pairFromMaterial(parsePkcs8(exported.pkcs8));
}

function checkMechanism(shape: KeyShape, mech: SignMechanism): void {
  if (mech === null || typeof mech !== 'object') throw new RangeError('bad signature mechanism');
  hashLength(mech.hash);
  const want = mech.scheme === 'rsa-pkcs1' || mech.scheme === 'rsa-pss' ? 'rsa'
    : mech.scheme === 'ecdsa' ? 'ec' : mech.scheme === 'dsa' ? 'dsa' : undefined;
  if (want === undefined) throw new RangeError(`unknown signature scheme ${String(mech.scheme)}`);
  if (want !== shape.kind) throw new RangeError(`mechanism ${mech.scheme} does not fit a ${shape.kind.toUpperCase()} key`);
  if (mech.saltLength !== undefined && (mech.scheme !== 'rsa-pss' || !Number.isSafeInteger(mech.saltLength) || mech.saltLength < 0)) {
    throw new RangeError('bad PSS salt length');
  }
}

/**
 * A mechanism KMU signs with (the message hashed here, PSS salt = hash length) may take the
 * WebCrypto route; a digest given by the caller or another salt length goes to the JavaScript engines.
 */
function plainMechanism(mech: SignMechanism): boolean {
  if (mech === null || typeof mech !== 'object') return true; // checkMechanism refuses it
  return !mech.prehashed && (mech.saltLength === undefined || mech.saltLength === hashLength(mech.hash));
}

/** The WebCrypto algorithm for this key and mechanism, or undefined when the JavaScript engines must do it. */
function webSignAlgorithm(shape: KeyShape, mech: SignMechanism): WebAlgorithm | undefined {
  if (!webCryptoHash(mech.hash) || !webCryptoAvailable()) return undefined;
  if (shape.kind === 'rsa') return { name: mech.scheme === 'rsa-pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: mech.hash };
  if (shape.kind === 'ec' && WEB_CURVES.has(shape.curve)) return { name: 'ECDSA', namedCurve: shape.curve };
  return undefined;
}

/**
 * The WebCrypto plan of a signature mechanism on this key, or undefined for the JavaScript
 * engines (always with `opts.rng`). Checked and built once per key and mechanism: a warm
 * operation reads it from the prepared key.
 */
function signPlan(prepared: PreparedKey, mech: SignMechanism, opts: AsymOptions): WebPlan | undefined {
  const id = planId(mech);
  let plan = prepared.plans.get(id);
  if (plan === undefined) {
    checkMechanism(prepared.shape, mech);
    const alg = webSignAlgorithm(prepared.shape, mech);
    plan = alg === undefined ? null : planOf(alg, mech.hash);
    prepared.plans.set(id, plan);
  }
  return opts.rng !== undefined || plan === null ? undefined : plan;
}

const planIds = new WeakMap<object, string>();

/** A mechanism's name among a key's plans (kept per mechanism object: a caller that keeps its mechanisms makes no string per operation). */
function planId(mech: SignMechanism | RsaEncryption): string {
  if (mech === null || typeof mech !== 'object') return '';
  let id = planIds.get(mech);
  if (id === undefined) planIds.set(mech, (id = mech.scheme + ' ' + ('hash' in mech ? mech.hash : '')));
  return id;
}

/**
 * The key of a plan, awaited only when it is not imported yet; undefined when the platform refuses
 * it — then this key's mechanism goes to the JavaScript engines from now on (an engine whose
 * WebCrypto lacks a curve or hash, a key WebCrypto will not take: the JavaScript path parses the
 * key fully and answers FormatError or RangeError for a bad one).
 */
async function webKeyOf(prepared: PreparedKey, plan: WebPlan, id: string): Promise<CryptoKey | undefined> {
  try {
    const k = cryptoKeyOf(prepared, plan);
    return 'then' in k ? await k : k;
  } catch {
    prepared.plans.set(id, null);
    return undefined;
  }
}

/** webKeyOf without a promise when the key has arrived (a warm operation: no turn of the event loop's microtasks for it). */
function webKeyNow(prepared: PreparedKey, plan: WebPlan, id: string): CryptoKey | Promise<CryptoKey | undefined> {
  const known = prepared.keys.get(plan.id)?.key;
  return known ?? webKeyOf(prepared, plan, id);
}

/** Sign `data` (the whole message; the mechanism hashes it) with a PKCS #8 private key. RSA: modulus-length bytes; ECDSA/DSA: DER SEQUENCE { r, s }. */
export async function sign(pkcs8: Uint8Array, mech: SignMechanism, data: Uint8Array, opts: AsymOptions = {}): Promise<Uint8Array> {
  const prepared = prepareKey('pkcs8', pkcs8, opts.cacheKey);
  const plan = plainMechanism(mech) ? signPlan(prepared, mech, opts) : void checkMechanism(prepared.shape, mech);
  if (plan !== undefined) {
    const k = webKeyNow(prepared, plan, planId(mech));
    const key = 'then' in k ? await k : k;
    let raw: ArrayBuffer | undefined;
    if (key !== undefined) {
      try { raw = await webSign(plan, key, data); } catch { prepared.plans.set(planId(mech), null); }
    }
    if (raw !== undefined) return plan.alg.name === 'ECDSA' ? rawToDer(new Uint8Array(raw)) : new Uint8Array(raw);
  }
  return (await js()).jsSign(pkcs8, mech, data, randomOf(opts));
}

/** Verify a signature over `data` with an SPKI public key; false for any signature that is not valid (wrong length and malformed included). */
export async function verify(spki: Uint8Array, mech: SignMechanism, data: Uint8Array, signature: Uint8Array, opts: AsymOptions = {}): Promise<boolean> {
  const prepared = prepareKey('spki', spki, opts.cacheKey);
  const plan = plainMechanism(mech) ? signPlan(prepared, mech, opts) : void checkMechanism(prepared.shape, mech);
  const shape = prepared.shape;
  if (shape.kind === 'rsa' && signature.length !== shape.modulusBytes) return false;
  if (plan !== undefined) {
    const alg = plan.alg;
    const sig = alg.name === 'ECDSA' ? derToRaw(alg.namedCurve, signature) : signature;
    if (sig === undefined) return false;
    const k = webKeyNow(prepared, plan, planId(mech));
    const key = 'then' in k ? await k : k;
    if (key !== undefined) {
      try { return await webVerify(plan, key, data, sig); } catch { prepared.plans.set(planId(mech), null); }
    }
  }
  return (await js()).jsVerify(spki, mech, data, signature);
}

function checkEncryption(enc: RsaEncryption): void {
  if (enc === null || typeof enc !== 'object') throw new RangeError('bad RSA encryption scheme');
  if (enc.scheme === 'oaep') hashLength(enc.hash);
  else if (enc.scheme !== 'pkcs1') throw new RangeError(`unknown RSA encryption scheme ${String((enc as { scheme: unknown }).scheme)}`);
}

/** Largest message `rsaEncrypt` takes for this modulus: OAEP k − 2·hLen − 2, PKCS #1 v1.5 k − 11. */
export function rsaMaxMessage(modulusBytes: number, enc: RsaEncryption): number {
  checkEncryption(enc);
  return enc.scheme === 'oaep' ? modulusBytes - 2 * hashLength(enc.hash) - 2 : modulusBytes - 11;
}

function rsaKey(format: 'pkcs8' | 'spki', der: Uint8Array, opts: AsymOptions): { prepared: PreparedKey; modulusBytes: number } {
  const prepared = prepareKey(format, der, opts.cacheKey);
  const shape = prepared.shape;
  if (shape.kind !== 'rsa') throw new RangeError(`RSA encryption needs an RSA key, not ${shape.kind.toUpperCase()}`);
  return { prepared, modulusBytes: shape.modulusBytes };
}

function webOaep(prepared: PreparedKey, enc: RsaEncryption, opts: AsymOptions): WebPlan | undefined {
  if (opts.rng !== undefined) return undefined;
  const id = planId(enc);
  let plan = prepared.plans.get(id);
  if (plan === undefined) {
    plan = enc.scheme === 'oaep' && webCryptoHash(enc.hash) && webCryptoAvailable() ? planOf({ name: 'RSA-OAEP', hash: enc.hash }, enc.hash) : null;
    prepared.plans.set(id, plan);
  }
  return plan ?? undefined;
}

/** RSA encryption with an SPKI RSA public key (RangeError when the message is too long). */
export async function rsaEncrypt(spki: Uint8Array, enc: RsaEncryption, data: Uint8Array, opts: AsymOptions = {}): Promise<Uint8Array> {
  checkEncryption(enc);
  const { prepared, modulusBytes } = rsaKey('spki', spki, opts);
  const max = rsaMaxMessage(modulusBytes, enc);
  if (data.length > max) throw new RangeError(`message too long for RSA ${enc.scheme === 'oaep' ? 'OAEP' : 'PKCS #1 v1.5'}: ${data.length} > ${Math.max(0, max)} bytes`);
  const web = webOaep(prepared, enc, opts);
  const key = web === undefined ? undefined : await webKeyOf(prepared, web, planId(enc));
  if (web !== undefined && key !== undefined) {
    try { return new Uint8Array(await webOaepEncrypt(key, data)); } catch { prepared.plans.set(planId(enc), null); }
  }
  return (await js()).jsEncrypt(spki, enc, data, randomOf(opts));
}

/** RSA decryption with a PKCS #8 RSA private key; CryptoError on any padding failure. */
export async function rsaDecrypt(pkcs8: Uint8Array, enc: RsaEncryption, data: Uint8Array, opts: AsymOptions = {}): Promise<Uint8Array> {
  checkEncryption(enc);
  const { prepared, modulusBytes } = rsaKey('pkcs8', pkcs8, opts);
  if (data.length !== modulusBytes) throw new CryptoError();
  const web = webOaep(prepared, enc, opts);
  const key = web === undefined ? undefined : await webKeyOf(prepared, web, planId(enc));
  if (key !== undefined) {
    // a WebCrypto decryption failure is the ciphertext's (OperationError), never a reason to retry
    try {
      return new Uint8Array(await webOaepDecrypt(key, data));
    } catch {
      throw new CryptoError();
    }
  }
  return (await js()).jsDecrypt(pkcs8, enc, data);
}

/** Synchronous digests (SHA-1 for the asymmetric KCV, attributes.md §5; SHA-224 which WebCrypto lacks). */
export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return hashBytes(hash, data);
}

/** Forget every cached CryptoKey whose cacheKey starts with `prefix` ('' = all): on delete, attribute change, reset. */
export function dropCachedKeys(prefix: string): void {
  dropWebKeys(prefix);
}
