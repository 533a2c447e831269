/**
 * The CLI's key selection and key object (cloudhsm-cli.md §2.4, §2.6, §4, §5.2–§5.6, §5.8), called
 * directly on the operations layer: filters, the scope of each role, the single-key sentence, the
 * JSON forms of §4.1 in §4.2's order, coverage over the HSMs that are up, and the availability check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import { CLI_ATTRIBUTES, cliAttributes, parseCliAttribute } from '../../src/hsm/cli-attributes';
import { CliSession } from '../../src/hsm/cli-session';
import type { ClusterRecord, KeyRecord, UserRecord } from '../../src/hsm/model';
import { availabilityCheck, keyReference, keyView, parseFilter, selectKeys, selectOneKey, type CliFilter } from '../../src/hsm/ops/cli-keys';
import { runOp, type OpScope } from '../../src/hsm/ops/runner';
import type { Scenario } from '../../src/hsm/scenario';
import { DEFAULT_CLUSTER } from '../../src/hsm/world';
import { keyObject } from '../../src/commands/cli/key-object';
import { openTerminal, type Terminal } from '../support/transcript';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const VIEW_SCENARIO: Scenario = {
  handles: 'simple',
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'wrapping-key', owner: 3, value: AES },
    { handle: 7, keyType: 'AES', label: 'theirs', owner: 4, value: AES },
    { handle: 8, keyType: 'AES', label: 'shared-with-me', id: 'IT-02', owner: 4, shared: [3], value: AES },
    { handle: 9, keyType: 'GENERIC_SECRET', label: 'hmac', owner: 3, shared: [5, 4], value: AES, mValue: 2 },
    { handle: 10, keyType: '3DES', label: 'des', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
  ],
  users: [
    { userId: 4, name: 'Alice', type: 'CU', password: 'alice_pwd' },
    { userId: 5, name: 'bob', type: 'CU', password: 'bob_pwd0' },
  ],
};

let t: Terminal;
let rsaPub: number;
let rsaPriv: number;
let ecPub: number;
let ecPriv: number;

/** A CLI session logged in as `userId` (set by hand: the login itself is the users branch's). */
function cliAs(userId: number, name: string, role: 'admin' | 'crypto-user'): CliSession {
  const s = new CliSession();
  s.cluster = DEFAULT_CLUSTER;
  s.user = { userId, name };
  s.role = role;
  s.servingNode = 0;
  return s;
}
const cu = () => cliAs(3, 'example_user', 'crypto-user');
const run = <T>(work: (scope: OpScope) => Promise<T>): Promise<T> => runOp(t.session.hsm, work);
const filterOf = (...words: string[]): CliFilter => {
  const r = parseFilter(words);
  if ('refusal' in r) throw new Error(JSON.stringify(r.refusal));
  return r.filter;
};
const handles = (session: CliSession, ...words: string[]) =>
  run(async (s) => (await selectKeys(s, session, filterOf(...words))).map((k) => k.handle));

beforeAll(async () => {
  t = await openTerminal({ scenario: VIEW_SCENARIO });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  const pair = (out: string) => {
    const m = /public key handle: (\d+)\s+private key handle: (\d+)/i.exec(out);
    if (!m) throw new Error(out);
    return [Number(m[1]), Number(m[2])] as const;
  };
  [rsaPub, rsaPriv] = pair(await t.type('genRSAKeyPair -m 2048 -e 65537 -l rsa'));
  [ecPub, ecPriv] = pair(await t.type('genECCKeyPair -i 2 -l ec'));
  await t.type('exit');
}, 60_000);

