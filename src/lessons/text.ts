/**
 * Lesson text as data (issue 13): the tiny markup of src/lessons/format.ts parsed into paragraphs
 * of spans. Views render spans as text nodes (never as HTML), so `<img onerror>` stays text, and a
 * link is kept only when its target is http: or https: (a `javascript:` link becomes its words).
 *
 * The markup: a blank line separates paragraphs (a single line break is a space); `code` is code
 * (taken literally, nothing inside is markup); **strong** is strong; [words](https://…) is a link.
 * A marker without its closing half is plain text. Nothing else is markup.
 */
export type Span =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'link'; text: string; href: string };

/** A link target the views may open: an absolute http: or https: URL. */
export function safeHref(href: string): string | null {
  if (!/^https?:\/\//i.test(href) || /[\s\u0000-\u001f\u007f]/.test(href)) return null;
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const LINK = /^\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/; // one level of parentheses in a target

function pushText(out: Span[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}

/** One paragraph's spans. */
export function parseInline(p: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  let plain = '';
  const flush = () => {
    pushText(out, plain);
    plain = '';
  };
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === '`') {
      const end = p.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ kind: 'code', text: p.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (ch === '*' && p[i + 1] === '*') {
      const end = p.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', text: p.slice(i + 2, end) });
        i = end + 2;
        continue;
      }
    } else if (ch === '[') {
      const m = LINK.exec(p.slice(i));
      if (m) {
        const href = safeHref(m[2]!);
        if (href !== null) {
          flush();
          out.push({ kind: 'link', text: m[1]!, href });
        } else {
          plain += m[1]!; // an unsafe link keeps only its words
        }
        i += m[0].length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}

/** Paragraphs of spans (empty paragraphs dropped). */
export function parseLessonText(text: string): Span[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim().replace(/[ \t]*\n[ \t]*/g, ' '))
    .filter((p) => p !== '')
    .map(parseInline);
}

/** The text without markup (for screen-reader announcements and titles). */
export function plainLessonText(text: string): string {
  return parseLessonText(text).map((p) => p.map((s) => s.text).join('')).join('\n\n');
}
