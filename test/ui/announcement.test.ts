import { describe, expect, it } from 'vitest';
import { ANNOUNCE_CHARS, announcement } from '../../src/ui/page-state.svelte';

describe('what the live region gets of an output (issue 11, finding 12)', () => {
  it('an ordinary output whole', () => {
    expect(announcement('Cfm3LoginHSM returned: 0x00')).toBe('Cfm3LoginHSM returned: 0x00');
    const full = 'x'.repeat(ANNOUNCE_CHARS);
    expect(announcement(full)).toBe(full);
  });

  it('a 2 MiB hex dump cut after ANNOUNCE_CHARS, saying how much more there is', () => {
    const hex = 'ab'.repeat(1 << 20);
    const a = announcement(hex);
    expect(a.startsWith(hex.slice(0, ANNOUNCE_CHARS))).toBe(true);
    expect(a.slice(ANNOUNCE_CHARS)).toBe(` … and ${hex.length - ANNOUNCE_CHARS} more characters`);
  });
});
