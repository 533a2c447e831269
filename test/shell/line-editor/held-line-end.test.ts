/**
 * After Enter the editor holds the line end back and writes it in one piece with the command's
 * first output (the terminal parses the first write after a key at once and queues later ones
 * behind its next frame, so output and prompt then paint in one frame). The bytes and their order
 * are unchanged; a slow command still shows its line end after at most 50 ms, and anything that
 * draws on the screen directly (a clear) gets the held text first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineEditor, type EditorSession } from '../../../src/shell/line-editor/index';

function setup(run: (line: string, editor: LineEditor) => Promise<void>) {
  const writes: string[] = [];
  const session = {
    prompt: '$ ', inputMode: 'normal' as const,
    async submit(line: string) { await run(line, editor); },
    async complete(line: string) { return { replaceFrom: line.length, candidates: [] }; },
    interrupt: () => false,
    async history() { return []; },
    async remember() {},
  } as unknown as EditorSession;
  const editor = new LineEditor({ write: (t) => { writes.push(t); }, cols: () => 80 }, Promise.resolve(session));
  return { editor, writes };
}

afterEach(() => { vi.useRealTimers(); });

describe('the line end after Enter', () => {
  it('is written with the first output, in one write, bytes in order', async () => {
    const t = setup(async (_line, editor) => { editor.writeOutput('hello\n$ '); });
    t.editor.feed('echo hello');
    await t.editor.whenIdle();
    const before = t.writes.length;
    t.editor.feed('\r');
    await t.editor.whenIdle();
    const after = t.writes.slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^\r?\nhello\n\$ $/);
  });

  it('is written after at most 50 ms when the command prints nothing for longer', async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const t = setup(async (_line, editor) => {
      await new Promise<void>((r) => { finish = r; });
      editor.writeOutput('done\n$ ');
    });
    t.editor.feed('slow');
    await vi.advanceTimersByTimeAsync(0);
    const before = t.writes.length;
    t.editor.feed('\r');
    await vi.advanceTimersByTimeAsync(49);
    expect(t.writes.slice(before).join('')).toBe('');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.writes.slice(before).join('')).toMatch(/^\r?\n$/);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.writes.slice(before).join('')).toMatch(/^\r?\ndone\n\$ $/);
  });

  it('is written before anything drawn directly, e.g. before a clear', async () => {
    const order: string[] = [];
    const t = setup(async (_line, editor) => {
      editor.flush(); // what the page's clear does first
      order.push('clear');
      editor.writeOutput('$ ');
    });
    t.editor.feed('clear');
    await t.editor.whenIdle();
    const before = t.writes.length;
    const write = t.writes.push.bind(t.writes);
    t.writes.push = (...items: string[]) => { order.push('write'); return write(...items); };
    t.editor.feed('\r');
    await t.editor.whenIdle();
    expect(order).toEqual(['write', 'clear', 'write']);
    expect(t.writes.slice(before).join('')).toMatch(/^\r?\n\$ $/);
  });
});
