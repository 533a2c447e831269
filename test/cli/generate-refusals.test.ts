/**
 * Every refusal of the four generation commands through the CLI program (cloudhsm-cli.md §2.8,
 * §3.8–§3.11, §4.6, §5.5, §5.8, G-CLI-41), each with the whole IndexedDB database unchanged (read
 * through a fresh connection): the gate (not logged in, an admin, another cluster, every HSM down),
 * the availability check, attribute words, users to share with, quorum values, the FIPS policy on
 * lengths, moduli and exponents, an existing ID. Then what is allowed where a refusal is near: a
 * session key on one HSM (G-CLI-35), the check disabled, sharing with crypto users by name.
 * Expected texts are §2.8's, written out here.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { cliProgram } from '../../src/commands/cli/program';
import type { ProgramContext } from '../../src/commands/program';
import type { KeyRecord } from '../../src/hsm/model';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { putUser } from '../kmu/keys-support';

const DB = 'cli-generate-refusals';
let factory: IDBFactory;
let t: Terminal;
let ctx: ProgramContext;

const run = async (line: string) => (await cliProgram.run(ctx, line)).text;
const failure = (data: string) => `{\n  "error_code": 1,\n  "data": ${JSON.stringify(data)}\n}\n`;
const login = (who = 'example_user', role = 'crypto-user', pwd = 'example_pwd') =>
  run(`login --username ${who} --role ${role} --password ${pwd}`);

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: { servingNode: 0 } });
  await t.type('pwd');
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  await putUser(t, { userId: 5, name: 'carol', type: 'CU' });
  const terminal = t.session.terminal;
  terminal.cli.cluster = terminal.kmu.cluster;
  ctx = {
    hsm: t.session.hsm, terminal,
    io: { readLine: async () => '', clear: () => {}, spawn: () => Promise.reject(new Error('no spawn')) },
  };
});

async function refused(line: string, data: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  expect(await run(line)).toBe(failure(data));
  expect(await dumpIdb(DB, factory)).toBe(before);
}

const AES = 'key generate-symmetric aes --label k --key-length-bytes 32';
const GENERIC = 'key generate-symmetric generic-secret --label k --key-length-bytes 32';
const RSA = (bits = '2048', e = '65537') => `key generate-asymmetric-pair rsa --public-label p --private-label q --modulus-size-bits ${bits} --public-exponent ${e}`;
const EC = 'key generate-asymmetric-pair ec --public-label p --private-label q --curve secp256k1';
const ALL = [AES, GENERIC, RSA(), EC];
const FIPS = 'This operation violates the current configured/FIPS policies';
const AVAILABILITY = 'Cannot perform the requested key operation as the key must be available on at least 2 HSMs. '
  + 'Either increase the number of HSMs in the cluster, or disable the key availability check.';

describe('the gate comes first', () => {
  it('not logged in', async () => {
    for (const line of ALL) await refused(line, 'User is not logged in');
    await refused(`${AES} --attributes color=red`, 'User is not logged in');
  });

  it('an admin', async () => {
    expect(await login('admin', 'admin', 'co12345')).toContain('"error_code": 0');
    for (const line of ALL) await refused(line, 'Invalid user type for this operation');
  });

  it('another cluster, every HSM down', async () => {
    await login();
    for (const line of ALL) await refused(`${line} --cluster-id cluster-9`, 'Cluster cluster-9 is not configured');
    for (const n of [0, 1, 2]) await t.type(`hsm stop ${n}`);
    for (const line of ALL) await refused(line, 'HSM is disconnected');
    await refused(`${AES} --session`, 'HSM is disconnected');
  });
});

describe('logged in as a crypto user', () => {
  beforeEach(async () => { await login(); });

  it('the key availability check refuses token keys on one HSM; session keys are exempt (G-CLI-35)', async () => {
    await t.type('hsm stop 1');
    await t.type('hsm stop 2');
    for (const line of ALL) await refused(line, AVAILABILITY);
    const out = await run(`${AES} --session`);
    expect(out).toContain('"cluster-coverage": "full"');
    expect(out).toContain('"token": false');
    await t.session.hsm.updateSettings({ keyAvailabilityCheck: false });
    expect(await run(AES)).toContain('"error_code": 0');
  });

  it('attribute words (§4.6): unknown names, names not allowed at creation, bad values', async () => {
    await refused(`${AES} --attributes color=red`, 'Unknown key attribute: color');
    await refused(`${AES} --attributes token=false`, 'Unknown key attribute: token');
    await refused(`${AES} --attributes trusted=true`, 'Unknown key attribute: trusted');
    await refused(`${AES} --attributes sign=yes`, 'Invalid value yes for key attribute sign');
    await refused(`${RSA()} --private-attributes sign=true always-sensitive=false`, 'Unknown key attribute: always-sensitive');
    await refused(`${EC} --public-attributes verify=maybe`, 'Invalid value maybe for key attribute verify');
  });

  it('--share-crypto-users: an unknown user, the caller, an admin', async () => {
    for (const line of [AES, RSA(), EC]) {
      await refused(`${line} --share-crypto-users bob nobody`, 'Specified user does not exist');
      await refused(`${line} --share-crypto-users example_user`, 'Key is already shared with example_user');
      await refused(`${line} --share-crypto-users admin`, 'Invalid user type for this operation');
    }
  });

  it('quorum values: at most 8 and at most 1 + the users shared with', async () => {
    await refused(`${AES} --manage-key-quorum-value 2`, 'Invalid value 2 for --manage-key-quorum-value');
    await refused(`${GENERIC} --share-crypto-users bob --use-key-quorum-value 3`, 'Invalid value 3 for --use-key-quorum-value');
    await refused(`${AES} --use-key-quorum-value 9`, 'Invalid value 9 for --use-key-quorum-value');
    await refused(`${RSA()} --manage-private-key-quorum-value 2`, 'Invalid value 2 for --manage-private-key-quorum-value');
    await refused(`${EC} --use-private-key-quorum-value 18446744073709551615`, 'Invalid value 18446744073709551615 for --use-private-key-quorum-value');
  });

  it('the FIPS policy: key lengths, RSA moduli and exponents outside the HSM\'s set (G-CLI-41)', async () => {
    for (const n of ['0', '8', '20', '33', '64']) await refused(`key generate-symmetric aes --label k --key-length-bytes ${n}`, FIPS);
    for (const n of ['0', '801', '4096']) await refused(`key generate-symmetric generic-secret --label k --key-length-bytes ${n}`, FIPS);
    for (const [bits, e] of [['1024', '65537'], ['2047', '65537'], ['2100', '65537'], ['4352', '65537'], ['2048', '3'],
      ['2048', '65536'], ['2048', '4294967297'], ['18446744073709551615', '65537'], ['2048', '18446744073709551615']] as const) {
      await refused(RSA(bits, e), FIPS);
    }
    await refused('key generate-symmetric aes --label k --key-length-bytes 18446744073709551615', FIPS);
  });

  it('numbers as clap reads them: a leading + and leading zeros', async () => {
    expect(await run('key generate-symmetric aes --label k --key-length-bytes +016')).toContain('"key-length-bytes": 16');
    expect(await run(`${GENERIC.replace('32', '+800')} --share-crypto-users bob --use-key-quorum-value +02`)).toContain('"use-key-quorum-value": 2');
  });

  it('an ID another key carries: Key ID already exists', async () => {
    expect(await run(`${AES} --attributes id=0x4954`)).toContain('"id": "0x4954"');
    await refused(`${AES} --attributes id=0x4954`, 'Key ID already exists');
    await refused(`${RSA()} --private-attributes id=0x4954`, 'Key ID already exists');
    await refused(`${EC} --public-attributes id=0x4954`, 'Key ID already exists');
  });

  it('sharing by name, any case, with the two quorum values apart; the pair shares its private key only', async () => {
    const out = await run(`${AES} --share-crypto-users CAROL bob --manage-key-quorum-value 3 --use-key-quorum-value 1`);
    expect(out).toContain('"shared-users": [\n          {\n            "username": "bob",');
    expect(out).toContain('"manage-key-quorum-value": 3,\n          "use-key-quorum-value": 1');
    const pair = await run(`${EC} --share-crypto-users bob`);
    const keys = await t.session.hsm.transact((tx) => tx.list<KeyRecord>('keys', 'cluster-1/'));
    expect(keys.map((k) => [k.attrs[0], k.shared])).toEqual([[4, [4, 5]], [2, []], [3, [4]]]);
    expect(pair.match(/"username": "bob"/g)).toHaveLength(1);
  });
});
