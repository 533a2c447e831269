/**
 * The CryptoKey cache's name for a key (src/hsm/pairs.ts cacheKeyOf): its key-material fingerprint
 * is kept per byte array, so a warm signature does not hash its key again. The name changes with
 * the bytes (a new array), and the one case the kept fingerprint cannot see — bytes changed in
 * place, which the store never does — still never signs with the old key: the crypto layer
 * compares the bytes before it uses a cached entry.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPairNative, sign } from '../../src/crypto/asym/index';
import { cacheKeyOf } from '../../src/hsm/pairs';
import type { KeyRecord } from '../../src/hsm/model';
import type { KmuSession } from '../../src/hsm/session';

const session = { sessionKeys: new Map() } as unknown as KmuSession;
const record = (value: Uint8Array, rev = 1) => ({ id: 'cluster-1/7', rev, handle: 7, value }) as unknown as KeyRecord;
const message = new TextEncoder().encode('cache names');

describe('cacheKeyOf', () => {
  it('names the same bytes alike and other bytes otherwise; the revision is in the name', () => {
    const a = Uint8Array.from({ length: 121 }, (_, i) => i);
    const name = cacheKeyOf(record(a), session);
    expect(cacheKeyOf(record(a), session)).toBe(name);
    expect(cacheKeyOf(record(a.slice()), session)).toBe(name); // another array, the same bytes
    const b = a.slice();
    b[60]! ^= 1;
    expect(cacheKeyOf(record(b), session)).not.toBe(name);
    expect(cacheKeyOf(record(a, 2), session)).not.toBe(name);
  });

  it('bytes changed in place keep the name, yet the crypto layer signs with the new bytes', async () => {
    const one = (await generateKeyPairNative({ kind: 'ec', curve: 'P-256' }))!;
    const two = (await generateKeyPairNative({ kind: 'ec', curve: 'P-256' }))!;
    expect(two.privateKey.length).toBe(one.privateKey.length);
    const value = one.privateKey.slice();
    const rec = record(value);
    const mech = { scheme: 'ecdsa', hash: 'SHA-256' } as const;
    const pub = (der: Uint8Array) => createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    const first = await sign(rec.value, mech, message, { cacheKey: cacheKeyOf(rec, session) });
    expect(nodeVerify('sha256', message, pub(one.publicKey), first)).toBe(true);
    const name = cacheKeyOf(rec, session);
    value.set(two.privateKey);
    expect(cacheKeyOf(rec, session)).toBe(name); // the kept fingerprint
    const second = await sign(rec.value, mech, message, { cacheKey: cacheKeyOf(rec, session) });
    expect(nodeVerify('sha256', message, pub(two.publicKey), second)).toBe(true);
    expect(nodeVerify('sha256', message, pub(one.publicKey), second)).toBe(false);
  });
});
