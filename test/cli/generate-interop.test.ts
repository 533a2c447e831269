/**
 * One model, two vocabularies (cloudhsm-cli.md §4.3, §5.2, §5.4, §5.5): a key generated in the CLI
 * is the key `key list --verbose` shows, key_mgmt_util finds it by the same handle with the values
 * the CLI stored (its defaults, not KMU's: G-CLI-13), and its share list and quorum values are the
 * ones KMU getKeyInfo reads; a CLI session key stays in the CLI session (§5.4).
 */
import { describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import { putUser } from '../kmu/keys-support';

async function cli(): Promise<Terminal> {
  const t = await openTerminal({ seed: 5, scenario: { servingNode: 0, handles: 'simple' } });
  await t.type('pwd');
  await putUser(t, { userId: 4, name: 'bob', type: 'CU' });
  expect(await t.type('cloudhsm-cli interactive')).toBe('');
  expect(await t.type('login --username example_user --role crypto-user --password example_pwd')).toContain('"error_code": 0');
  return t;
}

const data = (out: string) => (JSON.parse(out) as { error_code: number; data: Record<string, unknown> }).data;

describe('a CLI key in both consoles', () => {
  it('key list --verbose shows the generated key object; KMU finds the same handle with the CLI\'s values', async () => {
    const t = await cli();
    const made = data(await t.type('key generate-symmetric aes --label both --key-length-bytes 32 --share-crypto-users bob --manage-key-quorum-value 2'));
    const key = made.key as { 'key-reference': string; attributes: Record<string, unknown> };
    expect(key['key-reference']).toBe('0x0000000000000006');
    const listed = data(await t.type('key list --filter key-reference=6 --verbose'));
    expect(listed.matched_keys).toEqual([key]);
    const session = data(await t.type('key generate-symmetric aes --label mine-only --key-length-bytes 16 --session'));
    expect((session.key as { 'key-reference': string })['key-reference']).toBe('0x0000000000000007');

    expect(await t.type('quit')).toBe('');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('findKey -l both')).toContain('Total number of keys present 1\n\n number of keys matched from start index 0::0\n6\n');
    // the CLI's session key stayed in the CLI session (gone with quit) and no other key took its handle
    expect(await t.type('findKey -l mine-only')).toContain('Total number of keys present 0\n');
    const info = await t.type('getKeyInfo -k 6');
    expect(info).toMatch(/Owned by user 3/);
    expect(info).toMatch(/also, shared to following 1 user\(s\):\s+4/);
    expect(info).toMatch(/ 2 Users need to approve to use\/manage this key/);
    expect(await t.type('getAttribute -o 6 -a 264 -out sign.txt')).toContain('0x00');
    expect(await t.type('getAttribute -o 6 -a 260 -out enc.txt')).toContain('0x00');
    await t.type('exit');
    expect(await t.type('cat sign.txt enc.txt')).toBe('OBJ_ATTR_SIGN\n0x00000001\nOBJ_ATTR_ENCRYPT\n0x00000000\n');
  });
});
