import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/crypto/hex';

describe('toHex (one buffer, decoded once)', () => {
  it('is the lower-case two-digit encoding of every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(Array.from(all, (b) => b.toString(16).padStart(2, '0')).join(''));
    expect(toHex(new Uint8Array(0))).toBe('');
    expect(toHex(Uint8Array.of(0, 0x0f, 0xf0, 0xff))).toBe('000ff0ff');
  });

  it('round-trips 1 MiB', () => {
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);
    const hex = toHex(bytes);
    expect(hex).toHaveLength(2 << 20);
    // (compared as bytes: a deep toEqual over a million elements took ~5 s on a loaded machine)
    const back = fromHex(hex);
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(back.buffer, back.byteOffset, back.byteLength), Buffer.from(bytes))).toBe(0);
  });
});
