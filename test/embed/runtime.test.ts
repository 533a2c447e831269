/**
 * The embed runtime (src/embed/runtime.ts), the EmbedHost the API drives, on the real engine with a
 * fake terminal (what it is pressed is gathered into lines and submitted, as the line editor does):
 * settings and a lesson's start state before the hidden preamble; a failing preamble's error naming
 * the line and the code; autorun typing the script; a line offered at the prompt and re-offered when
 * the reader runs something else; run() resolving with the lines' events; reset() to a fresh
 * playground with the preamble run again; state() with redaction; a new playground per runtime.
 */
import { describe, expect, it } from 'vitest';
import { EmbedRuntime, PreambleError, type RuntimeDeps } from '../../src/embed/runtime';
import { parseEmbedConfig, type EmbedConfig } from '../../src/embed/config';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { seededRng } from '../../src/crypto/rng';
import { initCrypto } from '../../src/crypto/index';
import { loadScenario } from '../../src/hsm/scenario';
import { GUIDE_IMSYMKEY } from '../../src/scenarios/guide';
import { PROGRAMS } from '../../src/commands/programs';
import { fakeClock, memoKdf } from '../support/transcript';
import { REDACTED, type CommandEvent } from '../../src/shell/events';
import type { Backend } from '../../src/hsm/store';
import { readFileSync } from 'node:fs';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const CANONICAL = readFileSync(new URL('../fixtures/kmu/imSymKey.txt', import.meta.url), 'utf8');

function config(params: string): EmbedConfig {
  const r = parseEmbedConfig(`?${params}`, '');
  if (!r.ok) throw new Error(r.why);
  return r.config;
}
const q = (lines: string[]) => encodeURIComponent(lines.join('\n'));

/** The engine's parts for a runtime (each playground's backend noted in `backends`). */
function depsOf(backends: Backend[], extra: Partial<RuntimeDeps> = {}): RuntimeDeps {
  return {
    backend: () => {
      const b = cachedBackend(createMemoryBackend());
      backends.push(b);
      return b;
    },
    rng: seededRng(1), clock: fakeClock(), programs: PROGRAMS, kdf: memoKdf, ...extra,
  };
}

/** A runtime on a fake terminal: `screen` is everything shown (typed lines echoed), `press` types. */
function start(params: string, extra: Partial<RuntimeDeps> = {}) {
  const backends: Backend[] = [];
  return attach(new EmbedRuntime(config(params), depsOf(backends, extra)), backends);
}

