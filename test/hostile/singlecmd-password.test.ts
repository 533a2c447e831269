/**
 * Issue 11 finding 10's redaction for the guide's single-command lines (issue 17): the password of
 * `key_mgmt_util singlecmd loginHSM … -p PWD COMMAND …` (by any path, after sudo) is masked in the
 * history and the event, and a recalled masked line asks for it instead of sending the mask.
 */
import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../src/shell/line-editor/index';
import { createConsole, type Console } from '../../src/shell/console';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { seededRng } from '../../src/crypto/rng';
import { PROGRAMS } from '../../src/commands/programs';
import { hostProgram } from '../../src/commands/host/program';
import { fakeClock, memoKdf } from '../support/transcript';

const UP = '\x1b[A';

async function page() {
  let screen = '';
  let editor!: LineEditor;
  const session: Console = await createConsole({
    backend: createMemoryBackend(), rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS,
    output: { write: (t) => editor.writeOutput(t), clear: () => {}, notice: () => {} },
  });
  let started!: () => void;
  const ready = new Promise<Console>((resolve) => { started = () => resolve(session); });
  editor = new LineEditor({ write: (t) => { screen += t; }, cols: () => 500 }, ready, { onCommand: () => {}, onBusy: () => {} });
  await session.start();
  started();
  const type = async (...lines: string[]) => {
    for (const l of lines) { editor.feed(l); editor.feed('\r'); await editor.whenIdle(); }
  };
  return { editor, session, type, screen: () => screen };
}

describe('singlecmd passwords', () => {
  it('the host program marks the -p value of each single-command line, by any path and after sudo', () => {
    const t = (line: string) => hostProgram.secretTokens(line.split(' '));
    expect(t('key_mgmt_util singlecmd loginHSM -u CU -s u -p pw123456 genSymKey -t 31 -s 16 -l k')).toEqual([8]);
    expect(t('/opt/cloudhsm/bin/key_mgmt_util Cfm3Util singlecmd loginHSM -u CU -p pw123456 -s u listUsers')).toEqual([7]);
    expect(t('sudo -u root key_mgmt_util singlecmd loginHSM -u CU -s u -p pw123456 listUsers')).toEqual([11]);
    // a -p of the second command is no password (genPBEKey's -pass is, by its own table)
    expect(t('key_mgmt_util singlecmd loginHSM -u CU -s u -p pw123456 findKey -l -p')).toEqual([8]);
    for (const line of ['key_mgmt_util', 'key_mgmt_util loginHSM -u CU -s u -p x', 'echo singlecmd loginHSM -p x', 'sudo echo -p x']) {
      expect(t(line), line).toEqual([]);
    }
  });

  it('is masked in the history and the event, and a recalled line asks for it', async () => {
    const p = await page();
    const lines: string[] = [];
    p.session.onEvent((e) => lines.push(e.line));
    await p.type('key_mgmt_util singlecmd loginHSM -u CU -s example_user -p example_pwd genSymKey -t 31 -s 16 -l k1');
    expect(p.screen()).toContain('Symmetric Key Created.');
    const masked = 'key_mgmt_util singlecmd loginHSM -u CU -s example_user -p ******** genSymKey -t 31 -s 16 -l k1';
    expect(lines).toEqual([masked]);
    expect(await p.session.history()).toEqual([masked]);
    expect(p.editor.history).toEqual([masked]);

    // ↑ brings the masked line back; Enter asks for the password, then runs it with the password
    p.editor.feed(UP);
    await p.editor.whenIdle();
    expect(p.editor.line).toBe(masked);
    const before = p.screen().length;
    p.editor.feed('\r');
    await p.editor.whenIdle();
    expect(p.screen().slice(before)).toContain('Enter password: ');
    await p.type('example_pwd');
    const after = p.screen().slice(before);
    expect(after).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
    expect(after.match(/Symmetric Key Created/g)).toHaveLength(1);
    expect(after).not.toContain('example_pwd');
    for (const l of [...(await p.session.history()), ...p.editor.history, ...lines]) expect(l).not.toContain('example_pwd');
  });
});
