/**
 * The JavaScript routes of sign / verify / RSA encryption (rsa.ts, ec.ts on @noble/curves, dsa.ts):
 * what WebCrypto cannot do (SHA-224, P-224, secp256k1, DSA, PKCS #1 v1.5 encryption) and every
 * operation with `opts.rng`. The facade (lite.ts) loads this file with `await import()` the first
 * time such an operation runs, so the WebCrypto routes never load the engines on the main thread.
 */
import { FormatError } from './der';
import { dsaSign, dsaVerify } from './dsa';
import { ecdsaSign, ecdsaVerify, isValidPoint } from './ec';
import { parsePkcs8, parseSpki } from './keys';
import { decryptOaep, decryptPkcs1, encryptOaep, encryptPkcs1, signPkcs1, signPss, verifyPkcs1, verifyPss } from './rsa';
import type { RsaEncryption, SignMechanism } from './types';

type Random = (n: number) => Uint8Array;

export function jsSign(pkcs8: Uint8Array, mech: SignMechanism, data: Uint8Array, random: Random): Uint8Array {
  const m = parsePkcs8(pkcs8);
  if (m.kind === 'rsa') {
    return mech.scheme === 'rsa-pss'
      ? signPss(m.key, mech.hash, data, random, mech.saltLength, mech.prehashed)
      : signPkcs1(m.key, mech.hash, data, mech.prehashed);
  }
  if (m.kind === 'ec') return ecdsaSign(m.key.curve, m.key.d, mech.hash, data, mech.prehashed);
  if (mech.prehashed) throw new RangeError('DSA signs the message, not a digest');
  return dsaSign(m.key, mech.hash, data);
}

export function jsVerify(spki: Uint8Array, mech: SignMechanism, data: Uint8Array, signature: Uint8Array): boolean {
  const m = parseSpki(spki);
  if (m.kind === 'rsa') {
    return mech.scheme === 'rsa-pss'
      ? verifyPss(m.key, mech.hash, data, signature, mech.saltLength, mech.prehashed)
      : verifyPkcs1(m.key, mech.hash, data, signature, mech.prehashed);
  }
  if (m.kind === 'ec') {
    // as WebCrypto's import refuses it: a point off the curve is a bad key, not a bad signature
    if (!isValidPoint(m.key.curve, m.key.point)) throw new FormatError('EC public key is not a point of its curve');
    return ecdsaVerify(m.key.curve, m.key.point, mech.hash, data, signature, mech.prehashed);
  }
  if (mech.prehashed) return false;
  return dsaVerify(m.key, mech.hash, data, signature);
}

export function jsEncrypt(spki: Uint8Array, enc: RsaEncryption, data: Uint8Array, random: Random): Uint8Array {
  const m = parseSpki(spki);
  if (m.kind !== 'rsa') throw new RangeError('RSA encryption needs an RSA key');
  return enc.scheme === 'oaep' ? encryptOaep(m.key, enc.hash, data, random) : encryptPkcs1(m.key, data, random);
}

export function jsDecrypt(pkcs8: Uint8Array, enc: RsaEncryption, data: Uint8Array): Uint8Array {
  const m = parsePkcs8(pkcs8);
  if (m.kind !== 'rsa') throw new RangeError('RSA decryption needs an RSA key');
  return enc.scheme === 'oaep' ? decryptOaep(m.key, enc.hash, data) : decryptPkcs1(m.key, data);
}
