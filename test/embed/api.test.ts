/**
 * The embed's side of the postMessage API (src/embed/api.ts), with a fake window and a fake
 * EmbedHost over real MessageChannels: who is answered (the parent, from an allowed origin, with a
 * well-formed connect and one port) and who is not (everyone else: nothing at all is posted); the
 * requests, the queue and its limit, the events, replacing a connection.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { commandDone, startEmbedApi, type ApiMessageEvent, type ApiWindow } from '../../src/embed/api';
import type { EmbedHost } from '../../src/embed/host';
import { LIMITS, type EmbedState } from '../../src/embed/protocol';
import type { CommandEvent } from '../../src/shell/events';

const PAGE = 'https://docs.example.com';
const OWN = 'https://kmu.example';

class FakeWindow implements ApiWindow {
  readonly listeners = new Set<(e: ApiMessageEvent) => void>();
  constructor(readonly parent: unknown) {}
  addEventListener(_t: 'message', l: (e: ApiMessageEvent) => void) { this.listeners.add(l); }
  removeEventListener(_t: 'message', l: (e: ApiMessageEvent) => void) { this.listeners.delete(l); }
  dispatch(e: ApiMessageEvent) { for (const l of [...this.listeners]) l(e); }
}

function event(over: Partial<CommandEvent>): CommandEvent {
  const none = { keys: [], users: [], files: [] } as unknown as CommandEvent['created'];
  return {
    seq: 1, terminal: 't1', cluster: 'cluster-1', program: 'kmu', command: 'genSymKey', line: 'genSymKey -t 31 -s 16 -l k',
    args: [], codes: [0], created: none, changed: none, deleted: none, used: none, files: [], lines: ['Command:  genSymKey'],
    next: 'kmu', status: 'ok', commits: 1, ...over,
  };
}

const STATE: EmbedState = { keys: [], files: [], program: 'key_mgmt_util', user: null, transcript: 'Command:  loginHSM -u CU -s alice -p ********' };

/** An EmbedHost whose runs can be held open, recording what it was asked. */
class FakeHost implements EmbedHost {
  readonly calls: string[] = [];
  readonly events = new Set<(e: CommandEvent) => void>();
  readonly resizes = new Set<(h: number) => void>();
  hold: Promise<void> | null = null;
  failRun: Error | null = null;
  seq = 0;
  async run(lines: readonly string[]) {
    this.calls.push(`run ${lines.join(' | ')}`);
    if (this.hold) await this.hold;
    if (this.failRun) throw this.failRun;
    return lines.map((line) => {
      const e = event({ seq: ++this.seq, line, command: line.split(' ')[0] || null });
      for (const l of this.events) l(e);
      return e;
    });
  }
  async reset() { this.calls.push('reset'); }
  async state() { this.calls.push('state'); return STATE; }
  onEvent(l: (e: CommandEvent) => void) { this.events.add(l); return () => { this.events.delete(l); }; }
  onResize(l: (h: number) => void) { this.resizes.add(l); return () => { this.resizes.delete(l); }; }
  live() { return Promise.resolve(); }
  resize(h: number) { for (const l of this.resizes) l(h); }
}

