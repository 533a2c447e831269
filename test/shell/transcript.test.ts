/**
 * Transcripts (issue 15, item 2): a terminal's recording — the real console behind the real line
 * editor, wired as src/ui/Terminal.svelte wires them — saved as plain text, Markdown and an
 * asciinema v2 cast. What the transcript shows is what the terminal showed, except that a password
 * is never in it (the one redaction rule; a hidden prompt's line not at all).
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/crypto/rng';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { PROGRAMS } from '../../src/commands/programs';
import { createConsole } from '../../src/shell/console';
import { LineEditor, type EditorSession } from '../../src/shell/line-editor/index';
import { Recorder, TRANSCRIPT_CAP } from '../../src/shell/transcript';
import { blocks, fence, longestBacktickRun, plainText, toCast, toMarkdown, toText } from '../../src/shell/transcript-formats';
import { REDACTED } from '../../src/shell/events';
import { fakeClock, memoKdf } from '../support/transcript';

/** A page terminal without the DOM: console, recorder, editor, a screen that keeps what it was sent, a clock we move. */
async function terminal() {
  let ms = 0;
  const rec = new Recorder(() => ms);
  let screen = '';
  let editor: LineEditor | undefined;
  const session = await createConsole({
    backend: createMemoryBackend(), rng: seededRng(7), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS,
    output: {
      write: (t) => { rec.add('o', t); editor?.writeOutput(t); },
      clear: () => { rec.add('x', ''); editor?.flush(); screen = ''; editor?.noteClear(); },
    },
  });
  // (as the page does: the editor exists before the session starts and writes its welcome)
  let ready!: (s: EditorSession) => void;
  editor = new LineEditor({ write: (t) => { screen += t; }, cols: () => 200 }, new Promise<EditorSession>((r) => { ready = r; }),
    { onSubmit: (line) => rec.add('i', line) });
  await session.start();
  ready(session);
  return {
    rec,
    screen: () => screen,
    /** Type keys `secondsLater` after the previous ones, and wait until they are handled. */
    async type(keys: string, secondsLater = 1) {
      ms += secondsLater * 1000;
      editor!.feed(keys);
      await editor!.whenIdle();
    },
  };
}

/** The published password of the default user is in the welcome text; these are not. */
const SECRET = 's3cret_not_published';
const HIDDEN = 's3cret_typed_hidden';

/** `s` with the last `a` replaced by `b`. */
const replaceLast = (s: string, a: string, b: string) => {
  const i = s.lastIndexOf(a);
  return i < 0 ? s : s.slice(0, i) + b + s.slice(i + a.length);
};

