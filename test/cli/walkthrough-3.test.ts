/**
 * cloudhsm-cli.md §7.4, walkthrough 3 — `key share` and CMU `shareKey`. It continues from
 * walkthroughs 1 and 2 (played first as the setup, unchecked: they have their own tests); the
 * fixture is the spec block copied verbatim, macros expanded by test/support/cli-golden.ts.
 */
import { describe, expect, it } from 'vitest';
import { Golden, play, playWalkthroughs, walkthroughTerminal, walkthroughText } from '../support/cli-golden';

describe('walkthrough 3 (§7.4): key share and CMU shareKey (needs the CLI program, users and keys-view)', () => {
  it('prints the canonical transcript', async () => {
    const t = await walkthroughTerminal();
    const g = new Golden();
    await playWalkthroughs(t, g, 1, 2, { check: 'none' });
    expect(g.bindings.has('kcv6'), 'walkthrough 1 bound <kcv6> (used by <the 24 attribute lines of walkthrough 1>)').toBe(true);
    await play(t, g, 'walkthrough-3', walkthroughText(3));
    // The CLI and CMU edited one share list: after CMU's unshare, KMU shows no share either.
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const info = await t.type('getKeyInfo -k 6');
    expect(info).toContain('Owned by user 3');
    expect(info).not.toContain('shared to');
  });
});