const parentWin = { name: 'the parent' };
const open: MessagePort[] = [];
afterEach(() => { for (const p of open.splice(0)) p.close(); });

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what = 'condition') {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await tick(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function setup(opts: { allowed?: string[]; settleMs?: number } = {}) {
  const win = new FakeWindow(parentWin);
  const host = new FakeHost();
  const allowed = new Set(opts.allowed ?? [PAGE, OWN]);
  const stop = startEmbedApi({ window: win, host, allowed: (o) => allowed.has(o), version: '0.1.0', ...(opts.settleMs === undefined ? {} : { settleMs: opts.settleMs }) });
  /** Offer a connect as a page would; returns what arrives on the page's end of the port. */
  const connect = (over: Partial<ApiMessageEvent> = {}) => {
    const ch = new MessageChannel();
    open.push(ch.port1, ch.port2);
    const got: any[] = [];
    ch.port1.addEventListener('message', (e) => got.push(e.data));
    ch.port1.start();
    win.dispatch({ source: parentWin, origin: PAGE, data: { kmu: 'connect', v: 1 }, ports: [ch.port2], ...over });
    return { port: ch.port1, got, send: (m: unknown) => ch.port1.postMessage(m) };
  };
  return { win, host, stop, connect };
}

describe('the handshake', () => {
  it('answers the parent from an allowed origin with ready over the port', async () => {
    const { connect } = setup();
    const c = connect();
    await until(() => c.got.length > 0, 'ready');
    expect(c.got).toEqual([{ event: 'ready', v: 1, version: '0.1.0' }]);
  });

  it('a wrong origin gets nothing, and nothing happens', async () => {
    const { connect, host } = setup();
    const c = connect({ origin: 'https://evil.example' });
    c.send({ id: 1, type: 'run', lines: ['genSymKey -t 31 -s 16 -l k'] });
    host.resize(300);
    await tick(60);
    expect(c.got).toEqual([]);
    expect(host.calls).toEqual([]);
    for (const origin of ['null', '', 'https://docs.example.com:444', `${PAGE}/`]) {
      const d = connect({ origin });
      await tick(20);
      expect(d.got, origin).toEqual([]);
    }
  });

  it('a sender that is not the parent gets nothing (another frame, the window itself, no source)', async () => {
    const { connect, win, host } = setup();
    for (const source of [{ name: 'another frame' }, win, null, undefined]) {
      const c = connect({ source });
      c.send({ id: 1, type: 'getState' });
      await tick(30);
      expect(c.got).toEqual([]);
    }
    expect(host.calls).toEqual([]);
  });

  it('an embed that is not framed (its parent is itself) answers nobody', async () => {
    const win = new FakeWindow(null);
    (win as { parent: unknown }).parent = win;
    startEmbedApi({ window: win, host: new FakeHost(), allowed: () => true, version: '0' });
    const ch = new MessageChannel();
    open.push(ch.port1, ch.port2);
    const got: unknown[] = [];
    ch.port1.onmessage = (e) => got.push(e.data);
    win.dispatch({ source: win, origin: OWN, data: { kmu: 'connect', v: 1 }, ports: [ch.port2] });
    await tick(40);
    expect(got).toEqual([]);
  });

  it('a malformed connect, no port or two ports: nothing', async () => {
    const { connect } = setup();
    for (const data of [{ kmu: 'connect', v: 2 }, { kmu: 'connect' }, { kmu: 'connect', v: 1, x: 1 }, 'connect', null, { id: 1, type: 'reset' }]) {
      const c = connect({ data });
      await tick(20);
      expect(c.got, JSON.stringify(data)).toEqual([]);
    }
    const none = connect({ ports: [] });
    await tick(20);
    expect(none.got).toEqual([]);
    const extra = new MessageChannel();
    open.push(extra.port1, extra.port2);
    const two = connect({ ports: [] });
    const ch = new MessageChannel();
    open.push(ch.port1, ch.port2);
    const got: unknown[] = [];
    ch.port1.onmessage = (e) => got.push(e.data);
    const { win } = setup();
    win.dispatch({ source: parentWin, origin: PAGE, data: { kmu: 'connect', v: 1 }, ports: [ch.port2, extra.port2] });
    win.dispatch({ source: parentWin, origin: PAGE, data: { kmu: 'connect', v: 1 }, ports: [{ postMessage: 1 }] });
    await tick(30);
    expect(got).toEqual([]);
    expect(two.got).toEqual([]);
  });

  it('whatever a window message holds, the listener never throws and posts nothing unless it is the handshake', async () => {
    const { win } = setup();
    const ch = new MessageChannel();
    open.push(ch.port1, ch.port2);
    const got: unknown[] = [];
    ch.port1.onmessage = (e) => got.push(e.data);
    fc.assert(fc.property(fc.anything(), fc.constantFrom<unknown>(parentWin, null, {}, undefined), fc.string(), (data, source, origin) => {
      win.dispatch({ source, origin, data, ports: [ch.port2] });
      win.dispatch({ source, origin, data, ports: data as ArrayLike<unknown> });
      return true;
    }), { numRuns: 500 });
    // a throwing event object too
    expect(() => win.dispatch(new Proxy({} as ApiMessageEvent, { get: () => { throw new Error('trap'); } }))).not.toThrow();
    await tick(30);
    expect(got).toEqual([]);
  });
});

describe('requests', () => {
  it('run → its reply with each command\'s result, and a commandDone event for each command', async () => {
    const { connect, host } = setup();
    const c = connect();
    await until(() => c.got.length === 1);
    c.send({ id: 5, type: 'run', lines: ['genSymKey -t 31 -s 16 -l k', 'findKey'] });
    await until(() => c.got.some((m) => m.id === 5), 'the reply');
    expect(host.calls).toEqual(['run genSymKey -t 31 -s 16 -l k | findKey']);
    const done = (line: string, command: string) => ({ program: 'key_mgmt_util', command, line, codes: [0], status: 'ok' });
    expect(c.got.slice(1)).toEqual([
      { event: 'commandDone', done: done('genSymKey -t 31 -s 16 -l k', 'genSymKey') },
      { event: 'commandDone', done: done('findKey', 'findKey') },
      { id: 5, ok: true, type: 'run', results: [done('genSymKey -t 31 -s 16 -l k', 'genSymKey'), done('findKey', 'findKey')] },
    ]);
  });

  it('getState and reset reach the host; a failing run is an error reply', async () => {
    const { connect, host } = setup();
    const c = connect();
    await until(() => c.got.length === 1);
    c.send({ id: 1, type: 'getState' });
    c.send({ id: 2, type: 'reset' });
    await until(() => c.got.length === 3);
    expect(c.got.slice(1)).toEqual([{ id: 1, ok: true, type: 'getState', state: STATE }, { id: 2, ok: true, type: 'reset' }]);
    host.failRun = new Error('The preamble failed at line 2 (return code 0xa3).');
    c.send({ id: 3, type: 'run', lines: ['x'] });
    await until(() => c.got.length === 4);
    expect(c.got[3]).toEqual({ id: 3, ok: false, error: 'The preamble failed at line 2 (return code 0xa3).' });
    expect(host.calls).toEqual(['state', 'reset', 'run x']);
  });

  it('a malformed request is ignored silently; the connection goes on', async () => {
    const { connect, host } = setup();
    const c = connect();
    await until(() => c.got.length === 1);
    for (const m of [{ id: 1, type: 'upload' }, { id: 2, type: 'run', lines: ['a\nb'] }, { id: -1, type: 'reset' }, 'getState',
      { id: 3, type: 'run', lines: Array.from({ length: LIMITS.lines + 1 }, () => 'x') }, { kmu: 'connect', v: 1 }]) c.send(m);
    c.send({ id: 4, type: 'getState' });
    await until(() => c.got.length === 2);
    await tick(30);
    expect(c.got.slice(1)).toEqual([{ id: 4, ok: true, type: 'getState', state: STATE }]);
    expect(host.calls).toEqual(['state']);
  });

  it('runs one at a time, in order; more than LIMITS.pending waiting is an error reply', async () => {
    const { connect, host } = setup();
    const c = connect();
    await until(() => c.got.length === 1);
    let release!: () => void;
    host.hold = new Promise((r) => { release = r; });
    const n = LIMITS.pending + 3;
    for (let id = 0; id < n; id++) c.send({ id, type: 'run', lines: [`echo ${id}`] });
    await until(() => c.got.length === 1 + 2, 'the two refusals');
    // the first runs, LIMITS.pending wait, the last two are refused at once
    expect(c.got.slice(1)).toEqual([
      { id: n - 2, ok: false, error: `too many requests waiting (at most ${LIMITS.pending})` },
      { id: n - 1, ok: false, error: `too many requests waiting (at most ${LIMITS.pending})` },
    ]);
    expect(host.calls).toEqual(['run echo 0']);
    host.hold = null;
    release();
    await until(() => c.got.filter((m) => m.type === 'run').length === n - 2, 'every reply');
    expect(c.got.filter((m) => m.type === 'run').map((m) => m.id)).toEqual(Array.from({ length: n - 2 }, (_, i) => i));
    expect(host.calls).toEqual(Array.from({ length: n - 2 }, (_, i) => `run echo ${i}`));
  });

  it('does not hold requests on live(): the host loads the console and answers with the preamble\'s error itself', async () => {
    const win = new FakeWindow(parentWin);
    const host = new FakeHost();
    host.live = () => new Promise(() => {}); // a poster the reader never clicked
    host.failRun = new Error('Preamble line 1 (loginHSM -u CU -s alice -p ********) returned 0xa3.');
    startEmbedApi({ window: win, host, allowed: () => true, version: '0' });
    const ch = new MessageChannel();
    open.push(ch.port1, ch.port2);
    const got: any[] = [];
    ch.port1.onmessage = (e) => got.push(e.data);
    win.dispatch({ source: parentWin, origin: PAGE, data: { kmu: 'connect', v: 1 }, ports: [ch.port2] });
    ch.port1.postMessage({ id: 1, type: 'getState' });
    ch.port1.postMessage({ id: 2, type: 'run', lines: ['findKey'] });
    await until(() => got.length === 3);
    expect(got).toEqual([{ event: 'ready', v: 1, version: '0' }, { id: 1, ok: true, type: 'getState', state: STATE },
      { id: 2, ok: false, error: 'Preamble line 1 (loginHSM -u CU -s alice -p ********) returned 0xa3.' }]);
  });

  it('the program as the protocol names it (the shell, key_mgmt_util, cloudhsm_mgmt_util, cloudhsm-cli)', () => {
    expect((['host', 'kmu', 'cmu', 'cli'] as const).map((program) => commandDone(event({ program })).program))
      .toEqual(['shell', 'key_mgmt_util', 'cloudhsm_mgmt_util', 'cloudhsm-cli']);
  });
});

describe('events and connections', () => {
  it('resize: the height measured before the connect follows ready; later ones as they come', async () => {
    const { connect, host } = setup();
    host.resize(212.3);
    const c = connect();
    await until(() => c.got.length === 2);
    host.resize(480);
    host.resize(NaN);
    host.resize(-1);
    await until(() => c.got.length === 3);
    await tick(20);
    expect(c.got).toEqual([{ event: 'ready', v: 1, version: '0.1.0' }, { event: 'resize', height: 213 }, { event: 'resize', height: 480 }]);
  });

  it('commandDone carries only what the protocol says, the line as the event has it (redacted)', () => {
    const e = event({ line: 'loginHSM -u CU -s alice -p ********', command: 'loginHSM', codes: [0, 0x1e], status: 'ok', lines: ['secret output'] });
    expect(commandDone(e)).toEqual({ program: 'key_mgmt_util', command: 'loginHSM', line: 'loginHSM -u CU -s alice -p ********', codes: [0, 0x1e], status: 'ok' });
  });

  it('a new connect from the parent replaces the connection: the old port hears nothing more, its waiting requests are dropped', async () => {
    const { connect, host } = setup();
    const a = connect();
    await until(() => a.got.length === 1);
    let release!: () => void;
    host.hold = new Promise((r) => { release = r; });
    a.send({ id: 1, type: 'run', lines: ['first'] });
    a.send({ id: 2, type: 'run', lines: ['queued on a'] });
    await until(() => host.calls.length === 1);
    const b = connect();
    await until(() => b.got.length === 1);
    b.send({ id: 1, type: 'getState' });
    host.hold = null;
    release();
    await until(() => b.got.length >= 3, 'b\'s event and reply');
    await tick(30);
    // the run already under way finished (its event goes to the connected page); 'queued on a' never ran
    expect(host.calls).toEqual(['run first', 'state']);
    expect(a.got).toEqual([{ event: 'ready', v: 1, version: '0.1.0' }]);
    expect(b.got).toEqual([
      { event: 'ready', v: 1, version: '0.1.0' },
      { event: 'commandDone', done: { program: 'key_mgmt_util', command: 'first', line: 'first', codes: [0], status: 'ok' } },
      { id: 1, ok: true, type: 'getState', state: STATE },
    ]);
    a.send({ id: 3, type: 'getState' });
    await tick(30);
    expect(host.calls).toEqual(['run first', 'state']);
  });

  it('events before any page connected (the autorun) reach the page once its connection settled, in order', async () => {
    const { connect, host } = setup({ settleMs: 60 });
    await host.run(['genSymKey -t 31 -s 16 -l autorun', 'findKey']);
    const c = connect();
    await until(() => c.got.length === 1);
    await tick(20);
    expect(c.got).toHaveLength(1); // not before it settled
    await until(() => c.got.length === 3, 'the events kept');
    expect(c.got.slice(1).map((m) => m.done.line)).toEqual(['genSymKey -t 31 -s 16 -l autorun', 'findKey']);
    await host.run(['later']);
    await until(() => c.got.length === 4);
    expect(c.got[3].done.line).toBe('later');
  });

  it('offers in flight: the events go to the connection that stays, not to the one replaced a moment later', async () => {
    const { connect, host } = setup({ settleMs: 80 });
    await host.run(['autorun line']);
    const a = connect();
    const b = connect(); // the page's next offer, sent before a's ready came back
    await until(() => b.got.length === 2, 'b\'s ready and the event');
    await tick(100);
    expect(a.got).toEqual([{ event: 'ready', v: 1, version: '0.1.0' }]);
    expect(b.got).toEqual([{ event: 'ready', v: 1, version: '0.1.0' },
      { event: 'commandDone', done: { program: 'key_mgmt_util', command: 'autorun', line: 'autorun line', codes: [0], status: 'ok' } }]);
  });

  it('a request settles the connection at once: the events kept come before its reply; at most LIMITS.lines are kept', async () => {
    const { connect, host } = setup({ settleMs: 60_000 });
    await host.run(Array.from({ length: LIMITS.lines + 5 }, (_, i) => `line ${i}`));
    const c = connect();
    await until(() => c.got.length === 1);
    c.send({ id: 9, type: 'getState' });
    await until(() => c.got.some((m) => m.id === 9));
    const kept = c.got.slice(1, -1).map((m) => m.done.line);
    expect(kept).toEqual(Array.from({ length: LIMITS.lines }, (_, i) => `line ${i + 5}`));
    expect(c.got[c.got.length - 1]).toEqual({ id: 9, ok: true, type: 'getState', state: STATE });
  });

  it('stop(): the window listener goes, the connection closes, no event is posted', async () => {
    const { connect, host, stop, win } = setup();
    const c = connect();
    await until(() => c.got.length === 1);
    stop();
    expect(win.listeners.size).toBe(0);
    expect(host.events.size + host.resizes.size).toBe(0);
    host.resize(100);
    c.send({ id: 1, type: 'getState' });
    await tick(30);
    expect(c.got).toHaveLength(1);
    expect(host.calls).toEqual([]);
  });
});
