/**
 * The operations under `key list`, `key set-attribute`, `key share`, `key unshare` and `key delete`
 * (cloudhsm-cli.md §3.12–§3.16, §4.4, §5.5, §5.8), called directly with a CLI session: every
 * success changes what it says, and every refusal leaves the whole database exactly as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import { CliSession } from '../../src/hsm/cli-session';
import type { ClusterRecord, KeyRecord } from '../../src/hsm/model';
import { keyRecordId } from '../../src/hsm/model';
import type { CliRefusal } from '../../src/hsm/ops/cli-refusal';
import { deleteCliKey, listKeys, setKeyAttribute, shareCliKey, type KeyPage } from '../../src/hsm/ops/cli-keys';
import { runOp, type OpScope } from '../../src/hsm/ops/runner';
import type { Scenario } from '../../src/hsm/scenario';
import { DEFAULT_CLUSTER } from '../../src/hsm/world';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { freshFactory } from '../store/fake-idb';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const DB = 'cli-keys';
const SCENARIO: Scenario = {
  handles: 'simple',
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'mine', owner: 3, value: AES },
    { handle: 7, keyType: 'AES', label: 'theirs', owner: 4, value: AES },
    { handle: 8, keyType: 'AES', label: 'shared-with-me', owner: 4, shared: [3], value: AES },
    { handle: 9, keyType: 'AES', label: 'quorum', owner: 3, value: AES, mValue: 2 },
    ...Array.from({ length: 9 }, (_, i) => ({ handle: 10 + i, keyType: 'AES' as const, label: `bulk-${i}`, owner: 3, value: AES })),
  ],
  users: [
    { userId: 4, name: 'alice', type: 'CU', password: 'alice_pwd' },
    { userId: 5, name: 'bob', type: 'CU', password: 'bob_pwd0' },
  ],
};

let t: Terminal;
let factory: IDBFactory;
let rsaPub: number;
let rsaPriv: number;

function cliAs(userId: number, name: string, role: 'admin' | 'crypto-user'): CliSession {
  const s = new CliSession();
  s.cluster = DEFAULT_CLUSTER;
  s.user = { userId, name };
  s.role = role;
  s.servingNode = 0;
  return s;
}
const cu = () => cliAs(3, 'example_user', 'crypto-user');
const admin = () => cliAs(1, 'admin', 'admin');
const run = <T>(work: (scope: OpScope) => Promise<T>): Promise<T> => runOp(t.session.hsm, work);
const stored = (handle: number) => run((s) => s.tx.get<KeyRecord>('keys', keyRecordId(DEFAULT_CLUSTER, handle)));

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  const m = /public key handle: (\d+)\s+private key handle: (\d+)/i.exec(await t.type('genRSAKeyPair -m 2048 -e 65537 -l rsa'))!;
  [rsaPub, rsaPriv] = [Number(m[1]), Number(m[2])];
  await t.type('exit');
}, 60_000);

/** The operation refuses with `refusal` and the whole database is unchanged. */
async function refuses(op: (scope: OpScope) => Promise<unknown>, refusal: CliRefusal) {
  const before = await dumpIdb(DB, factory);
  const out = await run(op);
  expect(out && typeof out === 'object' && 'refusal' in out ? out.refusal : out).toEqual(refusal);
  expect(await dumpIdb(DB, factory)).toBe(before);
}

const setCluster = (change: (c: ClusterRecord) => ClusterRecord) => t.session.hsm.transact(async (tx) => {
  tx.put<ClusterRecord>('clusters', change(await t.session.hsm.cluster(tx, DEFAULT_CLUSTER)));
});
const onlyHsm0 = () => setCluster((c) => ({ ...c, hsms: c.hsms.map((h) => ({ ...h, state: h.node === 0 ? 'up' : 'down' })) }));

