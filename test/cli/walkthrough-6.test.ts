/**
 * cloudhsm-cli.md §7.7, walkthrough 6 — the key availability check. It continues from
 * walkthroughs 1–5 (played first as the setup, unchecked: they have their own tests; they make
 * handles 6–12, so `lonely` is 13); the fixture is the spec block copied verbatim.
 */
import { describe, expect, it } from 'vitest';
import { Golden, play, playWalkthroughs, walkthroughTerminal, walkthroughText } from '../support/cli-golden';

describe('walkthrough 6 (§7.7): the key availability check (needs the CLI program, host, users, keys-view)', () => {
  it('prints the canonical transcript', async () => {
    const t = await walkthroughTerminal();
    const g = new Golden();
    await playWalkthroughs(t, g, 1, 5, { check: 'none' });
    await play(t, g, 'walkthrough-6', walkthroughText(6));
    // The setting is back on: with one HSM down of three the check passes again, and it reads the setting.
    const settings = await t.session.hsm.transact((tx) => t.session.hsm.settings(tx));
    expect(settings.keyAvailabilityCheck).toBe(true);
  });

  it('the check is a client setting: configure-cli turns it off and on in the stored settings', async () => {
    const t = await walkthroughTerminal();
    expect(await t.type('configure-cli --disable-key-availability-check')).toBe('');
    expect((await t.session.hsm.transact((tx) => t.session.hsm.settings(tx))).keyAvailabilityCheck).toBe(false);
    expect(await t.type('configure-cli --enable-key-availability-check')).toBe('');
    expect((await t.session.hsm.transact((tx) => t.session.hsm.settings(tx))).keyAvailabilityCheck).toBe(true);
  });
});
