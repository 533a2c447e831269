import { describe, expect, it } from 'vitest';
import { STREAM_CHUNK, WRITE_CHUNK, writeChunks } from '../../src/ui/write-chunks';

describe('terminal output in chunks (issue 11, finding 12)', () => {
  it('ordinary output goes in one write, unchanged', () => {
    expect(writeChunks('')).toEqual(['']);
    expect(writeChunks('Command: ')).toEqual(['Command: ']);
    const full = 'x'.repeat(WRITE_CHUNK);
    expect(writeChunks(full)).toEqual([full]);
    // one unit more: the whole output goes in the smaller pieces
    expect(writeChunks(full + 'y').length).toBe(Math.ceil((WRITE_CHUNK + 1) / STREAM_CHUNK));
  });

  it('a 2 MiB hex dump is cut into pieces of at most STREAM_CHUNK that join to the same text', () => {
    const hex = '0123456789abcdef'.repeat(131072) + '\n$ ';
    const pieces = writeChunks(hex);
    expect(STREAM_CHUNK).toBeLessThan(WRITE_CHUNK);
    expect(pieces.length).toBe(Math.ceil(hex.length / STREAM_CHUNK));
    expect(pieces.every((p) => p.length > 0 && p.length <= STREAM_CHUNK)).toBe(true);
    expect(pieces.join('')).toBe(hex);
  });

  it('never splits a surrogate pair', () => {
    const text = 'a' + '😀'.repeat(10); // the pairs start at odd offsets
    const pieces = writeChunks(text, { size: 4, whole: 4 });
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) {
      expect(p.length).toBeGreaterThan(0);
      expect(p.length).toBeLessThanOrEqual(4);
      expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
      expect(/^[\udc00-\udfff]/.test(p)).toBe(false);
    }
  });
});