describe('parseFilter (§2.4, §4.6)', () => {
  it('reads key references in hex (any digits, any case) and decimal as the same handle', () => {
    for (const w of ['key-reference=0x6', 'key-reference=0x0000000000000006', 'key-reference=6', 'key-reference=0X06']) {
      expect(parseFilter([w])).toEqual({ filter: [{ reference: 6 }] });
    }
    expect(parseFilter(['key-reference=0x00000000000000000000000000abc'])).toEqual({ filter: [{ reference: 0xabc }] });
    expect(parseFilter(['key-reference=0xffffffffffffffffffff'])).toEqual({ filter: [{ reference: -1 }] });
  });

  it('refuses a key reference that is no number, an unknown name and a bad value', () => {
    expect(parseFilter(['key-reference=abc'])).toEqual({ refusal: { error: 'invalid-value', name: 'key-reference', value: 'abc' } });
    expect(parseFilter(['key-reference=0x'])).toEqual({ refusal: { error: 'invalid-value', name: 'key-reference', value: '0x' } });
    expect(parseFilter(['attr.colour=blue'])).toEqual({ refusal: { error: 'unknown-attribute', name: 'colour' } });
    expect(parseFilter(['label=x'])).toEqual({ refusal: { error: 'unknown-attribute', name: 'label' } });
    expect(parseFilter(['attr.__proto__=1'])).toEqual({ refusal: { error: 'unknown-attribute', name: '__proto__' } });
    expect(parseFilter(['attr.encrypt=yes'])).toEqual({ refusal: { error: 'invalid-value', name: 'encrypt', value: 'yes' } });
    expect(parseFilter(['attr.key-type=AESX'])).toEqual({ refusal: { error: 'invalid-value', name: 'key-type', value: 'AESX' } });
    expect(parseFilter(['attr.check-value=abc'])).toEqual({ refusal: { error: 'invalid-value', name: 'check-value', value: 'abc' } });
    expect(parseFilter(['attr.key-length-bytes=0x20'])).toEqual({ refusal: { error: 'invalid-value', name: 'key-length-bytes', value: '0x20' } });
    expect(parseFilter(['attr.curve=p-999'])).toEqual({ refusal: { error: 'invalid-value', name: 'curve', value: 'p-999' } });
    expect(parseFilter(['attr.encrypt'])).toEqual({ refusal: { error: 'invalid-value', name: 'encrypt', value: '' } });
  });

  it('reads booleans in any case, names, curves with aliases, decimal numbers and labels as text', () => {
    expect(parseFilter(['attr.encrypt=TRUE', 'attr.sign=False', 'attr.label=a b=c', 'attr.key-length-bytes=32'])).toEqual({ filter: [
      { attribute: { name: 'encrypt', id: A.ENCRYPT, value: 1 } },
      { attribute: { name: 'sign', id: A.SIGN, value: 0 } },
      { attribute: { name: 'label', id: A.LABEL, value: 'a b=c' } },
      { attribute: { name: 'key-length-bytes', id: A.VALUE_LEN, value: 32 } },
    ] });
    expect(parseCliAttribute('curve=secp256r1', 'filter')).toEqual(parseCliAttribute('curve=prime256v1', 'filter'));
    expect(parseCliAttribute('class=private-key', 'filter')).toEqual({ setting: { name: 'class', id: A.CLASS, value: 3 } });
    expect(parseCliAttribute('id=0x49542d3032', 'filter')).toEqual({ setting: { name: 'id', id: A.ID, value: 'IT-02' } });
  });

  it('allows at creation only the names §4.1 allows, and private only as true', () => {
    expect(parseCliAttribute('label=x', 'create')).toEqual({ refusal: { error: 'unknown-attribute', name: 'label' } });
    expect(parseCliAttribute('token=true', 'create')).toEqual({ refusal: { error: 'unknown-attribute', name: 'token' } });
    expect(parseCliAttribute('trusted=true', 'create')).toEqual({ refusal: { error: 'unknown-attribute', name: 'trusted' } });
    expect(parseCliAttribute('private=false', 'create')).toEqual({ refusal: { error: 'invalid-value', name: 'private', value: 'false' } });
    expect(parseCliAttribute('private=true', 'create')).toEqual({ setting: { name: 'private', id: A.PRIVATE, value: 1 } });
    expect(parseCliAttribute('modifiable=false', 'create')).toEqual({ setting: { name: 'modifiable', id: A.MODIFIABLE, value: 0 } });
    expect(parseCliAttribute('sign=true', 'create')).toEqual({ setting: { name: 'sign', id: A.SIGN, value: 1 } });
  });
});

