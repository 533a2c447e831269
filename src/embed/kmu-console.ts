/**
 * `<kmu-console>` and the typed client of the embed API (issue 14, items 3 and 4) — the one script a
 * documentation page includes, built on its own to the stable URL `/kmu-console.js`
 * (scripts/embed-build.ts). It imports nothing at run time (the protocol's types, and the embed's
 * layout numbers, src/embed/layout.ts, built in): no Svelte, no xterm, nothing of the app reaches the host page. Documented in docs/embed.md.
 *
 *     <script type="module" src="https://playground.example/kmu-console.js"></script>
 *     <kmu-console autorun seed="7">genSymKey -t 31 -s 16 -l demo</kmu-console>
 *
 * The element shows its script as a copyable code block and a button; the click replaces them with
 * an iframe of `embed.html` (next to this script: its URL is relative to the script's own), configured
 * by the element's attributes in the URL's fragment, and connects to it: the embed's events are
 * re-dispatched on the element as `kmu-ready`, `kmu-command-done` and `kmu-resize`, and the
 * iframe's height follows `resize`. The script is the element's text, or a `<script type="text/kmu">`
 * child's (for text holding `<` or `&`); hidden setup lines come from the `preamble` attribute or
 * a `<script type="text/kmu-preamble">` child.
 *
 * `connect(iframe, { origin })` is the same client for a page that makes its own iframe.
 */
import type { CommandDone, EmbedState } from './protocol';
import { CHROME_PX, HEIGHT_RANGE, ROWS_RANGE, terminalHeight, wholeNumberIn } from './layout';

/** The events of a connected embed, by name, with what their listeners get. */
export interface KmuEvents {
  ready: { version: string };
  commandDone: CommandDone;
  resize: { height: number };
}

/** A connected embed. Every request waits for the console to be live; they run one at a time, in order. */
export interface KmuEmbed {
  /** The playground's version the embed reported. */
  readonly version: string;
  /** Type lines (an array, or one string of newline-separated lines) into the embed's console; resolves with what each did. */
  run(lines: string | readonly string[]): Promise<CommandDone[]>;
  /** A fresh in-memory playground in the embed (its preamble run again). */
  reset(): Promise<void>;
  /** Keys, files, program, user and transcript of the embed (secrets redacted). */
  getState(): Promise<EmbedState>;
  /** Listen to an event; returns the unsubscribe function. */
  on<K extends keyof KmuEvents>(event: K, listener: (detail: KmuEvents[K]) => void): () => void;
  /** Close the connection (the embed keeps running). */
  close(): void;
}

export interface ConnectOptions {
  /** The embed's origin (where embed.html is served from): the only origin the handshake is sent to. */
  origin: string;
  /** How long to keep offering the handshake before giving up, in ms (default 15000). */
  timeout?: number;
}

// the protocol's LIMITS (src/embed/protocol.ts) and the line rule its parseRequest applies, so a bad
// request is refused here with a reason instead of being ignored silently by the embed
const MAX_LINES = 200;
const MAX_LINE = 4096;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

type Pending = [(reply: Record<string, unknown>) => void, (e: Error) => void];

/** Lines of a string (newline-separated; CR LF too; a final newline adds no empty line) or an array, checked as the embed will check them. */
export function toLines(lines: string | readonly string[]): string[] {
  const out = typeof lines === 'string' ? lines.split(/\r?\n/) : [...lines];
  if (typeof lines === 'string' && out.length > 1 && out[out.length - 1] === '') out.pop(); // a final newline ends the last line
  if (out.length < 1 || out.length > MAX_LINES) throw new Error(`run takes 1 to ${MAX_LINES} lines`);
  for (const l of out) {
    if (typeof l !== 'string' || l.length > MAX_LINE || CONTROL.test(l)) throw new Error(`a line is not a string of at most ${MAX_LINE} characters without control characters`);
  }
  return out;
}

/**
 * Connect to an embed's iframe: offers the handshake (`{ kmu: 'connect', v: 1 }` with a fresh
 * MessagePort, sent to `origin` only) every 250 ms until the embed answers `ready`, then talks over
 * that port. Rejects after `timeout` — which is also what an origin missing from the embed's
 * allow-list sees: the embed never answers it.
 */
