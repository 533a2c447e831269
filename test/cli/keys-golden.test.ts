/**
 * The canonical blocks of cloudhsm-cli.md §3.12–§3.16 (`key list`, `key set-attribute`, `key share`,
 * `key unshare`, `key delete`) as golden transcripts through the CLI program: fixtures copied
 * verbatim from the spec (test/fixtures/cli/README.md lists their lines), played by
 * test/support/cli-golden.ts. The §3.12 short-form block's elision `<9 more objects of the same
 * shape>` is expanded here from the object before it (same shape: `<refN>` key references, `<labelN>`
 * any label), the last one without its comma, as the array closes after it.
 * Setup (not part of the blocks): a playground holding the keys each block names — a scenario
 * (the §3.12 one: 56 keys of example_user from 0x3d5 `test_label_1`, one of them 0xca5
 * `new-master-key`), or keys KMU makes — then the CLI logs in as example_user.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClusterRecord, KeyRecord } from '../../src/hsm/model';
import { keyRecordId } from '../../src/hsm/model';
import type { Scenario } from '../../src/hsm/scenario';
import { DEFAULT_CLUSTER } from '../../src/hsm/world';
import { fixture, Golden, play } from '../support/cli-golden';
import { openTerminal, type Terminal } from '../support/transcript';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const NAMES: ReadonlyMap<string, string> = new Map([['ref', 'key-reference'], ['label', 'line']]);
const LOGIN = 'login --username example_user --role crypto-user --password example_pwd';

/** `<9 more objects of the same shape>` → nine copies of the object before it (`<refN>`, `<labelN>`), the last without a comma. */
function expandMore(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === '<9 more objects of the same shape>');
  const open = lines.lastIndexOf('      {', at);
  const shape = lines.slice(open, at);
  if (at < 0 || open < 0 || shape.at(-1) !== '      },') throw new Error('no object before the elision');
  const copies = Array.from({ length: 9 }, (_, i) => shape.map((l) => l
    .replace(/"key-reference": "[^"]*"/, `"key-reference": "<ref${i + 2}>"`)
    .replace(/"label": "[^"]*"/, `"label": "<label${i + 2}>"`)
    .replace(/^ {6}\},$/, i === 8 ? '      }' : '      },')));
  return [...lines.slice(0, at), ...copies.flat(), ...lines.slice(at + 1)].join('\n');
}

async function cliTerminal(scenario?: Scenario, kmu: readonly string[] = []): Promise<Terminal> {
  const t = await openTerminal({ seed: 5, ...(scenario ? { scenario } : {}) });
  if (!scenario) await t.type('settings handles simple');
  if (kmu.length > 0) {
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    for (const line of kmu) expect(await t.type(line)).toContain('SUCCESS');
    await t.type('exit');
  }
  await t.type('cloudhsm-cli interactive');
  expect(await t.type(LOGIN)).toContain('"error_code": 0');
  return t;
}

const aesKey = (handle: number, label: string, owner = 3) => ({ handle, keyType: 'AES' as const, label, owner, value: AES });

describe('§3.12 key list', () => {
  const SCENARIO: Scenario = {
    keys: [
      ...Array.from({ length: 55 }, (_, i) => aesKey(0x3d5 + i, `test_label_${i + 1}`)),
      aesKey(0xca5, 'new-master-key'),
      aesKey(0xca6, 'not-mine', 4),
    ],
    users: [{ userId: 4, name: 'alice', type: 'CU', password: 'alice_pwd' }],
  };
  let t: Terminal;
  beforeEach(async () => { t = await cliTerminal(SCENARIO); });

  it('short form, the first page of 56 keys (the elision expanded)', async () => {
    const g = new Golden(NAMES);
    await play(t, g, 'key-list-short', expandMore(fixture('key-list-short')));
    // ascending by key reference (G-CLI-7): the nine elided objects are 0x3d6 … 0x3de
    expect(Array.from({ length: 9 }, (_, i) => g.value(`ref${i + 2}`))).toEqual(
      Array.from({ length: 9 }, (_, i) => '0x' + (0x3d6 + i).toString(16).padStart(16, '0')));
  });

  it('one match, the last page, no next_token', async () => {
    await play(t, new Golden(NAMES), 'key-list-filter', fixture('key-list-filter'));
  });
});

describe('§3.13–§3.16', () => {
  it('key set-attribute', async () => {
    const t = await cliTerminal({ keys: [aesKey(6, 'my_key')] });
    await play(t, new Golden(), 'key-set-attribute', fixture('key-set-attribute'));
    expect(await t.type('key list --filter attr.label=my_key attr.encrypt=false')).toContain('"total_key_count": 1');
  });

  it('key share, then key unshare', async () => {
    const t = await cliTerminal({ users: [{ userId: 4, name: 'alice', type: 'CU', password: 'alice_pwd' }] },
      ['genRSAKeyPair -m 2048 -e 65537 -l rsa_key_to_share']);
    await play(t, new Golden(), 'key-share', fixture('key-share'));
    expect(await t.type('key list --filter attr.label=rsa_key_to_share attr.class=private-key --verbose'))
      .toContain('"shared-users": [\n            {\n              "username": "alice",\n              "key-coverage": "full"\n            }\n          ]');
    await play(t, new Golden(), 'key-unshare', fixture('key-unshare'));
    expect(await t.type('key list --filter attr.label=rsa_key_to_share attr.class=private-key --verbose')).toContain('"shared-users": [],');
  });

  it('key delete of one half of a pair', async () => {
    const t = await cliTerminal(undefined, ['genECCKeyPair -i 2 -l ec-test-public-key']);
    // the pair's halves share KMU's one label: the private half gets its own first
    expect(await t.type('key set-attribute --filter attr.label=ec-test-public-key attr.class=private-key --name label --value ec-test-private-key'))
      .toContain('"error_code": 0');
    await play(t, new Golden(), 'key-delete', fixture('key-delete'));
    expect(await t.type('key list --filter attr.key-type=ec')).toContain('"label": "ec-test-private-key"');
    expect(await t.type('key list --filter attr.key-type=ec')).toContain('"total_key_count": 1');
  });

  it('key delete with too broad a filter: 48 RSA keys', async () => {
    const t = await cliTerminal(undefined, ['genRSAKeyPair -m 2048 -e 65537 -l rsa']);
    // 23 more copies of the pair's records (the spec's example cluster holds 48 RSA keys)
    await t.session.hsm.transact(async (tx) => {
      const cluster = await t.session.hsm.cluster(tx, DEFAULT_CLUSTER);
      const pair = [(await tx.get<KeyRecord>('keys', keyRecordId(DEFAULT_CLUSTER, 6)))!, (await tx.get<KeyRecord>('keys', keyRecordId(DEFAULT_CLUSTER, 7)))!];
      for (let i = 0; i < 46; i++) {
        const h = 8 + i;
        tx.put<KeyRecord>('keys', { ...pair[i % 2]!, id: keyRecordId(DEFAULT_CLUSTER, h), handle: h, index: h, rev: 0 });
      }
      tx.put<ClusterRecord>('clusters', { ...cluster, nextIndex: 54 });
    });
    await play(t, new Golden(), 'key-delete-broad', fixture('key-delete-broad'));
  });
});
