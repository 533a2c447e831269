/**
 * Nothing is ever written that the stored-record check would reject on the next read (issue 11:
 * "nothing is ever written that the damage check rejects"): such a write is the command's bug —
 * an internal-error line, the store unchanged — never a damaged record left behind. A label longer
 * than the check allows is the way a learner can reach it.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { MAX_TEXT_CHARS } from '../../src/hsm/validate';
import { STORE_NAMES } from '../../src/hsm/store';
import { openTerminal } from '../support/transcript';

describe('a commit never writes a record the stored-record check rejects', () => {
  it('genSymKey with a label over the cap: an internal-error line, nothing written, the console goes on', async () => {
    const backend = createMemoryBackend();
    const t = await openTerminal({ backend });
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const dump = async () => JSON.stringify(await Promise.all(STORE_NAMES.map((s) => backend.list(s))), (_k, v) => (v instanceof Uint8Array ? [...v] : v));
    const before = await dump();
    const out = await t.type(`genSymKey -t 31 -s 16 -l ${'x'.repeat(MAX_TEXT_CHARS + 1)}`);
    expect(out).toMatch(/refused to write keys\/\S+, which the stored-record check rejects/);
    expect(await dump()).toBe(before);
    expect(await t.type('genSymKey -t 31 -s 16 -l fine')).toMatch(/Symmetric Key Created/);
  }, 60_000); // (CPU-bound: a busy machine stretches it; no timing is asserted)
});
