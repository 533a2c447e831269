/**
 * `<kmu-console>`'s script (src/embed/kmu-console.ts): its typed client against the real embed
 * API (src/embed/api.ts) through a fake iframe that delivers the handshake as a browser would
 * (only to the pinned origin, late, several offers in flight), the embed URL it builds, and the
 * built file: one module at a stable name, importing nothing, under 3 kB gzip.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbedApi, type ApiMessageEvent, type ApiWindow } from '../../src/embed/api';
import type { EmbedHost } from '../../src/embed/host';
import { connect, embedUrl, initialHeight, toLines } from '../../src/embed/kmu-console';
import { parseEmbedConfig } from '../../src/embed/config';
import type { EmbedState } from '../../src/embed/protocol';
import type { CommandEvent } from '../../src/shell/events';
import { bundleKmuConsole } from '../../scripts/embed-build';

const ROOT = new URL('../../', import.meta.url).pathname;
const EMBED = 'https://kmu.example';
const PAGE = 'https://docs.example.com';

const STATE: EmbedState = { keys: [{ handle: 262150, label: 'k', kind: 'AES', size: 16, kcv: '0x1a2b3c', session: false, owner: 'alice' }],
  files: [], program: 'key_mgmt_util', user: 'alice', transcript: '' };

function hostStub(): EmbedHost & { emit(line: string): CommandEvent } {
  const listeners = new Set<(e: CommandEvent) => void>();
  const none = { keys: [], users: [], files: [] } as unknown as CommandEvent['created'];
  const emit = (line: string) => {
    const e: CommandEvent = { seq: 1, terminal: 't', cluster: 'c', program: 'kmu', command: line.split(' ')[0]!, line, args: [],
      codes: line.startsWith('bad') ? [0xa3] : [0], created: none, changed: none, deleted: none, used: none, files: [], lines: [],
      next: 'kmu', status: 'ok', commits: 0 };
    for (const l of listeners) l(e);
    return e;
  };
  return {
    emit,
    run: async (lines) => lines.map(emit),
    reset: async () => {},
    state: async () => STATE,
    onEvent: (l) => { listeners.add(l); return () => listeners.delete(l); },
    onResize: (l) => { queueMicrotask(() => l(345)); return () => {}; },
    live: async () => {},
  };
}

const stops: (() => void)[] = [];
afterEach(() => { for (const s of stops.splice(0)) s(); });

/**
 * An embed behind a fake iframe: the page posts to `contentWindow` with a target origin; the
 * message reaches the embed's window only when that origin is the embed's, and only once the
 * frame has `loaded` (earlier ones are lost, as with a frame still navigating), `delay` ms later.
 */
function frame(opts: { pageOrigin?: string; allowed?: string[]; delay?: number; loadAfter?: number } = {}) {
  const parentWin = {};
  const listeners = new Set<(e: ApiMessageEvent) => void>();
  const win: ApiWindow = {
    parent: parentWin,
    addEventListener: (_t, l) => { listeners.add(l); },
    removeEventListener: (_t, l) => { listeners.delete(l); },
  };
  const host = hostStub();
  const allowed = new Set(opts.allowed ?? [PAGE]);
  stops.push(startEmbedApi({ window: win, host, allowed: (o) => o === EMBED || allowed.has(o), version: '0.1.0' }));
  let offers = 0;
  let delivered = 0;
  let loaded = (opts.loadAfter ?? 0) === 0;
  const onLoad = new Set<() => void>();
  if (!loaded) setTimeout(() => { loaded = true; for (const l of [...onLoad]) l(); }, opts.loadAfter);
  const iframe = {
    addEventListener: (type: string, l: () => void) => { if (type === 'load') onLoad.add(l); },
    removeEventListener: (type: string, l: () => void) => { if (type === 'load') onLoad.delete(l); },
    contentWindow: {
      postMessage(data: unknown, targetOrigin: string, transfer: MessagePort[]) {
        offers++;
        if (targetOrigin !== EMBED || !loaded) return;
        const copy = structuredClone(data);
        setTimeout(() => {
          delivered++;
          for (const l of [...listeners]) l({ source: parentWin, origin: opts.pageOrigin ?? PAGE, data: copy, ports: transfer });
        }, opts.delay ?? 0);
      },
    },
  } as unknown as HTMLIFrameElement;
  return { iframe, host, stats: () => ({ offers, delivered, loadListeners: onLoad.size }) };
}

