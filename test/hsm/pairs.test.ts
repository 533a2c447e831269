/**
 * Key-pair objects (src/hsm/pairs.ts) checked against node:crypto: the attributes of both halves
 * for every key type and curve (attributes.md §3.2 as amended by cloudhsm-cli.md §4.5; KCV =
 * SHA-1 of the SPKI, attributes.md §5), keys made by node:crypto created through createKeyPair,
 * the views of a pair (getAttribute -a 512 with the EC point as bare hex, getKeyInfo, findKey,
 * deleteKey of one half), the damage check knowing pair records, and the CryptoKey cache's names.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import { keyRecordId, type KeyRecord } from '../../src/hsm/model';
import { asymKeyAttrs, cacheKeyOf, createKeyPair } from '../../src/hsm/pairs';
import { runOp } from '../../src/hsm/ops/runner';
import { KmuSession } from '../../src/hsm/session';
import { recordProblem } from '../../src/hsm/validate';
import type { Console } from '../../src/shell/console';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes } from '../kmu/keys-support';

const der = (k: KeyObject, type: 'spki' | 'pkcs8') => new Uint8Array(k.export({ type, format: 'der' }) as Buffer);
const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');
const b64u = (s: string) => Buffer.from(s, 'base64url');
const sha1kcv = (spki: Uint8Array) => createHash('sha1').update(spki).digest().subarray(0, 3).toString('hex');

interface NodePair { kind: 'rsa' | 'ec' | 'dsa'; spki: Uint8Array; pkcs8: Uint8Array; pub: KeyObject }
const pairs = new Map<string, NodePair>();
const make = (name: string, kind: NodePair['kind'], gen: () => { publicKey: KeyObject; privateKey: KeyObject }) => {
  const { publicKey, privateKey } = gen();
  pairs.set(name, { kind, spki: der(publicKey, 'spki'), pkcs8: der(privateKey, 'pkcs8'), pub: publicKey });
};

beforeAll(() => {
  make('rsa2048', 'rsa', () => generateKeyPairSync('rsa', { modulusLength: 2048 }));
  make('rsa3072-e65541', 'rsa', () => generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 65541 }));
  for (const [name, curve] of [['P-224', 'secp224r1'], ['P-256', 'prime256v1'], ['P-384', 'secp384r1'], ['P-521', 'secp521r1'], ['secp256k1', 'secp256k1']] as const) {
    make(name, 'ec', () => generateKeyPairSync('ec', { namedCurve: curve }));
  }
  make('dsa2048', 'dsa', () => generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }));
}, 120_000);

const FIELD_BITS: Record<string, number> = { 'P-224': 224, 'P-256': 256, 'P-384': 384, 'P-521': 521, secp256k1: 256 };
const POINT_LEN: Record<string, number> = { 'P-224': 57, 'P-256': 65, 'P-384': 97, 'P-521': 133, secp256k1: 65 };
const EC_PKCS8_LEN: Record<string, number> = { 'P-224': 122, 'P-256': 138, 'P-384': 185, 'P-521': 241, secp256k1: 135 };
const OPTS = { label: 'l', id: 'i', session: false, local: true, extractable: false };

describe('asymKeyAttrs against node:crypto', () => {
  it.each(['rsa2048', 'rsa3072-e65541'])('%s: usage flags, MODULUS/BITS/EXPONENT, VALUE_LEN bits/4 and PKCS #8 length, one KCV', (name) => {
    const p = pairs.get(name)!;
    const jwk = p.pub.export({ format: 'jwk' });
    const bits = b64u(jwk.n!).length * 8;
    const pub = asymKeyAttrs(2, p.spki, OPTS);
    const priv = asymKeyAttrs(3, p.pkcs8, OPTS);
    // attributes.md §3.2 / kmu-commands.md §5 table
    expect([260, 261, 262, 263, 264, 266, 259, 354].map((id) => pub[id])).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    expect([260, 261, 262, 263, 264, 266, 259, 354].map((id) => priv[id])).toEqual([0, 1, 0, 1, 1, 0, 1, 0]);
    expect([pub[A.CLASS], pub[A.KEY_TYPE], priv[A.CLASS], priv[A.KEY_TYPE]]).toEqual([2, 0, 3, 0]);
    for (const a of [pub, priv]) {
      expect(hex(a[A.MODULUS] as Uint8Array)).toBe(b64u(jwk.n!).toString('hex'));
      expect(a[A.MODULUS_BITS]).toBe(bits);
      expect(hex(a[A.PUBLIC_EXPONENT] as Uint8Array)).toBe(b64u(jwk.e!).toString('hex'));
      expect(hex(a[A.KCV] as Uint8Array)).toBe(sha1kcv(p.spki));
      expect([a[A.TOKEN], a[A.PRIVATE], a[A.LOCAL], a[A.LABEL], a[A.ID], a[A.DESTROYABLE], a[A.DERIVE], a[A.TRUSTED]]).toEqual([1, 1, 1, 'l', 'i', 1, 0, 0]);
    }
    expect(pub[A.VALUE_LEN]).toBe(bits / 4);
    expect(priv[A.VALUE_LEN]).toBe(p.pkcs8.length);
    // public keys are always extractable; the private one follows -nex; NEVER_EXTRACTABLE / ALWAYS_SENSITIVE
    expect([pub[A.NEVER_EXTRACTABLE], pub[A.ALWAYS_SENSITIVE], priv[A.NEVER_EXTRACTABLE], priv[A.ALWAYS_SENSITIVE]]).toEqual([0, 0, 1, 1]);
  });

  it.each(['P-224', 'P-256', 'P-384', 'P-521', 'secp256k1'])('EC %s: SIGN/VERIFY only, the point in MODULUS, field bits, VALUE_LEN point / PKCS #8', (name) => {
    const p = pairs.get(name)!;
    // node:crypto's SPKI ends with the uncompressed point (its JWK export lacks P-224)
    const point = hex(p.spki.subarray(p.spki.length - POINT_LEN[name]!));
    expect(point.startsWith('04')).toBe(true);
    const pub = asymKeyAttrs(2, p.spki, { ...OPTS, extractable: true });
    const priv = asymKeyAttrs(3, p.pkcs8, { ...OPTS, extractable: true });
    expect([260, 261, 262, 263, 264, 266, 259, 354].map((id) => pub[id])).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
    expect([260, 261, 262, 263, 264, 266, 259, 354].map((id) => priv[id])).toEqual([0, 0, 0, 0, 1, 0, 1, 1]);
    for (const a of [pub, priv]) {
      expect(a[A.KEY_TYPE]).toBe(3);
      expect(hex(a[A.MODULUS] as Uint8Array)).toBe(point);
      expect(a[A.MODULUS_BITS]).toBe(FIELD_BITS[name]);
      expect(a[A.PUBLIC_EXPONENT]).toBeUndefined();
      expect(hex(a[A.KCV] as Uint8Array)).toBe(sha1kcv(p.spki));
    }
    expect(pub[A.VALUE_LEN]).toBe(POINT_LEN[name]);
    expect(priv[A.VALUE_LEN]).toBe(p.pkcs8.length);
    expect(p.pkcs8.length).toBe(EC_PKCS8_LEN[name]); // cloudhsm-cli.md §4.5's lengths (OpenSSL's PKCS #8)
    expect(priv[A.NEVER_EXTRACTABLE]).toBe(0);
  });

  it('DSA: SIGN/VERIFY only, no MODULUS, VALUE_LEN 256 on both halves, one KCV', () => {
    const p = pairs.get('dsa2048')!;
    const pub = asymKeyAttrs(2, p.spki, OPTS);
    const priv = asymKeyAttrs(3, p.pkcs8, OPTS);
    expect([260, 261, 262, 263, 264, 266, 259, 354].map((id) => pub[id])).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
    expect([260, 261, 262, 263, 264, 266, 259, 354].map((id) => priv[id])).toEqual([0, 0, 0, 0, 1, 0, 1, 0]);
    for (const a of [pub, priv]) {
      expect(a[A.KEY_TYPE]).toBe(1);
      expect(a[A.VALUE_LEN]).toBe(256);
      expect([a[A.MODULUS], a[A.MODULUS_BITS], a[A.PUBLIC_EXPONENT]]).toEqual([undefined, undefined, undefined]);
      expect(hex(a[A.KCV] as Uint8Array)).toBe(sha1kcv(p.spki));
    }
  });

  it('an imported half (LOCAL 0): ALWAYS_SENSITIVE 0, NEVER_EXTRACTABLE 0 (attributes.md §3.2 notes)', () => {
    const p = pairs.get('P-256')!;
    const priv = asymKeyAttrs(3, p.pkcs8, { ...OPTS, local: false, extractable: true });
    expect([priv[A.LOCAL], priv[A.ALWAYS_SENSITIVE], priv[A.NEVER_EXTRACTABLE], priv[A.EXTRACTABLE]]).toEqual([0, 0, 0, 1]);
  });
});

describe('a pair in the HSM: creation, views, damage check', () => {
  let t: Terminal;
  const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

  beforeAll(async () => {
    t = await openTerminal({ scenario: { servingNode: 0, handles: 'simple', nextIndex: 40 } });
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
  });

  const stored = async (h: number) => (await t.backend.get('keys', keyRecordId('cluster-1', h))) as KeyRecord | undefined;

  it('createKeyPair with node:crypto\'s RSA pair: public at n, private at n + 1; -u and quorum on the private key only', async () => {
    const hsm = (t.session as Console).hsm;
    const session = t.session.terminal.kmu;
    const p = pairs.get('rsa2048')!;
    const out = await runOp(hsm, (scope) => createKeyPair(scope, session, { publicKey: p.spki, privateKey: p.pkcs8 }, {
      label: 'imported', id: 'rsa-node', session: false, local: false, extractable: true, shareWith: [], mValue: 0, minSrv: 1, timeout: null,
    }), { serving: session });
    expect([out.code, out.publicHandle, out.privateHandle]).toEqual([0, 40, 41]);
    const [pub, priv] = [(await stored(40))!, (await stored(41))!];
    expect(hex(pub.value)).toBe(hex(p.spki));
    expect(hex(priv.value)).toBe(hex(p.pkcs8));
    expect([pub.index, priv.index, pub.owner, priv.owner]).toEqual([40, 41, 3, 3]);
    for (const k of [pub, priv]) expect(recordProblem('keys', k)).toBeNull();
  });

  it('genECCKeyPair -i 2 -u 4 -m_value 2 … : getKeyInfo of each half, findKey by class and by modulus', async () => {
    await t.type('exit');
    await (async () => {
      const { putUser } = await import('../kmu/keys-support');
      await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
    })();
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    expect(await t.type('genECCKeyPair -i 2 -l ec -u 4 -m_value 2')).toContain('public key handle: 42    private key handle: 43');
    const [pub, priv] = [(await stored(42))!, (await stored(43))!];
    expect([pub.shared, pub.manageQuorum, priv.shared, priv.manageQuorum]).toEqual([[], 0, [4], 2]);
    for (const k of [pub, priv]) expect(recordProblem('keys', k)).toBeNull();
    // a damaged pair half is caught: VALUE_LEN of an EC public key must be its point's length
    expect(recordProblem('keys', { ...pub, attrs: { ...pub.attrs, [A.VALUE_LEN]: pub.value.length } })).not.toBeNull();
    expect(recordProblem('keys', { ...priv, attrs: { ...priv.attrs, [A.VALUE_LEN]: 65 } })).not.toBeNull();
    expect(await t.type('getKeyInfo -k 42')).toContain('Owned by user 3');
    expect(await t.type('getKeyInfo -k 43')).toContain('2 Users need to approve to use/manage this key');
    expect(await t.type('findKey -c 2')).toMatch(/\n40, 42\n/);
    expect(await t.type('findKey -c 3')).toMatch(/\n41, 43\n/);
  });

  it('getAttribute -a 512: the legacy order with MODULUS (an EC point as bare hex), MODULUS_BITS, PUBLIC_EXPONENT', async () => {
    await t.type('getAttribute -o 43 -a 512 -out ec_attr');
    const ec = (await fileBytes(t, '/home/user/ec_attr'))!.toString();
    const priv = (await stored(43))!;
    const names = ec.split('\n').filter((l) => l.startsWith('OBJ_ATTR_'));
    expect(names).toEqual(['CLASS', 'KEY_TYPE', 'TOKEN', 'PRIVATE', 'ENCRYPT', 'DECRYPT', 'WRAP', 'UNWRAP', 'SIGN', 'VERIFY', 'LOCAL',
      'SENSITIVE', 'EXTRACTABLE', 'LABEL', 'ID', 'VALUE_LEN', 'KCV', 'MODULUS', 'MODULUS_BITS'].map((n) => `OBJ_ATTR_${n}`));
    expect(ec).toContain(`OBJ_ATTR_VALUE_LEN\n0x0000008a\nOBJ_ATTR_KCV\n0x${hex(priv.attrs[A.KCV] as Uint8Array)}\n`);
    expect(ec).toContain(`OBJ_ATTR_MODULUS\n${hex(priv.attrs[A.MODULUS] as Uint8Array)}\nOBJ_ATTR_MODULUS_BITS\n0x00000100\n`);
    await t.type('getAttribute -o 40 -a 512 -out rsa_attr');
    const rsa = (await fileBytes(t, '/home/user/rsa_attr'))!.toString();
    const m = '0x' + hex((await stored(40))!.attrs[A.MODULUS] as Uint8Array);
    const wrapped = m.match(/.{1,80}/g)!.join('\n');
    expect(rsa).toContain(`OBJ_ATTR_VALUE_LEN\n0x00000200\n`);
    expect(rsa).toContain(`OBJ_ATTR_MODULUS\n${wrapped}\nOBJ_ATTR_MODULUS_BITS\n0x00000800\nOBJ_ATTR_PUBLIC_EXPONENT\n0x010001\n`);
  });

  it('deleteKey removes one half only; the object indexes are never reused', async () => {
    expect(await t.type('deleteKey -k 42')).toContain('Cfm3DeleteKey returned: 0x00');
    expect(await stored(42)).toBeUndefined();
    expect(await stored(43)).toBeDefined();
    expect(await t.type('genECCKeyPair -i 16 -l k1')).toContain('public key handle: 44    private key handle: 45');
  });
});

describe('cacheKeyOf', () => {
  const key = (over: Partial<KeyRecord> = {}): KeyRecord => ({
    id: keyRecordId('cluster-1', 7), rev: 1, cluster: 'cluster-1', handle: 7, index: 7, attrs: {}, value: new Uint8Array([1, 2, 3]),
    owner: 3, shared: [], manageQuorum: 0, useQuorum: 0, holders: [0], ...over,
  } as KeyRecord);

  it('names the cluster, record and revision, and tells apart keys that reuse them (another cluster, a reset, a session)', () => {
    const s1 = new KmuSession();
    const s2 = new KmuSession();
    const base = key();
    expect(cacheKeyOf(base, s1)).toBe(cacheKeyOf(key(), s2)); // the same token key for every console
    expect(cacheKeyOf(base, s1).startsWith('cluster-1/0000000007@')).toBe(true);
    const names = [
      cacheKeyOf(base, s1),
      cacheKeyOf(key({ rev: 2 }), s1),
      cacheKeyOf(key({ id: keyRecordId('cluster-2', 7), cluster: 'cluster-2' }), s1),
      cacheKeyOf(key({ value: new Uint8Array([9, 9, 9]) }), s1), // same id and revision after a reset
    ];
    const sk1 = key({ rev: 0 });
    const sk2 = key({ rev: 0 });
    s1.sessionKeys.set(7, sk1);
    s2.sessionKeys.set(7, sk2);
    names.push(cacheKeyOf(sk1, s1), cacheKeyOf(sk2, s2));
    expect(new Set(names).size).toBe(names.length);
    expect(cacheKeyOf(sk1, s1)).toBe(cacheKeyOf(sk1, s1));
  });
});
