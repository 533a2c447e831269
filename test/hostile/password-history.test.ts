/**
 * Issue 11, finding 10: passwords typed on a command line must not be kept in plaintext history,
 * neither in what is stored nor in what the editor keeps in memory, nor come back with ↑ or
 * Ctrl-R. Driven as the page does: the real console behind the line editor, every line typed.
 */
import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../src/shell/line-editor/index';
import { createConsole, type Console } from '../../src/shell/console';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { seededRng } from '../../src/crypto/rng';
import { PROGRAMS } from '../../src/commands/programs';
import { fakeClock, memoKdf } from '../support/transcript';
import { CMU_COMMANDS } from '../../src/commands/cmu/index';
import { PASSWORD_COMMANDS } from '../../src/commands/cmu/arg-tables';
import { secretArgTokens } from '../../src/commands/flags';
import { secretTokensAnywhere } from '../../src/commands/programs';

const UP = '\x1b[A';
const CTRL_R = '\x12';
const CTRL_U = '\x15';
const CTRL_G = '\x07';

async function page() {
  let screen = '';
  let editor!: LineEditor;
  const backend = createMemoryBackend();
  const session: Console = await createConsole({
    backend, rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS,
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
  return { editor, session, backend, type, reported, screen: () => screen, mark: () => screen.length };
}

/** Every password the lines below type. */
const SECRETS = /example_pwd|co12345|alice123|alice456|bobby123|quoted pw/;

describe('passwords on a command line (issue 11, finding 10)', () => {
  it('are masked in the stored and the in-memory history, and in what ↑ and Ctrl-R bring back', async () => {
    const p = await page();
    await p.type(
      // typed at the wrong prompt first (a learner's slip): the password is still typed
      'loginHSM -u CU -s example_user -p example_pwd',
      'loginHSM CO admin co12345',
      'key_mgmt_util',
      'loginHSM CO admin co12345',
      'loginHSM -u CU -s example_user -p example_pwd', 'logoutHSM',
      'loginHSM -u CU -p example_pwd -s example_user', 'logoutHSM',
      'loginHSM -u CU -s example_user -hpswd', 'example_pwd', 'logoutHSM',
      'loginHSM -u CU -s example_user -p "quoted pw"',
      'exit',
      'cloudhsm_mgmt_util',
      'loginHSM CO admin co12345',
      'createUser CU alice alice123', 'y',
      'changePswd CU alice alice456', 'y',
      'createUser CU bob -hpswd', 'bobby123', 'y',
      'logoutHSM',
      'loginHSM CO admin -hpswd', 'co12345',
      'loginH CO admin co12345',
      'loginHSM -u CU -s example_user -p example_pwd',
      'quit',
    );
    // the commands really ran (the passwords were right): the last login succeeded
    expect(p.screen()).toContain('loginHSM success on server 0');
    const stored = await p.session.history();
    const kept = [...p.editor.history];
    expect(kept).toContain('loginHSM -u CU -s example_user -p ********');
    expect(kept).toContain('loginHSM CO admin ********');
    expect(kept).toContain('createUser CU alice ********');
    expect(kept).toContain('changePswd CU alice ********');
    expect(kept).toContain('createUser CU bob -hpswd');
    expect(kept).toContain('loginHSM CO admin -hpswd');
    for (const line of [...stored, ...kept, ...p.reported]) expect(line).not.toMatch(SECRETS);
    expect(stored).toEqual(kept);

    // ↑ through the whole history: no recalled line shows a password
    let from = p.mark();
    for (let i = 0; i < kept.length; i++) {
      p.editor.feed(UP);
      await p.editor.whenIdle();
      expect(p.editor.line).not.toMatch(SECRETS);
    }
    expect(p.screen().slice(from)).not.toMatch(SECRETS);
    p.editor.feed(CTRL_U);

    // Ctrl-R for each command that carried one
    for (const q of ['loginHSM', 'createUser', 'changePswd', 'loginH ']) {
      from = p.mark();
      p.editor.feed(CTRL_R);
      p.editor.feed(q);
      p.editor.feed(CTRL_R);
      p.editor.feed(CTRL_R);
      p.editor.feed(CTRL_G);
      await p.editor.whenIdle();
      expect(p.screen().slice(from)).not.toMatch(SECRETS);
    }

  });

  it('the rule for a line typed at another prompt is cloudhsm_mgmt_util\'s own table, and masks no ordinary line', () => {
    const withSecret = CMU_COMMANDS.filter((c) => c.args?.some((a) => a.secret)).map((c) => c.name).sort();
    expect([...PASSWORD_COMMANDS.keys()].sort()).toEqual(withSecret);
    for (const c of CMU_COMMANDS) {
      const table = PASSWORD_COMMANDS.get(c.name);
      if (!table) continue;
      for (const t of [[c.name, 'CO', 'admin', 'pw123456'], [c.name, 'CU', 'u', '-hpswd'], [c.name, 'CU', 'u', 'pw123456', '-2fa', 'f']]) {
        expect(secretArgTokens(table, t)).toEqual(secretArgTokens(c.args!, t));
      }
    }
    for (const line of ['ls a b c', 'cat a b c', 'cd a b c', 'echo loginHSM CO admin x', 'genSymKey -t 31 -s 16 -l p', 'listUsers']) {
      expect(secretTokensAnywhere(line.split(' ')), line).toEqual([]);
    }
    expect(secretTokensAnywhere('LOGINHSM co admin pw123456'.split(' '))).toEqual([3]);
    expect(secretTokensAnywhere('loginhsm -u CU -s u -p pw123456'.split(' '))).toEqual([6]);
  });
});
