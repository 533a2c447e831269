/**
 * A line the engine writes while the learner is typing at a prompt (a damaged record met by the
 * page's view: Console.warn through Output.above) goes on a line of its own above the prompt, and
 * the prompt and the half-typed line are drawn again with the cursor where it was — the line is
 * never broken on the screen, and what the learner goes on typing joins it. (CI, WebKit: the
 * warning landed in the middle of `cat /home/notes.txt`, whose echo was then split over two rows.)
 */
import { describe, expect, it } from 'vitest';
import { KEY, mismatch, xtermEditor } from './xterm-screen';

const WARNING = 'warning: the stored record keys/cluster-1/0000009999 is damaged (field manageQuorum is missing or malformed);\nit is ignored and left untouched\n';

describe('a line from the engine while the learner types', () => {
  it('goes above the prompt; the half-typed line and its cursor come back, and typing goes on', async () => {
    const t = await xtermEditor();
    await t.type('cat /');
    t.editor.interject(WARNING);
    await t.type('');
    expect(mismatch(t, 'cat /', 'cat /')).toBe('');
    const b = t.term.buffer.active;
    const rows = Array.from({ length: b.length }, (_, y) => b.getLine(y)!.translateToString(true));
    const at = rows.findIndex((r) => r.startsWith('warning: the stored record'));
    expect(at).toBeGreaterThan(0);
    expect(rows[at - 1]).toBe('$ cat /'); // the line as it was, left above
    await t.type('home/notes.txt');
    expect(mismatch(t, 'cat /home/notes.txt', 'cat /home/notes.txt')).toBe('');
    await t.type(KEY.enter);
    expect(t.submitted).toEqual(['cat /home/notes.txt']);
  });

  it('keeps the cursor inside the line when it was not at the end', async () => {
    const t = await xtermEditor();
    await t.type('genSymKey -t 31', KEY.left, KEY.left, KEY.left);
    t.editor.interject('warning: something\n');
    await t.type('');
    expect(mismatch(t, 'genSymKey -t 31', 'genSymKey -t')).toBe('');
    await t.type('X');
    expect(mismatch(t, 'genSymKey -tX 31', 'genSymKey -tX')).toBe('');
  });

  it('returns what it showed besides the line (the transcript records it): the line, then the prompt', async () => {
    const t = await xtermEditor();
    await t.type('ls');
    expect(t.editor.interject('warning: x\n')).toBe('\nwarning: x\n$ ');
  });
});

describe('Console.warn', () => {
  it('at a prompt goes to Output.above (the terminal draws the typed line again); in a command it is output', async () => {
    const { initCrypto } = await import('../../../src/crypto/index');
    const { seededRng } = await import('../../../src/crypto/rng');
    const { PROGRAMS } = await import('../../../src/commands/programs');
    const { createMemoryBackend } = await import('../../../src/hsm/memory-backend');
    const { createConsole } = await import('../../../src/shell/console');
    const { fakeClock, memoKdf } = await import('../../support/transcript');
    await initCrypto();
    const backend = createMemoryBackend();
    const written: string[] = [];
    const above: string[] = [];
    const con = await createConsole({
      backend, rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS,
      output: { write: (t) => { written.push(t); }, clear: () => {}, above: (t) => { above.push(t); } },
    });
    await con.start();
    await con.submit('key_mgmt_util');
    await con.submit('loginHSM -u CU -s example_user -p example_pwd');
    const bad = (n: number) => ({ op: 'put' as const, store: 'keys' as const, value: { id: `cluster-1/000000000${n}`, rev: 1, cluster: 'cluster-1', handle: 'x', attrs: 1 } as never });
    await backend.commit([bad(7)], []);
    written.length = 0;
    await con.snapshot!(); // the page's view reads the store while the terminal waits at its prompt
    expect(above).toEqual(['warning: the stored record keys/cluster-1/0000000007 is damaged (field handle is missing or malformed); it is ignored and left untouched\n']);
    expect(written).toEqual([]);
    await backend.commit([bad(8)], []);
    await con.submit('findKey');
    expect(above).toHaveLength(1);
    expect(written.join('')).toMatch(/^warning: the stored record keys\/cluster-1\/0000000008 is damaged/);
  });
});
