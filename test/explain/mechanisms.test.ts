import { describe, expect, it } from 'vitest';
import { MECHANISMS } from '../../src/commands/explain/constants';
import { MECHANISMS as HSM_MECHANISMS } from '../../src/hsm/wrap';

describe('explain -m', () => {
  it('explains every mechanism the HSM knows, each with its own text', () => {
    expect(MECHANISMS.map((m) => m.value)).toEqual(HSM_MECHANISMS.map((m) => m.m));
    for (const m of MECHANISMS) expect(m.meaning).not.toMatch(/^Wrapping mechanism \d+ \(/);
  });
});
