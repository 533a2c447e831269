/**
 * Text shown the way it is, not the way it looks: two labels `key` and `ke\u200By` must not look
 * alike in the inventory (issue 11, finding 13). Characters that show nothing, or show as an
 * ordinary space, become a visible mark ⟨U+200B⟩: controls (C0, DEL, C1), format characters
 * (zero-width space and joiners, bidi controls, soft hyphen, BOM…), every space but U+0020, line and
 * paragraph separators, lone surrogates, variation selectors, blank letters (Hangul fillers,
 * braille blank) — and U+0020 itself at either end, where a table cell shows nothing of it.
 */

/** One run of a text: plain characters, or one character to be shown by its code point. */
export type TextPart = { text: string; code?: undefined } | { text: string; code: string };

const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\u{e0100}-\u{e01ef}]/u;
const ANY_INVISIBLE = new RegExp(`${INVISIBLE.source}|^ | $`, 'u');

/** U+XXXX (at least four hex digits) of a code point. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether `s` holds anything visibleParts would mark. */
export function hasInvisible(s: string): boolean {
  return ANY_INVISIBLE.test(s);
}

/** `s` split into plain runs and marked characters, in order; a text with nothing to mark is one part. */
export function visibleParts(s: string): TextPart[] {
  if (!hasInvisible(s)) return [{ text: s }];
  const chars = Array.from(s); // by code point (a lone surrogate is one)
  let lead = 0;
  while (lead < chars.length && chars[lead] === ' ') lead++;
  let trail = chars.length;
  while (trail > lead && chars[trail - 1] === ' ') trail--;
  const parts: TextPart[] = [];
  let plain = '';
  chars.forEach((ch, i) => {
    if (INVISIBLE.test(ch) || (ch === ' ' && (i < lead || i >= trail))) {
      if (plain) parts.push({ text: plain });
      plain = '';
      parts.push({ text: ch, code: codePointName(ch) });
    } else {
      plain += ch;
    }
  });
  if (plain) parts.push({ text: plain });
  return parts;
}

/** The text as shown: each marked character as ⟨U+XXXX⟩. */
export function visibleText(s: string): string {
  return visibleParts(s).map((p) => (p.code ? `⟨${p.code}⟩` : p.text)).join('');
}
