/** The inventory's key-reference column: the page's key view gives each key its CLI key reference (cloudhsm-cli.md §5.2). */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';

describe('inventory: a key\'s key-reference', () => {
  it('is the handle as 0x%016x, for simple and realistic handles', async () => {
    const t = await openTerminal();
    await t.type('settings handles simple');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    await t.type('genSymKey -t 31 -s 32 -l wrapping-key');
    await t.type('genSymKey -t 31 -s 16 -l payload-key -sess');
    const keys = (await t.session.snapshot()).keys;
    expect(keys.map((k) => [k.handle, k.keyReference, k.token])).toEqual([
      [6, '0x0000000000000006', true],
      [7, '0x0000000000000007', false],
    ]);

    const r = await openTerminal();
    await r.type('key_mgmt_util');
    await r.type('loginHSM -u CU -s example_user -p example_pwd');
    await r.type('genSymKey -t 31 -s 16 -l k');
    const [k] = (await r.session.snapshot()).keys;
    expect(k!.keyReference).toBe('0x' + k!.handle.toString(16).padStart(16, '0'));
    expect(k!.handle).toBeGreaterThan(0xffff); // realistic handles are large: the padding is not all of it
  });
});
