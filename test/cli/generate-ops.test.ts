/**
 * The CLI creation path (src/hsm/ops/cli-generate.ts) called directly, with the functions other
 * branches own replaced by small stand-ins (the gate: logged in as a crypto user or not; attribute
 * words: booleans and `id=0x…`; availability: fewer than 2 HSMs up refuses a token key; the key
 * view: the record's handle and attributes), so this file tests only what cli-generate.ts decides:
 * the §4.3 defaults as stored, `--attributes` applied, sharing by name, the two quorum values,
 * session keys, the FIPS policy, ID uniqueness, pairs; every refusal with the whole database
 * unchanged. Expected values come from the spec (and node:crypto for the AES KCV).
 */
import { createCipheriv } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/hsm/ops/cli-session', () => ({
  cliGate: async (_scope: unknown, session: { user: unknown; role: string | null }) =>
    session.user === null ? { error: 'not-logged-in' } : session.role !== 'crypto-user' ? { error: 'wrong-role' } : null,
}));
vi.mock('../../src/hsm/cli-attributes', async (importOriginal) => {
  const BOOL: Record<string, number> = {
    encrypt: 260, decrypt: 261, wrap: 262, unwrap: 263, sign: 264, verify: 266, derive: 268, extractable: 354,
    sensitive: 259, destroyable: 370, 'wrap-with-trusted': 528, token: 1, modifiable: 368,
  };
  return {
    ...(await importOriginal<typeof import('../../src/hsm/cli-attributes')>()), // the curve table is the real one
    parseCliAttribute: (word: string) => {
      const [name = '', value = ''] = word.split('=');
      if (name === 'id') return { setting: { name, id: 258, value: Buffer.from(value.slice(2), 'hex').toString('latin1') } };
      if (!Object.hasOwn(BOOL, name)) return { refusal: { error: 'unknown-attribute', name } };
      if (!/^(true|false)$/i.test(value)) return { refusal: { error: 'invalid-value', name, value } };
      return { setting: { name, id: BOOL[name], value: value.toLowerCase() === 'true' ? 1 : 0 } };
    },
  };
});
vi.mock('../../src/hsm/ops/cli-keys', () => ({
  availabilityCheck: async (scope: { hsm: { cluster(tx: unknown, n: string): Promise<{ hsms: { state: string }[] }> }; tx: unknown }, session: { cluster: string }, what: { creating?: string }) => {
    const cluster = await scope.hsm.cluster(scope.tx, session.cluster);
    return what.creating === 'token' && cluster.hsms.filter((h) => h.state === 'up').length < 2 ? { error: 'availability' } : null;
  },
  keyView: async (_scope: unknown, _session: unknown, key: { handle: number; attrs: object }) => ({ handle: key.handle, attributes: key.attrs }),
}));

import { openIdbBackend } from '../../src/platform/idb-backend';
import { CliSession } from '../../src/hsm/cli-session';
import { cliGeneratePair, cliGenerateSymmetric, type CliPairRequest, type CliSymmetricRequest } from '../../src/hsm/ops/cli-generate';
import { keyRecordId, type ClusterRecord, type KeyRecord } from '../../src/hsm/model';
import type { Hsm } from '../../src/hsm/world';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { putUser } from '../kmu/keys-support';

const DB = 'cli-generate-ops';
let factory: IDBFactory;
let t: Terminal;
let hsm: Hsm;
let cli: CliSession;

const A = {
  CLASS: 0, TOKEN: 1, PRIVATE: 2, LABEL: 3, TRUSTED: 134, KEY_TYPE: 256, ID: 258, SENSITIVE: 259, ENCRYPT: 260, DECRYPT: 261,
  WRAP: 262, UNWRAP: 263, SIGN: 264, VERIFY: 266, DERIVE: 268, MODULUS: 288, MODULUS_BITS: 289, PUBLIC_EXPONENT: 290,
  VALUE_LEN: 353, EXTRACTABLE: 354, LOCAL: 355, NEVER_EXTRACTABLE: 356, ALWAYS_SENSITIVE: 357, MODIFIABLE: 368,
  DESTROYABLE: 370, KCV: 371, WRAP_WITH_TRUSTED: 528,
} as const;

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: { servingNode: 0 } });
  await t.type('pwd');
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  await putUser(t, { userId: 5, name: 'carol', type: 'CU' });
  hsm = t.session.hsm;
  cli = new CliSession();
  cli.cluster = 'cluster-1';
  cli.user = { userId: 3, name: 'example_user' };
  cli.role = 'crypto-user';
  cli.servingNode = 0;
});