export function connect(iframe: HTMLIFrameElement, { origin, timeout = 15_000 }: ConnectOptions): Promise<KmuEmbed> {
  return new Promise((resolve, reject) => {
    const ports: MessagePort[] = [];
    const listeners = new Map<string, Set<(detail: never) => void>>();
    const pending = new Map<number, Pending>();
    let live: MessagePort | null = null;
    let nextId = 0;
    let version = '';

    const emit = (name: keyof KmuEvents, detail: unknown) => {
      for (const l of [...(listeners.get(name) ?? [])]) {
        try { (l as (d: unknown) => void)(detail); } catch (e) { setTimeout(() => { throw e; }); }
      }
    };

    const stop = () => {
      clearInterval(retry);
      iframe.removeEventListener('load', offer);
      clearTimeout(giveUp);
      for (const p of ports) if (p !== live) p.close();
    };

    const request = (message: Record<string, unknown>) => new Promise<Record<string, unknown>>((res, rej) => {
      if (!live) return rej(new Error('the embed is not connected'));
      const id = nextId++;
      pending.set(id, [res, rej]);
      live.postMessage({ id, ...message });
    });

    const embed: KmuEmbed = {
      get version() { return version; },
      run: async (lines) => (await request({ type: 'run', lines: toLines(lines) })).results as CommandDone[],
      reset: async () => { await request({ type: 'reset' }); },
      getState: async () => (await request({ type: 'getState' })).state as EmbedState,
      on(event, listener) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener as (detail: never) => void);
        return () => { set.delete(listener as (detail: never) => void); };
      },
      close() {
        live?.close();
        live = null;
        for (const [, [, rej]] of pending) rej(new Error('the connection was closed'));
        pending.clear();
      },
    };

    const onMessage = (port: MessagePort) => (e: MessageEvent) => {
      const d: unknown = e.data;
      if (typeof d !== 'object' || d === null) return;
      const m = d as Record<string, unknown>;
      if (m.event === 'ready') {
        // the first ready stops the offers; the connection is the LAST port offered (the embed
        // answers every offer that reached it, in order, each replacing the one before)
        if (!live && !resolved) {
          clearInterval(retry);
          offering = false;
          if (port === ports[ports.length - 1]) {
            live = port;
            resolved = true;
            version = String(m.version);
            stop();
            resolve(embed);
            emit('ready', { version });
          }
        }
        return;
      }
      if (port !== live) return;
      if (typeof m.id === 'number') {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok === true) p[0](m);
        else p[1](new Error(String(m.error)));
      } else if (m.event === 'commandDone') emit('commandDone', m.done);
      else if (m.event === 'resize') emit('resize', { height: m.height });
    };

    let resolved = false;
    let offering = true;
    const offer = () => {
      const w = iframe.contentWindow;
      if (!offering || !w) return;
      const channel = new MessageChannel();
      ports.push(channel.port1);
      channel.port1.onmessage = onMessage(channel.port1);
      try {
        w.postMessage({ kmu: 'connect', v: 1 }, origin, [channel.port2]);
      } catch {
        // a frame of another origin still loading: the next offer
      }
    };
    const retry = setInterval(offer, 250);
    // and when the frame's page has loaded: the embed's API is up by then (it starts with the
    // embed's first script), so this offer is answered at once, not up to 250 ms later
    iframe.addEventListener('load', offer);
    const giveUp = setTimeout(() => {
      offering = false;
      resolved = true; // (a late ready changes nothing: every port is closed below)
      live = null;
      stop();
      reject(new Error(`no answer from the embed at ${origin} (is this page's origin on its allow-list?)`));
    }, timeout);
    offer();
  });
}

/** Attributes passed to the embed's URL as they are (the embed checks them: src/embed/config.ts). */
const PASSED = ['seed', 'handles', 'theme', 'rows', 'height', 'panels', 'lesson'] as const;
const FLAGS = ['autorun', 'readonly'] as const;

/** The lines of a block of text: each trimmed, blank ones dropped (the page's indentation is not the script's). */
const linesOf = (text: string | null | undefined) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

/** The element's script (a `<script type="text/kmu">` child, else its own text outside scripts) and preamble. */
function readScript(el: HTMLElement): { script: string[]; preamble: string[] } {
  const child = (type: string) => el.querySelector<HTMLScriptElement>(`:scope > script[type="${type}"]`);
  let text = child('text/kmu')?.textContent;
  if (text == null) {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const s of copy.querySelectorAll('script')) s.remove();
    text = copy.textContent;
  }
  const pre = el.getAttribute('preamble') ?? child('text/kmu-preamble')?.textContent;
  return { script: linesOf(text), preamble: linesOf(pre) };
}

