/**
 * Every error `key list`, `key set-attribute`, `key share`, `key unshare` and `key delete` produce
 * (cloudhsm-cli.md §2.8, §3.12–§3.16, §4.4, §4.6, §5.8), typed at the CLI prompt: the §2.8 text in
 * the JSON error envelope, and the whole database exactly as it was before the line.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { keyList } from '../../src/commands/cli/key-list';
import type { ClusterRecord } from '../../src/hsm/model';
import type { Scenario } from '../../src/hsm/scenario';
import { DEFAULT_CLUSTER } from '../../src/hsm/world';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { freshFactory } from '../store/fake-idb';
import { keyList as specKeyList } from './commands';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const DB = 'cli-key-refusals';
const SCENARIO: Scenario = {
  handles: 'simple',
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'mine', owner: 3, value: AES },
    { handle: 7, keyType: 'AES', label: 'theirs', owner: 4, value: AES },
    { handle: 8, keyType: 'AES', label: 'shared-with-me', owner: 4, shared: [3], value: AES },
    { handle: 9, keyType: 'AES', label: 'quorum', owner: 3, value: AES, mValue: 1 },
    { handle: 10, keyType: 'AES', label: 'shared', owner: 3, shared: [4], value: AES },
  ],
  users: [{ userId: 4, name: 'alice', type: 'CU', password: 'alice_pwd' }],
};
const CU_LOGIN = 'login --username example_user --role crypto-user --password example_pwd';
const ADMIN_LOGIN = 'login --username admin --role admin --password co12345';
const envelope = (data: string) => `{\n  "error_code": 1,\n  "data": ${JSON.stringify(data)}\n}\n`;

let t: Terminal;
let factory: IDBFactory;

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  expect(await t.type('genRSAKeyPair -m 2048 -e 65537 -l rsa')).toContain('public key handle: 11');
  await t.type('exit');
  await t.type('cloudhsm-cli interactive');
});

/** The line answers `text` in the error envelope and the database is unchanged. */
async function refused(line: string, text: string) {
  const before = await dumpIdb(DB, factory);
  expect(await t.type(line), line).toBe(envelope(text));
  expect(await dumpIdb(DB, factory), line).toBe(before);
}
const login = async (line = CU_LOGIN) => expect(await t.type(line)).toContain('"error_code": 0');
const setCluster = (change: (c: ClusterRecord) => ClusterRecord) => t.session.hsm.transact(async (tx) => {
  tx.put<ClusterRecord>('clusters', change(await t.session.hsm.cluster(tx, DEFAULT_CLUSTER)));
});
const onlyHsm0 = () => setCluster((c) => ({ ...c, hsms: c.hsms.map((h) => ({ ...h, state: h.node === 0 ? 'up' : 'down' })) }));
const allDown = () => setCluster((c) => ({ ...c, hsms: c.hsms.map((h) => ({ ...h, state: 'down' })) }));

const SELECTION = (n: number) => `Key selection criteria matched ${n} keys. Refine selection criteria to select a single key.`;
const AVAILABILITY = 'Cannot perform the requested key operation as the key must be available on at least 2 HSMs. '
  + 'Either increase the number of HSMs in the cluster, or disable the key availability check.';

it('key list has the table of §3.12', () => {
  expect(keyList.options).toEqual(specKeyList.options);
  expect([keyList.about, keyList.usage]).toEqual([specKeyList.about, specKeyList.usage]);
});

describe('the gate every key command passes first', () => {
  it('not logged in, another cluster, no HSM up', async () => {
    for (const line of ['key list', 'key set-attribute --filter key-reference=6 --name label --value x',
      'key share --filter key-reference=6 --username alice --role crypto-user',
      'key unshare --filter key-reference=6 --username alice --role crypto-user', 'key delete --filter key-reference=6']) {
      await refused(line, 'User is not logged in');
    }
    await login();
    await refused('key list --cluster-id cluster-9', 'Cluster cluster-9 is not configured');
    await allDown();
    await refused('key delete --filter key-reference=6', 'HSM is disconnected');
  });

  it('an admin may not share, unshare or delete keys, nor set anything but trusted (walkthrough 3)', async () => {
    await login(ADMIN_LOGIN);
    await refused('key share --filter key-reference=0x6 --username alice --role crypto-user', 'Invalid user type for this operation');
    await refused('key unshare --filter key-reference=0x6 --username alice --role crypto-user', 'Invalid user type for this operation');
    await refused('key delete --filter key-reference=0x6', 'Invalid user type for this operation');
    await refused('key set-attribute --filter key-reference=0x6 --name label --value x', 'Invalid user type for this operation');
    expect(await t.type('key set-attribute --filter key-reference=0x7 --name trusted --value true')).toContain('"Attribute set successfully"');
    // an admin sees every token key, always in the short form (G-CLI-18)
    const listed = JSON.parse(await t.type('key list --verbose --filter attr.trusted=true')) as { data: unknown };
    expect(listed.data).toEqual({ matched_keys: [{ 'key-reference': '0x0000000000000007', attributes: { label: 'theirs' } }], total_key_count: 1, returned_key_count: 1 });
  });
});

