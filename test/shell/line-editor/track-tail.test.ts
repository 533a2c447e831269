/**
 * The editor follows where output leaves the cursor from the text after its last line end only
 * (a 2 MiB one-line hex dump is not walked character by character): the line typed after such an
 * output is drawn and edited exactly as after a short one.
 */
import { describe, expect, it } from 'vitest';
import { LineEditor, type EditorSession } from '../../../src/shell/line-editor/index';

async function afterOutput(out: string): Promise<string[]> {
  const writes: string[] = [];
  let editor!: LineEditor;
  const session = {
    prompt: '$ ', inputMode: 'normal' as const,
    async submit() { editor.writeOutput(out); },
    async complete(line: string) { return { replaceFrom: line.length, candidates: [] }; },
    interrupt: () => false,
    async history() { return []; },
    async remember() {},
  } as unknown as EditorSession;
  editor = new LineEditor({ write: (t) => { writes.push(t); }, cols: () => 80 }, Promise.resolve(session));
  editor.feed('x\r');
  await editor.whenIdle();
  const from = writes.length;
  // type past the right margin, go home, delete a character: the redraw depends on the prompt's column
  editor.feed('y'.repeat(100) + '\x01\x1b[3~');
  await editor.whenIdle();
  return writes.slice(from);
}

describe('output with a long first line', () => {
  it('leaves the editor where a short one does', async () => {
    const short = await afterOutput('ab\ncd\r\n$ ');
    const long = await afterOutput('ab'.repeat(1 << 20) + '\ncd\r\n$ ');
    expect(long).toEqual(short);
    const mid = await afterOutput('ab\n' + 'c'.repeat(79) + '\x1b[1mq\x1b[0m\b\b$ '); // wraps, escapes, backspaces after the last line end
    const ref = await afterOutput('ab\n' + 'c'.repeat(79) + 'q\b\b$ ');
    expect(mid).toEqual(ref);
  });
});
