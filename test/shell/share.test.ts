/**
 * Share links (issue 15, item 1): what the recorder keeps of typed lines (the redaction rule, the
 * published passwords, answers and hidden lines), the fragment's format (round trip, 64 kB cap,
 * strict parse: malformed, truncated, newer, unknown fields and `__proto__` refused), the escaped
 * display, a replay into a fresh playground that reaches the same state and asks for the
 * passwords the link leaves out, and the reader's input held while a replay types (Ctrl-C stops it).
 */
import { describe, expect, it } from 'vitest';
import { keepPublished, recordTyped, submitsDone, typedSteps, type Step } from '../../src/shell/share-record';
import { encodeShare, escapeLine, hasControl, parseShare, placeholders, replay, SHARE_CAP, SHARE_PREFIX, type ReplayTarget } from '../../src/shell/share';
import { REDACTED } from '../../src/shell/events';
import { openTerminal, type Terminal } from '../support/transcript';

const SETTINGS = { handles: 'realistic' as const, seed: null };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A replay target over a test terminal: "typing" submits the line, as the page's editor does. */
function target(t: Terminal): ReplayTarget {
  return {
    press: (data) => {
      if (data === '\x03') {
        t.session.interrupt();
        return;
      }
      void t.type(data.replace(/\r$/, ''));
    },
    inputMode: () => t.session.inputMode,
    done: () => submitsDone(t.session),
    submitted: async (n) => {
      while (submitsDone(t.session) < n) await new Promise((r) => setTimeout(r, 1));
    },
  };
}

describe('the recorder keeps lines after the redaction rule', () => {
  it('keepPublished gives back only the default users\' published passwords', () => {
    expect(REDACTED).toBe('********'); // (share-record.ts and share.ts spell the mask themselves)
    expect(keepPublished('createUser CU bob "my pwd"', `createUser CU bob ${REDACTED}`)).toBe(`createUser CU bob ${REDACTED}`);
    expect(keepPublished('loginHSM CO admin  co12345 ', `loginHSM CO admin  ${REDACTED} `)).toBe('loginHSM CO admin  co12345 ');
    expect(keepPublished('CLOUDHSM_PIN=admin:co12345 x', `CLOUDHSM_PIN=admin:${REDACTED} x`)).toBe('CLOUDHSM_PIN=admin:co12345 x');
    expect(keepPublished('CLOUDHSM_PIN=admin:secret1 x', `CLOUDHSM_PIN=admin:${REDACTED} x`)).toBe(`CLOUDHSM_PIN=admin:${REDACTED} x`);
    expect(keepPublished('loginHSM -u CU -s example_user -p example_pwd', `loginHSM -u CU -s example_user -p ${REDACTED}`))
      .toBe('loginHSM -u CU -s example_user -p example_pwd');
    expect(keepPublished('loginHSM -u CU -s bob -p s3cret!', `loginHSM -u CU -s bob -p ${REDACTED}`)).toBe(`loginHSM -u CU -s bob -p ${REDACTED}`);
    expect(keepPublished('loginHSM CO admin "co12345"', `loginHSM CO admin ${REDACTED}`)).toBe('loginHSM CO admin "co12345"');
    expect(keepPublished('login --password=co12345', `login --password=${REDACTED}`)).toBe('login --password=co12345');
    expect(keepPublished('login --password=co123456', `login --password=${REDACTED}`)).toBe(`login --password=${REDACTED}`);
    // a password that merely contains a published one is not published
    expect(keepPublished('loginHSM -u CU -s bob -p xexample_pwd', `loginHSM -u CU -s bob -p ${REDACTED}`)).toBe(`loginHSM -u CU -s bob -p ${REDACTED}`);
    expect(keepPublished('ls', 'ls')).toBe('ls');
  });

  it('records command lines masked, answers to y/n questions, hidden lines as placeholders; a reset starts over', async () => {
    const t = await openTerminal();
    recordTyped(t.session);
    await t.type('cloudhsm_mgmt_util');
    await t.type('loginHSM CO admin co12345');
    await t.type('createUser CU bob password1');
    expect(t.session.inputMode).toBe('normal'); // a y/n question
    await t.type('y');
    await t.type('quit');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s bob -hpswd');
    expect(t.session.inputMode).toBe('hidden');
    await t.type('password1');
    await t.type('logoutHSM');
    await t.type('loginHSM -u CU -s example_user -hpswd');
    await t.type('example_pwd');
    const steps = typedSteps(t.session)!;
    expect(steps).toEqual([
      ['c', 'cloudhsm_mgmt_util'],
      ['c', 'loginHSM CO admin co12345'],
      ['c', `createUser CU bob ${REDACTED}`],
      ['a', 'y'],
      ['c', 'quit'],
      ['c', 'key_mgmt_util'],
      ['c', 'loginHSM -u CU -s bob -hpswd'],
      ['p'],
      ['c', 'logoutHSM'],
      ['c', 'loginHSM -u CU -s example_user -hpswd'],
      ['p', 'example_pwd'],
    ]);
    expect(JSON.stringify(steps)).not.toContain('password1');
    expect(placeholders(steps)).toEqual([2, 7]);
    expect(submitsDone(t.session)).toBe(11);
    await t.session.reset();
    expect(typedSteps(t.session)).toEqual([]);
  });

  it('a question cancelled with Ctrl-C is recorded, so the next line is a command again', async () => {
    const t = await openTerminal();
    recordTyped(t.session);
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -hpswd');
    expect(t.session.interrupt()).toBe(true);
    await t.type('exit');
    expect(typedSteps(t.session)).toEqual([['c', 'key_mgmt_util'], ['c', 'loginHSM -u CU -s example_user -hpswd'], ['x'], ['c', 'exit']]);
  });
});