describe('selectKeys: scope and order (§2.4, G-CLI-7, G-CLI-18)', () => {
  it('a crypto user sees its own keys, keys shared with it and every public key, ascending', async () => {
    expect(await handles(cu())).toEqual([6, 8, 9, 10, rsaPub, rsaPriv, ecPub, ecPriv]);
    // alice (4): her own 7 and 8, 9 shared with her, and the two public keys of example_user
    expect(await handles(cliAs(4, 'alice', 'crypto-user'))).toEqual([7, 8, 9, rsaPub, ecPub]);
  });

  it('an admin sees every token key; a session without a role sees none', async () => {
    expect(await handles(cliAs(1, 'admin', 'admin'))).toEqual([6, 7, 8, 9, 10, rsaPub, rsaPriv, ecPub, ecPriv]);
    const nobody = cliAs(3, 'example_user', 'crypto-user');
    nobody.role = null;
    expect(await handles(nobody)).toEqual([]);
  });

  it('matches every term (AND): labels exactly, hex as numbers, key references hex or decimal', async () => {
    expect(await handles(cu(), 'attr.label=wrapping-key')).toEqual([6]);
    expect(await handles(cu(), 'attr.label=Wrapping-key')).toEqual([]);
    expect(await handles(cu(), 'attr.key-type=aes', 'attr.encrypt=true')).toEqual([6, 8]);
    expect(await handles(cu(), 'attr.id=0x49542D3032')).toEqual([8]);
    expect(await handles(cu(), 'attr.id=0x0049542d3032')).toEqual([8]);
    expect(await handles(cu(), 'attr.class=public-key')).toEqual([rsaPub, ecPub]);
    expect(await handles(cu(), 'attr.curve=secp256r1')).toEqual([ecPub, ecPriv]);
    expect(await handles(cu(), 'attr.public-exponent=0x00010001')).toEqual([rsaPub, rsaPriv]);
    expect(await handles(cu(), 'key-reference=0x7')).toEqual([]); // alice's, not shared
    expect(await handles(cu(), `key-reference=${rsaPriv}`)).toEqual([rsaPriv]);
    expect(await handles(cu(), 'key-reference=6', 'attr.label=hmac')).toEqual([]);
    expect(await handles(cu(), 'attr.modifiable=true', 'attr.key-type=des3')).toEqual([10]);
  });

  it('a session key is in its own session only', async () => {
    const mine = cu();
    const stored = await run((s) => s.tx.get<KeyRecord>('keys', `${DEFAULT_CLUSTER}/${String(6).padStart(10, '0')}`));
    const sessionKey: KeyRecord = { ...stored!, id: 'session', handle: 99, index: 99, attrs: { ...stored!.attrs, [A.TOKEN]: 0 }, holders: [0] };
    mine.sessionKeys.set(99, sessionKey);
    expect(await handles(mine, 'key-reference=99')).toEqual([99]);
    expect(await handles(cu(), 'key-reference=99')).toEqual([]);
    expect(await handles(mine, 'attr.token=false')).toEqual([99]);
  });

  it('selectOneKey answers the N ≠ 1 sentence for 0 and for 2 or more keys', async () => {
    expect(await run((s) => selectOneKey(s, cu(), filterOf('attr.label=nothing')))).toEqual({ refusal: { error: 'selection', count: 0 } });
    expect(await run((s) => selectOneKey(s, cu(), filterOf('attr.key-type=aes')))).toEqual({ refusal: { error: 'selection', count: 2 } });
    const one = await run((s) => selectOneKey(s, cu(), filterOf('attr.label=hmac')));
    expect('key' in one && one.key.handle).toBe(9);
  });
});