/** The embed's URL for an element: embed.html next to this script, the settings in the fragment (never sent to a server). */
export function embedUrl(el: HTMLElement, base: string | URL = import.meta.url): URL {
  const { script, preamble } = readScript(el);
  const params = new URLSearchParams();
  if (script.length > 0) params.set('script', script.join('\n'));
  if (preamble.length > 0) params.set('preamble', preamble.join('\n'));
  for (const f of FLAGS) if (el.hasAttribute(f)) params.set(f, '1');
  for (const a of PASSED) {
    const v = el.getAttribute(a);
    if (v !== null) params.set(a, v);
  }
  params.set('load', 'now'); // the reader has clicked already
  const url = new URL('embed.html', base);
  url.hash = params.toString();
  return url;
}

/**
 * The iframe's height before the embed reports its own: its terminal's (rows, else height, else the
 * default rows) and the chrome around it. An attribute the embed would refuse counts as absent (the
 * embed then shows a short page saying why), by the embed's own check (wholeNumberIn).
 */
export function initialHeight(el: HTMLElement): number {
  return terminalHeight(wholeNumberIn(el.getAttribute('rows'), ROWS_RANGE), wholeNumberIn(el.getAttribute('height'), HEIGHT_RANGE)) + CHROME_PX;
}

/** The `<kmu-console>` element (what `document.querySelector('kmu-console')` gives). */
export interface KmuConsoleElement extends HTMLElement {
  /** The connection to the live embed, once the reader asked for it (null before; rejected when the embed never answered). */
  embed: Promise<KmuEmbed> | null;
  /** Replace the code block with the live embed (what the button does). */
  load(): Promise<KmuEmbed>;
}

declare global {
  interface HTMLElementTagNameMap { 'kmu-console': KmuConsoleElement }
}

/** Define `<kmu-console>` (done on load where there is a DOM; the class needs HTMLElement to exist). */
function defineElement(): void {
  class Element extends HTMLElement implements KmuConsoleElement {
    /** The connection to the live embed, once the reader asked for it (null before). */
    embed: Promise<KmuEmbed> | null = null;
    private url: URL | null = null;

    connectedCallback(): void {
      if (this.url) return; // moved in the document: already set up
      // a classic script in <head> runs before the element's children are parsed
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => this.connectedCallback(), { once: true });
      else this.poster();
    }

    private poster(): void {
      if (this.url) return;
      const { script } = readScript(this);
      this.url = embedUrl(this);
      const code = document.createElement('code');
      code.textContent = script.join('\n');
      const pre = document.createElement('pre');
      pre.className = 'kmu-console-script';
      pre.append(code);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'kmu-console-run';
      button.textContent = 'Run in a live console';
      button.addEventListener('click', () => this.load());
      this.replaceChildren(...(script.length > 0 ? [pre] : []), button);
    }

    /** Replace the code block with the live embed (what the button does). */
    load(): Promise<KmuEmbed> {
      if (this.embed) return this.embed;
      this.poster();
      const url = this.url!;
      const frame = document.createElement('iframe');
      frame.src = url.href;
      frame.title = 'key_mgmt_util playground console';
      // (the height the embed will report, src/embed/layout.ts: the page does not move when it comes)
      frame.style.cssText = `display:block;width:100%;border:0;height:${initialHeight(this)}px`;
      this.replaceChildren(frame);
      frame.focus();
      const fire = (name: string, detail: unknown) => this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
      this.embed = connect(frame, { origin: url.origin });
      this.embed.then((embed) => {
        fire('kmu-ready', { version: embed.version });
        embed.on('commandDone', (d) => fire('kmu-command-done', d));
        embed.on('resize', (d) => {
          if (typeof d.height === 'number' && d.height > 0) frame.style.height = `${d.height}px`;
          fire('kmu-resize', d);
        });
      }, () => { /* no API (this page's origin is not on the embed's allow-list): the console works, without auto-height or events */ });
      return this.embed;
    }
  }
  customElements.define('kmu-console', Element);
}

if (typeof customElements !== 'undefined' && !customElements.get('kmu-console')) defineElement();