describe('the fragment', () => {
  const steps: Step[] = [['c', 'key_mgmt_util'], ['c', `loginHSM -u CU -s bob -p ${REDACTED}`], ['a', 'y'], ['p'], ['p', 'co12345'], ['x']];

  it('round-trips settings and steps (UTF-8 included)', () => {
    const all: Step[] = [...steps, ['c', 'echo "héllo ✓ 鍵"']];
    const f = encodeShare({ handles: 'simple', seed: 42 }, all)!;
    expect(f.startsWith(SHARE_PREFIX)).toBe(true);
    expect(f.slice(SHARE_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseShare(f)).toEqual({ ok: true, share: { v: 1, settings: { handles: 'simple', seed: 42 }, steps: all } });
  });

  it('is capped at 64 kB: a longer session makes no link, and a longer fragment is not read', () => {
    const long: Step[] = Array.from({ length: 400 }, (_, i) => ['c', `echo ${'x'.repeat(200)} ${i}`]);
    expect(encodeShare(SETTINGS, long)).toBeNull();
    const fits: Step[] = long.slice(0, 100);
    expect(encodeShare(SETTINGS, fits)!.length).toBeLessThanOrEqual(SHARE_CAP);
    const parsed = parseShare(SHARE_PREFIX + 'A'.repeat(SHARE_CAP));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.why).toMatch(/longer than 64 kB/);
  });

  const refused = (fragment: string, why: RegExp) => {
    const r = parseShare(fragment);
    expect(r.ok, fragment.slice(0, 80)).toBe(false);
    if (!r.ok) expect(r.why).toMatch(why);
  };

  it('refuses a malformed, a truncated, a newer-version and a prototype-polluting link, with a reason', () => {
    const good = encodeShare(SETTINGS, steps)!;
    refused(good.slice(0, good.length - 7), /damaged|cut short/);
    refused(SHARE_PREFIX + 'not base64!', /damaged/);
    refused(SHARE_PREFIX + b64('{"v":1,'), /damaged|cut short/);
    refused(SHARE_PREFIX + b64('[1,2]'), /does not hold a session/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 2, settings: SETTINGS, steps: [] })), /newer version/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 0, settings: SETTINGS, steps: [] })), /unknown version/);
    refused(SHARE_PREFIX + b64('{"v":1,"settings":{"handles":"simple","seed":null},"steps":[],"__proto__":{"polluted":true}}'), /unknown version or fields/);
    refused(SHARE_PREFIX + b64('{"v":1,"settings":{"handles":"simple","seed":null,"__proto__":{"x":1}},"steps":[]}'), /settings/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: SETTINGS, steps: [], extra: 1 })), /fields/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: { handles: 'odd', seed: null }, steps: [] })), /settings/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: { handles: 'simple', seed: -1 }, steps: [] })), /settings/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: { handles: 'simple', seed: 1.5 }, steps: [] })), /settings/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: SETTINGS, steps: [['c', 'ls'], ['z', 'ls']] })), /line 2/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: SETTINGS, steps: [['c', 5]] })), /line 1/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: SETTINGS, steps: [['x', 'y']] })), /line 1/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: SETTINGS, steps: [['c', 'x'.repeat(16 * 1024 + 1)]] })), /line 1/);
    refused(SHARE_PREFIX + b64(JSON.stringify({ v: 1, settings: SETTINGS, steps: 'ls' })), /lines/);
    // invalid UTF-8 is damage, not text
    refused(SHARE_PREFIX + Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url'), /damaged/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('shows lines with every control and direction character escaped; a link holding one is not replayed', async () => {
    expect(escapeLine('ls\x1b[2J\r\nrm x\u202eevil\\')).toBe('ls\\x1b[2J\\x0d\\x0arm x\\u202eevil\\\\');
    expect(escapeLine('echo ok')).toBe('echo ok');
    const bad: Step[] = [['c', 'echo a\rrm -r x']];
    expect(hasControl(bad)).toBe(true);
    expect(hasControl(steps)).toBe(false);
    const t = await openTerminal();
    recordTyped(t.session);
    expect(await replay(bad, new Map(), target(t))).toMatch(/control characters/);
    expect(submitsDone(t.session)).toBe(0);
  });
});

