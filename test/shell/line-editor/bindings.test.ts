/**
 * Every binding the README lists under "The page → Terminal", driven through the editor with a
 * fake screen and session: the buffer, the cursor, what is submitted and what is kept.
 */
import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS, LineEditor, type EditorSession } from '../../../src/shell/line-editor/index';

const KEY = {
  left: '\x1b[D', right: '\x1b[C', home: '\x1b[H', end: '\x1b[F', up: '\x1b[A', down: '\x1b[B', del: '\x1b[3~',
  bs: '\x7f', ctrlA: '\x01', ctrlE: '\x05', ctrlU: '\x15', ctrlK: '\x0b', ctrlW: '\x17', ctrlR: '\x12', ctrlC: '\x03',
  ctrlL: '\x0c', tab: '\t', enter: '\r', ctrlD: '\x04',
};

function setup(opts: { history?: string[]; candidates?: string[]; hidden?: () => boolean; eofLine?: string | null } = {}) {
  let screen = '';
  const submitted: string[] = [];
  const remembered: string[] = [];
  let interrupted = 0;
  let waiting = false;
  const session: EditorSession = {
    prompt: '$ ',
    get inputMode() { return opts.hidden?.() ? 'hidden' as const : 'normal' as const; },
    async submit(line) { submitted.push(line); editor.writeOutput('$ '); },
    async complete(line) {
      const word = line.slice(line.lastIndexOf(' ') + 1);
      const candidates = (opts.candidates ?? []).filter((c) => c.startsWith(word));
      return { replaceFrom: line.length - word.length, candidates };
    },
    interrupt() { if (!waiting) return false; interrupted++; waiting = false; return true; },
    async history() { return opts.history ?? []; },
    async remember(line) { remembered.push(line); },
    redact: (line) => line.replace(/-p \S+/, '-p ********'),
    eofLine: () => opts.eofLine ?? null,
  } as EditorSession;
  const editor = new LineEditor({ write: (t) => { screen += t; }, cols: () => 80 }, Promise.resolve(session));
  const type = async (...chunks: string[]) => {
    for (const c of chunks) editor.feed(c);
    await editor.whenIdle();
  };
  return { editor, type, submitted, remembered, screen: () => screen, setWaiting: () => { waiting = true; }, interrupts: () => interrupted };
}