describe('connect()', () => {
  it('connects, runs, reads the state and hears commandDone and resize', async () => {
    const { iframe, host } = frame();
    const embed = await connect(iframe, { origin: EMBED });
    expect(embed.version).toBe('0.1.0');
    const done: unknown[] = [];
    const heights: unknown[] = [];
    embed.on('commandDone', (d) => done.push(d));
    embed.on('resize', (d) => heights.push(d));
    const results = await embed.run('genSymKey -t 31 -s 16 -l k\nbad line');
    expect(results).toEqual([
      { program: 'key_mgmt_util', command: 'genSymKey', line: 'genSymKey -t 31 -s 16 -l k', codes: [0], status: 'ok' },
      { program: 'key_mgmt_util', command: 'bad', line: 'bad line', codes: [0xa3], status: 'ok' },
    ]);
    expect(done).toEqual(results);
    expect(await embed.getState()).toEqual(STATE);
    await embed.reset();
    host.emit('findKey'); // a line the reader typed
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toHaveLength(3);
    embed.close();
    await expect(embed.getState()).rejects.toThrow(/not connected/);
  });

  it('several offers in flight: the embed answers each, and the client talks over the last one', async () => {
    const { iframe, stats } = frame({ delay: 600 });
    const embed = await connect(iframe, { origin: EMBED });
    expect(stats().offers).toBeGreaterThan(1);
    expect(stats().delivered).toBe(stats().offers);
    expect(await embed.getState()).toEqual(STATE);
  });

  it('the autorun\'s events, done before the page connected, reach the client\'s listeners (offers in flight too)', async () => {
    const { iframe, host, stats } = frame({ delay: 300 });
    host.emit('genSymKey -t 31 -s 16 -l autorun');
    const embed = await connect(iframe, { origin: EMBED });
    const done: Array<{ line: string }> = [];
    embed.on('commandDone', (d) => done.push(d));
    await new Promise((r) => setTimeout(r, 900));
    expect(stats().offers).toBeGreaterThan(1);
    expect(done.map((d) => d.line)).toEqual(['genSymKey -t 31 -s 16 -l autorun']);
  });

  it('offers lost while the frame loads: it keeps offering until one arrives', async () => {
    const { iframe, stats } = frame({ loadAfter: 700 });
    const embed = await connect(iframe, { origin: EMBED });
    expect(stats().offers).toBeGreaterThan(2);
    expect((await embed.run(['findKey']))[0]!.command).toBe('findKey');
  });

  it('offers again when the frame has loaded: answered then, not at the next retry', async () => {
    const { iframe, stats } = frame({ loadAfter: 100 });
    const embed = await connect(iframe, { origin: EMBED });
    // the first offer (lost: the frame was loading) and the one its load event made; no retry yet (250 ms)
    expect(stats()).toEqual({ offers: 2, delivered: 1, loadListeners: 0 });
    expect((await embed.run(['findKey']))[0]!.command).toBe('findKey');
  });

  it('a page whose origin is not on the embed\'s allow-list gets no answer: connect gives up', async () => {
    const { iframe, stats } = frame({ pageOrigin: 'https://evil.example' });
    await expect(connect(iframe, { origin: EMBED, timeout: 700 })).rejects.toThrow(/no answer from the embed/);
    expect(stats().delivered).toBeGreaterThan(0);
  });

  it('the handshake goes to the embed\'s origin only (a wrong one reaches nothing)', async () => {
    const { iframe, stats } = frame();
    await expect(connect(iframe, { origin: 'https://elsewhere.example', timeout: 400 })).rejects.toThrow();
    expect(stats().delivered).toBe(0);
  });

  it('refuses a bad run before sending it (the embed would ignore it silently)', async () => {
    const { iframe } = frame();
    const embed = await connect(iframe, { origin: EMBED });
    await expect(embed.run([])).rejects.toThrow();
    await expect(embed.run(['a\u001b[2Jb'])).rejects.toThrow();
    await expect(embed.run(Array.from({ length: 201 }, () => 'x'))).rejects.toThrow();
    await expect(embed.run(['x'.repeat(4097)])).rejects.toThrow();
    expect(await embed.run(['x'.repeat(4096)])).toHaveLength(1);
  });
});

describe('toLines', () => {
  it('splits a string on newlines (CR LF too) and checks lines as the embed does', () => {
    expect(toLines('a\r\nb\nc')).toEqual(['a', 'b', 'c']);
    expect(toLines('a\n')).toEqual(['a']);
    expect(toLines('a\n\n')).toEqual(['a', '']);
    expect(toLines(['a b'])).toEqual(['a b']);
    expect(() => toLines(['a\tb'])).toThrow();
    expect(() => toLines(['\u202e'])).toThrow();
  });
});

