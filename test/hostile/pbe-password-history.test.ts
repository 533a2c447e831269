/**
 * A same-class leftover of issue 11, finding 10: genPBEKey had no flag table, so a password given
 * to it (`genPBEKey -l k -p secret …`) was kept in plaintext history. Its table marks the password
 * flag secret; the one redaction rule then masks it in what is stored and kept in memory, in what
 * ↑ brings back and what the page is told — at key_mgmt_util's prompt and, typed at the wrong
 * prompt, at the shell's. The table is not shown by `genPBEKey -h` (the spec gives it no syntax:
 * kmu-commands.md §3.7, G-28) and every invocation is still refused with 0xb3.
 */
import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../src/shell/line-editor/index';
import { createConsole, type Console } from '../../src/shell/console';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { seededRng } from '../../src/crypto/rng';
import { PROGRAMS, secretTokensAnywhere } from '../../src/commands/programs';
import { kmuProgram } from '../../src/commands/kmu/program';
import { fakeClock, memoKdf } from '../support/transcript';

const UP = '\x1b[A';
const SECRET = /pbe_pass_1|pbe pass 2|pbe_pass_3|pbe_pass_4/;

async function page() {
  let screen = '';
  let editor!: LineEditor;
  const session: Console = await createConsole({
    backend: createMemoryBackend(), rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS,
    output: { write: (t) => editor.writeOutput(t), clear: () => {}, notice: () => {} },
  });
  let started!: () => void;
  const ready = new Promise<Console>((resolve) => { started = () => resolve(session); });
  const reported: string[] = [];
  editor = new LineEditor({ write: (t) => { screen += t; }, cols: () => 500 }, ready, {
    onCommand: (line) => { reported.push(line); },
    onBusy: (line) => { if (line !== null) reported.push(line); },
  });
  await session.start();
  started();
  const type = async (...lines: string[]) => {
    for (const l of lines) { editor.feed(l); editor.feed('\r'); await editor.whenIdle(); }
  };
  return { editor, session, type, reported, screen: () => screen };
}

describe('genPBEKey passwords in history (issue 11, same class as finding 10)', () => {
  it('are masked in the stored and in-memory history, in ↑ and in what the page is told', async () => {
    const p = await page();
    await p.type(
      'genPBEKey -l pbe -p pbe_pass_1 -s salt -i 10', // at the shell's prompt: a slip, still a password
      'key_mgmt_util',
      'loginHSM -u CU -s example_user -p example_pwd',
      'genPBEKey -l pbe -p "pbe pass 2" -s salt -i 10',
      'genpbekey -pwd pbe_pass_3',
      'genPBEKey -password pbe_pass_4 -l x',
    );
    // still refused by the FIPS policy, whatever the flags
    expect(p.screen().match(/Cfm3GeneratePBEKey returned: 0xb3/g)).toHaveLength(3);
    const stored = await p.session.history();
    const kept = [...p.editor.history];
    expect(kept).toContain('genPBEKey -l pbe -p ******** -s salt -i 10');
    expect(kept).toContain('genpbekey -pwd ********');
    expect(kept).toContain('genPBEKey -password ******** -l x');
    for (const line of [...stored, ...kept, ...p.reported]) expect(line).not.toMatch(SECRET);
    expect(stored).toEqual(kept);
    for (let i = 0; i < kept.length; i++) {
      p.editor.feed(UP);
      await p.editor.whenIdle();
      expect(p.editor.line).not.toMatch(SECRET);
    }
    expect(secretTokensAnywhere(['genPBEKey', '-l', 'x', '-p', 'pw'])).toEqual([4]);
    expect(kmuProgram.secretTokens(['genPBEKey', '-p', 'pw'])).toEqual([2]);
  });

  it('genPBEKey -h still shows only its syntax line, and Tab offers no flags the spec does not give it', async () => {
    const p = await page();
    await p.type('key_mgmt_util');
    const from = p.screen().length;
    await p.type('genPBEKey -h');
    expect(p.screen().slice(from)).not.toMatch(/-p|-l|password/);
    for (const before of [['genPBEKey'], ['genPBEKey', '-l', 'x'], ['genPBEKey', '-p', 'x']]) {
      expect((await kmuProgram.complete!(before, '-')).words, before.join(' ')).toEqual([]);
    }
  });
});