describe('listKeys (§3.12)', () => {
  const list = (req: Parameters<typeof listKeys>[2], session = cu()) => run(async (s) => {
    const r = await listKeys(s, session, req);
    if ('refusal' in r) throw new Error(JSON.stringify(r.refusal));
    return r.page;
  });
  const handles = (p: KeyPage) => p.keys.map((k) => k.handle);

  it('pages 10 keys by default, then from the decimal offset of next_token; beyond the end an empty page', async () => {
    const first = await list({ filter: [] });
    expect(handles(first)).toEqual([6, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(first.total).toBe(14);
    expect(first.next).toBe(10);
    const second = await list({ filter: [], startingToken: '10' });
    expect(handles(second)).toEqual([17, 18, rsaPub, rsaPriv]);
    expect(second.next).toBeUndefined();
    expect(await list({ filter: [], maxItems: '2', startingToken: '3' })).toMatchObject({ total: 14, next: 5 });
    expect(await list({ filter: [], startingToken: '14' })).toEqual({ keys: [], total: 14 });
    expect(await list({ filter: [], startingToken: '99999999999999999999999' })).toEqual({ keys: [], total: 14 });
    expect(await list({ filter: ['attr.label=nothing'] })).toEqual({ keys: [], total: 0 });
    expect(handles(await list({ filter: ['attr.label=theirs'] }, admin()))).toEqual([7]);
  });

  it('refuses --max-items 0, a token that is no number and a bad filter, changing nothing', async () => {
    await refuses((s) => listKeys(s, cu(), { filter: [], maxItems: '0' }), { error: 'invalid-option-value', flag: '--max-items', value: '0' });
    await refuses((s) => listKeys(s, cu(), { filter: [], startingToken: 'abc' }), { error: 'invalid-option-value', flag: '--starting-token', value: 'abc' });
    await refuses((s) => listKeys(s, cu(), { filter: [], startingToken: '-1' }), { error: 'invalid-option-value', flag: '--starting-token', value: '-1' });
    await refuses((s) => listKeys(s, cu(), { filter: ['attr.colour=red'] }), { error: 'unknown-attribute', name: 'colour' });
    await refuses((s) => listKeys(s, cu(), { filter: ['attr.sign=yes'] }), { error: 'invalid-value', name: 'sign', value: 'yes' });
  });

  it('with one HSM up, refuses to list a token key unless the check is off (walkthrough 6)', async () => {
    await onlyHsm0();
    await refuses((s) => listKeys(s, cu(), { filter: ['attr.label=mine'] }), { error: 'availability' });
    expect(await list({ filter: ['attr.label=nothing'] })).toEqual({ keys: [], total: 0 });
    await t.session.hsm.updateSettings({ keyAvailabilityCheck: false });
    expect(handles(await list({ filter: ['attr.label=mine'] }))).toEqual([6]);
  });
});

describe('setKeyAttribute (§3.13, §4.4)', () => {
  const set = (filter: string, name: string, value: string, session = cu()) =>
    (s: OpScope) => setKeyAttribute(s, session, { filter: [filter], name, value });

  it('the owner changes label and usage flags; the value the key has changes nothing', async () => {
    expect(await run(set('key-reference=6', 'label', 'renamed'))).toBeNull();
    expect(await run(set('attr.label=renamed', 'encrypt', 'FALSE'))).toBeNull();
    expect((await stored(6))!.attrs).toMatchObject({ [A.LABEL]: 'renamed', [A.ENCRYPT]: 0 });
    const before = await dumpIdb(DB, factory);
    expect(await run(set('key-reference=6', 'encrypt', 'false'))).toBeNull();
    expect(await run(set('key-reference=6', 'modifiable', 'true'))).toBeNull();
    expect(await dumpIdb(DB, factory)).toBe(before);
  });

  it('modifiable true → false freezes the key; one-way attributes refuse the way back', async () => {
    await refuses(set('key-reference=6', 'token', 'false'), { error: 'cannot-set', name: 'token', value: 'false' });
    expect(await run(set('key-reference=6', 'wrap-with-trusted', 'true'))).toBeNull();
    await refuses(set('key-reference=6', 'wrap-with-trusted', 'false'), { error: 'cannot-set', name: 'wrap-with-trusted', value: 'false' });
    await refuses(set(`key-reference=${rsaPriv}`, 'derive', 'true'), { error: 'cannot-set', name: 'derive', value: 'true' });
    expect(await run(set('key-reference=6', 'derive', 'true'))).toBeNull();
    expect(await run(set('key-reference=6', 'modifiable', 'false'))).toBeNull();
    expect((await stored(6))!.attrs[A.MODIFIABLE]).toBe(0);
    await refuses(set('key-reference=6', 'modifiable', 'true'), { error: 'not-modifiable', name: 'modifiable' });
    await refuses(set('key-reference=6', 'label', 'again'), { error: 'not-modifiable', name: 'label' });
    // an admin may still set trusted on it (§4.4)
    expect(await run(set('key-reference=6', 'trusted', 'true', admin()))).toBeNull();
    expect((await stored(6))!.attrs[A.TRUSTED]).toBe(1);
  });

  it('refuses unknown and unsettable names, bad values, the wrong role, shared users, quorum keys and N ≠ 1 keys', async () => {
    await refuses(set('key-reference=6', 'colour', 'red'), { error: 'unknown-attribute', name: 'colour' });
    await refuses(set('key-reference=6', 'class', 'public-key'), { error: 'not-modifiable', name: 'class' });
    await refuses(set('key-reference=6', 'key-length-bytes', '16'), { error: 'not-modifiable', name: 'key-length-bytes' });
    await refuses(set('key-reference=6', 'extractable', 'false'), { error: 'not-modifiable', name: 'extractable' });
    await refuses(set('key-reference=6', 'encrypt', 'maybe'), { error: 'invalid-value', name: 'encrypt', value: 'maybe' });
    await refuses(set('key-reference=6', 'trusted', 'true'), { error: 'wrong-role' });
    await refuses(set('key-reference=6', 'label', 'x', admin()), { error: 'wrong-role' });
    await refuses(set('key-reference=8', 'label', 'x'), { error: 'access-denied' });
    await refuses(set(`key-reference=${rsaPub}`, 'label', 'x', cliAs(4, 'alice', 'crypto-user')), { error: 'access-denied' });
    await refuses(set('key-reference=9', 'label', 'x'), { error: 'quorum' });
    await refuses(set('key-reference=7', 'label', 'x'), { error: 'selection', count: 0 });
    await refuses((s) => setKeyAttribute(s, cu(), { filter: ['attr.key-type=aes'], name: 'label', value: 'x' }), { error: 'selection', count: 12 });
    await refuses(set('key-reference=zz', 'label', 'x'), { error: 'invalid-value', name: 'key-reference', value: 'zz' });
    await onlyHsm0();
    await refuses(set('key-reference=6', 'label', 'x'), { error: 'availability' });
  });

  it('token true makes a session key of this session a token key on every up HSM', async () => {
    const session = cu();
    const k = (await stored(6))!;
    const sessionKey: KeyRecord = { ...k, id: keyRecordId(DEFAULT_CLUSTER, 40), handle: 40, index: 40, rev: 0, attrs: { ...k.attrs, [A.TOKEN]: 0 }, holders: [0] };
    session.sessionKeys.set(40, sessionKey);
    expect(await run(set('key-reference=40', 'token', 'true', session))).toBeNull();
    expect(session.sessionKeys.has(40)).toBe(false);
    expect(await stored(40)).toMatchObject({ holders: [0, 1, 2], attrs: { [A.TOKEN]: 1 } });
  });
});

describe('shareCliKey (§3.14, §3.15)', () => {
  const share = (filter: string, username: string, yes = true, role = 'crypto-user', session = cu()) =>
    (s: OpScope) => shareCliKey(s, session, { filter: [filter], username, role, share: yes });

  it('shares and unshares through the one share list CMU shareKey and KMU -u edit', async () => {
    expect(await run(share('key-reference=6', 'bob'))).toBeNull();
    expect(await run(share('key-reference=6', 'ALICE'))).toBeNull();
    expect((await stored(6))!.shared).toEqual([4, 5]);
    await refuses(share('key-reference=6', 'alice'), { error: 'already-shared', name: 'alice' });
    await refuses(share('key-reference=6', 'example_user'), { error: 'already-shared', name: 'example_user' });
    expect(await run(share('key-reference=6', 'bob', false))).toBeNull();
    expect((await stored(6))!.shared).toEqual([4]);
    await refuses(share('key-reference=6', 'bob', false), { error: 'not-shared', name: 'bob' });
    await refuses(share('key-reference=6', 'example_user', false), { error: 'not-shared', name: 'example_user' });
  });

  it('refuses the admin role, unknown users, public keys, keys it does not own and quorum keys', async () => {
    await refuses(share('key-reference=6', 'alice', true, 'admin'), { error: 'wrong-role' });
    await refuses(share('key-reference=6', 'nobody'), { error: 'no-such-user' });
    await refuses(share('key-reference=6', 'admin'), { error: 'no-such-user' });
    await refuses(share(`key-reference=${rsaPub}`, 'alice'), { error: 'public-not-shared' });
    await refuses(share(`key-reference=${rsaPub}`, 'alice', false), { error: 'public-not-shared' });
    await refuses(share('key-reference=8', 'bob'), { error: 'access-denied' });
    await refuses(share('key-reference=9', 'bob'), { error: 'quorum' });
    await refuses(share('key-reference=7', 'bob'), { error: 'selection', count: 0 });
    await refuses(share('attr.colour=red', 'bob'), { error: 'unknown-attribute', name: 'colour' });
    await onlyHsm0();
    await refuses(share('key-reference=6', 'bob'), { error: 'availability' });
  });
});

describe('deleteCliKey (§3.16)', () => {
  it('deletes the owner\'s key from every HSM; the other half of a pair stays', async () => {
    expect(await run((s) => deleteCliKey(s, cu(), ['attr.label=rsa', 'attr.class=public-key']))).toBeNull();
    expect(await stored(rsaPub)).toBeUndefined();
    expect(await stored(rsaPriv)).toBeDefined();
  });

  it('refuses a shared user, destroyable false, a public key of another and N ≠ 1 keys', async () => {
    await refuses((s) => deleteCliKey(s, cu(), ['key-reference=8']), { error: 'access-denied' });
    await refuses((s) => deleteCliKey(s, cliAs(4, 'alice', 'crypto-user'), [`key-reference=${rsaPub}`]), { error: 'access-denied' });
    await refuses((s) => deleteCliKey(s, cu(), ['attr.key-type=rsa']), { error: 'selection', count: 2 });
    await refuses((s) => deleteCliKey(s, cu(), ['attr.label=none']), { error: 'selection', count: 0 });
    expect(await run((s) => setKeyAttribute(s, cu(), { filter: ['key-reference=6'], name: 'destroyable', value: 'false' }))).toBeNull();
    await refuses((s) => deleteCliKey(s, cu(), ['key-reference=6']), { error: 'attribute-false', name: 'destroyable' });
    await onlyHsm0();
    await refuses((s) => deleteCliKey(s, cu(), ['key-reference=10']), { error: 'availability' });
  });
});
