/**
 * cloudhsm-cli.md §7.3, walkthrough 2 — `wrapKey -m 5` and `key wrap aes-no-pad`, golden: the
 * fixture (test/fixtures/cli/walkthrough-2.txt) is the spec block copied verbatim; `<KMU login>`
 * is expanded and the placeholders (`<wrapped>` Base64, `<kcv7>`, `<n>`) are typed matchers bound
 * on first use, by test/support/cli-golden.ts. It continues from walkthrough 1 (played first as the
 * setup, unchecked: it has its own test).
 */
import { describe, expect, it } from 'vitest';
import { Golden, play, playWalkthroughs, walkthroughTerminal, walkthroughText } from '../support/cli-golden';

describe('walkthrough 2 (§7.3): wrapKey -m 5 -noheader and key wrap aes-no-pad', () => {
  it('prints the canonical transcript', async () => {
    const t = await walkthroughTerminal();
    const g = new Golden();
    await playWalkthroughs(t, g, 1, 1, { check: 'none' });
    await play(t, g, 'walkthrough-2', walkthroughText(2));
    // The three <wrapped> are one binding: 24 bytes of RFC 3394 output.
    expect(Buffer.from(g.value('wrapped'), 'base64').length).toBe(24);
  });
});
