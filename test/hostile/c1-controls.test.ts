/**
 * Issue 11, finding 9: C1 control characters (U+0080–U+009F, which xterm parses: U+009B is CSI)
 * reached the terminal. The editor drops them like C0; everything the engine prints — `ls` and
 * other listings of stored names, the prompt (a cwd), errors that echo a typed word (command not
 * found, KMU/CMU invalid command, file-name errors), completion listings — shows control
 * characters in `cat -v` notation, as `cat` does; OSC 8 links never leave the page's origin.
 */
import { describe, expect, it } from 'vitest';
import { LineEditor, tokenize, type EditorSession } from '../../src/shell/line-editor/index';
import { printableText } from '../../src/commands/program';
import { safeText } from '../../src/commands/host/display';
import { sameOriginLink } from '../../src/ui/links';
import { openTerminal } from '../support/transcript';

/** What must never reach the terminal: C0 but newline, DEL, C1. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const CSI = '\u009b';
const ERASE = `${CSI}3J${CSI}2J`; // erase scrollback and screen
const NAME = `x${ERASE}y`;
const SHOWN = 'xM-BM-^[3JM-BM-^[2Jy'; // as cat -v shows the UTF-8 bytes C2 9B

describe('C1 controls (issue 11, finding 9)', () => {
  it('the editor drops C1 characters from typed or pasted text, like C0', () => {
    expect(tokenize(`echo a${CSI}2J\u0085b\u009d8;;http://evil.example/\u009c`)).toEqual([
      { kind: 'text', text: 'echo a2Jb8;;http://evil.example/' },
    ]);
  });

  it('names are escaped as cat escapes a file holding them', () => {
    expect(printableText(NAME)).toBe(SHOWN);
    expect(safeText(new TextEncoder().encode(NAME))).toBe(SHOWN);
    expect(printableText('plain text, é → ✓\n\tnext')).toBe('plain text, é → ✓\n\tnext');
  });

  it('ls, the prompt and host errors show stored names and typed words without their controls', async () => {
    const t = await openTerminal();
    expect(await t.type(`mkdir ${NAME}`)).toBe('');
    const ls = await t.type('ls');
    expect(ls).toContain(SHOWN);
    expect(ls).not.toMatch(CONTROL);
    expect(await t.type(`ls -l`)).not.toMatch(CONTROL);
    await t.type(`cd ${NAME}`);
    expect(await t.type('pwd')).toContain(SHOWN);
    expect(t.session.prompt).not.toMatch(CONTROL);
    await t.type('cd');
    for (const line of [`${NAME}`, `cat ${NAME}.txt`, `rm ${NAME}.txt`, `cd ${NAME}.d`, `xxd ${NAME}`, `hexdump ${NAME}`, `mkdir ${NAME}`]) {
      const out = await t.type(line);
      expect(out, line).not.toMatch(CONTROL);
    }
    expect(await t.type(NAME)).toBe(`${SHOWN}: command not found\n`);
  });

  it('key_mgmt_util and cloudhsm_mgmt_util echo a typed word without its controls', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    for (const line of [NAME, `genSymKey -t 31 -s 16 -l ${NAME}`, `importPrivateKey -f ${NAME} -l a`, `wrapKey -k 6 -w 7 -out ${NAME}/x`, `findKey -c ${NAME}`]) {
      const out = await t.type(line);
      expect(out, line).not.toMatch(CONTROL);
    }
    expect(await t.type(NAME)).toContain(SHOWN);
    await t.type('exit');
    await t.type('cloudhsm_mgmt_util');
    for (const line of [NAME, `loginHSM CO ${NAME} x`, `getAttribute 6 ${NAME}`, `help ${NAME}`]) {
      const out = await t.type(line);
      expect(out, line).not.toMatch(CONTROL);
    }
    expect(await t.type(NAME)).toContain(SHOWN);
  });

  it('a completion listing shows stored names escaped; a completed or recalled name brings no control into the line', async () => {
    let screen = '';
    let editor!: LineEditor;
    const names = [`a1${ERASE}`, `a2${ERASE}`, `b${ERASE}`];
    const session = {
      prompt: '$ ', inputMode: 'normal',
      async submit() { editor.writeOutput('$ '); },
      async complete(line: string) {
        const word = line.slice(line.lastIndexOf(' ') + 1);
        return { replaceFrom: line.length - word.length, candidates: names.filter((n) => n.startsWith(word)) };
      },
      interrupt: () => false,
      async history() { return [`cat ${NAME}`]; },
      async remember() {},
      redact: (l: string) => l,
    } as unknown as EditorSession;
    editor = new LineEditor({ write: (t) => { screen += t; }, cols: () => 80 }, Promise.resolve(session));
    editor.feed('cat a');
    editor.feed('\t');
    editor.feed('\t');
    editor.feed('\t');
    await editor.whenIdle();
    expect(screen).toContain('a1M-BM-^[3JM-BM-^[2J');
    expect(screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).not.toMatch(/[\u0080-\u009f]/);
    editor.feed('\x15cat b');
    editor.feed('\t');
    await editor.whenIdle();
    expect(editor.line).toBe('cat b3J2J ');
    editor.feed('\x15cat a\u0085');
    editor.feed('\x1b[A');
    await editor.whenIdle();
    expect(editor.line).toBe('cat x3J2Jy');
    editor.feed('\x15\x12cat');
    editor.feed('\x1b[C');
    await editor.whenIdle();
    expect(editor.line).toBe('cat x3J2Jy');
    expect(screen).not.toMatch(/[\u0080-\u009f]/);
  });

  it('an OSC 8 link is followed only to the page\'s own origin', () => {
    const origin = 'https://playground.example';
    expect(sameOriginLink('https://playground.example/docs/x.html', origin)).toBe(true);
    expect(sameOriginLink('/docs/x.html', origin)).toBe(true);
    expect(sameOriginLink('https://evil.example/', origin)).toBe(false);
    expect(sameOriginLink('//evil.example/', origin)).toBe(false);
    expect(sameOriginLink('javascript:alert(1)', origin)).toBe(false);
    expect(sameOriginLink('http://playground.example/', origin)).toBe(false);
  });
});