describe('the recording', () => {
  it('is what the terminal showed, typed passwords redacted; the hidden prompt\'s line is not in it at all', async () => {
    const t = await terminal();
    await t.type('key_mgmt_util\r');
    await t.type(`loginHSM -u CU -s example_user -p ${SECRET}\r`, 3);
    await t.type('loginHSM -u CU -s example_user -p example_pwd\r', 2);
    await t.type('genSymKey -t 31 -s 16 -l mykey\r', 2);
    await t.type('logoutHSM\r');
    await t.type('loginHSM -u CU -s example_user -hpswd\r');
    await t.type(`${HIDDEN}\r`, 2);
    await t.type('exit\r');

    const shown = plainText(t.screen());
    expect(shown).toContain(SECRET); // (typed in a command line, the terminal echoes it)
    expect(shown).not.toContain(HIDDEN);
    const text = toText(t.rec);
    // the transcript is the screen with the echoed passwords masked, and nothing else changed
    const login = 'Command: loginHSM -u CU -s example_user -p ';
    expect(text).toBe(replaceLast(replaceLast(shown, `${login}example_pwd\n`, `${login}${REDACTED}\n`), `${login}${SECRET}\n`, `${login}${REDACTED}\n`));
    expect(text).toContain('Key Created.');
    expect(text).toContain('Cfm3LoginHSM returned: 0x00');
    for (const out of [text, toMarkdown(t.rec), toCast(t.rec, { cols: 100, rows: 30 }), JSON.stringify(t.rec.pieces)]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(HIDDEN);
    }
    // the lines entered, as recorded: redacted, and '' for the hidden one
    expect(t.rec.pieces.filter((p) => p[1] === 'i').map((p) => p[2])).toEqual([
      'key_mgmt_util', `loginHSM -u CU -s example_user -p ${REDACTED}`, `loginHSM -u CU -s example_user -p ${REDACTED}`,
      'genSymKey -t 31 -s 16 -l mykey', 'logoutHSM', 'loginHSM -u CU -s example_user -hpswd', '', 'exit',
    ]);
  });

  it('a cast plays the same text with the recorded timing: header, events in time order, CR LF line ends', async () => {
    const t = await terminal();
    await t.type('echo one\r', 2);
    await t.type('echo two\r', 5);
    const cast = toCast(t.rec, { cols: 90, rows: 25, title: 'Terminal 1 (host shell)' }).split('\n');
    expect(cast.at(-1)).toBe(''); // ends with a newline
    const header = JSON.parse(cast[0]!) as Record<string, unknown>;
    expect(header).toEqual({ version: 2, width: 90, height: 25, timestamp: Math.floor(t.rec.started / 1000), env: { TERM: 'xterm-256color' },
      title: 'Terminal 1 (host shell)' });
    const events = cast.slice(1, -1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.every((e) => e.length === 3 && e[1] === 'o' && typeof e[0] === 'number' && typeof e[2] === 'string')).toBe(true);
    expect(events.map((e) => e[0])).toEqual([...events.map((e) => e[0])].sort((a, b) => a - b));
    const played = events.map((e) => e[2]).join('');
    expect(played).not.toMatch(/[^\r]\n/); // every line end as the terminal shows it
    expect(played.replace(/\r\n/g, '\n')).toBe(toText(t.rec));
    // "echo one" was typed 2 s in, "echo two" 5 s later: the cast says so
    const at = (s: string) => events.find((e) => e[2].startsWith(s))![0];
    expect(at('echo one')).toBe(2);
    expect(at('echo two')).toBe(7);
    expect(events.find((e) => e[2].startsWith('two'))![0]).toBe(7);
  });

  it('a line dropped by Ctrl-C is not in it; a clear is, as the erase sequences in the cast', async () => {
    const t = await terminal();
    await t.type('echo not run\x03');
    expect(plainText(t.screen())).toContain('echo not run^C');
    await t.type('clear\r');
    await t.type('echo after\r');
    const text = toText(t.rec);
    expect(text).not.toContain('not run');
    expect(text).toMatch(/\$ clear\n.*\$ echo after\nafter\n/);
    const cast = toCast(t.rec, { cols: 80, rows: 24 });
    expect(cast).toContain(JSON.stringify('\x1b[H\x1b[2J\x1b[3J'));
    // the cleared screen, as a player would show it: from the clear on
    const played = cast.split('\n').slice(1, -1).map((l) => (JSON.parse(l) as [number, string, string])[2]).join('');
    expect(plainText(played.slice(played.lastIndexOf('\x1b[3J')).replace(/\r\n/g, '\n'))).toMatch(/^.*\$ echo after\nafter\n/);
  });

  it('a line recalled from history is recorded redacted too, and the password it asks for not at all', async () => {
    const t = await terminal();
    await t.type('key_mgmt_util\r');
    await t.type(`loginHSM -u CU -s example_user -p ${SECRET}\r`);
    await t.type('\x1b[A\r'); // ↑: the masked login line, which asks for the password (console contract)
    await t.type(`${HIDDEN}\r`);
    expect(plainText(t.screen())).toContain(SECRET);
    for (const out of [toText(t.rec), JSON.stringify(t.rec.pieces)]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(HIDDEN);
    }
    expect(t.rec.pieces.filter((p) => p[1] === 'i').map((p) => p[2]).slice(-3)).toEqual([
      `loginHSM -u CU -s example_user -p ${REDACTED}`, `loginHSM -u CU -s example_user -p ${REDACTED}`, '']);
  });

  it('stops at its cap and says so in every format', () => {
    const rec = new Recorder(() => 0);
    rec.add('o', 'hello\n');
    rec.add('o', 'x'.repeat(TRANSCRIPT_CAP));
    rec.add('o', 'later\n');
    expect(rec.full).toBe(true);
    expect(rec.pieces).toHaveLength(1);
    expect(toText(rec)).toBe('hello\n[transcript cut here: it reached its size limit]\n');
    expect(toMarkdown(rec)).toContain('cut here');
    expect(toCast(rec, { cols: 80, rows: 24 })).toContain('cut here');
  });

  it('the editor tells it each line as shown: redacted, \'\' for a hidden line and for Ctrl-D\'s unechoed one', async () => {
    let mode: 'normal' | 'hidden' = 'normal';
    const rec = new Recorder(() => 0);
    const session = {
      get prompt() { return '> '; },
      get inputMode() { return mode; },
      async submit(line: string) { mode = line === 'ask' ? 'hidden' : 'normal'; editor.writeOutput('> '); },
      redact: (line: string) => line.replace('s3cret', REDACTED),
      eofLine: () => 'quit',
    } as EditorSession;
    const editor = new LineEditor({ write: () => {}, cols: () => 80 }, Promise.resolve(session), { onSubmit: (line) => rec.add('i', line) });
    for (const keys of ['ask\r', 's3cret\r', 'say s3cret\r', 'dropped\x03', '\x04', 'after\r']) {
      editor.feed(keys);
      await editor.whenIdle();
    }
    expect(rec.pieces.map((p) => p[2])).toEqual(['ask', '', `say ${REDACTED}`, '', 'after']);
  });
});

