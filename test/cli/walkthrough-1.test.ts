/**
 * cloudhsm-cli.md §7.2, walkthrough 1 — a KMU key found in the CLI. The fixture is the spec block
 * copied verbatim (test/fixtures/cli/README.md); the harness is test/support/cli-golden.ts.
 */
import { describe, expect, it } from 'vitest';
import { Golden, play, walkthroughTerminal, walkthroughText } from '../support/cli-golden';

describe('walkthrough 1 (§7.2): a KMU key found in the CLI', () => {
  it('prints the canonical transcript', async () => {
    const t = await walkthroughTerminal();
    const g = new Golden();
    await play(t, g, 'walkthrough-1', walkthroughText(1));
    // <kcv6> is the check value KMU knows for handle 6: KMU finds exactly that key by it.
    expect(g.value('kcv6')).toMatch(/^0x[0-9a-f]{6}$/);
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type(`findKey -kcv ${g.value('kcv6')}`)).toContain('\n6\n');
    expect(await t.type('findKey -kcv 0x000000')).not.toContain('\n6\n');
  });
});
