/**
 * The JavaScript engines behind the facade (every seeded operation, and SHA-224, P-224, secp256k1,
 * DSA, PKCS #1 v1.5 encryption without one): signatures both ways against node:crypto for every
 * mechanism of kmu-commands.md §5.8 and DSA, RSA-OAEP both ways for every hash of attributes.md
 * §4.6, PKCS #1 v1.5 encryption against node and `openssl pkeyutl`, tampering, limits, and
 * reproducibility from a seed.
 */
import { execFileSync } from 'node:child_process';
import {
  constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, publicEncrypt, privateDecrypt,
  sign as nodeSign, verify as nodeVerify,
} from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CurveName, FormatError, generateKeyPairFromSeed, type HashName, type KeyPairDer, rsaDecrypt, rsaEncrypt, rsaMaxMessage, sign, verify,
} from '../../../src/crypto/asym/index';
import { rfc6979Nonces } from '../../../src/crypto/asym/dsa';
import { curveOrder, publicPoint } from '../../../src/crypto/asym/ec';
import { ecPkcs8 } from '../../../src/crypto/asym/keys';
import { CryptoError } from '../../../src/crypto/errors';
import { seededRng } from '../../../src/crypto/rng';

const HASHES: HashName[] = ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'];
const H_LEN: Record<HashName, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
const CURVES: CurveName[] = ['P-224', 'P-256', 'P-384', 'P-521', 'secp256k1'];
const NODE_CURVE: Record<CurveName, string> = { 'P-224': 'secp224r1', 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1' };
const nodeHash = (h: HashName): string => h.replace('-', '').toLowerCase();
const message = new TextEncoder().encode('key_mgmt_util sign -f messageFile -k 266309 -m 1 -out signedFile\n');
const seeded = () => ({ rng: seededRng(42) });

interface Pair { der: KeyPairDer; priv: KeyObject; pub: KeyObject }
const fromDer = (der: KeyPairDer): Pair => ({
  der,
  priv: createPrivateKey({ key: Buffer.from(der.privateKey), format: 'der', type: 'pkcs8' }),
  pub: createPublicKey({ key: Buffer.from(der.publicKey), format: 'der', type: 'spki' }),
});
const fromNode = (k: { privateKey: KeyObject; publicKey: KeyObject }): Pair => ({
  der: {
    privateKey: new Uint8Array(k.privateKey.export({ format: 'der', type: 'pkcs8' })),
    publicKey: new Uint8Array(k.publicKey.export({ format: 'der', type: 'spki' })),
  },
  priv: k.privateKey, pub: k.publicKey,
});

let rsa: Pair;
let dsaOurs: Pair;
let dsaNode: Pair;
const ec = new Map<CurveName, Pair>();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'asym-js-'));
  rsa = fromDer(generateKeyPairFromSeed({ kind: 'rsa', bits: 2048, exponent: 65537n }, new Uint8Array(32).fill(1)));
  dsaOurs = fromDer(generateKeyPairFromSeed({ kind: 'dsa', bits: 2048 }, new Uint8Array(32).fill(2)));
  dsaNode = fromNode(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }));
  for (const c of CURVES) ec.set(c, fromNode(generateKeyPairSync('ec', { namedCurve: NODE_CURVE[c] })));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RSA signatures in JavaScript', () => {
  it.each(HASHES)('PKCS #1 v1.5 with %s: the same bytes as node, verified both ways', async (hash) => {
    const mech = { scheme: 'rsa-pkcs1', hash } as const;
    const ours = await sign(rsa.der.privateKey, mech, message, seeded());
    expect(Buffer.from(ours)).toEqual(nodeSign(nodeHash(hash), message, rsa.priv));
    expect(await verify(rsa.der.publicKey, mech, message, ours, seeded())).toBe(true);
    expect(await verify(rsa.der.publicKey, mech, message, ours)).toBe(true);
    const bad = ours.slice(); bad[0]! ^= 0x80;
    expect(await verify(rsa.der.publicKey, mech, message, bad, seeded())).toBe(false);
    expect(await verify(rsa.der.publicKey, { scheme: 'rsa-pkcs1', hash: hash === 'SHA-1' ? 'SHA-256' : 'SHA-1' }, message, ours, seeded())).toBe(false);
  });

  it.each(HASHES)('PSS with %s (MGF1 same hash, salt = hash length) both ways; seeded salts reproduce', async (hash) => {
    const mech = { scheme: 'rsa-pss', hash } as const;
    const saltLength = H_LEN[hash];
    const ours = await sign(rsa.der.privateKey, mech, message, seeded());
    expect(nodeVerify(nodeHash(hash), message, { key: rsa.pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, ours)).toBe(true);
    expect(await sign(rsa.der.privateKey, mech, message, seeded())).toEqual(ours);
    expect(await sign(rsa.der.privateKey, mech, message, { rng: seededRng(43) })).not.toEqual(ours);
    const theirs = nodeSign(nodeHash(hash), message, { key: rsa.priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    expect(await verify(rsa.der.publicKey, mech, message, theirs, seeded())).toBe(true);
    expect(await verify(rsa.der.publicKey, mech, message, theirs)).toBe(true);
    const shortSalt = nodeSign(nodeHash(hash), message, { key: rsa.priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: saltLength - 1 });
    expect(await verify(rsa.der.publicKey, mech, message, shortSalt, seeded())).toBe(false);
    expect(await verify(rsa.der.publicKey, mech, message.subarray(1), theirs, seeded())).toBe(false);
  });

  it('a signature of the wrong length or ≥ n is false, not an error', async () => {
    const mech = { scheme: 'rsa-pkcs1', hash: 'SHA-256' } as const;
    for (const o of [seeded(), {}]) {
      expect(await verify(rsa.der.publicKey, mech, message, new Uint8Array(255), o)).toBe(false);
      expect(await verify(rsa.der.publicKey, mech, message, new Uint8Array(257), o)).toBe(false);
      expect(await verify(rsa.der.publicKey, mech, message, new Uint8Array(256).fill(0xff), o)).toBe(false);
      expect(await verify(rsa.der.publicKey, { scheme: 'rsa-pss', hash: 'SHA-256' }, message, new Uint8Array(256).fill(0xff), o)).toBe(false);
    }
  });
});

describe('ECDSA in JavaScript (noble, RFC 6979, lowS off)', () => {
  for (const curve of CURVES) {
    it.each(HASHES)(`${curve} with %s both ways, deterministic`, async (hash) => {
      const { der, priv, pub } = ec.get(curve)!;
      const mech = { scheme: 'ecdsa', hash } as const;
      const ours = await sign(der.privateKey, mech, message, seeded());
      expect(nodeVerify(nodeHash(hash), message, pub, ours)).toBe(true);
      expect(await sign(der.privateKey, mech, message, { rng: seededRng(7) })).toEqual(ours);
      const theirs = nodeSign(nodeHash(hash), message, priv);
      expect(await verify(der.publicKey, mech, message, theirs, seeded())).toBe(true);
      // both s and n − s verify (OpenSSL does not normalize s)
      const raw = nodeSign(nodeHash(hash), message, { key: priv, dsaEncoding: 'ieee-p1363' });
      const len = raw.length / 2;
      const r = BigInt('0x' + raw.subarray(0, len).toString('hex'));
      const s = BigInt('0x' + raw.subarray(len).toString('hex'));
      const flipped = Buffer.concat([raw.subarray(0, len), Buffer.from((curveOrder(curve) - s).toString(16).padStart(len * 2, '0'), 'hex')]);
      const flippedDer = derOf(r, curveOrder(curve) - s);
      expect(nodeVerify(nodeHash(hash), message, { key: pub, dsaEncoding: 'ieee-p1363' }, flipped)).toBe(true);
      expect(await verify(der.publicKey, mech, message, flippedDer, seeded())).toBe(true);
      const bad = Uint8Array.from(theirs); bad[bad.length - 2]! ^= 4;
      expect(await verify(der.publicKey, mech, message, bad, seeded())).toBe(false);
      expect(await verify(der.publicKey, mech, message, raw, seeded())).toBe(false);
      expect(await verify(der.publicKey, mech, message, derOf(0n, s), seeded())).toBe(false);
      expect(await verify(der.publicKey, mech, message, derOf(r, curveOrder(curve)), seeded())).toBe(false);
    });
  }

  it('P-224 and secp256k1 take the JavaScript path without an rng too', async () => {
    for (const curve of ['P-224', 'secp256k1'] as const) {
      const { der, pub } = ec.get(curve)!;
      const sig = await sign(der.privateKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message);
      expect(nodeVerify('sha256', message, pub, sig)).toBe(true);
      expect(await verify(der.publicKey, { scheme: 'ecdsa', hash: 'SHA-256' }, message, sig)).toBe(true);
    }
    // SHA-224 on a WebCrypto curve also goes to JavaScript
    const p256 = ec.get('P-256')!;
    const sig = await sign(p256.der.privateKey, { scheme: 'ecdsa', hash: 'SHA-224' }, message);
    expect(nodeVerify('sha224', message, p256.pub, sig)).toBe(true);
  });

  it('RFC 6979 A.2.5 (P-256, SHA-256, "sample"): the nonce and the signature', async () => {
    const x = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721n;
    const sample = new TextEncoder().encode('sample');
    const k = rfc6979Nonces('SHA-256', curveOrder('P-256'), x, createHash('sha256').update(sample).digest()).next().value;
    expect(k).toBe(0xa6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60n);
    const pkcs8 = ecPkcs8('P-256', x, publicPoint('P-256', x));
    const sig = await sign(pkcs8, { scheme: 'ecdsa', hash: 'SHA-256' }, sample, seeded());
    expect(Buffer.from(sig).toString('hex')).toBe(Buffer.from(derOf(
      0xefd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716n,
      0xf7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8n,
    )).toString('hex'));
  });
});

function derOf(r: bigint, s: bigint): Uint8Array {
  const int = (v: bigint): number[] => {
    let h = v.toString(16); if (h.length % 2) h = '0' + h;
    const b = [...Buffer.from(h, 'hex')]; if (b[0]! & 0x80) b.unshift(0);
    return [0x02, b.length, ...b];
  };
  const body = [...int(r), ...int(s)];
  return Uint8Array.from(body.length < 128 ? [0x30, body.length, ...body] : [0x30, 0x81, body.length, ...body]);
}

describe('DSA', () => {
  it.each(HASHES)('with %s: ours verify in node, node\'s verify here, deterministic (RFC 6979)', async (hash) => {
    const mech = { scheme: 'dsa', hash } as const;
    for (const { der, priv, pub } of [dsaOurs, dsaNode]) {
      const ours = await sign(der.privateKey, mech, message);
      expect(nodeVerify(nodeHash(hash), message, pub, ours)).toBe(true);
      expect(await sign(der.privateKey, mech, message, seeded())).toEqual(ours);
      const theirs = nodeSign(nodeHash(hash), message, priv);
      expect(await verify(der.publicKey, mech, message, theirs)).toBe(true);
      expect(await verify(der.publicKey, mech, message.subarray(2), theirs)).toBe(false);
      const bad = Uint8Array.from(theirs); bad[6]! ^= 1;
      expect(await verify(der.publicKey, mech, message, bad)).toBe(false);
      expect(await verify(der.publicKey, mech, message, new Uint8Array([0x30, 0]))).toBe(false);
    }
  });
});

describe('RSA-OAEP in JavaScript', () => {
  it.each(HASHES)('OAEP with %s both ways with node (oaepHash), seeded ciphertexts reproduce', async (hash) => {
    const enc = { scheme: 'oaep', hash } as const;
    const max = rsaMaxMessage(256, enc);
    expect(max).toBe(256 - 2 * H_LEN[hash] - 2);
    const secret = Uint8Array.from({ length: max }, (_, i) => (i * 13 + 1) & 0xff);
    const ct = await rsaEncrypt(rsa.der.publicKey, enc, secret, seeded());
    expect(await rsaEncrypt(rsa.der.publicKey, enc, secret, seeded())).toEqual(ct);
    expect(new Uint8Array(privateDecrypt({ key: rsa.priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash(hash) }, ct))).toEqual(secret);
    const theirs = publicEncrypt({ key: rsa.pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash(hash) }, secret.subarray(0, 40));
    expect(await rsaDecrypt(rsa.der.privateKey, enc, theirs, seeded())).toEqual(secret.subarray(0, 40));
    expect(await rsaDecrypt(rsa.der.privateKey, enc, new Uint8Array(publicEncrypt({ key: rsa.pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash(hash) }, new Uint8Array(0))), seeded())).toEqual(new Uint8Array(0));
    await expect(rsaEncrypt(rsa.der.publicKey, enc, new Uint8Array(max + 1), seeded())).rejects.toThrow(RangeError);
    await expect(rsaEncrypt(rsa.der.publicKey, enc, new Uint8Array(max + 1))).rejects.toThrow(RangeError);
    for (const i of [0, 1, 100, 255]) {
      const bad = Uint8Array.from(theirs); bad[i]! ^= 1;
      await expect(rsaDecrypt(rsa.der.privateKey, enc, bad, seeded())).rejects.toThrow(CryptoError);
    }
    // decrypting under another hash fails the same way
    const other = { scheme: 'oaep', hash: hash === 'SHA-1' ? 'SHA-256' : 'SHA-1' } as const;
    await expect(rsaDecrypt(rsa.der.privateKey, other, theirs, seeded())).rejects.toThrow(CryptoError);
    await expect(rsaDecrypt(rsa.der.privateKey, enc, theirs.subarray(1), seeded())).rejects.toThrow(CryptoError);
  });
});

describe('RSA PKCS #1 v1.5 encryption (-m 12)', () => {
  const enc = { scheme: 'pkcs1' } as const;
  it('node\'s ciphertext decrypts here; ours decrypts with openssl pkeyutl; limit k − 11', async () => {
    expect(rsaMaxMessage(256, enc)).toBe(245);
    for (const len of [0, 1, 32, 245]) {
      const secret = Uint8Array.from({ length: len }, (_, i) => (i * 5 + 3) & 0xff);
      const theirs = publicEncrypt({ key: rsa.pub, padding: constants.RSA_PKCS1_PADDING }, secret);
      expect(await rsaDecrypt(rsa.der.privateKey, enc, theirs)).toEqual(secret);
      const ours = await rsaEncrypt(rsa.der.publicKey, enc, secret, seeded());
      expect(await rsaEncrypt(rsa.der.publicKey, enc, secret, seeded())).toEqual(ours);
      expect(await rsaEncrypt(rsa.der.publicKey, enc, secret)).not.toEqual(ours);
      const keyFile = join(dir, 'key.pem');
      const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(rsa.der.privateKey).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
      writeFileSync(keyFile, pem.replace(/\n\n/g, '\n'));
      writeFileSync(join(dir, 'ct.bin'), ours);
      const plain = execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', keyFile, '-in', join(dir, 'ct.bin')]);
      expect(new Uint8Array(plain)).toEqual(secret);
    }
    await expect(rsaEncrypt(rsa.der.publicKey, enc, new Uint8Array(246))).rejects.toThrow(RangeError);
    await expect(rsaEncrypt(rsa.der.publicKey, enc, new Uint8Array(246), seeded())).rejects.toThrow(RangeError);
  });

  it('tampered, truncated or oversized ciphertexts → CryptoError (one message)', async () => {
    // seeded, so the flips below are the same every run (a random flip keeps valid padding with p ≈ 2^−16)
    const theirs = await rsaEncrypt(rsa.der.publicKey, enc, new Uint8Array(32).fill(9), seeded());
    expect(await rsaDecrypt(rsa.der.privateKey, enc, theirs)).toEqual(new Uint8Array(32).fill(9));
    for (const i of [0, 1, 2, 128, 255]) {
      const bad = Uint8Array.from(theirs); bad[i]! ^= 0x20;
      const err = await rsaDecrypt(rsa.der.privateKey, enc, bad).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(CryptoError);
      expect((err as Error).message).toBe('integrity check failed');
    }
    await expect(rsaDecrypt(rsa.der.privateKey, enc, theirs.subarray(0, 255))).rejects.toThrow(CryptoError);
    await expect(rsaDecrypt(rsa.der.privateKey, enc, new Uint8Array(256).fill(0xff))).rejects.toThrow(CryptoError);
    // a ciphertext whose padding is PKCS #1 type 1 (a signature) is refused
    const sig = nodeSign('sha256', message, rsa.priv);
    await expect(rsaDecrypt(rsa.der.privateKey, enc, publicEncryptRaw(rsa, sig))).rejects.toThrow(CryptoError);
  });
});

/** (s^e)^e mod n: a ciphertext that decrypts to s^e mod n, i.e. a signature's PKCS #1 type 1 block. */
function publicEncryptRaw(pair: Pair, sig: Uint8Array): Uint8Array {
  const n = BigInt('0x' + Buffer.from(pair.pub.export({ format: 'jwk' }).n!, 'base64url').toString('hex'));
  const powE = (v: bigint): bigint => { let r = 1n; let b = v; for (let x = 65537n; x > 0n; x >>= 1n) { if (x & 1n) r = (r * b) % n; b = (b * b) % n; } return r; };
  const c = powE(powE(BigInt('0x' + Buffer.from(sig).toString('hex'))));
  return Uint8Array.from(Buffer.from(c.toString(16).padStart(512, '0'), 'hex'));
}

describe('keys the operation cannot use', () => {
  it('malformed DER → FormatError; wrong key kind → RangeError', async () => {
    await expect(sign(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), { scheme: 'rsa-pkcs1', hash: 'SHA-256' }, message)).rejects.toThrow(FormatError);
    await expect(verify(rsa.der.privateKey, { scheme: 'rsa-pkcs1', hash: 'SHA-256' }, message, new Uint8Array(256))).rejects.toThrow(FormatError);
    await expect(rsaEncrypt(ec.get('P-256')!.der.publicKey, { scheme: 'pkcs1' }, message)).rejects.toThrow(RangeError);
    await expect(rsaDecrypt(dsaOurs.der.privateKey, { scheme: 'oaep', hash: 'SHA-1' }, new Uint8Array(256))).rejects.toThrow(RangeError);
    const truncated = rsa.der.privateKey.subarray(0, 100);
    await expect(sign(truncated, { scheme: 'rsa-pkcs1', hash: 'SHA-256' }, message)).rejects.toThrow(FormatError);
    await expect(sign(truncated, { scheme: 'rsa-pkcs1', hash: 'SHA-256' }, message, seeded())).rejects.toThrow(FormatError);
  });
});