describe('the formats', () => {
  it('plain text has no terminal controls: escape sequences, CR, other C0 and C1 controls go; tabs and line ends stay', () => {
    expect(plainText('a\x1b[1;31mred\x1b[0m b\x1b]8;;http://x\x07link\x1b]8;;\x07\r\nnext\tcol\x07\x00\x9b\n')).toBe('ared blink\nnext\tcol\n');
    expect(plainText('progress 10%\rprogress 99%\n')).toBe('progress 99%\n');
  });

  it('Markdown fences each command with more backticks than any run inside it', async () => {
    const t = await terminal();
    await t.type('echo plain\r');
    await t.type('echo "a ``` b ````` c"\r');
    const md = toMarkdown(t.rec, 'Terminal 1 (host_shell) transcript');
    expect(md).toMatch(/^# Terminal 1 \(host\\_shell\) transcript\n/);
    const parts = blocks(t.rec);
    expect(parts.at(-2)).toMatch(/^\$ echo plain\nplain$/);
    expect(parts.at(-1)).toContain('a ``` b ````` c');
    expect(longestBacktickRun(parts.at(-1)!)).toBeGreaterThanOrEqual(5);
    expect(md).toContain(`\`\`\`console\n$ echo plain\nplain\n\`\`\`\n`);
    // six backticks around the block with a run of five: it cannot close early
    expect(md).toContain(`\n${'`'.repeat(6)}console\n$ echo "a`);
    // every fence closes with the same run that opened it
    const fences = [...md.matchAll(/^(`{3,})(console)?$/gm)].map((m) => m[1]);
    for (let i = 0; i < fences.length; i += 2) expect(fences[i + 1]).toBe(fences[i]);
    expect(fence('x')).toBe('```\nx\n```\n');
    expect(fence('`````` six')).toBe('```````\n`````` six\n```````\n');
  });
});
