/**
 * Logins held in the OTHER browser tabs of the same playground (cloudhsm-cli.md §5.10: "logged in
 * elsewhere" means another terminal tab or another browser tab), for the HSM layer's LoginsPort.
 * Sessions live in each tab's memory, so every page tells the others over a BroadcastChannel:
 *
 *   {kind: 'logins', from, logins}  this page's logins now (sent whenever they change, and in
 *                                   answer to a hello)
 *   {kind: 'hello', from}           a page has started: every other page answers with its logins
 *   {kind: 'bye', from}             a page goes away (pagehide): forget its logins
 *
 * A page that crashes says no bye: its logins are kept by the others until they reload (a new page
 * only counts the pages that answer its hello). Messages are checked field by field; anything
 * malformed is ignored.
 */
import type { ActiveLogin } from '../hsm/logins';
import { STORAGE_NAMES } from './db-names';

export interface LoginPresence {
  /** The logins of every other page of this playground, as last told (a LoginsPort). */
  elsewhere: () => ActiveLogin[];
  /** Tell the other pages this page's logins (only sent when they changed). */
  publish(logins: readonly ActiveLogin[]): void;
  close(): void;
}

type Wire = { cluster: string; name: string; nodes: 'all' | Array<[number, number]> };

const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= 256;

function fromWire(v: unknown): ActiveLogin | null {
  if (typeof v !== 'object' || v === null) return null;
  const w = v as Partial<Wire>;
  if (!isString(w.cluster) || !isString(w.name)) return null;
  if (w.nodes === 'all') return { cluster: w.cluster, name: w.name, nodes: 'all' };
  if (!Array.isArray(w.nodes) || w.nodes.length > 64) return null;
  const nodes = new Map<number, number>();
  for (const pair of w.nodes) {
    if (!Array.isArray(pair) || !Number.isInteger(pair[0]) || !Number.isInteger(pair[1])) return null;
    nodes.set(pair[0] as number, pair[1] as number);
  }
  return { cluster: w.cluster, name: w.name, nodes };
}

const toWire = (l: ActiveLogin): Wire => ({ cluster: l.cluster, name: l.name, nodes: l.nodes === 'all' ? 'all' : [...l.nodes] });

/** Null where BroadcastChannel is missing (then only this page's terminals count). */
export function openLoginPresence(opts: { channel?: string; window?: Pick<Window, 'addEventListener' | 'removeEventListener'> } = {}): LoginPresence | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(opts.channel ?? STORAGE_NAMES.logins);
  const self = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const others = new Map<string, ActiveLogin[]>();
  let mine: Wire[] = [];
  let sent = '[]';
  const post = (message: unknown) => {
    try {
      channel.postMessage(message);
    } catch { /* (closed) */ }
  };
  channel.onmessage = (event: MessageEvent) => {
    const m = event.data as { kind?: unknown; from?: unknown; logins?: unknown };
    if (typeof m !== 'object' || m === null || !isString(m.from) || m.from === self) return;
    if (m.kind === 'hello') post({ kind: 'logins', from: self, logins: mine });
    else if (m.kind === 'bye') others.delete(m.from);
    else if (m.kind === 'logins' && Array.isArray(m.logins) && m.logins.length <= 64) {
      const logins = m.logins.map(fromWire).filter((l): l is ActiveLogin => l !== null);
      if (logins.length === 0) others.delete(m.from);
      else others.set(m.from, logins);
    }
  };
  const bye = () => post({ kind: 'bye', from: self });
  const win = opts.window ?? (typeof window === 'object' ? window : undefined);
  win?.addEventListener('pagehide', bye);
  post({ kind: 'hello', from: self });
  return {
    elsewhere: () => [...others.values()].flat(),
    publish(logins) {
      mine = logins.map(toWire);
      const text = JSON.stringify(mine);
      if (text === sent) return;
      sent = text;
      post({ kind: 'logins', from: self, logins: mine });
    },
    close() {
      bye();
      win?.removeEventListener('pagehide', bye);
      channel.close();
    },
  };
}
