/**
 * Walkthrough 5 of cloudhsm-cli.md (§7.6), golden and exact: KMU `sign -m 1` and CLI `crypto sign
 * rsa-pkcs --hash-function sha256` make the same bytes (`<sig>` is bound once and must reappear in
 * `base64 -w 0 msg.kmu.sig`), the CLI verifies KMU's RSA signature, and a KMU ECDSA signature (DER)
 * fails in `crypto verify ecdsa` (r ‖ s, G-CLI-32). The walkthrough continues from walkthroughs 1–4,
 * which made keys 6–8: the scenario starts the next object index at 9 with simple handles.
 * Fixture: test/fixtures/cli/crypto-walkthrough-5.txt, verbatim; `<KMU login>` expands to
 * crypto-macro-kmu-login.txt (walkthrough 1's loginHSM output, §7 conventions).
 */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';
import { cliFixture, expectGolden, playWalkthrough } from './crypto-golden';

describe('walkthrough 5 — KMU sign and crypto sign (§7.6)', () => {
  it('prints the canonical transcript; the two RSA signatures are one string', async () => {
    const t = await openTerminal({ scenario: { handles: 'simple', nextIndex: 9 } });
    const text = cliFixture('crypto-walkthrough-5').replace(/\n$/, '');
    const login = cliFixture('crypto-macro-kmu-login').replace(/\n$/, '');
    const seen = await playWalkthrough(t, text);
    const values = expectGolden(seen, text, new Map([['<KMU login>', login]]));
    // PKCS #1 v1.5 over SHA-256 with a 2048-bit key: 256 bytes
    expect(Buffer.from(values.get('sig')!, 'base64').length).toBe(256);
  });
});