describe('a replay into a fresh playground', () => {
  it('reaches the sharer\'s state, asking for the masked passwords; the link never carries them', async () => {
    const a = await openTerminal({ seed: 7 });
    recordTyped(a.session);
    const lines = ['cloudhsm_mgmt_util', 'loginHSM CO admin co12345', 'createUser CU bob password1', 'y', 'quit', 'key_mgmt_util',
      'loginHSM -u CU -s bob -p password1', 'genSymKey -t 31 -s 16 -l shared-key', 'findKey -l shared-key'];
    for (const l of lines) await a.type(l);
    const fragment = encodeShare(SETTINGS, typedSteps(a.session)!)!;
    expect(Buffer.from(fragment.slice(SHARE_PREFIX.length), 'base64url').toString()).not.toContain('password1');
    const parsed = parseShare(fragment);
    if (!parsed.ok) throw new Error(parsed.why);
    const asked = placeholders(parsed.share.steps);
    expect(asked.map((i) => parsed.share.steps[i])).toEqual([['c', `createUser CU bob ${REDACTED}`], ['c', `loginHSM -u CU -s bob -p ${REDACTED}`]]);

    const b = await openTerminal({ seed: 7 });
    recordTyped(b.session);
    const seen: number[] = [];
    const why = await replay(parsed.share.steps, new Map(asked.map((i) => [i, 'password1'])), target(b), { progress: (i) => seen.push(i) });
    expect(why).toBeNull();
    expect(seen.at(-1)).toBe(parsed.share.steps.length);
    // the same key (handle, label, owner, KCV) and the same user, made again from the lines
    const keys = async (t: Terminal) => (await t.session.snapshot()).keys.map((k) => [k.handle, k.label, k.ownerName, k.kcv, k.sharedNames]);
    expect(await keys(b)).toEqual(await keys(a));
    expect((await keys(b)).map((k) => k[1])).toEqual(['shared-key']);
    expect((await b.session.snapshot()).user).toEqual((await a.session.snapshot()).user);
    expect(await b.type('findKey -l shared-key')).toBe(await a.type('findKey -l shared-key'));
    // the replay's own lines are recorded too (the visitor may share again), still without the password
    expect(JSON.stringify(typedSteps(b.session))).not.toContain('password1');
  });

  it('a wrong password is typed where asked and the replay goes on (the login fails as it would)', async () => {
    const steps: Step[] = [['c', 'key_mgmt_util'], ['c', `loginHSM -u CU -s example_user -p ${REDACTED}`], ['c', 'findKey']];
    const t = await openTerminal();
    recordTyped(t.session);
    expect(await replay(steps, new Map([[1, 'wrong-pwd']]), target(t))).toBeNull();
    expect(t.screen()).toContain('Enter password: \n'); // asked, typed hidden
    expect(t.screen()).not.toContain('wrong-pwd');
    expect((await t.session.snapshot()).user).toBeNull(); // the login failed, as it would have
    expect(t.screen()).toMatch(/Command: findKey\n/); // and the replay went on
  });

  it('empties the line at the prompt once, after the settings and before the first line (what the reader had typed never starts it)', async () => {
    const steps: Step[] = [['c', 'echo one'], ['c', 'echo two']];
    const t = await openTerminal();
    recordTyped(t.session);
    const seen: string[] = [];
    const base = target(t);
    const why = await replay(steps, new Map(), {
      ...base,
      press: (data) => { seen.push(`press ${JSON.stringify(data)}`); base.press(data); },
      clearLine: () => seen.push('clear'),
    }, { before: async () => { seen.push('before'); } });
    expect(why).toBeNull();
    expect(seen).toEqual(['before', 'clear', 'press "echo one\\r"', 'press "echo two\\r"']);
  });

  it('ends, saying so, when its terminal is closed while a line runs (the wait for that line does not go on for ever)', async () => {
    const steps: Step[] = [['c', 'echo one'], ['c', 'echo two'], ['c', 'echo three']];
    const t = await openTerminal();
    recordTyped(t.session);
    const base = target(t);
    let waits = 0;
    const closing: ReplayTarget = {
      ...base,
      // the second line "is typed" as the reader closes the terminal's tab: it never finishes
      press: (data) => (data.startsWith('echo two') ? void t.session.close() : base.press(data)),
      gone: () => t.session.closed,
      submitted: async (n) => {
        waits++;
        while (submitsDone(t.session) < n && !t.session.closed) await new Promise((r) => setTimeout(r, 1));
      },
    };
    expect(await replay(steps, new Map(), closing)).toBe('The replay stopped after 2 of 3 lines: its terminal was closed.');
    expect(waits).toBe(2);
    expect(t.screen()).not.toContain('three');
    // without the check the second wait would never end: the same target, not told the terminal is gone
    // (nothing is typed into the closed terminal; the control's wait is given up after the race, and it then ends)
    let giveUp = false;
    const control = replay(steps, new Map(), {
      ...closing, gone: undefined, press: () => {},
      submitted: async (n) => { while (!giveUp && submitsDone(t.session) < n) await new Promise((r) => setTimeout(r, 1)); },
    });
    const stuck = await Promise.race([control.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still waiting'), 200))]);
    giveUp = true;
    await control;
    expect(stuck).toBe('still waiting');
  });

  it('stops, never typing a password as a command, when the playground does not ask for one there', async () => {
    const steps: Step[] = [['c', 'ls'], ['p', 'never-typed-pwd'], ['c', 'ls']];
    const t = await openTerminal();
    recordTyped(t.session);
    expect(await replay(steps, new Map(), target(t))).toMatch(/line 2.*did not ask for a password/);
    expect(submitsDone(t.session)).toBe(1);
    expect(t.screen()).not.toContain('never-typed-pwd');
    expect(t.screen().endsWith('$ ls\n$ ')).toBe(true);
  });
});

/**
 * The page's terminal in small (src/ui/Terminal.svelte over the line editor): the replay's press()
 * and the reader's keys both go into one line being typed, submitted at Enter — unless the reader's
 * input is held (the replay's gate takes it).
 */
function terminalWithReader(t: Terminal) {
  let line = '';
  let queue = Promise.resolve();
  const failures: unknown[] = [];
  let gate: ((data: string) => void) | null = null;
  const holds: string[] = [];
  const feed = (data: string) => {
    for (const ch of data) {
      if (ch === '\r') {
        const l = line;
        line = '';
        queue = queue.then(() => t.type(l)).then(() => {}, (e: unknown) => void failures.push(e));
      } else if (ch === '\x03') {
        line = '';
        t.session.interrupt();
      } else line += ch;
    }
  };
  const replayTarget: ReplayTarget = {
    ...target(t),
    press: feed,
    hold: (to) => {
      gate = to;
      holds.push(to ? 'held' : 'given back');
    },
  };
  return { reader: (data: string) => (gate ? gate(data) : feed(data)), target: replayTarget, holds, failures, idle: () => queue };
}

describe('the reader\'s input while a replay types', () => {
  it('keys, a paste and on-screen keys typed during a replay reach no command line; afterwards the terminal takes them again', async () => {
    const steps: Step[] = [['c', 'key_mgmt_util'], ['c', 'loginHSM -u CU -s example_user -p example_pwd'], ['c', 'genSymKey -t 31 -s 16 -l replayed'], ['c', 'exit']];
    const t = await openTerminal();
    recordTyped(t.session);
    const page = terminalWithReader(t);
    const blocked: number[] = [];
    const why = await replay(steps, new Map(), page.target, {
      before: async () => page.reader('typed-before '),
      progress: (i) => {
        if (i >= steps.length) return;
        page.reader('zz'); // keys
        page.reader('pasted\rlines '); // a paste, Enter in it
        page.reader('\x1b[A'); // the on-screen Up key
      },
      blocked: (i) => blocked.push(i),
    });
    expect(why).toBeNull();
    expect(page.failures).toEqual([]);
    // exactly the link's lines were typed; not one key of the reader's is in any of them
    expect(typedSteps(t.session)).toEqual(steps);
    expect(t.screen()).not.toMatch(/zz|pasted|lines|typed-before/);
    expect(t.screen()).toMatch(/Command: genSymKey -t 31 -s 16 -l replayed\n[\s\S]*Key Handle: \d+/);
    // the page heard of every held key (to say so), with the line being typed
    expect(blocked).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(page.holds).toEqual(['held', 'given back']);
    // the replay is over: what the reader types runs
    page.reader('echo typed-after\r');
    await page.idle();
    expect(t.screen()).toMatch(/\$ echo typed-after\ntyped-after\n\$ $/);
  });

  it('Ctrl-C stops the replay: the input is given back, the Ctrl-C reaches the terminal (the running command stops), no further line is typed', async () => {
    const pressed: string[] = [];
    let done = 0;
    let waiters: Array<() => void> = [];
    const finish = () => {
      done++;
      for (const w of waiters.splice(0)) w();
    };
    let gate: ((data: string) => void) | null = null;
    const holds: string[] = [];
    const stopsCommand = { yes: true };
    const target: ReplayTarget = {
      // 'quick' finishes at once; 'slow' runs until a Ctrl-C stops it (when stopsCommand.yes)
      press: (d) => {
        pressed.push(d);
        if (d === 'quick\r' || (d === '\x03' && stopsCommand.yes)) finish();
      },
      inputMode: () => 'normal',
      done: () => done,
      submitted: (n) => new Promise<void>((resolve) => {
        const check = () => (done >= n ? resolve() : void waiters.push(check));
        check();
      }),
      hold: (to) => {
        gate = to;
        holds.push(to ? 'held' : 'given back');
      },
    };
    const steps: Step[] = [['c', 'quick'], ['c', 'slow'], ['c', 'never-typed']];
    const blocked: number[] = [];
    const running = replay(steps, new Map(), target, { blocked: (i) => blocked.push(i) });
    await new Promise((r) => setTimeout(r, 5));
    expect(pressed).toEqual(['quick\r', 'slow\r']);
    gate!('abc');
    gate!('\x03'); // the keyboard's Ctrl-C, or the on-screen ^C
    expect(gate).toBeNull(); // (the input is given back at once: a second Ctrl-C is the terminal's own)
    expect(await running).toBe('The replay was stopped with Ctrl-C after 2 of 3 lines; the rest were not typed.');
    expect(pressed).toEqual(['quick\r', 'slow\r', '\x03']);
    expect(blocked).toEqual([1]);
    expect(holds).toEqual(['held', 'given back']);

    // a command that goes on after Ctrl-C: the input is given back at once, nothing more is typed,
    // and the replay ends when that command does
    pressed.length = 0;
    holds.length = 0;
    done = 0;
    waiters = [];
    stopsCommand.yes = false;
    let ended = false;
    const again = replay(steps, new Map(), target).finally(() => (ended = true));
    await new Promise((r) => setTimeout(r, 5));
    gate!('x\x03');
    expect(holds).toEqual(['held', 'given back']);
    await new Promise((r) => setTimeout(r, 5));
    expect(ended).toBe(false);
    finish(); // ('slow' ends)
    expect(await again).toMatch(/stopped with Ctrl-C after 2 of 3 lines/);
    expect(pressed).toEqual(['quick\r', 'slow\r', '\x03']);
  });
});