/** The fake terminal connected to `rt`. */
function attach(rt: EmbedRuntime, backends: Backend[] = []) {
  let screen = '';
  let line = '';
  let queue = Promise.resolve();
  const press = (data: string) => {
    for (const ch of data) {
      if (ch === '\x05') continue;
      if (ch === '\x15') line = '';
      else if (ch === '\r') {
        const typed = line;
        line = '';
        queue = queue.then(async () => {
          screen += `${rt.session.inputMode === 'hidden' ? '' : typed}\n`;
          await rt.session.submit(typed);
        });
      } else line += ch;
    }
  };
  const started = rt.connect({ write: (t) => { screen += t; }, clear: () => { screen = ''; } }, { press });
  return { rt, started, backends, screen: () => screen, pending: () => line, idle: () => queue };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('EmbedRuntime', () => {
  it('runs the hidden preamble, shows only the prompt, then autorun types the script and reports its events', async () => {
    const e = start(`autorun&preamble=${q(['openssl rand -out a.key 32', 'key_mgmt_util', LOGIN])}&script=${q(['genSymKey -t 31 -s 16 -l k'])}`);
    const events: CommandEvent[] = [];
    e.rt.onEvent((ev) => events.push(ev));
    await e.started;
    await e.rt.live();
    // (the preamble's output and its events are not the reader's)
    const shown = e.screen();
    expect(shown.startsWith('Command: ')).toBe(true);
    expect(shown).not.toContain('Cfm3LoginHSM');
    await e.rt.run([]); // (queued after the autorun)
    expect(events.map((ev) => [ev.command, ev.codes])).toEqual([['genSymKey', [0]]]);
    expect(e.screen()).toMatch(/Command: genSymKey -t 31 -s 16 -l k\n[\s\S]*Symmetric Key Created\.  Key Handle: \d+[\s\S]*\nCommand: $/);
  });

  it('applies the seed before the preamble: two embeds print the same handles and KCVs', async () => {
    const lines = ['key_mgmt_util', LOGIN, 'genSymKey -t 31 -s 32 -l a', 'getAttribute -o 524294 -a 371 -out kcv.txt'];
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const e = start(`seed=42&load=now&script=${q(lines)}&autorun`, { rng: seededRng(1000 + i) });
      await e.started;
      await e.rt.run([]);
      outs.push(JSON.stringify((await e.rt.state()).keys));
    }
    expect(outs[0]).toBe(outs[1]);
  });

  it('starts from a lesson\'s start state (prepare): the guide\'s imSymKey prints the canonical block', async () => {
    const e = start(`autorun&script=${q(['key_mgmt_util', LOGIN, 'imSymKey -f aes256.key -w 20 -t 31 -l imported'])}`, {
      prepare: async (hsm) => {
        await initCrypto();
        await loadScenario(hsm, GUIDE_IMSYMKEY);
      },
    });
    await e.started;
    await e.rt.run([]);
    expect(e.screen()).toContain(CANONICAL.replace(/\n+$/, '\n'));
  });

  it('a failing preamble rejects with the line (redacted) and the code, and nothing of the script runs', async () => {
    const e = start(`autorun&preamble=${q(['key_mgmt_util', 'loginHSM -u CU -s example_user -p nope', 'genSymKey -t 31 -s 16 -l never'])}&script=findKey`);
    const err = await e.started.then(() => null, (x: unknown) => x);
    expect(err).toBeInstanceOf(PreambleError);
    const p = err as PreambleError;
    expect(p.line).toBe(2);
    expect(p.text).toBe(`loginHSM -u CU -s example_user -p ${REDACTED}`);
    expect(p.code).toMatch(/^0x[0-9a-f]{2}$/);
    expect(p.message).toContain('preamble line 2');
    expect(p.message).not.toContain('nope');
    await expect(e.rt.live()).rejects.toBe(err);
    expect(e.screen()).toBe('');
  });

  it('a preamble line of the host shell that exits non-zero stops it too', async () => {
    const e = start(`preamble=${q(['cat missing.txt'])}`);
    await expect(e.started).rejects.toThrow(/preamble line 1 \(cat missing\.txt\): exit status 1/);
  });

  it('without autorun offers the next line at the prompt; a different line leaves it offered again', async () => {
    const e = start(`script=${q(['echo one', 'echo two'])}`);
    await e.started;
    await settle();
    expect(e.pending()).toBe('echo one');
    expect(e.rt.scriptLeft).toBe(2);
    await e.rt.step();
    await e.idle();
    await settle();
    expect(e.screen()).toContain('echo one\none\n$ ');
    expect(e.pending()).toBe('echo two');
    // the reader wipes it and types another command: afterwards `echo two` is offered again
    await e.rt.run(['echo other']);
    await settle();
    expect(e.pending()).toBe('echo two');
    await e.rt.step();
    await e.idle();
    await settle();
    expect(e.screen()).toContain('echo two\ntwo\n$ ');
    expect(e.rt.scriptLeft).toBe(0);
  });

  it('run() types lines one after another and resolves with their events (a readonly embed too)', async () => {
    const e = start('readonly&load=now');
    await e.started;
    const [a, b] = await Promise.all([e.rt.run(['key_mgmt_util', LOGIN]), e.rt.run(['genSymKey -t 31 -s 16 -l x'])]);
    expect(a!).toHaveLength(2);
    expect(a![1]!.command).toBe('loginHSM');
    expect(a![1]!.line).toBe(`loginHSM -u CU -s example_user -p ${REDACTED}`);
    expect(b!.map((ev) => [ev.command, ev.codes])).toEqual([['genSymKey', [0]]]);
  });

  it('state(): keys as the inventory shows them, files, program, user, the transcript with secrets redacted', async () => {
    const e = start('load=now');
    await e.started;
    await e.rt.run(['openssl rand -out k.bin 16', 'key_mgmt_util', LOGIN, 'genSymKey -t 31 -s 16 -l shown']);
    const s = await e.rt.state();
    expect(s.program).toBe('key_mgmt_util');
    expect(s.user).toBe('example_user');
    expect(s.files).toEqual([{ name: 'k.bin', size: 16 }]);
    expect(s.keys).toEqual([expect.objectContaining({ label: 'shown', kind: 'AES', size: 16, session: false, owner: 'example_user' })]);
    expect(s.keys[0]!.kcv).toMatch(/^[0-9a-f]{6}$/);
    expect(s.transcript).toContain(`Command: loginHSM -u CU -s example_user -p ${REDACTED}\n`);
    expect(s.transcript).not.toContain('example_pwd');
  });

  it('reset(): a fresh playground of its own, the preamble run again, the script offered again', async () => {
    const e = start(`preamble=${q(['key_mgmt_util', LOGIN])}&script=${q(['findKey'])}`);
    await e.started;
    await e.rt.run(['genSymKey -t 31 -s 16 -l gone-after-reset']);
    expect((await e.rt.state()).keys).toHaveLength(1);
    await e.rt.reset();
    await e.rt.live();
    await settle();
    const s = await e.rt.state();
    expect(s.keys).toEqual([]);
    expect(s.user).toBe('example_user'); // (the preamble logged in again)
    expect(e.backends).toHaveLength(2);
    expect(e.screen()).toBe('Command: ');
    expect(e.pending()).toBe('findKey');
  });

  it('upload and download have no file picker or saver in an embed: they refuse, and nothing leaves the playground', async () => {
    const e = start('load=now');
    await e.started;
    const events = await e.rt.run(['openssl rand -out k.bin 16', 'upload', 'download k.bin']);
    expect(events.map((ev) => [ev.command, ev.status])).toEqual([['openssl', 'ok'], ['upload', 'ok'], ['download', 'ok']]);
    expect(events[1]!.exit).not.toBe(0);
    expect(events[2]!.exit).not.toBe(0);
    expect((await e.rt.state()).files).toEqual([{ name: 'k.bin', size: 16 }]);
  });

  it('resize listeners hear the latest height, also when they subscribe late', async () => {
    const e = start('');
    const heard: number[] = [];
    e.rt.resized(300);
    e.rt.onResize((h) => heard.push(h));
    await settle();
    e.rt.resized(300);
    e.rt.resized(420);
    expect(heard).toEqual([300, 420]);
  });

  it('prestart(): the hidden preamble runs before the terminal is there; connect() then shows only the prompt, and autorun types the script', async () => {
    const backends: Backend[] = [];
    let loads = 0;
    const deps = depsOf(backends);
    const rt = new EmbedRuntime(config(`autorun&preamble=${q(['key_mgmt_util', LOGIN, 'genSymKey -t 31 -s 16 -l pre'])}&script=${q(['genSymKey -t 31 -s 16 -l k'])}`),
      async () => (loads++, deps));
    const events: CommandEvent[] = [];
    rt.onEvent((ev) => events.push(ev));
    await rt.prestart();
    await rt.prestart(); // (once)
    expect(rt.console?.programId).toBe('kmu'); // the preamble ran, off-screen
    expect(events).toEqual([]); // (its events are not the reader's)
    const e = attach(rt, backends);
    await e.started;
    await rt.live();
    expect(e.screen().startsWith('Command: ')).toBe(true);
    expect(e.screen()).not.toContain('Cfm3LoginHSM');
    await rt.run([]); // (queued after the autorun)
    expect(events.map((ev) => [ev.command, ev.codes])).toEqual([['genSymKey', [0]]]);
    expect(e.screen()).toContain('genSymKey -t 31 -s 16 -l k');
    expect(loads).toBe(1);
    expect(backends).toHaveLength(1); // one playground: connect() took the one prestart() made
  });

  it('prestart(): a failing preamble rejects connect() and live() with its error, and nothing is shown', async () => {
    const rt = new EmbedRuntime(config(`autorun&preamble=${q(['key_mgmt_util', 'loginHSM -u CU -s example_user -p nope'])}&script=findKey`), depsOf([]));
    const early = await rt.prestart().then(() => null, (x: unknown) => x);
    expect(early).toBeInstanceOf(PreambleError);
    const e = attach(rt);
    await expect(e.started).rejects.toBe(early);
    await expect(rt.live()).rejects.toBe(early);
    expect(e.screen()).toBe('');
  });

  it('load() asks the page for the live console once', async () => {
    const e = start('');
    let asked = 0;
    e.rt.onLoad(() => asked++);
    void e.rt.load();
    void e.rt.load();
    await e.started;
    expect(asked).toBe(1);
    expect(e.rt.loading).toBe(true);
  });
});
