/** src/crypto/gcm.ts against node:crypto's AES-GCM, both directions, and tamper detection. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, CryptoError } from '../../src/crypto/index';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../src/crypto/gcm';

beforeAll(() => initCrypto());

function nodeSeal(key: Buffer, iv: Buffer, pt: Buffer, aad: Buffer, tagLength: number): Buffer {
  const c = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: tagLength });
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

function nodeOpen(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer, tagLength: number): Buffer {
  const d = createDecipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: tagLength });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - tagLength));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - tagLength)), d.final()]);
}

describe('AES-GCM', () => {
  it('NIST test case 4 (AES-128, 60-byte plaintext, 20-byte AAD)', () => {
    const key = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
    const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
    const pt = Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39', 'hex');
    const aad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
    const out = Buffer.from(aesGcmEncrypt(key, iv, pt, aad)).toString('hex');
    expect(out).toBe('42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' +
      '5bc94fbc3221a5db94fae95ae7121a47');
  });

  for (const keyLen of [16, 24, 32]) {
    for (const ivLen of [12, 8, 16, 60]) {
      it(`matches node:crypto both ways: ${keyLen * 8}-bit key, ${ivLen}-byte IV, several lengths and tag sizes`, () => {
        for (const [ptLen, aadLen, tagLength] of [[0, 0, 16], [1, 0, 16], [16, 13, 12], [24, 0, 8], [33, 40, 16], [100, 1, 15]] as const) {
          const key = randomBytes(keyLen);
          const iv = randomBytes(ivLen);
          const pt = randomBytes(ptLen);
          const aad = randomBytes(aadLen);
          const mine = aesGcmEncrypt(key, iv, pt, aad, tagLength);
          expect(Buffer.from(mine).equals(nodeSeal(key, iv, pt, aad, tagLength))).toBe(true);
          expect(Buffer.from(aesGcmDecrypt(key, iv, nodeSeal(key, iv, pt, aad, tagLength), aad, tagLength)).equals(pt)).toBe(true);
          expect(nodeOpen(key, iv, Buffer.from(mine), aad, tagLength).equals(pt)).toBe(true);
        }
      });
    }
  }

  it('any flipped bit of ciphertext, tag, IV or AAD is refused with CryptoError and no plaintext', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const aad = randomBytes(5);
    const sealed = aesGcmEncrypt(key, iv, randomBytes(32), aad);
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i]! ^= 0x01;
      expect(() => aesGcmDecrypt(key, iv, bad, aad)).toThrow(CryptoError);
    }
    const badIv = Buffer.from(iv);
    badIv[0]! ^= 0x80;
    expect(() => aesGcmDecrypt(key, badIv, sealed, aad)).toThrow(CryptoError);
    expect(() => aesGcmDecrypt(key, iv, sealed, Buffer.from('other'))).toThrow(CryptoError);
    expect(() => aesGcmDecrypt(key, iv, sealed.subarray(0, 15), aad)).toThrow(CryptoError);
    expect(() => aesGcmDecrypt(randomBytes(32), iv, sealed, aad)).toThrow(CryptoError);
  });

  it('argument mistakes are RangeErrors', () => {
    expect(() => aesGcmEncrypt(new Uint8Array(10), new Uint8Array(12), new Uint8Array(1))).toThrow(RangeError);
    expect(() => aesGcmEncrypt(new Uint8Array(16), new Uint8Array(0), new Uint8Array(1))).toThrow(RangeError);
    expect(() => aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1), undefined, 17)).toThrow(RangeError);
  });
});
