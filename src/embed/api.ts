/**
 * The embed's side of the postMessage API (issue 14, item 4; the protocol: src/embed/protocol.ts,
 * documented in docs/embed.md).
 *
 * The embed listens on its window for ONE kind of message: `{ kmu: 'connect', v: 1 }` from its
 * parent window (`event.source === window.parent`), from an origin on the build-time allow-list,
 * carrying exactly one MessagePort. Anything else — another sender, another origin, another shape,
 * no port — is ignored silently: nothing is posted, nothing is logged, nothing changes. An accepted
 * connect replaces the previous connection (its port is closed, its queued requests dropped) and
 * is answered `ready` over the new port — followed by the last measured height, and, once the
 * connection settled, the command events no page has received yet (an autorun usually finishes
 * before the page's handshake arrives) — and from then on everything travels over that port.
 *
 * Requests are validated by parseRequest (malformed ones are ignored silently, as above) and run
 * one at a time, in order: a `run` while another runs waits, up to
 * LIMITS.pending waiting requests; more are answered with an error. The embed's command events
 * (script, reader and API alike) go to the connected page as `commandDone`, its content height as
 * `resize`. Secrets: an event's line is already redacted (src/shell/events.ts), and the transcript
 * of `getState` comes from EmbedHost.state(), which applies the same rule.
 *
 * The API reaches the embed only through EmbedHost (src/embed/host.ts): never the HSM, the storage
 * or the terminal directly — and the embed's playground is in memory, so nothing here can touch
 * the reader's saved playground.
 */
import type { CommandEvent } from '../shell/events';
import type { EmbedHost } from './host';
import { isConnectMessage, LIMITS, parseRequest, PROGRAM_NAMES, PROTOCOL_VERSION, type CommandDone, type EmbedEvent, type Reply, type Request } from './protocol';

/** What the API needs of a MessagePort (the browser's, Node's, or a test's). */
export interface ApiPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

/** What the API needs of a window 'message' event. */
export interface ApiMessageEvent {
  source: unknown;
  origin: string;
  data: unknown;
  ports: ArrayLike<unknown>;
}

/** What the API needs of the embed's window. */
export interface ApiWindow {
  readonly parent: unknown;
  addEventListener(type: 'message', listener: (event: ApiMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: ApiMessageEvent) => void): void;
}

export interface EmbedApiOptions {
  window: ApiWindow;
  host: EmbedHost;
  /** The allow-list check (src/embed/allow-list.ts originAllowed, bound to the embed's own origin). */
  allowed: (origin: string) => boolean;
  /** The playground's version (package.json), sent with `ready`. */
  version: string;
  /** How long a new connection waits before the command events it has not heard go to it (default SETTLE_MS; tests). */
  settleMs?: number;
}

/** See `undelivered` in startEmbedApi. */
export const SETTLE_MS = 500;

/** A command event as the protocol reports it: what it ran and how it ended, nothing else. */
export function commandDone(e: CommandEvent): CommandDone {
  return { program: PROGRAM_NAMES[e.program] ?? e.program, command: e.command, line: e.line, codes: [...e.codes], status: e.status };
}

