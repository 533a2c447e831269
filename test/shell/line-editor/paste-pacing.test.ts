/**
 * A big paste runs line by line and lets the page breathe (issue 11, finding 12): the editor works
 * through queued input for at most its slice (SLICE_MS by its clock) and then yields to the event
 * loop, so timers (a paint, a click, the long-task heartbeat) run between the lines; every line
 * still runs, once, in order, and the bytes written are those of an unpaced run.
 */
import { describe, expect, it } from 'vitest';
import { LineEditor, PAINT_MS, SLICE_MS, type EditorPacing, type EditorSession } from '../../../src/shell/line-editor/index';

function setup(pacing: EditorPacing, wait: (line: string) => Promise<void> | undefined = () => undefined) {
  const writes: string[] = [];
  /** How many lines had run at each write to the screen. */
  const writtenAt: number[] = [];
  const ran: string[] = [];
  const session = {
    prompt: '$ ', inputMode: 'normal' as const,
    // settles without leaving the task, as a command served from the store's cache does
    async submit(line: string) { ran.push(line); const w = wait(line); if (w) await w; editor.writeOutput(`${line.slice(5)}\n$ `); },
    async complete(line: string) { return { replaceFrom: line.length, candidates: [] }; },
    interrupt: () => false,
    async history() { return []; },
    async remember() {},
  } as unknown as EditorSession;
  const editor: LineEditor = new LineEditor({ write: (t) => { writes.push(t); writtenAt.push(ran.length); }, cols: () => 80 }, Promise.resolve(session), {}, pacing);
  return { editor, writes, writtenAt, ran };
}

/** A clock that advances 1 ms each time it is read: work "takes time" deterministically. */
const ticking = () => { let t = 0; return () => ++t; };

const paste = (n: number) => Array.from({ length: n }, (_, i) => `echo ${i + 1}`).join('\r') + '\r';

describe('pasting many lines', () => {
  it('yields to the event loop between slices, and runs every line in order', async () => {
    const t = setup({ now: ticking(), sliceMs: 10 });
    await t.editor.whenIdle();
    const seen: number[] = []; // how many lines had run each time a timer got its turn
    let ticking_ = true;
    const tick = () => { seen.push(t.ran.length); if (ticking_) setTimeout(tick, 0); };
    setTimeout(tick, 0);
    t.editor.feed(paste(2000));
    await t.editor.whenIdle();
    ticking_ = false;
    expect(t.ran).toEqual(Array.from({ length: 2000 }, (_, i) => `echo ${i + 1}`));
    // timers ran while the paste was in progress, many times
    const during = seen.filter((n) => n > 0 && n < 2000);
    expect(during.length).toBeGreaterThan(50);
  });

  it('does not yield while the work fits in a slice (typed keys run at once)', async () => {
    const t = setup({ now: () => 0 });
    await t.editor.whenIdle();
    let timer = false;
    setTimeout(() => { timer = true; }, 0);
    t.editor.feed(paste(300));
    await t.editor.whenIdle();
    expect(t.ran).toHaveLength(300);
    expect(timer).toBe(false); // the whole paste ran before the timer: no yield was needed
  });

  it('writes the same bytes paced or not', async () => {
    const paced = setup({ now: ticking(), sliceMs: 3 });
    const unpaced = setup({ now: () => 0 });
    for (const s of [paced, unpaced]) {
      await s.editor.whenIdle();
      s.editor.feed(paste(500));
      await s.editor.whenIdle();
    }
    expect(paced.writes.join('')).toBe(unpaced.writes.join(''));
    expect(paced.ran).toEqual(unpaced.ran);
  });

  it('has a slice far below the 100 ms long-task limit', () => {
    expect(SLICE_MS).toBeLessThanOrEqual(50);
  });
});

describe('what a big paste draws', () => {
  it('reaches the screen in a few writes, not one or more per line, with the same bytes', async () => {
    const batched = setup({ now: ticking(), sliceMs: 10 });
    const direct = setup({ now: () => 0 }); // never past a slice: drawn as it comes
    for (const s of [batched, direct]) {
      await s.editor.whenIdle();
      s.editor.feed(paste(2000));
      await s.editor.whenIdle();
    }
    expect(batched.writes.join('')).toBe(direct.writes.join(''));
    expect(direct.writes.length).toBeGreaterThanOrEqual(2000 * 2);
    // (PAINT_MS of real time rarely passes in this test: mostly the first slice's writes, then one)
    expect(batched.writes.length).toBeLessThan(200);
    expect(batched.writes.at(-1)).toMatch(/2000\n\$ $/);
    // and in pieces the terminal can parse between its breaks: about 4 KB, cut at line ends
    expect(Math.max(...batched.writes.map((w) => w.length))).toBeLessThan(4096 + 40);
    expect(batched.writes.slice(0, -1).filter((w) => w.length > 4096).every((w) => w.endsWith('\n'))).toBe(true);
  });

  it('shows progress every paint interval while the paste runs, also while a command waits', async () => {
    let release!: () => void;
    const t = setup({ now: ticking(), sliceMs: 5, paintMs: 10 }, (line) =>
      line === 'echo 600' ? new Promise<void>((r) => { release = r; }) : undefined);
    await t.editor.whenIdle();
    t.editor.feed(paste(1000));
    // line 600 waits: what the lines before it drew reaches the screen within a paint interval
    while (t.ran.length < 600) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 40));
    expect(t.ran).toHaveLength(600);
    expect(t.writes.join('')).toContain('599\n$ echo 600');
    release();
    await t.editor.whenIdle();
    expect(t.writtenAt.some((n) => n > 0 && n < 600)).toBe(true);
    expect(t.writes.join('')).toMatch(/1000\n\$ $/);
  });

  it('leaves a small paste and typed keys drawn at once', async () => {
    const t = setup({ now: ticking(), sliceMs: 10_000 });
    await t.editor.whenIdle();
    t.editor.feed('echo a');
    await t.editor.whenIdle();
    expect(t.writes.join('')).toBe('echo a');
    t.editor.feed('\r');
    await t.editor.whenIdle();
    expect(t.writes.join('')).toMatch(/^echo a\r?\na\n\$ $/);
  });

  it('paints well below the 100 ms long-task limit apart', () => {
    expect(PAINT_MS).toBeGreaterThan(SLICE_MS);
    expect(PAINT_MS).toBeLessThanOrEqual(100);
  });
});

describe('tokenizing a big paste', () => {
  it('plain runs come out as the character-by-character scan gave them', async () => {
    const { tokenize } = await import('../../../src/shell/line-editor/index');
    expect(tokenize('echo a\tb\r\necho ü😀\x01x\x7f\x1b[Dz\r')).toEqual([
      { kind: 'text', text: 'echo a b' }, { kind: 'enter' },
      { kind: 'text', text: 'echo ü😀' }, { kind: 'home' }, { kind: 'text', text: 'x' }, { kind: 'backspace' },
      { kind: 'left' }, { kind: 'text', text: 'z' }, { kind: 'enter' },
    ]);
    const big = Array.from({ length: 10_000 }, (_, i) => `echo line-${i + 1}`).join('\r') + '\r';
    const tokens = tokenize(big);
    expect(tokens).toHaveLength(20_000);
    expect(tokens[19_998]).toEqual({ kind: 'text', text: 'echo line-10000' });
  });
});
