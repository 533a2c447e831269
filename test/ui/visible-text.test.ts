import { describe, expect, it } from 'vitest';
import { codePointName, hasInvisible, visibleParts, visibleText } from '../../src/ui/visible-text';

describe('visible text (issue 11, finding 13: lookalike labels)', () => {
  it('leaves ordinary text alone, as one part', () => {
    for (const s of ['key', 'a b', 'AES key #1', 'clé', '鍵', '🔑 key', 'x\u0301', '']) {
      expect(hasInvisible(s)).toBe(false);
      expect(visibleParts(s)).toEqual([{ text: s }]);
      expect(visibleText(s)).toBe(s);
    }
  });

  it('tells key from ke\\u200by and from its other lookalikes', () => {
    expect(visibleText('ke\u200by')).toBe('ke⟨U+200B⟩y');
    expect(visibleParts('ke\u200by')).toEqual([{ text: 'ke' }, { text: '\u200b', code: 'U+200B' }, { text: 'y' }]);
    const lookalikes = ['key', 'ke\u200by', 'k\u200dey', '\ufeffkey', 'key\u00ad', 'k\u202eey', 'key\u2066', 'key\u00a0',
      'key ', ' key', 'key\u3000', 'ke\ufe0fy', 'key\u3164', 'key\u2028', 'ke\u0000y', 'key\u007f', 'key\u0085', 'ke\u{e0101}y', 'ke\ud800y'];
    const shown = lookalikes.map(visibleText);
    expect(new Set(shown).size).toBe(lookalikes.length);
    for (const s of lookalikes.slice(1)) expect(hasInvisible(s)).toBe(true);
  });

  it('marks spaces only at the ends, each one', () => {
    expect(visibleText('  a b  ')).toBe('⟨U+0020⟩⟨U+0020⟩a b⟨U+0020⟩⟨U+0020⟩');
    expect(visibleText(' ')).toBe('⟨U+0020⟩');
  });

  it('names code points beyond the BMP and lone surrogates', () => {
    expect(codePointName('\u{e0001}')).toBe('U+E0001');
    expect(visibleText('a\udc00')).toBe('a⟨U+DC00⟩');
    expect(visibleText('\u200b\u200b')).toBe('⟨U+200B⟩⟨U+200B⟩');
  });
});