const q = (value?: string) => ({ flag: '--manage-key-quorum-value', value });
const uq = (value?: string) => ({ flag: '--use-key-quorum-value', value });
const aes = (o: Partial<CliSymmetricRequest> = {}): CliSymmetricRequest => ({
  keyType: 'aes', label: 'example-aes', length: '24', attributes: [], session: false, shareWith: [],
  manageQuorum: q(), useQuorum: uq(), ...o,
});
const rsa = (o: Partial<CliPairRequest> = {}): CliPairRequest => ({
  kind: { rsa: { bits: '2048', exponent: '65537' } }, publicLabel: 'pub', privateLabel: 'priv', publicAttributes: [], privateAttributes: [],
  session: false, shareWith: [], manageQuorum: { flag: '--manage-private-key-quorum-value', value: undefined },
  useQuorum: { flag: '--use-private-key-quorum-value', value: undefined }, ...o,
});

const stored = (handle: number) => hsm.transact((tx) => tx.get<KeyRecord>('keys', keyRecordId('cluster-1', handle)));
const cluster = () => hsm.transact(async (tx) => (await tx.get<ClusterRecord>('clusters', 'cluster-1'))!);

async function unchanged<T>(work: () => Promise<T>): Promise<T> {
  const before = await dumpIdb(DB, factory);
  const out = await work();
  expect(await dumpIdb(DB, factory)).toBe(before);
  return out;
}

/** Every §4.3 value of the CLI AES / generic secret column, as stored (booleans 0/1). */
const SECRET_DEFAULTS = {
  [A.ENCRYPT]: 0, [A.DECRYPT]: 0, [A.WRAP]: 0, [A.UNWRAP]: 0, [A.SIGN]: 1, [A.VERIFY]: 1, [A.DERIVE]: 0, [A.TRUSTED]: 0,
  [A.WRAP_WITH_TRUSTED]: 0, [A.DESTROYABLE]: 1, [A.MODIFIABLE]: 1, [A.PRIVATE]: 1, [A.EXTRACTABLE]: 1, [A.TOKEN]: 1,
  [A.SENSITIVE]: 1, [A.ALWAYS_SENSITIVE]: 1, [A.NEVER_EXTRACTABLE]: 0, [A.LOCAL]: 1,
};