function isPort(p: unknown): p is ApiPort {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return typeof o.postMessage === 'function' && typeof o.addEventListener === 'function' && typeof o.start === 'function' && typeof o.close === 'function';
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

interface Connection {
  port: ApiPort;
  closed: boolean;
  /** Requests accepted but not yet started. */
  waiting: number;
  /** Whether command events go straight to this connection (see `undelivered`). */
  settled: boolean;
}

/**
 * Start answering the parent page. Returns the function that stops: the window listener is
 * removed and the current connection, if any, closed.
 */
export function startEmbedApi(opts: EmbedApiOptions): () => void {
  const { window: win, host, allowed, version } = opts;
  let current: Connection | null = null;
  /** The embed's last measured content height, rounded up. */
  let height: number | null = null;
  /**
   * commandDone events no page has received yet, the latest LIMITS.lines of them: none was
   * connected (an autorun usually finishes before the page's handshake arrives), or the connection
   * had not settled. A connection settles at its first request, or SETTLE_MS after its `ready`: a
   * page offers the handshake every 250 ms until the first `ready` comes back, so a connection can
   * be replaced by an offer already on its way — the events go to the one that stays.
   */
  const undelivered: CommandDone[] = [];
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const settle = (c: Connection) => {
    if (c.closed || c.settled) return;
    c.settled = true;
    for (const done of undelivered.splice(0)) post(c, { event: 'commandDone', done });
  };
  /** The end of the line of requests: each starts when the one before finished (whichever connection sent it). */
  let tail: Promise<void> = Promise.resolve();

  const close = (c: Connection) => {
    if (c.closed) return;
    c.closed = true;
    try { c.port.close(); } catch { /* already closed */ }
  };

  const post = (c: Connection, message: Reply | EmbedEvent) => {
    if (c.closed) return;
    try {
      c.port.postMessage(message);
    } catch {
      close(c); // a port that cannot post (its other end gone, a clone failure) ends the connection
    }
  };

  // (the host loads the live console for a request that comes before the reader clicked, and
  // answers with the preamble's error when it failed: each of its methods waits for live())
  const perform = async (r: Request): Promise<Reply> => {
    switch (r.type) {
      case 'run': {
        const events = await host.run(r.lines);
        return { id: r.id, ok: true, type: 'run', results: events.map(commandDone) };
      }
      case 'reset':
        await host.reset();
        return { id: r.id, ok: true, type: 'reset' };
      case 'getState':
        return { id: r.id, ok: true, type: 'getState', state: await host.state() };
    }
  };

  const request = (c: Connection, data: unknown) => {
    if (c.closed) return;
    const r = parseRequest(data);
    if (!r) return; // malformed: ignored silently
    settle(c); // (a page sends requests only over the connection that stayed: the events before them first)
    if (c.waiting >= LIMITS.pending) {
      post(c, { id: r.id, ok: false, error: `too many requests waiting (at most ${LIMITS.pending})` });
      return;
    }
    c.waiting++;
    tail = tail.then(async () => {
      c.waiting--;
      if (c.closed) return; // replaced or stopped before its turn: dropped
      let reply: Reply;
      try {
        reply = await perform(r);
      } catch (e) {
        reply = { id: r.id, ok: false, error: errorText(e) };
      }
      post(c, reply);
    });
  };

  const onMessage = (event: ApiMessageEvent) => {
    try {
      const parent = win.parent;
      // not framed (parent is the window itself), another sender, another origin, another shape: silence
      if (parent === win || event.source !== parent) return;
      if (!allowed(event.origin)) return;
      if (!isConnectMessage(event.data)) return;
      const ports = event.ports;
      if (!ports || ports.length !== 1 || !isPort(ports[0])) return;
      const port = ports[0];
      if (current) close(current);
      const c: Connection = { port, closed: false, waiting: 0, settled: false };
      current = c;
      port.addEventListener('message', (m) => request(c, m.data));
      port.start();
      post(c, { event: 'ready', v: PROTOCOL_VERSION, version });
      // the height measured before the page connected (a page sizes its iframe from these)
      if (height !== null) post(c, { event: 'resize', height });
      setTimeout(() => settle(c), settleMs);
    } catch {
      // whatever went wrong with a message, the embed stays silent and keeps running
    }
  };

  const unsubscribe = [
    host.onEvent((e) => {
      const done = commandDone(e);
      if (current && current.settled && !current.closed) post(current, { event: 'commandDone', done });
      else if (undelivered.push(done) > LIMITS.lines) undelivered.shift();
    }),
    host.onResize((h) => {
      if (!Number.isFinite(h) || h < 0) return;
      height = Math.ceil(h);
      if (current) post(current, { event: 'resize', height });
    }),
  ];

  win.addEventListener('message', onMessage);
  return () => {
    win.removeEventListener('message', onMessage);
    for (const u of unsubscribe) u();
    if (current) close(current);
    current = null;
  };
}
