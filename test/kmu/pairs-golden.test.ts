/**
 * Golden transcripts of genRSAKeyPair, genDSAKeyPair and genECCKeyPair (kmu-commands.md §5.1–5.3),
 * compared exactly with the spec's canonical blocks (test/fixtures/kmu, see its README), run in
 * seeded mode (spec README decision 3). Each block runs twice from the same seed in two fresh
 * playgrounds: the transcripts AND the stored keys (DER values, attributes) are the same bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Console } from '../../src/shell/console';
import type { KeyRecord } from '../../src/hsm/model';
import type { Scenario } from '../../src/hsm/scenario';
import { openTerminal, type Terminal } from '../support/transcript';
import { fixturePath } from './keys-support';

const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8').replace(/\n$/, '');
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const SEED = 20261207;

const user = (userId: number) => ({ userId, name: `cu${userId}`, type: 'CU' as const, password: 'pwd' });

/** A fresh seeded playground set up by `scenario`, in key_mgmt_util, logged in as example_user (3). */
async function seededKmu(scenario: Scenario): Promise<Terminal> {
  const t = await openTerminal({ scenario });
  await t.type(`settings seed ${SEED}`); // as a learner does (after the console is ready)
  expect((t.session as Console).hsm.seeded).toBe(true);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  return t;
}

/** Every stored key, as comparable text (DER values and attributes in hex). */
async function storedKeys(t: Terminal): Promise<string> {
  const keys = (await t.backend.list('keys')) as KeyRecord[];
  return JSON.stringify(keys.map((k) => ({ ...k, value: Buffer.from(k.value).toString('hex') })), (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
}

/** Run the fixture's command; the block must equal the fixture. Returns the stored keys afterwards. */
async function expectBlock(scenario: Scenario, name: string): Promise<string> {
  const t = await seededKmu(scenario);
  const want = fixture(name);
  const line = want.split('\n')[0]!.replace(/^Command: /, '');
  expect(await t.block(line)).toBe(want + '\n');
  return storedKeys(t);
}

/** The block twice from the same seed: same transcript (checked inside) and the same stored bytes. */
async function expectReproducible(scenario: Scenario, name: string): Promise<string> {
  const first = await expectBlock(scenario, name);
  const second = await expectBlock(scenario, name);
  expect(second).toBe(first);
  return first;
}

const TWO_NODES_SIMPLE: Scenario = { hsms: 2, handles: 'simple', servingNode: 0 };

describe('golden transcripts: key pairs (seeded, each block twice)', () => {
  it('genRSAKeyPair -m 2048 -e 65537 … -u 4 -m_value 2: handles 27 and 28 on a two-node cluster', async () => {
    const keys = await expectReproducible({ ...TWO_NODES_SIMPLE, nextIndex: 27, users: [user(4)] }, 'genRSAKeyPair-mofn');
    const stored = JSON.parse(keys) as Array<{ handle: number; shared: number[]; owner: number; value: string }>;
    expect(stored.map((k) => [k.handle, k.owner, k.shared])).toEqual([[27, 3, []], [28, 3, [4]]]);
    expect(stored[0]!.value.length).toBeGreaterThan(0);
  }, 120_000);

  it('genDSAKeyPair -m 2048 … -m_value 2 -u 4,6 -attest: the irregular return line, handles 12 and 13', async () => {
    await expectReproducible({ ...TWO_NODES_SIMPLE, nextIndex: 12, users: [user(4), user(6)] }, 'genDSAKeyPair-mv2-attest');
  }, 240_000);

  it('genECCKeyPair -i 14 on node 1 of three (realistic handles 262177 and 262178)', async () => {
    await expectReproducible({ servingNode: 1, nextIndex: 33 }, 'genECCKeyPair-14');
  }, 60_000);

  it('genECCKeyPair -i 1: 0xb3 with every node at 0x30000085, nothing stored', async () => {
    const keys = await expectReproducible({ servingNode: 0 }, 'genECCKeyPair-1');
    expect(keys).toBe('[]');
  });
});
