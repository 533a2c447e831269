/**
 * Walkthrough 5 of cloudhsm-cli.md (§7.6), golden and exact, continuing from walkthroughs 1–4
 * (played first as the setup, unchecked: they have their own tests): KMU `sign -m 1` and CLI
 * `crypto sign rsa-pkcs --hash-function sha256` make the same bytes (`<sig>` is bound once and must
 * reappear in `base64 -w 0 msg.kmu.sig`), the CLI verifies KMU's RSA signature, and a KMU ECDSA
 * signature (DER) fails in `crypto verify ecdsa` (r ‖ s, G-CLI-32). Fixture and placeholders:
 * test/fixtures/cli/README.md.
 */
import { describe, expect, it } from 'vitest';
import { Golden, play, playWalkthroughs, walkthroughTerminal, walkthroughText } from '../support/cli-golden';

describe('walkthrough 5 — KMU sign and crypto sign (§7.6)', () => {
  it('prints the canonical transcript; the two RSA signatures are one string', async () => {
    const t = await walkthroughTerminal();
    const g = new Golden();
    await playWalkthroughs(t, g, 1, 4, { check: 'none' });
    await play(t, g, 'walkthrough-5', walkthroughText(5));
    // PKCS #1 v1.5 over SHA-256 with a 2048-bit key: 256 bytes, the one string both tools printed
    expect(Buffer.from(g.value('sig'), 'base64').length).toBe(256);
  });
});
