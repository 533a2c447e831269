/**
 * The property test's damage-check invariant catches what the cache hides: a fault under the cache
 * that writes a damaged key record (the cache keeps the good one the engine committed, so the
 * engine never notices) fails the run at the first line that creates a key, with the record named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunArbitrary, runSteps, step } from './lines';
import type { Backend } from '../../src/hsm/store';

/** Stores every key written with an object index the check rejects, below the cache. */
const damagingKeys = (inner: Backend): Backend => ({
  ...inner,
  kind: inner.kind,
  get: (store, id) => inner.get(store, id),
  list: (store, prefix) => inner.list(store, prefix),
  commit: (writes, guards) => inner.commit(writes.map((w) => (w.op === 'put' && w.store === 'keys' ? { ...w, value: { ...w.value, index: 0 } } : w)), guards),
  clear: () => inner.clear(),
  close: () => inner.close(),
});

describe('property test: the damage check reads the store under the cache', () => {
  it('a damaged key written below the cache fails the run, the record named', async () => {
    const details = await fc.check(
      fc.asyncProperty(new RunArbitrary(step, 60), (steps) => runSteps(steps, { light: true, underCache: damagingKeys })),
      { seed: 7, numRuns: 20, endOnFailure: true },
    );
    expect(details.failed).toBe(true);
    expect(String((details.errorInstance as Error).message)).toMatch(/keys\/cluster-\d\/\d+ was written and the damage check rejects it: field index is missing or malformed/);
  }, 120_000);
});