describe('key list', () => {
  beforeEach(() => login());

  it('refuses --max-items 0, a starting token that is no number, and bad filters', async () => {
    await refused('key list --max-items 0', 'Invalid value 0 for --max-items');
    await refused('key list --starting-token abc', 'Invalid value abc for --starting-token');
    await refused('key list --filter attr.colour=red', 'Unknown key attribute: colour');
    await refused('key list --filter label=mine', 'Unknown key attribute: label');
    await refused('key list --filter attr.encrypt=maybe', 'Invalid value maybe for key attribute encrypt');
    await refused('key list --filter key-reference=0xZZ', 'Invalid value 0xZZ for key attribute key-reference');
  });

  it('refuses a token key on fewer than 2 up HSMs', async () => {
    await onlyHsm0();
    await refused('key list --filter attr.label=mine', AVAILABILITY);
  });

  it('pages with next_token and gives an empty page beyond the end', async () => {
    const first = JSON.parse(await t.type('key list --max-items 2')) as { data: Record<string, unknown> };
    expect(first.data).toMatchObject({ total_key_count: 6, returned_key_count: 2, next_token: '2' });
    const last = JSON.parse(await t.type('key list --max-items 2 --starting-token 5')) as { data: Record<string, unknown> };
    expect(last.data).toEqual({ matched_keys: [{ 'key-reference': '0x000000000000000c', attributes: { label: 'rsa' } }], total_key_count: 6, returned_key_count: 1 });
    const beyond = JSON.parse(await t.type('key list --starting-token 70')) as { data: Record<string, unknown> };
    expect(beyond.data).toEqual({ matched_keys: [], total_key_count: 6, returned_key_count: 0 });
  });
});

describe('key set-attribute', () => {
  beforeEach(() => login());

  it('refuses every rule of §4.4', async () => {
    const set = (filter: string, name: string, value: string) => `key set-attribute --filter ${filter} --name ${name} --value ${value}`;
    await refused(set('key-reference=6', 'colour', 'red'), 'Unknown key attribute: colour');
    await refused(set('key-reference=6', 'class', 'public-key'), 'Attribute class cannot be modified');
    await refused(set('key-reference=6', 'encrypt', 'maybe'), 'Invalid value maybe for key attribute encrypt');
    await refused(set('key-reference=6', 'trusted', 'true'), 'Invalid user type for this operation');
    await refused(set('key-reference=8', 'label', 'x'), 'Key Access is denied');
    await refused(set('key-reference=7', 'label', 'x'), SELECTION(0));
    await refused(set('attr.key-type=aes', 'label', 'x'), SELECTION(4));
    await refused(set('key-reference=9', 'label', 'x'), 'Quorum approval is required for this operation');
    await refused(set('key-reference=6', 'token', 'false'), 'Attribute token cannot be set to false');
    await refused(set('key-reference=12', 'derive', 'true'), 'Attribute derive cannot be set to true');
    expect(await t.type(set('key-reference=6', 'modifiable', 'false'))).toContain('"Attribute set successfully"');
    await refused(set('key-reference=6', 'modifiable', 'true'), 'Attribute modifiable cannot be modified');
    await refused(set('key-reference=6', 'label', 'x'), 'Attribute label cannot be modified');
    await onlyHsm0();
    await refused(set('key-reference=10', 'label', 'x'), AVAILABILITY);
  });
});

describe('key share and key unshare', () => {
  beforeEach(() => login());
  const share = (verb: string, filter: string, user: string, role = 'crypto-user') => `key ${verb} --filter ${filter} --username ${user} --role ${role}`;

  it('refuses every case of §3.14 and §3.15', async () => {
    await refused(share('share', 'key-reference=6', 'alice', 'admin'), 'Invalid user type for this operation');
    await refused(share('share', 'key-reference=6', 'nobody'), 'Specified user does not exist');
    await refused(share('unshare', 'key-reference=6', 'nobody'), 'Specified user does not exist');
    await refused(share('share', 'key-reference=11', 'alice'), 'Public keys cannot be shared');
    await refused(share('share', 'key-reference=8', 'alice'), 'Key Access is denied');
    await refused(share('share', 'key-reference=9', 'alice'), 'Quorum approval is required for this operation');
    await refused(share('share', 'key-reference=10', 'alice'), 'Key is already shared with alice');
    await refused(share('share', 'key-reference=6', 'example_user'), 'Key is already shared with example_user');
    await refused(share('unshare', 'key-reference=6', 'alice'), 'Key is not shared with alice');
    await refused(share('share', 'attr.label=none', 'alice'), SELECTION(0));
    await refused(share('share', 'attr.colour=red', 'alice'), 'Unknown key attribute: colour');
    await onlyHsm0();
    await refused(share('share', 'key-reference=6', 'alice'), AVAILABILITY);
  });
});

describe('key delete', () => {
  beforeEach(() => login());

  it('refuses a shared user, destroyable false, N ≠ 1 keys and a key on one HSM', async () => {
    await refused('key delete --filter key-reference=8', 'Key Access is denied');
    await refused('key delete --filter attr.key-type=rsa', SELECTION(2));
    await refused('key delete --filter attr.label=none', SELECTION(0));
    expect(await t.type('key set-attribute --filter key-reference=6 --name destroyable --value false')).toContain('"Attribute set successfully"');
    await refused('key delete --filter key-reference=6', 'The key attribute destroyable must be true for this operation');
    await onlyHsm0();
    await refused('key delete --filter key-reference=10', AVAILABILITY);
  });
});
