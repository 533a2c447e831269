/**
 * The facade's WebCrypto paths (no rng): native generation, RSA PKCS #1 v1.5 / PSS and ECDSA
 * P-256/384/521 signatures both ways against node:crypto, RSA-OAEP both ways, the CryptoKey cache.
 */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CurveName, dropCachedKeys, FormatError, generateKeyPairNative, type HashName, type KeyPairDer, rsaDecrypt, rsaEncrypt, rsaMaxMessage, sign, verify,
} from '../../../src/crypto/asym/index';
import { CryptoError } from '../../../src/crypto/errors';
import { cachedKeyCount, prepareKey } from '../../../src/crypto/asym/webcrypto';

const nodeHash = (h: HashName): string => h.replace('-', '').toLowerCase();
const WEB_HASHES: HashName[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const message = new TextEncoder().encode('The quick brown fox jumps over the lazy dog\n');

function nodeKeys(pair: KeyPairDer) {
  return {
    priv: createPrivateKey({ key: Buffer.from(pair.privateKey), format: 'der', type: 'pkcs8' }),
    pub: createPublicKey({ key: Buffer.from(pair.publicKey), format: 'der', type: 'spki' }),
  };
}

let rsa: KeyPairDer;
const ec = new Map<CurveName, KeyPairDer>();

beforeAll(async () => {
  rsa = (await generateKeyPairNative({ kind: 'rsa', bits: 2048, exponent: 65537n }))!;
  for (const curve of ['P-256', 'P-384', 'P-521'] as const) ec.set(curve, (await generateKeyPairNative({ kind: 'ec', curve }))!);
});

describe('generateKeyPairNative', () => {
  it('RSA-2048 e=65537: node loads it, the public halves match, the bytes are OpenSSL\'s', () => {
    const { priv, pub } = nodeKeys(rsa);
    expect(priv.asymmetricKeyType).toBe('rsa');
    expect(priv.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    expect(Buffer.from(createPublicKey(priv).export({ format: 'der', type: 'spki' }))).toEqual(Buffer.from(rsa.publicKey));
    expect(Buffer.from(priv.export({ format: 'der', type: 'pkcs8' }))).toEqual(Buffer.from(rsa.privateKey));
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it.each(['P-256', 'P-384', 'P-521'] as const)('%s: OpenSSL\'s PKCS #8 bytes and matching halves', (curve) => {
    const pair = ec.get(curve)!;
    const { priv } = nodeKeys(pair);
    expect(priv.asymmetricKeyDetails?.namedCurve).toBe({ 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[curve]);
    expect(Buffer.from(priv.export({ format: 'der', type: 'pkcs8' }))).toEqual(Buffer.from(pair.privateKey));
    expect(Buffer.from(createPublicKey(priv).export({ format: 'der', type: 'spki' }))).toEqual(Buffer.from(pair.publicKey));
    if (curve === 'P-256') expect(pair.privateKey.length).toBe(138);
  });

  it('answers undefined where WebCrypto cannot (other exponents, P-224, secp256k1, DSA) and refuses bad specs', async () => {
    expect(await generateKeyPairNative({ kind: 'rsa', bits: 2048, exponent: 195193n })).toBeUndefined();
    expect(await generateKeyPairNative({ kind: 'ec', curve: 'P-224' })).toBeUndefined();
    expect(await generateKeyPairNative({ kind: 'ec', curve: 'secp256k1' })).toBeUndefined();
    expect(await generateKeyPairNative({ kind: 'dsa', bits: 2048 })).toBeUndefined();
    await expect(generateKeyPairNative({ kind: 'rsa', bits: 1024, exponent: 65537n })).rejects.toThrow(RangeError);
    await expect(generateKeyPairNative({ kind: 'rsa', bits: 2048, exponent: 65536n })).rejects.toThrow(RangeError);
    await expect(generateKeyPairNative({ kind: 'ec', curve: 'P-192' as CurveName })).rejects.toThrow(RangeError);
  });
});

describe('signatures through WebCrypto, checked by node:crypto', () => {
  it.each(WEB_HASHES)('RSA PKCS #1 v1.5 with %s both ways', async (hash) => {
    const { priv, pub } = nodeKeys(rsa);
    const mech = { scheme: 'rsa-pkcs1', hash } as const;
    const ours = await sign(rsa.privateKey, mech, message);
    expect(ours.length).toBe(256);
    expect(nodeVerify(nodeHash(hash), message, pub, ours)).toBe(true);
    // PKCS #1 v1.5 is deterministic: node's signature is the same bytes.
    expect(Buffer.from(nodeSign(nodeHash(hash), message, priv))).toEqual(Buffer.from(ours));
    expect(await verify(rsa.publicKey, mech, message, ours)).toBe(true);
    const bad = ours.slice(); bad[10]! ^= 1;
    expect(await verify(rsa.publicKey, mech, message, bad)).toBe(false);
    expect(await verify(rsa.publicKey, mech, message, ours.subarray(1))).toBe(false);
    expect(await verify(rsa.publicKey, mech, message.subarray(1), ours)).toBe(false);
  });

  it.each(WEB_HASHES)('RSA-PSS with %s (salt = hash length) both ways', async (hash) => {
    const { priv, pub } = nodeKeys(rsa);
    const mech = { scheme: 'rsa-pss', hash } as const;
    const ours = await sign(rsa.privateKey, mech, message);
    const saltLength = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[hash as 'SHA-1'];
    expect(nodeVerify(nodeHash(hash), message, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, ours)).toBe(true);
    const theirs = nodeSign(nodeHash(hash), message, { key: priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    expect(await verify(rsa.publicKey, mech, message, theirs)).toBe(true);
    // a PSS signature with another salt length does not verify
    const other = nodeSign(nodeHash(hash), message, { key: priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: saltLength - 1 });
    expect(await verify(rsa.publicKey, mech, message, other)).toBe(false);
  });

  for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
    it.each(WEB_HASHES)(`ECDSA ${curve} with %s: DER both ways`, async (hash) => {
      const pair = ec.get(curve)!;
      const { priv, pub } = nodeKeys(pair);
      const mech = { scheme: 'ecdsa', hash } as const;
      const ours = await sign(pair.privateKey, mech, message);
      expect(ours[0]).toBe(0x30);
      expect(nodeVerify(nodeHash(hash), message, pub, ours)).toBe(true);
      const theirs = nodeSign(nodeHash(hash), message, priv);
      expect(await verify(pair.publicKey, mech, message, theirs)).toBe(true);
      const bad = Uint8Array.from(theirs); bad[bad.length - 1]! ^= 1;
      expect(await verify(pair.publicKey, mech, message, bad)).toBe(false);
      // malformed DER: raw r‖s, trailing byte, truncated
      const raw = nodeSign(nodeHash(hash), message, { key: priv, dsaEncoding: 'ieee-p1363' });
      expect(await verify(pair.publicKey, mech, message, raw)).toBe(false);
      expect(await verify(pair.publicKey, mech, message, Uint8Array.from([...theirs, 0]))).toBe(false);
      expect(await verify(pair.publicKey, mech, message, theirs.subarray(0, theirs.length - 1))).toBe(false);
      expect(await verify(pair.publicKey, mech, message, new Uint8Array(0))).toBe(false);
    });
  }

  it('a mechanism that does not fit the key is a RangeError', async () => {
    await expect(sign(rsa.privateKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message)).rejects.toThrow(RangeError);
    await expect(sign(ec.get('P-256')!.privateKey, { scheme: 'rsa-pss', hash: 'SHA-256' }, message)).rejects.toThrow(RangeError);
    await expect(verify(rsa.publicKey, { scheme: 'dsa', hash: 'SHA-256' }, message, new Uint8Array(256))).rejects.toThrow(RangeError);
  });
});

describe('RSA-OAEP through WebCrypto', () => {
  it.each(WEB_HASHES)('OAEP with %s both ways, limit k − 2·hLen − 2', async (hash) => {
    const { priv, pub } = nodeKeys(rsa);
    const enc = { scheme: 'oaep', hash } as const;
    const max = rsaMaxMessage(256, enc);
    const hLen = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[hash as 'SHA-1'];
    expect(max).toBe(256 - 2 * hLen - 2);
    const secret = Uint8Array.from({ length: max }, (_, i) => i * 7);
    const ct = await rsaEncrypt(rsa.publicKey, enc, secret);
    expect(ct.length).toBe(256);
    expect(new Uint8Array(privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash(hash) }, ct))).toEqual(secret);
    const theirs = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash(hash) }, secret.subarray(0, 32));
    expect(await rsaDecrypt(rsa.privateKey, enc, theirs)).toEqual(secret.subarray(0, 32));
    await expect(rsaEncrypt(rsa.publicKey, enc, new Uint8Array(max + 1))).rejects.toThrow(RangeError);
    const bad = Uint8Array.from(theirs); bad[100]! ^= 0x40;
    await expect(rsaDecrypt(rsa.privateKey, enc, bad)).rejects.toThrow(CryptoError);
    await expect(rsaDecrypt(rsa.privateKey, enc, theirs.subarray(1))).rejects.toThrow(CryptoError);
  });
});

describe('the CryptoKey cache', () => {
  it('reuses, drops by prefix, and never answers with another key\'s CryptoKey', async () => {
    dropCachedKeys('');
    expect(cachedKeyCount()).toBe(0);
    const mech = { scheme: 'rsa-pkcs1', hash: 'SHA-256' } as const;
    const p256 = ec.get('P-256')!;
    const s1 = await sign(rsa.privateKey, mech, message, { cacheKey: 'c1/5/1' });
    expect(cachedKeyCount()).toBe(1);
    expect(await sign(rsa.privateKey, mech, message, { cacheKey: 'c1/5/1' })).toEqual(s1);
    expect(cachedKeyCount()).toBe(1);
    await sign(p256.privateKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message, { cacheKey: 'c1/6/1' });
    await sign(p256.privateKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message, { cacheKey: 'c2/6/1' });
    expect(cachedKeyCount()).toBe(3);
    // the same cacheKey with other key material: the other key signs, not the cached one
    const other = ec.get('P-384')!;
    const sig = await sign(other.privateKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message, { cacheKey: 'c1/6/1' });
    expect(nodeVerify('sha256', message, nodeKeys(other).pub, sig)).toBe(true);
    expect(cachedKeyCount()).toBe(3); // the P-256 CryptoKey under c1/6/1 was replaced, not kept beside
    const rsaUnderEcKey = await sign(rsa.privateKey, mech, message, { cacheKey: 'c2/6/1' });
    expect(rsaUnderEcKey).toEqual(s1);
    expect(cachedKeyCount()).toBe(3);
    // one key, several algorithms: one entry, a CryptoKey per scheme and hash
    await sign(rsa.privateKey, { scheme: 'rsa-pss', hash: 'SHA-384' }, message, { cacheKey: 'c1/5/1' });
    expect(cachedKeyCount()).toBe(4);
    // a malformed key under a known cacheKey is still a FormatError
    await expect(sign(rsa.privateKey.subarray(0, 50), mech, message, { cacheKey: 'c1/5/1' })).rejects.toThrow(FormatError);
    dropCachedKeys('c1/');
    expect(cachedKeyCount()).toBe(1);
    dropCachedKeys('');
    expect(cachedKeyCount()).toBe(0);
  });

  it('an entry answers only for the very same bytes (one byte changed anywhere, aligned or not → a new entry)', () => {
    dropCachedKeys('');
    const der = rsa.privateKey.slice();
    const first = prepareKey('pkcs8', der, 'k');
    expect(prepareKey('pkcs8', der.slice(), 'k')).toBe(first);
    // an unaligned copy of the same bytes
    const unaligned = new Uint8Array(der.length + 1).subarray(1);
    unaligned.set(der);
    expect(prepareKey('pkcs8', unaligned, 'k')).toBe(first);
    for (const i of [40, der.length - 5, der.length - 1]) {
      const changed = der.slice(); changed[i]! ^= 1;
      const other = prepareKey('pkcs8', changed, 'k');
      expect(other).not.toBe(first);
      expect(other.der).toEqual(changed);
      expect(prepareKey('pkcs8', der, 'k')).not.toBe(other);
    }
    // the entry keeps its own copy: changing the caller's array later does not change it
    const mine = prepareKey('pkcs8', der, 'k');
    der[50]! ^= 1;
    expect(prepareKey('pkcs8', der, 'k')).not.toBe(mine);
    expect(prepareKey('pkcs8', der, 'another cacheKey')).not.toBe(mine);
    dropCachedKeys('');
  });
});

describe('a platform whose WebCrypto refuses a key or an algorithm (an engine without P-521, say)', () => {
  it('the JavaScript engines take over for that key and mechanism, and WebCrypto is not asked again', async () => {
    dropCachedKeys('');
    const pair = ec.get('P-521')!;
    const subtle = globalThis.crypto.subtle;
    const spy = vi.spyOn(subtle, 'importKey').mockImplementation(() => Promise.reject(new DOMException('unsupported', 'NotSupportedError')));
    try {
      const mech = { scheme: 'ecdsa', hash: 'SHA-384' } as const;
      const sig = await sign(pair.privateKey, mech, message, { cacheKey: 'p521' });
      expect(nodeVerify('sha384', message, nodeKeys(pair).pub, sig)).toBe(true);
      expect(await verify(pair.publicKey, mech, message, sig, { cacheKey: 'p521v' })).toBe(true);
      const calls = spy.mock.calls.length;
      expect(calls).toBe(2);
      await sign(pair.privateKey, mech, message, { cacheKey: 'p521' });
      expect(await verify(pair.publicKey, mech, message, sig, { cacheKey: 'p521v' })).toBe(true);
      expect(spy.mock.calls.length).toBe(calls);
      // OAEP too: the JavaScript engine encrypts and decrypts
      const ct = await rsaEncrypt(rsa.publicKey, { scheme: 'oaep', hash: 'SHA-256' }, message);
      expect(await rsaDecrypt(rsa.privateKey, { scheme: 'oaep', hash: 'SHA-256' }, ct)).toEqual(message);
      // and a malformed key is still refused as such
      const bad = pair.privateKey.slice(); bad[bad.length - 70]! ^= 0xff;
      await expect(sign(bad.subarray(0, bad.length - 3), mech, message)).rejects.toThrow(FormatError);
    } finally {
      spy.mockRestore();
      dropCachedKeys('');
    }
  });
});

