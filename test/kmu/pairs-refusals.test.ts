/**
 * Every refusal of genRSAKeyPair, genDSAKeyPair and genECCKeyPair (kmu-commands.md §1.8, §5.1–5.3;
 * errors.md): FIPS policy 0xb3 (every node at 0x30000085), client-side invalid values, not logged
 * in 0xe3, bad share list 0xe9, an existing ID 0xe2, -min_srv beyond the cluster 0x30000085, and
 * capacity 0xe6 (a pair needs two free objects). Expected lines are written out here from the
 * spec. After each refusal the whole IndexedDB database, read through a fresh connection, is
 * identical.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { secretKeyAttrs } from '../../src/hsm/keys';
import { keyRecordId, type KeyRecord } from '../../src/hsm/model';
import { KEY_TYPE } from '../../src/hsm/attributes';
import { KEY_CAPACITY } from '../../src/hsm/world';
import type { Console } from '../../src/shell/console';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { H, putUser } from './keys-support';

const DB = 'pairs-refusals';
let factory: IDBFactory;
let t: Terminal;

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: { servingNode: 0 } });
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  await putUser(t, { userId: 5, name: 'carol', type: 'CO' });
  await t.type('key_mgmt_util');
});

const login = () => t.type('loginHSM -u CU -s example_user -p example_pwd');

async function refused(line: string, expected: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  expect(await t.type(line)).toBe(expected);
  expect(await dumpIdb(DB, factory)).toBe(before);
}

const TEXT: Record<string, string> = {
  '00': 'HSM Return: SUCCESS',
  b3: 'HSM Error: This operation violates the current configured/FIPS policies',
  e2: 'HSM Error: Key ID already exists',
  e3: 'HSM Error: User is not logged in',
  e6: 'HSM Error: Object table is full',
  e9: 'HSM Error: Invalid user id in share list',
  '30000085': 'HSM CLUSTER ERROR: Server in cluster is unavailable',
};
const state = (c: string) => `0x${c.padStart(8, '0')} : ${TEXT[c]}`;
/** The return line, then the cluster block with `nodeCode` on `nodes`. */
const failure = (fn: string, c: string, nodeCode = c, nodes = [0, 1, 2]) =>
  `\n${H}${fn} returned: 0x${c} : ${TEXT[c]}\n\n${H}Cluster Error Status\n`
  + nodes.map((n) => `${H}Node id ${n} and err state ${state(nodeCode)}`).join('\n') + '\n\n';
const GEN = 'Cfm3GenerateKeyPair';
const DSA = 'Cfm3GenerateKeyPair:';
const invalid = (v: string, flag: string) => `\n${H}Error: Invalid value (${v}) for parameter (${flag}).\n\n`;

describe('not logged in: the first function answers 0xe3', () => {
  it.each([
    ['genRSAKeyPair -m 2048 -e 65537 -l x', GEN],
    ['genDSAKeyPair -m 2048 -l x', DSA],
    ['genECCKeyPair -i 2 -l x', GEN],
  ])('%s', async (cmd, fn) => {
    await refused(cmd, `\n${H}${fn} returned: 0xe3 : ${TEXT.e3}\n\n`);
  });
});