describe('the key object (§2.6, §4.1, §4.2)', () => {
  const viewOf = (handle: number, session = cu()) => run(async (s) => {
    const one = await selectOneKey(s, session, filterOf(`key-reference=${handle}`));
    if (!('key' in one)) throw new Error('no key');
    return keyObject(await keyView(s, session, one.key));
  });

  it('a KMU AES key reads as walkthrough 1 shows it', async () => {
    const o = await viewOf(6);
    expect(JSON.stringify(o, null, 2)).toBe(JSON.stringify({
      'key-reference': '0x0000000000000006',
      'key-info': {
        'key-owners': [{ 'username': 'example_user', 'key-coverage': 'full' }],
        'shared-users': [],
        'key-quorum-values': { 'manage-key-quorum-value': 0, 'use-key-quorum-value': 0 },
        'cluster-coverage': 'full',
      },
      'attributes': {
        'key-type': 'aes', 'label': 'wrapping-key', 'id': '0x', 'check-value': (o.attributes as Record<string, string>)['check-value'],
        'class': 'secret-key', 'encrypt': true, 'decrypt': true, 'token': true, 'always-sensitive': true, 'derive': false,
        'destroyable': true, 'extractable': true, 'local': true, 'modifiable': true, 'never-extractable': false,
        'private': true, 'sensitive': true, 'sign': false, 'trusted': false, 'unwrap': true, 'verify': false, 'wrap': true,
        'wrap-with-trusted': false, 'key-length-bytes': 32,
      },
    }, null, 2));
    expect((o.attributes as Record<string, string>)['check-value']).toMatch(/^0x[0-9a-f]{6}$/);
  });

  it('owners and shared users by lower-case name in list order, quorum values, id as hex of its bytes', async () => {
    const o = await viewOf(9);
    expect(o['key-info']).toEqual({
      'key-owners': [{ 'username': 'example_user', 'key-coverage': 'full' }],
      'shared-users': [{ 'username': 'bob', 'key-coverage': 'full' }, { 'username': 'alice', 'key-coverage': 'full' }],
      'key-quorum-values': { 'manage-key-quorum-value': 2, 'use-key-quorum-value': 2 },
      'cluster-coverage': 'full',
    });
    expect((await viewOf(8))['attributes']).toMatchObject({ 'id': '0x49542d3032' });
    const des = cliAttributes((await run((s) => selectKeys(s, cu(), filterOf('key-reference=10'))))[0]!);
    expect(des.map(([n]) => n)).toEqual(CLI_ATTRIBUTES.slice(0, 24).map((r) => r.name));
    expect(Object.fromEntries(des)).toMatchObject({ 'key-type': 'des3', 'key-length-bytes': 24 });
  });

  it('RSA keys end with public-exponent, modulus and modulus-size-bits; public keys have no shared users', async () => {
    const pub = await viewOf(rsaPub);
    const a = pub.attributes as Record<string, unknown>;
    expect(Object.keys(a).slice(23)).toEqual(['key-length-bytes', 'public-exponent', 'modulus', 'modulus-size-bits']);
    expect(a).toMatchObject({ 'key-type': 'rsa', 'class': 'public-key', 'public-exponent': '0x010001', 'modulus-size-bits': 2048, 'key-length-bytes': 512 });
    expect(a['modulus']).toMatch(/^0x[0-9a-f]{512}$/);
    expect(pub['key-info']).toMatchObject({ 'shared-users': [] });
    const priv = (await viewOf(rsaPriv)).attributes as Record<string, unknown>;
    expect(priv['modulus']).toBe(a['modulus']);
    expect(priv['check-value']).toBe(a['check-value']);
  });

  it('EC keys end with ec-point as a DER OCTET STRING (G-CLI-9) and the curve name (G-CLI-12)', async () => {
    const a = (await viewOf(ecPub)).attributes as Record<string, unknown>;
    expect(Object.keys(a).slice(23)).toEqual(['key-length-bytes', 'ec-point', 'curve']);
    expect(a['ec-point']).toMatch(/^0x044104[0-9a-f]{128}$/);
    expect(a).toMatchObject({ 'curve': 'prime256v1', 'key-length-bytes': 65, 'key-type': 'ec' });
    const p = (await viewOf(ecPriv)).attributes as Record<string, unknown>;
    expect(p).toMatchObject({ 'ec-point': a['ec-point'], 'curve': 'prime256v1', 'key-length-bytes': 138, 'class': 'private-key' });
  });

  it('modifiable reads true when the record lacks it and false when it holds 0', async () => {
    const stored = (await run((s) => selectKeys(s, cu(), filterOf('key-reference=6'))))[0]!;
    expect(stored.attrs[A.MODIFIABLE]).toBeUndefined();
    expect(Object.fromEntries(cliAttributes({ ...stored, attrs: { ...stored.attrs, [A.MODIFIABLE]: 0 } }))['modifiable']).toBe(false);
  });
});