describe('embedUrl', () => {
  /** Enough of an element for embedUrl: attributes, script children, text. */
  function element(attrs: Record<string, string>, text: string, scripts: Record<string, string> = {}) {
    return {
      getAttribute: (n: string) => (Object.hasOwn(attrs, n) ? attrs[n]! : null),
      hasAttribute: (n: string) => Object.hasOwn(attrs, n),
      querySelector: (sel: string) => {
        const type = /type="([^"]+)"/.exec(sel)?.[1] ?? '';
        return Object.hasOwn(scripts, type) ? { textContent: scripts[type] } : null;
      },
      cloneNode: () => ({ querySelectorAll: () => [], textContent: text }),
    } as unknown as HTMLElement;
  }

  it('sizes the iframe as the embed will: rows wins over height, out-of-range values as the embed\'s defaults', () => {
    // the embed's own numbers, from the same address (its view adds the same 31 px of chrome: e2e/embed-docs.e2e.ts measures it)
    const term = (attrs: Record<string, string>) => {
      const parsed = parseEmbedConfig('', '#' + new URLSearchParams(attrs).toString());
      if (!parsed.ok) return null;
      return parsed.config.rows !== null ? parsed.config.rows * 20 + 10 : parsed.config.height ?? 250;
    };
    for (const attrs of <Record<string, string>[]>[{}, { rows: '18' }, { height: '420' }, { rows: '18', height: '420' }, { rows: '5' }, { rows: '60' }, { height: '80' }, { height: '2000' }]) {
      expect(initialHeight(element(attrs, ''))).toBe(term(attrs)! + 31);
    }
    expect(initialHeight(element({ rows: '18', height: '420' }, ''))).toBe(401);
    // values the embed refuses (it then says so in a short page): the default's height, never NaN or 0
    for (const attrs of <Record<string, string>[]>[{ rows: '4' }, { rows: '61' }, { rows: '1e1' }, { height: '79' }, { height: '-5' }, { height: '' }, { rows: ' 18' }]) {
      expect(term(attrs)).toBeNull();
      expect(initialHeight(element(attrs, ''))).toBe(281);
    }
  });

  it('embed.html next to the script, the settings in the fragment, load=now (the reader clicked)', () => {
    const url = embedUrl(element({ autorun: '', seed: '7', theme: 'dark', panels: 'inventory', unknown: 'x' },
      '\n    genSymKey -t 31 -s 16 -l k\n\n    findKey -l k\n  '), 'https://kmu.example/docs/kmu-console.js');
    expect(url.origin + url.pathname).toBe('https://kmu.example/docs/embed.html');
    expect(url.search).toBe('');
    const p = new URLSearchParams(url.hash.slice(1));
    expect([...p]).toEqual([['script', 'genSymKey -t 31 -s 16 -l k\nfindKey -l k'], ['autorun', '1'], ['seed', '7'], ['theme', 'dark'],
      ['panels', 'inventory'], ['load', 'now']]);
  });

  it('the script from a text/kmu child (for < and &), the preamble from its attribute or child', () => {
    const child = embedUrl(element({ readonly: '' }, 'ignored', { 'text/kmu': 'echo "a < b & c"', 'text/kmu-preamble': 'loginHSM -u CU -s alice -p pw' }),
      'https://kmu.example/kmu-console.js');
    const p = new URLSearchParams(child.hash.slice(1));
    expect(p.get('script')).toBe('echo "a < b & c"');
    expect(p.get('preamble')).toBe('loginHSM -u CU -s alice -p pw');
    expect(p.get('readonly')).toBe('1');
    const attr = embedUrl(element({ preamble: 'a\nb' }, 'x', { 'text/kmu-preamble': 'ignored' }), 'https://kmu.example/kmu-console.js');
    expect(new URLSearchParams(attr.hash.slice(1)).get('preamble')).toBe('a\nb');
  });
});

describe('the built /kmu-console.js', () => {
  it('imports only the protocol\'s types and the embed\'s layout numbers', () => {
    const src = readFileSync(`${ROOT}src/embed/kmu-console.ts`, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const imports = [...src.matchAll(/^\s*(import|export)\b[^;]*?\bfrom\s*'([^']+)'/gm)].map((m) => m[0].trim());
    expect(imports).toEqual([
      "import type { CommandDone, EmbedState } from './protocol'",
      // (constants and one pure function, built into the file: the next test checks it imports nothing)
      "import { CHROME_PX, HEIGHT_RANGE, ROWS_RANGE, terminalHeight, wholeNumberIn } from './layout'",
    ]);
    expect(src).not.toMatch(/\bimport\s*\(/);
  });

  it('is one module that imports nothing, exports the client and stays under 3 kB gzip', async () => {
    const code = await bundleKmuConsole(ROOT);
    expect(code).not.toMatch(/\bimport\s*[({"'`]|\bfrom\s*["'`]/);
    expect(code).toMatch(/export\s*\{[^}]*\bas connect\b/);
    expect(code).not.toMatch(/svelte|xterm/i);
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(`kmu-console.js: ${code.length} bytes, ${gzip} bytes gzip`);
    expect(gzip).toBeLessThan(3 * 1024);
  });
});
