/**
 * The embed's postMessage API (issue 14, item 4), version 1. Documented in docs/embed.md.
 *
 * Handshake: the parent posts `{ kmu: 'connect', v: 1 }` to the iframe's window with a transferred
 * MessagePort and a pinned targetOrigin, retrying every 250 ms until `ready`. The embed accepts it
 * only when `event.source === window.parent` and `event.origin` is on the build-time allow-list
 * (src/embed/allow-list.ts); otherwise it does nothing at all (no answer, no error). After the
 * handshake everything travels over the port; the embed validates every message and silently
 * ignores what is not exactly one of the requests below.
 */

export const PROTOCOL_VERSION = 1;

/** Parent → embed, on window (once): the port rides in `event.ports[0]`. */
export interface ConnectMessage { kmu: 'connect'; v: 1 }

/** Parent → embed, over the port. `id`: the parent's request number (a non-negative safe integer), echoed in the reply. */
export type Request =
  | { id: number; type: 'run'; lines: string[] }
  | { id: number; type: 'reset' }
  | { id: number; type: 'getState' };

export interface EmbedKey {
  handle: number;
  label: string;
  /** What the inventory shows: class and key type as KMU names them (e.g. 'AES', 'RSA private'). */
  kind: string;
  size: number | null;
  kcv: string | null;
  session: boolean;
  owner: string | null;
}

export interface EmbedState {
  /** The keys of the embed's cluster as the inventory shows them. */
  keys: EmbedKey[];
  /** Files of the virtual file system: name and size in bytes. */
  files: { name: string; size: number }[];
  /** The program the terminal is in ('shell', 'key_mgmt_util', 'cloudhsm_mgmt_util', 'cloudhsm-cli') and who is logged in there. */
  program: string;
  user: string | null;
  /** What the terminal printed, prompts and typed lines included, secrets redacted. */
  transcript: string;
  /** Only in an embed opened with `lesson=<id>`: where the reader is in that lesson (additive, optional). */
  lesson?: EmbedLessonState;
}

/** A lesson's progress in an embed (getState's `lesson`). */
export interface EmbedLessonState {
  /** The lesson's id (the `lesson` parameter). */
  id: string;
  /** The current step's index, from 0; equal to `total` when the lesson is done. */
  step: number;
  total: number;
  done: boolean;
  /** The current step's title (the lesson's title when done), as plain text. */
  title: string;
  /** The current step's goals, as plain text, and whether each is met (none when done). */
  goals: { text: string; met: boolean }[];
}

/** The names the protocol gives the programs (`program` of EmbedState and CommandDone), by the console's ids. */
export const PROGRAM_NAMES: Readonly<Record<string, string>> = Object.freeze(Object.assign(Object.create(null) as Record<string, string>,
  { host: 'shell', kmu: 'key_mgmt_util', cmu: 'cloudhsm_mgmt_util', cli: 'cloudhsm-cli' }));

export interface CommandDone {
  /** The program the line was typed into, as PROGRAM_NAMES names it. */
  program: string;
  command: string | null;
  /** The line as typed, secrets redacted. */
  line: string;
  codes: number[];
  status: 'ok' | 'interrupted' | 'error';
}

/** Embed → parent, over the port. Replies carry the request's id; events carry none. */
export type Reply =
  | { id: number; ok: true; type: 'run'; results: CommandDone[] }
  | { id: number; ok: true; type: 'reset' }
  | { id: number; ok: true; type: 'getState'; state: EmbedState }
  | { id: number; ok: false; error: string };

export type EmbedEvent =
  | { event: 'ready'; v: 1; version: string }
  | { event: 'commandDone'; done: CommandDone }
  | { event: 'resize'; height: number };

/** Upper bounds every message is checked against. */
export const LIMITS = { lines: 200, lineLength: 4096, pending: 16 } as const;

/**
 * Control characters (C0, DEL, C1), line and paragraph separators, invisible and direction-changing
 * format characters — the set the embed's URL refuses (src/embed/config.ts): a line carrying one
 * could type more than one line, write escape sequences into the terminal or read otherwise than it
 * runs. Refused in every `run` line.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/**
 * The own properties of a plain object (Object.prototype or null prototype) when they are exactly
 * `keys`, every one a data property (no getter runs); null otherwise. `__proto__`, symbols and
 * non-enumerable extras count as keys like any other, so they make the message malformed.
 */
function exactRecord(data: unknown, keys: readonly string[]): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const proto: unknown = Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) return null;
  const own = Reflect.ownKeys(data);
  if (own.length !== keys.length) return null;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of own) {
    if (typeof k !== 'string' || !keys.includes(k)) return null;
    const d = Object.getOwnPropertyDescriptor(data, k);
    if (!d || !('value' in d)) return null;
    out[k] = d.value;
  }
  return out;
}

/** `lines` as a fresh array of 1 to LIMITS.lines strings of at most LIMITS.lineLength characters, no control characters; null otherwise. */
function parseLines(value: unknown): string[] | null {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return null;
  const n = value.length;
  if (n < 1 || n > LIMITS.lines) return null;
  // exactly the indexes 0…n-1 and length: no holes, no extra properties
  if (Reflect.ownKeys(value).length !== n + 1) return null;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = Object.getOwnPropertyDescriptor(value, i);
    if (!d || !('value' in d)) return null;
    const line: unknown = d.value;
    if (typeof line !== 'string' || line.length > LIMITS.lineLength || CONTROL.test(line)) return null;
    lines.push(line);
  }
  return lines;
}

/** A Connect message exactly (`{ kmu: 'connect', v: 1 }`); never throws. */
export function isConnectMessage(data: unknown): data is ConnectMessage {
  try {
    const r = exactRecord(data, ['kmu', 'v']);
    return r !== null && r.kmu === 'connect' && r.v === PROTOCOL_VERSION;
  } catch {
    return false; // a Proxy whose traps throw
  }
}

/** `data` exactly one Request (null otherwise; never throws, whatever `data` is). */
export function parseRequest(data: unknown): Request | null {
  try {
    const head = exactRecord(data, ['id', 'type', 'lines']) ?? exactRecord(data, ['id', 'type']);
    if (!head) return null;
    const { type } = head;
    if (typeof head.id !== 'number' || !Number.isSafeInteger(head.id) || head.id < 0) return null;
    const id = head.id + 0; // (-0 echoed as 0)
    if (type === 'run') {
      const lines = parseLines(head.lines);
      return lines ? { id, type, lines } : null;
    }
    if ('lines' in head) return null;
    if (type === 'reset' || type === 'getState') return { id, type };
    return null;
  } catch {
    return null; // a Proxy whose traps throw, or anything else odd
  }
}