describe('coverage and the availability check over the HSMs that are up (§5.6, §5.8)', () => {
  const setCluster = (change: (c: ClusterRecord) => ClusterRecord) => t.session.hsm.transact(async (tx) => {
    const c = await t.session.hsm.cluster(tx, DEFAULT_CLUSTER);
    tx.put<ClusterRecord>('clusters', change(c));
  });
  const states = (...up: boolean[]) => setCluster((c) => ({ ...c, hsms: c.hsms.map((h, i) => ({ ...h, state: up[i] ? 'up' : 'down' })) }));
  const key = async (h: number) => (await run((s) => selectKeys(s, cu(), filterOf(`key-reference=${h}`))))[0]!;
  /** Give a stored key other holders (read and written in one unit of work). */
  const holdBy = (k: KeyRecord, holders: number[]) => t.session.hsm.transact(async (tx) => {
    tx.put<KeyRecord>('keys', { ...(await tx.get<KeyRecord>('keys', k.id))!, holders });
  });

  it('a key missing on an up HSM reads cluster-coverage inconsistent; a user missing on a holder reads key-coverage inconsistent', async () => {
    const k = await key(9);
    await holdBy(k, [0, 1]);
    const bobOn2 = await t.session.hsm.transact(async (tx) => {
      const u = await tx.get<UserRecord>('users', `${DEFAULT_CLUSTER}/1/0005`);
      tx.delete('users', u!.id);
      return u!;
    });
    try {
      const view = await run(async (s) => keyView(s, cu(), await key(9)));
      expect(view.clusterCoverage).toBe('inconsistent');
      expect(view.shared).toEqual([{ username: 'bob', coverage: 'inconsistent' }, { username: 'alice', coverage: 'full' }]);
      // HSM 2 down: coverage counts the HSMs that answer (G-CLI-20)
      await states(true, true, false);
      const down = await run(async (s) => keyView(s, cu(), await key(9)));
      expect(down.clusterCoverage).toBe('full');
    } finally {
      await states(true, true, true);
      await holdBy(k, [0, 1, 2]);
      await t.session.hsm.transact(async (tx) => { tx.put<UserRecord>('users', bobOn2); });
    }
  });

  it('refuses a token key on fewer than 2 up HSMs and creating with fewer than 2 up, unless turned off; session keys are exempt', async () => {
    const session = cu();
    const k = await key(6);
    expect(await run((s) => availabilityCheck(s, session, { keys: [k], creating: 'token' }))).toBeNull();
    await states(true, false, false);
    try {
      expect(await run((s) => availabilityCheck(s, session, { keys: [k] }))).toEqual({ error: 'availability' });
      expect(await run((s) => availabilityCheck(s, session, { creating: 'token' }))).toEqual({ error: 'availability' });
      expect(await run((s) => availabilityCheck(s, session, { creating: 'session' }))).toBeNull();
      const sessionKey: KeyRecord = { ...k, handle: 98, attrs: { ...k.attrs, [A.TOKEN]: 0 }, holders: [0] };
      session.sessionKeys.set(98, sessionKey);
      expect(await run((s) => availabilityCheck(s, session, { keys: [sessionKey] }))).toBeNull();
      await t.session.hsm.updateSettings({ keyAvailabilityCheck: false });
      expect(await run((s) => availabilityCheck(s, session, { keys: [k], creating: 'token' }))).toBeNull();
    } finally {
      await t.session.hsm.updateSettings({ keyAvailabilityCheck: true });
      await states(true, true, true);
    }
  });

  it('a key held only by HSMs that are down is out of scope', async () => {
    await states(true, true, false);
    const k = await key(10);
    await holdBy(k, [2]);
    try {
      expect(await handles(cu(), 'attr.key-type=des3')).toEqual([]);
    } finally {
      await states(true, true, true);
      await holdBy(k, [0, 1, 2]);
    }
  });
});

describe('keyReference (§5.2)', () => {
  it('prints handles as 0x%016x', () => {
    expect([6, 262177, 524295].map(keyReference)).toEqual(['0x0000000000000006', '0x0000000000040021', '0x0000000000080007']);
  });
});