describe('key generate-symmetric', () => {
  it('aes 24: the CLI defaults of §4.3, label, "0x" id, the AES KCV, on every HSM, at the next object index', async () => {
    const next = (await cluster()).nextIndex;
    const out = await cliGenerateSymmetric(hsm, cli, aes());
    expect(out.ok).toBe(true);
    const handle = (out as { value: { handle: number } }).value.handle;
    expect(handle).toBe(next); // node 0 serves: handle = index (cluster.md §8.2)
    const k = (await stored(handle))!;
    expect(k.attrs).toMatchObject({ ...SECRET_DEFAULTS, [A.CLASS]: 4, [A.KEY_TYPE]: 31, [A.LABEL]: 'example-aes', [A.ID]: '', [A.VALUE_LEN]: 24 });
    const c = createCipheriv('aes-192-ecb', k.value, null);
    expect(Buffer.from(k.attrs[A.KCV] as Uint8Array).toString('hex')).toBe(c.update(Buffer.alloc(16)).subarray(0, 3).toString('hex'));
    expect(k).toMatchObject({ owner: 3, shared: [], manageQuorum: 0, useQuorum: 0, holders: [0, 1, 2] });
    expect((await cluster()).nextIndex).toBe(next + 1);
  });

  it('generic-secret: 1 and 800 bytes, check value 0x000000 (G-CLI-14, one rule with KMU -t 16)', async () => {
    for (const length of ['1', '800']) {
      const out = await cliGenerateSymmetric(hsm, cli, aes({ keyType: 'generic-secret', length }));
      const k = (await stored((out as { value: { handle: number } }).value.handle))!;
      expect(k.attrs).toMatchObject({ ...SECRET_DEFAULTS, [A.KEY_TYPE]: 16, [A.VALUE_LEN]: Number(length) });
      expect([...(k.attrs[A.KCV] as Uint8Array)]).toEqual([0, 0, 0]);
    }
  });

  it('--attributes apply after the defaults; never-extractable and always-sensitive follow them', async () => {
    const out = await cliGenerateSymmetric(hsm, cli, aes({ attributes: ['encrypt=true', 'sign=FALSE', 'extractable=false', 'sensitive=false', 'id=0x49542d3032'] }));
    const k = (await stored((out as { value: { handle: number } }).value.handle))!;
    expect(k.attrs).toMatchObject({
      [A.ENCRYPT]: 1, [A.SIGN]: 0, [A.VERIFY]: 1, [A.EXTRACTABLE]: 0, [A.NEVER_EXTRACTABLE]: 1, [A.SENSITIVE]: 0, [A.ALWAYS_SENSITIVE]: 0,
      [A.ID]: 'IT-02',
    });
  });

  it('--share-crypto-users by name (any case), the two quorum values kept apart', async () => {
    const out = await cliGenerateSymmetric(hsm, cli, aes({ shareWith: ['carol', 'BOB'], manageQuorum: q('3'), useQuorum: uq('1') }));
    const k = (await stored((out as { value: { handle: number } }).value.handle))!;
    expect(k).toMatchObject({ shared: [4, 5], manageQuorum: 3, useQuorum: 1 });
  });

  it('--session: a session key of this CLI session on the serving HSM, nothing stored but the object index', async () => {
    const next = (await cluster()).nextIndex;
    const out = await cliGenerateSymmetric(hsm, cli, aes({ session: true }));
    const handle = (out as { value: { handle: number } }).value.handle;
    expect(await stored(handle)).toBeUndefined();
    const k = cli.sessionKeys.get(handle)!;
    expect(k.attrs).toMatchObject({ ...SECRET_DEFAULTS, [A.TOKEN]: 0 });
    expect(k.holders).toEqual([0]);
    expect((await cluster()).nextIndex).toBe(next + 1);
  });

  it('a session key passes the availability check that refuses a token key on one HSM', async () => {
    await t.type('hsm stop 1');
    await t.type('hsm stop 2');
    await unchanged(async () => expect(await cliGenerateSymmetric(hsm, cli, aes())).toEqual({ ok: false, refusal: { error: 'availability' } }));
    expect((await cliGenerateSymmetric(hsm, cli, aes({ session: true }))).ok).toBe(true);
  });
});

