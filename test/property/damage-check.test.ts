/**
 * The property test's damage-check invariant catches what the cache hides: a fault under the cache
 * that writes a damaged key record (the cache keeps the good one the engine committed, so the
 * engine never notices) fails the run at the first line that creates a key, with the record named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunArbitrary, runSteps, step, type ExtraCheck } from './lines';
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

/** Runs that make key pairs: now and then a step's key_mgmt_util line generates an EC pair (fast; RSA and DSA records are checked in test/kmu/pair-views*.test.ts). */
const PAIR_LINES = ['genECCKeyPair -i 2 -l e2', 'genECCKeyPair -i 14 -l e14 -id pair1', 'genECCKeyPair -i 16 -l k1 -u 4', 'genECCKeyPair -i 2 -l s -sess', 'findKey -c 3'];
const pairStep = fc.tuple(step, fc.constantFrom(...PAIR_LINES), fc.integer({ min: 0, max: 2 }))
  .map(([s, line, n]) => (n === 0 ? { ...s, kmu: line } : s));

/** Stores every EC public or private key written with its point (MODULUS) marked compressed (0x02), below the cache. */
const damagingPairs = (inner: Backend): Backend => ({
  ...inner,
  kind: inner.kind,
  get: (store, id) => inner.get(store, id),
  list: (store, prefix) => inner.list(store, prefix),
  commit: (writes, guards) => inner.commit(writes.map((w) => {
    if (w.op !== 'put' || w.store !== 'keys') return w;
    const attrs = w.value['attrs'] as Record<number, unknown>;
    const point = attrs[288];
    if ((attrs[0] !== 2 && attrs[0] !== 3) || !(point instanceof Uint8Array)) return w;
    return { ...w, value: { ...w.value, attrs: { ...attrs, 288: Uint8Array.from([2, ...point.subarray(1)]) } } };
  }), guards),
  clear: () => inner.clear(),
  close: () => inner.close(),
});

describe('property test: the damage check knows key-pair records', () => {
  it('runs that generate, find, share and delete EC pairs write nothing the damage check rejects', async () => {
    const halves = new Set<string>();
    const seen: ExtraCheck = (_t, shadow) => {
      for (const [id, rec] of shadow.get('keys') ?? []) {
        const cls = (rec['attrs'] as Record<number, unknown> | undefined)?.[0];
        if (cls === 2 || cls === 3) halves.add(`${cls}:${id}`);
      }
    };
    const details = await fc.check(
      fc.asyncProperty(new RunArbitrary(pairStep, 40), (steps) => runSteps(steps, { light: true, extraCheck: seen })),
      { seed: 12, numRuns: 6, endOnFailure: true },
    );
    expect(details.failed, details.failed ? String((details.errorInstance as Error)?.message) : '').toBe(false);
    // the runs did make pairs (both halves) for the check to read
    expect([...halves].filter((h) => h.startsWith('2:')).length).toBeGreaterThanOrEqual(3);
    expect([...halves].filter((h) => h.startsWith('3:')).length).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('a key-pair half written below the cache with a damaged EC point fails the run, the record named', async () => {
    const details = await fc.check(
      fc.asyncProperty(new RunArbitrary(pairStep, 40), (steps) => runSteps(steps, { light: true, underCache: damagingPairs })),
      { seed: 12, numRuns: 20, endOnFailure: true },
    );
    expect(details.failed).toBe(true);
    expect(String((details.errorInstance as Error).message)).toMatch(/keys\/cluster-\d\/\d+ was written and the damage check rejects it: its EC point is not an uncompressed point/);
  }, 180_000);
});
