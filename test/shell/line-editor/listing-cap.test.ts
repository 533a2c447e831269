/**
 * A second Tab lists at most LIST_CAP candidates and counts the rest on one line, "... and N more"
 * (issue 11, finding 12: 3,300 key handles listed whole were a 0.9 s task); a short list is
 * printed exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { columns, LIST_CAP, listing, LineEditor, type EditorSession } from '../../../src/shell/line-editor/index';

const handles = (n: number) => Array.from({ length: n }, (_, i) => String(i + 7)).sort();

describe('the completion listing', () => {
  it('a list up to the cap is the plain columns', () => {
    const words = handles(LIST_CAP);
    expect(listing(words, 80)).toEqual(columns(words, 80));
    expect(listing(['a', 'b'], 80)).toEqual(['a  b']);
  });

  it('3,300 handles: the first LIST_CAP in columns, then "... and N more"', () => {
    const words = handles(3300);
    const rows = listing(words, 80);
    expect(rows.at(-1)).toBe(`... and ${3300 - LIST_CAP} more`);
    expect(rows.slice(0, -1)).toEqual(columns(words.slice(0, LIST_CAP), 80));
    const listed = rows.slice(0, -1).join(' ').split(/\s+/).filter((w) => w !== '');
    expect(listed).toHaveLength(LIST_CAP);
    expect(new Set(listed)).toEqual(new Set(words.slice(0, LIST_CAP)));
  });

  it('shows each listed word through `show` (only the listed ones)', () => {
    const seen: string[] = [];
    const rows = listing(['a\x1bb', 'c', 'd'], 80, (w) => { seen.push(w); return w.replace('\x1b', '^['); }, 2);
    expect(rows).toEqual(['a^[b  c', '... and 1 more']);
    expect(seen).toEqual(['a\x1bb', 'c']);
  });

  it('two Tabs in the editor print the capped listing, then the line again', async () => {
    const writes: string[] = [];
    const words = handles(3300);
    const session = {
      prompt: 'Command: ', inputMode: 'normal' as const,
      async submit() {},
      async complete(line: string) { return { replaceFrom: line.length, candidates: words }; },
      interrupt: () => false,
      async history() { return []; },
      async remember() {},
    } as unknown as EditorSession;
    const editor = new LineEditor({ write: (t) => { writes.push(t); }, cols: () => 80 }, Promise.resolve(session));
    editor.feed('getAttribute -o ');
    await editor.whenIdle();
    const before = writes.length;
    editor.feed('\t');
    await editor.whenIdle();
    expect(writes.slice(before).join('')).toBe(''); // the first Tab arms the listing
    editor.feed('\t');
    await editor.whenIdle();
    const out = writes.slice(before).join('');
    // (the fake session printed no prompt: the editor redraws the line after the listing)
    expect(out.endsWith(`\n... and ${3300 - LIST_CAP} more\ngetAttribute -o `)).toBe(true);
    expect(out.split('\n').filter((r) => /^\d/.test(r)).join(' ').split(/\s+/)).toHaveLength(LIST_CAP);
    expect(editor.line).toBe('getAttribute -o ');
  });
});