describe('refusals change nothing and consume no object index', () => {
  const cases: [string, () => Partial<CliSymmetricRequest>, object, (() => void)?][] = [
    ['not logged in', () => ({}), { error: 'not-logged-in' }, () => { cli.user = null; cli.role = null; }],
    ['an admin', () => ({}), { error: 'wrong-role' }, () => { cli.role = 'admin'; }],
    ['an unknown attribute word', () => ({ attributes: ['color=red'] }), { error: 'unknown-attribute', name: 'color' }],
    ['a bad value', () => ({ attributes: ['sign=yes'] }), { error: 'invalid-value', name: 'sign', value: 'yes' }],
    ['an unknown user', () => ({ shareWith: ['bob', 'nobody'] }), { error: 'no-such-user' }],
    ['the caller', () => ({ shareWith: ['example_user'] }), { error: 'already-shared', name: 'example_user' }],
    ['an admin to share with', () => ({ shareWith: ['admin'] }), { error: 'wrong-role' }],
    ['manage quorum above 1 + shared users', () => ({ shareWith: ['bob'], manageQuorum: q('3') }), { error: 'invalid-option-value', flag: '--manage-key-quorum-value', value: '3' }],
    ['use quorum above 8', () => ({ useQuorum: uq('9') }), { error: 'invalid-option-value', flag: '--use-key-quorum-value', value: '9' }],
    ['aes length 20', () => ({ length: '20' }), { error: 'fips-policy' }],
    ['aes length 0', () => ({ length: '0' }), { error: 'fips-policy' }],
    ['generic secret 801', () => ({ keyType: 'generic-secret', length: '801' }), { error: 'fips-policy' }],
    ['generic secret 0', () => ({ keyType: 'generic-secret', length: '0' }), { error: 'fips-policy' }],
    ['a huge length', () => ({ length: '99999999999999999999999' }), { error: 'fips-policy' }],
  ];
  it.each(cases)('%s', async (_name, req, refusal, setup) => {
    setup?.();
    const out = await unchanged(() => cliGenerateSymmetric(hsm, cli, aes(req())));
    expect(out).toEqual({ ok: false, refusal });
  });

  it('an ID another key carries: Key ID already exists', async () => {
    await cliGenerateSymmetric(hsm, cli, aes({ attributes: ['id=0x01'] }));
    const out = await unchanged(() => cliGenerateSymmetric(hsm, cli, aes({ attributes: ['id=0x01'] })));
    expect(out).toEqual({ ok: false, refusal: { error: 'id-exists' } });
    const pair = await unchanged(() => cliGeneratePair(hsm, cli, rsa({ publicAttributes: ['id=0x01'] })));
    expect(pair).toEqual({ ok: false, refusal: { error: 'id-exists' } });
  });
});

