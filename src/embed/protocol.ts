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
}

export interface CommandDone {
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

/** `data` exactly one Request (null otherwise; never throws, whatever `data` is). (Helper "embedapi" implements.) */
export declare function parseRequest(data: unknown): Request | null;