describe('line editor bindings (README: The page → Terminal)', () => {
  it('←/→ and Home/End, Ctrl-A/E move the cursor; typing inserts at it', async () => {
    const t = setup();
    await t.type('abcd', KEY.left, KEY.left);
    expect(t.editor.cursor).toBe(2);
    await t.type('X');
    expect(t.editor.line).toBe('abXcd');
    await t.type(KEY.home);
    expect(t.editor.cursor).toBe(0);
    await t.type(KEY.end);
    expect(t.editor.cursor).toBe(5);
    await t.type(KEY.ctrlA, KEY.right);
    expect(t.editor.cursor).toBe(1);
    await t.type(KEY.ctrlE);
    expect(t.editor.cursor).toBe(5);
  });

  it('Ctrl-D deletes at the cursor; at an empty line it runs the program\'s end-of-input line, unechoed and not kept', async () => {
    const t = setup({ eofLine: 'quit' });
    await t.type('abc', KEY.left, KEY.left, KEY.ctrlD);
    expect(t.editor.line).toBe('ac');
    expect(t.submitted).toEqual([]);
    await t.type(KEY.ctrlE, KEY.ctrlU);
    expect(t.editor.line).toBe('');
    const before = t.screen();
    await t.type(KEY.ctrlD);
    expect(t.submitted).toEqual(['quit']);
    expect(t.remembered).toEqual([]);
    expect(t.screen().slice(before.length)).not.toContain('quit');
    const none = setup({ eofLine: null });
    await none.type(KEY.ctrlD);
    expect(none.submitted).toEqual([]);
    const hidden = setup({ eofLine: 'quit', hidden: () => true });
    await hidden.type(KEY.ctrlD);
    expect(hidden.submitted).toEqual([]);
  });

  it('Backspace deletes before the cursor, Delete at it', async () => {
    const t = setup();
    await t.type('abcd', KEY.left, KEY.bs);
    expect([t.editor.line, t.editor.cursor]).toEqual(['abd', 2]);
    await t.type(KEY.home, KEY.del);
    expect([t.editor.line, t.editor.cursor]).toEqual(['bd', 0]);
  });

  it('Ctrl-U kills the line before the cursor, Ctrl-K after it, Ctrl-W the word before it', async () => {
    const t = setup();
    await t.type('genSymKey -t 31', KEY.ctrlW);
    expect(t.editor.line).toBe('genSymKey -t ');
    await t.type(KEY.left, KEY.left, KEY.ctrlK);
    expect(t.editor.line).toBe('genSymKey -');
    await t.type(KEY.ctrlU);
    expect([t.editor.line, t.editor.cursor]).toEqual(['', 0]);
  });

  it('Enter submits the line and keeps it in the history; ↑/↓ walk the history', async () => {
    const t = setup({ history: ['ls'] });
    await t.type('pwd', KEY.enter);
    expect(t.submitted).toEqual(['pwd']);
    expect(t.remembered).toEqual(['pwd']);
    expect(t.editor.history).toEqual(['ls', 'pwd']);
    await t.type(KEY.up);
    expect(t.editor.line).toBe('pwd');
    await t.type(KEY.up);
    expect(t.editor.line).toBe('ls');
    await t.type(KEY.down);
    expect(t.editor.line).toBe('pwd');
    await t.type(KEY.down);
    expect(t.editor.line).toBe('');
  });

  it('the history keeps a password typed with -p redacted, in memory as in the store', async () => {
    const t = setup();
    await t.type('loginHSM -u CU -s u -p secret', KEY.enter);
    expect(t.submitted).toEqual(['loginHSM -u CU -s u -p secret']);
    expect(t.editor.history).toEqual(['loginHSM -u CU -s u -p ********']);
  });

  it('Ctrl-R searches the history backwards; Enter runs the match', async () => {
    const t = setup({ history: ['genSymKey -t 31 -s 16 -l a', 'ls', 'findKey'] });
    await t.type('x', KEY.ctrlU); // load the history first
    await t.type(KEY.ctrlR, 'gen');
    expect(t.screen()).toContain("(reverse-i-search)`gen'");
    await t.type(KEY.enter);
    expect(t.submitted).toEqual(['genSymKey -t 31 -s 16 -l a']);
  });

  it('Ctrl-C drops the line when nothing waits, and cancels a waiting read', async () => {
    const t = setup();
    await t.type('half a line', KEY.ctrlC);
    expect(t.editor.line).toBe('');
    expect(t.submitted).toEqual([]);
    t.setWaiting();
    await t.type(KEY.ctrlC);
    expect(t.interrupts()).toBe(1);
  });

  it('Ctrl-L clears the screen and keeps the line being edited', async () => {
    const t = setup();
    await t.type('keep me', KEY.ctrlL);
    expect(t.editor.line).toBe('keep me');
    expect(t.screen()).toMatch(/\x1b\[H|\x1b\[2J/);
  });

  it('a pasted block of lines runs line by line, in order', async () => {
    const t = setup();
    await t.type('ls\rpwd\recho hi\r');
    expect(t.submitted).toEqual(['ls', 'pwd', 'echo hi']);
  });

  it('Tab completes; a second Tab lists the choices', async () => {
    const t = setup({ candidates: ['genSymKey', 'genPBEKey', 'getAttribute'] });
    await t.type('genS', KEY.tab);
    expect(t.editor.line).toBe('genSymKey ');
    await t.type(KEY.ctrlU, 'ge', KEY.tab);
    expect(t.editor.line).toMatch(/^ge/);
    await t.type(KEY.tab);
    expect(t.screen()).toContain('genPBEKey');
    expect(t.screen()).toContain('getAttribute');
  });

  it('hidden input (a password read) is neither echoed nor kept', async () => {
    let hidden = true;
    const t = setup({ hidden: () => hidden });
    const before = t.screen();
    await t.type('s3cret', KEY.enter);
    hidden = false;
    expect(t.screen().slice(before.length)).not.toContain('s3cret');
    expect(t.submitted).toEqual(['s3cret']);
    expect(t.editor.history).toEqual([]);
    expect(t.remembered).toEqual([]);
  });

  it('control characters that are no binding are not inserted', async () => {
    const t = setup();
    await t.type('a\x00\x1b[99~\x1cb');
    expect(t.editor.line).toBe('ab');
  });

  it('a huge paste is kept whole and submitted as typed', async () => {
    const t = setup();
    const big = 'x'.repeat(20_000);
    await t.type(big, KEY.enter);
    expect(t.submitted).toEqual([big]);
  });

  it('the binding table holds every key the README lists', () => {
    const keys = new Set(KEY_BINDINGS.map((b) => b.key));
    for (const k of ['←', '→', 'Home', 'End', 'Ctrl-A', 'Ctrl-E', 'Backspace', 'Delete', 'Ctrl-U', 'Ctrl-K', 'Ctrl-W',
      '↑', '↓', 'Ctrl-R', 'Ctrl-C', 'Ctrl-L', 'Tab', 'Enter']) {
      expect(keys.has(k), k).toBe(true);
    }
  });
});