describe('key generate-asymmetric-pair', () => {
  it('rsa 2048: public at index n, private at n + 1, §4.3 defaults, §4.5 lengths, one check value; share and quorum on the private key only', async () => {
    const next = (await cluster()).nextIndex;
    const out = await cliGeneratePair(hsm, cli, rsa({ shareWith: ['bob'], manageQuorum: { flag: '--manage-private-key-quorum-value', value: '2' } }));
    expect(out.ok).toBe(true);
    const { publicKey, privateKey } = (out as { value: { publicKey: { handle: number }; privateKey: { handle: number } } }).value;
    expect([publicKey.handle, privateKey.handle]).toEqual([next, next + 1]);
    const pub = (await stored(publicKey.handle))!;
    const priv = (await stored(privateKey.handle))!;
    const usage = { [A.ENCRYPT]: 0, [A.DECRYPT]: 0, [A.WRAP]: 0, [A.UNWRAP]: 0, [A.SIGN]: 0, [A.VERIFY]: 0, [A.DERIVE]: 0, [A.TRUSTED]: 0, [A.WRAP_WITH_TRUSTED]: 0 };
    const always = { [A.DESTROYABLE]: 1, [A.MODIFIABLE]: 1, [A.PRIVATE]: 1, [A.EXTRACTABLE]: 1, [A.TOKEN]: 1, [A.LOCAL]: 1, [A.ID]: '' };
    expect(pub.attrs).toMatchObject({ ...usage, ...always, [A.CLASS]: 2, [A.KEY_TYPE]: 0, [A.LABEL]: 'pub', [A.SENSITIVE]: 0,
      [A.ALWAYS_SENSITIVE]: 0, [A.NEVER_EXTRACTABLE]: 0, [A.VALUE_LEN]: 512, [A.MODULUS_BITS]: 2048 });
    expect(priv.attrs).toMatchObject({ ...usage, ...always, [A.CLASS]: 3, [A.KEY_TYPE]: 0, [A.LABEL]: 'priv', [A.SENSITIVE]: 1,
      [A.ALWAYS_SENSITIVE]: 1, [A.NEVER_EXTRACTABLE]: 0, [A.VALUE_LEN]: priv.value.length, [A.MODULUS_BITS]: 2048 });
    expect([...(pub.attrs[A.PUBLIC_EXPONENT] as Uint8Array)]).toEqual([1, 0, 1]);
    expect(pub.attrs[A.KCV]).toEqual(priv.attrs[A.KCV]);
    expect(pub).toMatchObject({ shared: [], manageQuorum: 0, useQuorum: 0, holders: [0, 1, 2] });
    expect(priv).toMatchObject({ shared: [4], manageQuorum: 2, useQuorum: 0, holders: [0, 1, 2] });
  });

  it('--public-attributes and --private-attributes go to their own half', async () => {
    const out = await cliGeneratePair(hsm, cli, rsa({ publicAttributes: ['verify=true'], privateAttributes: ['sign=true', 'extractable=false'] }));
    const v = (out as { value: { publicKey: { handle: number }; privateKey: { handle: number } } }).value;
    expect((await stored(v.publicKey.handle))!.attrs).toMatchObject({ [A.VERIFY]: 1, [A.SIGN]: 0, [A.EXTRACTABLE]: 1 });
    expect((await stored(v.privateKey.handle))!.attrs).toMatchObject({ [A.SIGN]: 1, [A.VERIFY]: 0, [A.EXTRACTABLE]: 0, [A.NEVER_EXTRACTABLE]: 1 });
  });

  it('ec secp256r1 (= prime256v1): a P-256 pair, public key-length 65, private its PKCS #8 length 138', async () => {
    const out = await cliGeneratePair(hsm, cli, rsa({ kind: { ec: { curve: 'secp256r1' } } }));
    const v = (out as { value: { publicKey: { handle: number }; privateKey: { handle: number } } }).value;
    const pub = (await stored(v.publicKey.handle))!;
    const priv = (await stored(v.privateKey.handle))!;
    expect(pub.attrs).toMatchObject({ [A.KEY_TYPE]: 3, [A.VALUE_LEN]: 65, [A.SIGN]: 0, [A.VERIFY]: 0 });
    expect(priv.attrs).toMatchObject({ [A.KEY_TYPE]: 3, [A.VALUE_LEN]: 138, [A.SENSITIVE]: 1 });
    expect((pub.attrs[A.MODULUS] as Uint8Array)[0]).toBe(4);
  });

  it('--session: both halves session keys of this session', async () => {
    const out = await cliGeneratePair(hsm, cli, rsa({ kind: { ec: { curve: 'secp384r1' } }, session: true }));
    const v = (out as { value: { publicKey: { handle: number }; privateKey: { handle: number } } }).value;
    expect(await stored(v.publicKey.handle)).toBeUndefined();
    expect(cli.sessionKeys.get(v.privateKey.handle)!.attrs).toMatchObject({ [A.TOKEN]: 0, [A.VALUE_LEN]: 185 });
  });

  it.each([
    ['1024 bits', { rsa: { bits: '1024', exponent: '65537' } }],
    ['2100 bits', { rsa: { bits: '2100', exponent: '65537' } }],
    ['4352 bits', { rsa: { bits: '4352', exponent: '65537' } }],
    ['exponent 3', { rsa: { bits: '2048', exponent: '3' } }],
    ['an even exponent', { rsa: { bits: '2048', exponent: '65538' } }],
    ['exponent 2^32 + 1', { rsa: { bits: '2048', exponent: '4294967297' } }],
    ['a huge exponent', { rsa: { bits: '2048', exponent: '99999999999999999999999999' } }],
    ['an unknown curve', { ec: { curve: 'ed25519' } }],
  ] as const)('the FIPS policy refuses %s before anything is generated', async (_name, kind) => {
    const slept = t.notices.length;
    const out = await unchanged(() => cliGeneratePair(hsm, cli, rsa({ kind })));
    expect(out).toEqual({ ok: false, refusal: { error: 'fips-policy' } });
    expect(t.notices.length).toBe(slept);
  });

  it('refusals of the shared checks, the database unchanged', async () => {
    expect(await unchanged(() => cliGeneratePair(hsm, cli, rsa({ privateAttributes: ['colour=1'] })))).toEqual({ ok: false, refusal: { error: 'unknown-attribute', name: 'colour' } });
    expect(await unchanged(() => cliGeneratePair(hsm, cli, rsa({ shareWith: ['nobody'] })))).toEqual({ ok: false, refusal: { error: 'no-such-user' } });
    cli.role = 'admin';
    expect(await unchanged(() => cliGeneratePair(hsm, cli, rsa()))).toEqual({ ok: false, refusal: { error: 'wrong-role' } });
  });
});
