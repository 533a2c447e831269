/**
 * generateKeyPairFromSeed in pure JavaScript (the heavy half of the facade: it loads rsa.ts, ec.ts on
 * @noble/curves, dsa.ts and drbg.ts). Runs in the keygen worker, in Node and the tests; the page's
 * main thread loads it only through `await import()` (lite.ts never imports it statically).
 */
import { generateDsaKey, generateDsaParams } from './dsa';
import { HmacDrbg } from './drbg';
import { generateEcKey } from './ec';
import { dsaPkcs8, dsaSpki, ecPkcs8, ecSpki, rsaPkcs8, rsaSpki } from './keys';
import { generateRsaKey } from './rsa';
import { specLabel, validateSpec } from './spec-check';
import type { KeyPairDer, KeyPairSpec } from './types';

/** Pass on only steps of at least 1 % (and the final 1): the engines tick per prime candidate. */
function throttled(progress: ((fraction: number) => void) | undefined): ((fraction: number) => void) | undefined {
  if (progress === undefined) return undefined;
  let last = -1;
  return (f) => {
    if (f === 1 || f >= last + 0.01) {
      last = f;
      progress(f);
    }
  };
}

/**
 * Generate a pair in pure JavaScript, deterministically from `seed` (32 bytes; an HMAC-DRBG or
 * similar CSPRNG expands it): the same seed and spec give the same pair on every engine. Synchronous
 * and CPU-heavy (RSA-4096, DSA parameters): the HSM runs it in a worker. `progress` (0..1) is called
 * now and then for a progress line.
 */
export function generateKeyPairFromSeed(spec: KeyPairSpec, seed: Uint8Array, progress?: (fraction: number) => void): KeyPairDer {
  validateSpec(spec);
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new RangeError('key generation seed must be 32 bytes');
  const drbg = new HmacDrbg(seed, new Uint8Array(0), new TextEncoder().encode(`kmu-playground keygen ${specLabel(spec)}`));
  const random = (n: number): Uint8Array => drbg.generate(n);
  progress = throttled(progress);
  if (spec.kind === 'rsa') {
    const key = generateRsaKey(spec.bits, spec.exponent, random, progress);
    return { privateKey: rsaPkcs8(key), publicKey: rsaSpki(key) };
  }
  if (spec.kind === 'ec') {
    const { d, point } = generateEcKey(spec.curve, random);
    progress?.(1);
    return { privateKey: ecPkcs8(spec.curve, d, point), publicKey: ecSpki(spec.curve, point) };
  }
  const params = generateDsaParams(2048, 256, random, progress);
  const key = generateDsaKey(params, random);
  return { privateKey: dsaPkcs8(key), publicKey: dsaSpki(key) };
}