describe('logged in', () => {
  beforeEach(login);

  it('values outside the HSM\'s set reach it and fail there: 0xb3, every node at 0x30000085, nothing generated', async () => {
    const b3 = (fn: string) => failure(fn, 'b3', '30000085');
    for (const cmd of [
      'genRSAKeyPair -m 1024 -e 65537 -l x', 'genRSAKeyPair -m 2100 -e 65537 -l x', 'genRSAKeyPair -m 4352 -e 65537 -l x',
      'genRSAKeyPair -m 0 -e 65537 -l x', 'genRSAKeyPair -m 2048 -e 3 -l x', 'genRSAKeyPair -m 2048 -e 65536 -l x',
      'genRSAKeyPair -m 2048 -e 4294967297 -l x', 'genRSAKeyPair -m 2048 -e 99999999999999999999 -l x',
      'genECCKeyPair -i 1 -l x', 'genECCKeyPair -i 3 -l x', 'genECCKeyPair -i 12 -l x',
    ]) {
      await refused(cmd, b3(GEN));
    }
    await refused('genDSAKeyPair -m 1024 -l x', b3(DSA));
    await refused('genDSAKeyPair -m 3072 -l x', b3(DSA));
    // a session pair lists only the serving HSM
    await refused('genECCKeyPair -i 1 -l x -sess', failure(GEN, 'b3', '30000085', [0]));
  });

  it('client-side invalid values: nothing reaches the HSM', async () => {
    await refused('genRSAKeyPair -m abc -e 65537 -l x', invalid('abc', '-m'));
    await refused('genRSAKeyPair -m 2048 -e 0x10001 -l x', invalid('0x10001', '-e'));
    await refused('genRSAKeyPair -m -2048 -e 65537 -l x', invalid('-2048', '-m'));
    await refused('genDSAKeyPair -m 2k -l x', invalid('2k', '-m'));
    await refused('genECCKeyPair -i 0 -l x', invalid('0', '-i'));
    await refused('genECCKeyPair -i 17 -l x', invalid('17', '-i'));
    await refused('genECCKeyPair -i P-256 -l x', invalid('P-256', '-i'));
    await refused('genECCKeyPair -i 2 -l x -m_value 2', invalid('2', '-m_value')); // quorum needs -u
    await refused('genECCKeyPair -i 2 -l x -u 4 -m_value 3', invalid('3', '-m_value')); // above 1 + one user
    await refused('genECCKeyPair -i 2 -l x -m_value 9 -u 4', invalid('9', '-m_value'));
    await refused('genECCKeyPair -i 2 -l x -u 4,x', invalid('4,x', '-u'));
    await refused('genECCKeyPair -i 2 -l x -min_srv 0', invalid('0', '-min_srv'));
  });

  it('share list: myself, an unknown user, a CO → 0xe9 on every node (the serving one for -sess)', async () => {
    await refused('genECCKeyPair -i 2 -l x -u 3', failure(GEN, 'e9'));
    await refused('genECCKeyPair -i 2 -l x -u 4,99', failure(GEN, 'e9'));
    await refused('genECCKeyPair -i 2 -l x -u 5', failure(GEN, 'e9'));
    await refused('genECCKeyPair -i 2 -l x -u 3 -sess', failure(GEN, 'e9', 'e9', [0]));
  }, 120_000);

  it('an ID another key has → 0xe2 (both halves carry the ID; checked once for the pair)', async () => {
    expect(await t.type('genECCKeyPair -i 2 -l first -id shared-id')).toContain(`${GEN} returned: 0x00`);
    await refused('genECCKeyPair -i 2 -l second -id shared-id', failure(GEN, 'e2'));
    await refused('genSymKey -t 31 -s 16 -l third -id shared-id', failure('Cfm3GenerateSymmetricKey', 'e2'));
  });

  it('-min_srv above the reachable HSMs: 0x30000085, nothing stored, no object index used', async () => {
    await refused('genECCKeyPair -i 2 -l x -min_srv 4', failure(GEN, '30000085', '00'));
    expect(t.clock.slept).toBe(0);
    await refused('genECCKeyPair -i 2 -l x -min_srv 4 -timeout 2', failure(GEN, '30000085', '00'));
    expect(t.clock.slept).toBe(2000);
    // the next pair still takes the next object indexes: 6 and 7 (realistic handles on node 0)
    expect(await t.type('genECCKeyPair -i 2 -l x')).toContain('public key handle: 6    private key handle: 7');
  });
});

describe('capacity (cluster.md §7): a pair needs two free objects', () => {
  it('3,299 keys: a pair answers 0xe6 and changes nothing; one secret key still fits', async () => {
    const backend = createMemoryBackend();
    const m = await openTerminal({ backend, scenario: { servingNode: 0, handles: 'simple' } });
    const hsm = (m.session as Console).hsm;
    await hsm.transact(async (tx) => {
      const value = new Uint8Array(16).fill(7);
      const attrs = secretKeyAttrs({ keyType: KEY_TYPE.AES, value, label: 'fill', id: '', session: false, local: true, extractable: true });
      for (let i = 0; i < KEY_CAPACITY - 1; i++) {
        const handle = 6 + i;
        tx.put<KeyRecord>('keys', {
          id: keyRecordId('cluster-1', handle), rev: 0, cluster: 'cluster-1', handle, index: handle, attrs, value, owner: 3,
          shared: [], manageQuorum: 0, useQuorum: 0, holders: [0, 1, 2],
        } as KeyRecord);
      }
      const c = (await tx.get<{ id: string; rev: number; nextIndex: number }>('clusters', 'cluster-1'))!;
      tx.put('clusters', { ...c, nextIndex: 6 + KEY_CAPACITY - 1 });
    });
    await m.type('key_mgmt_util');
    await m.type('loginHSM -u CU -s example_user -p example_pwd');
    const snapshot = async () => JSON.stringify(await Promise.all(['clusters', 'keys', 'users', 'meta'].map((s) => backend.list(s as 'keys'))),
      (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    const before = await snapshot();
    expect(await m.type('genECCKeyPair -i 2 -l full')).toBe(failure(GEN, 'e6'));
    expect(await snapshot()).toBe(before);
    expect(await m.type('genSymKey -t 31 -s 16 -l last')).toContain('Key Handle: 3305');
  }, 120_000);
});
