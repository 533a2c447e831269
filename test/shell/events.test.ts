/**
 * The console's public contract (issue 9): it dispatches to registered programs and knows none,
 * every line gives one structured event, and the one redaction rule keeps passwords out of
 * events and history — a recalled masked line asks for the password.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/crypto/rng';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { Program } from '../../src/commands/program';
import type { ProgramRegistry } from '../../src/commands/programs';
import { createConsole } from '../../src/shell/console';
import { CommandEvents, REDACTED, redactLine, tokenSpans, touchedKeys, type CommandEvent } from '../../src/shell/events';
import { tokenize } from '../../src/commands/tokenize';
import { fakeClock, memoKdf, openTerminal } from '../support/transcript';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

describe('CommandEvents, the public stream', () => {
  it('delivers to every subscriber until it unsubscribes; a failing listener does not stop the others', () => {
    const stream = new CommandEvents();
    const got: number[] = [];
    const off = stream.subscribe((e) => got.push(e.seq));
    stream.subscribe(() => { throw new Error('listener bug'); });
    const late: number[] = [];
    stream.subscribe((e) => late.push(e.seq));
    const event = { seq: 1 } as CommandEvent;
    const quiet = console.error;
    console.error = () => {};
    try {
      stream.emit(event);
      off();
      stream.emit({ ...event, seq: 2 });
    } finally {
      console.error = quiet;
    }
    expect(got).toEqual([1]);
    expect(late).toEqual([1, 2]);
  });

  it('redactLine replaces exactly the secret tokens and keeps the rest of the line as typed', () => {
    const line = '  loginHSM -u CU  -p "my pwd" -s  bob ';
    expect(tokenSpans(line).map((s) => line.slice(s.start, s.end))).toEqual(['loginHSM', '-u', 'CU', '-p', '"my pwd"', '-s', 'bob']);
    expect(redactLine(line, [4])).toBe(`  loginHSM -u CU  -p ${REDACTED} -s  bob `);
    expect(redactLine(line, [])).toBe(line);
    // the spans split exactly like the command tokenizer
    for (const l of ['a "b c" d', '""', 'x"y z"w  q', '\ta\tb', 'unterminated "quote here']) {
      expect(tokenSpans(l).length).toBe(tokenize(l).length);
    }
  });
});

describe('the console dispatches to programs it does not know', () => {
  it('runs a fake program: prompt, text, codes, program switch, and one event per line', async () => {
    const echo: Program = {
      id: 'host', name: 'echo-shell', prompt: () => 'fake> ', commands: () => [{ name: 'say', summary: 'say words' }],
      secretTokens: (tokens) => (tokens[0] === 'secret' ? [1] : []),
      failureText: (m) => `oops: ${m}\n`, interruptedText: '\n',
      async run(_ctx, line) {
        const [cmd, ...rest] = tokenize(line);
        if (cmd === 'say') return { text: rest.join(' ') + '\n', command: 'say', codes: [7] };
        if (cmd === 'secret') return { text: 'kept\n', command: 'secret', codes: [] };
        if (cmd === 'boom') throw new Error('kaboom');
        return { text: `unknown: ${cmd ?? ''}\n`, command: null, codes: [] };
      },
    };
    const registry: ProgramRegistry = { first: 'host', load: () => echo };
    let screen = '';
    const c = await createConsole({
      backend: createMemoryBackend(), rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: registry,
      output: { write: (t) => { screen += t; }, clear: () => { screen = ''; } }, terminal: 'tty7',
    });
    const events: CommandEvent[] = [];
    c.onEvent((e) => events.push(e));
    await c.start();
    expect(screen.endsWith('fake> ')).toBe(true);
    await c.submit('say hello  world');
    await c.submit('secret hunter2');
    const quiet = console.error;
    console.error = () => {};
    try {
      await c.submit('boom');
    } finally {
      console.error = quiet;
    }
    expect(screen).toContain('hello world\nfake> ');
    expect(screen).toContain('oops: internal error: kaboom\nfake> ');
    expect(events.map((e) => [e.seq, e.terminal, e.program, e.command, e.codes, e.lines, e.status])).toEqual([
      [1, 'tty7', 'host', 'say', [7], ['hello world'], 'ok'],
      [2, 'tty7', 'host', 'secret', [], ['kept'], 'ok'],
      [3, 'tty7', 'host', null, [], ['oops: internal error: kaboom'], 'error'],
    ]);
    expect(events[1]!.line).toBe(`secret ${REDACTED}`);
    expect(events[1]!.args).toEqual([REDACTED]);
  });

  it('console.ts imports no program and no command registry', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('../../src/shell/console.ts', import.meta.url), 'utf8');
    const imports = [...src.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!);
    expect(imports.filter((m) => /commands\/(?!program'|programs'|tokenize')/.test(m + "'"))).toEqual([]);
    expect(imports.filter((m) => /commands\/programs/.test(m))).toEqual(['../commands/programs']);
    expect(/^import type .*'\.\.\/commands\/programs'/m.test(src)).toBe(true); // the registry's type only
  });
});

describe('what a command touched comes from its event', () => {
  it('created and deleted keys from the commits, keys named with -o/-k/-w and keys findKey matched as used', async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    const handle = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);
    const w = handle(await t.type('genSymKey -t 31 -s 16 -l w'));
    const k = handle(await t.type('genSymKey -t 31 -s 16 -l k'));
    await t.type(`getAttribute -o ${k} -a 3 -out a.txt`);
    await t.type('findKey -l w');
    await t.type(`deleteKey -k ${k}`);
    const [, , gw, gk, ga, fk, dk] = events;
    expect(gw!.created.keys).toEqual([w]);
    expect(gk!.created.keys).toEqual([k]);
    expect(ga!.used.keys).toEqual([k]);
    expect(ga!.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['a.txt']);
    expect(ga!.lines.join('\n')).not.toContain(String(k));
    expect(fk!.used.keys).toEqual([w]);
    expect(fk!.codes).toEqual([0]);
    expect(dk!.deleted.keys).toEqual([k]);
    expect(events.every((e) => e.commits <= 1)).toBe(true);
  });

  it('a session key made a token key (setAttribute -a 1) is changed, neither created nor deleted', async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    const s = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l s -sess'))![1]);
    expect(events.at(-1)!.created.keys).toEqual([s]);
    await t.type(`setAttribute -o ${s} -a 1`);
    await t.type('1'); // the boolean prompt
    const set = events.at(-1)!;
    expect(set.codes).toEqual([0]);
    expect(set.changed.keys).toEqual([s]);
    expect(set.created.keys).toEqual([]);
    expect(set.deleted.keys).toEqual([]);
  });
});

describe('the one redaction rule', () => {
  it('a password typed with -p appears in no event, no history record and no stored record; recalling it asks for it', async () => {
    const t = await openTerminal();
    const c = t.session;
    const events: CommandEvent[] = [];
    c.onEvent((e) => events.push(e));
    await t.type('key_mgmt_util');
    await c.remember(LOGIN); // the page keeps each typed line before it runs
    expect(await t.type(LOGIN)).toContain('Cfm3LoginHSM returned: 0x00');
    await t.type('logoutHSM');
    const masked = `loginHSM -u CU -s example_user -p ${REDACTED}`;
    expect(c.redact(LOGIN)).toBe(masked);
    expect(await c.history()).toEqual([masked]);
    const login = events.find((e) => e.command === 'loginHSM')!;
    expect(login.line).toBe(masked);
    expect(JSON.stringify(events)).not.toContain('example_pwd');
    for (const store of ['meta', 'clusters', 'users', 'keys', 'files'] as const) {
      expect(JSON.stringify(await t.backend.list(store))).not.toContain('example_pwd');
    }
    // the recalled, masked line asks for the password instead of sending the mask
    const asked = await t.type(masked);
    expect(asked).toBe('Enter password: ');
    expect(c.inputMode).toBe('hidden');
    expect(await t.type('example_pwd')).toContain('Cfm3LoginHSM returned: 0x00');
    expect(c.kmuSession.user?.name).toBe('example_user');
    expect(events.at(-1)!.line).toBe(masked);
    expect(JSON.stringify(events)).not.toContain('example_pwd');
  });

  it('cloudhsm_mgmt_util passwords are redacted by position, -hpswd is not a secret', async () => {
    const t = await openTerminal();
    const c = t.session;
    await t.type('cloudhsm_mgmt_util');
    expect(c.redact('loginHSM CU example_user example_pwd')).toBe(`loginHSM CU example_user ${REDACTED}`);
    expect(c.redact('createUser CU bob "two words"')).toBe(`createUser CU bob ${REDACTED}`);
    expect(c.redact('changePswd CU bob -hpswd')).toBe('changePswd CU bob -hpswd');
    expect(c.redact('listUsers')).toBe('listUsers');
  });

  it('touchedKeys names every key of an event once, ascending', () => {
    const none = { keys: [], users: [], files: [], clusters: [] };
    const e = { created: { ...none, keys: [9] }, changed: { ...none, keys: [3] }, deleted: none, used: { ...none, keys: [9, 1] } } as unknown as CommandEvent;
    expect(touchedKeys(e)).toEqual([1, 3, 9]);
  });
});
