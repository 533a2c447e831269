/**
 * The terminal tabs' rules, free of Svelte and the DOM (tested in Node): which keys open, switch
 * and close tabs, what a tab is called, which tab gets the focus after a close, and what closing a
 * tab ends.
 *
 * The shortcuts use Alt: the line editor owns Ctrl-A/E/K/U/W/R/C/D/L, the arrows and Tab, and the
 * browser keeps Ctrl-T, Ctrl-W and Ctrl-Tab for itself. Keys are matched by `code` (the physical
 * key), so Alt+T is Alt+T on a layout where Alt makes another character (macOS Option).
 */
import type { OpenSessions } from '../shell/session';

export type TabAction =
  | { kind: 'new' }
  | { kind: 'close' }
  | { kind: 'go'; index: number }
  | { kind: 'prev' }
  | { kind: 'next' };

/** What a key event carries that the shortcuts look at. */
export interface KeyLike {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
}

/** The shortcuts, as the page's help lists them (and the tests check each one is bound). */
export const TAB_SHORTCUTS: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'Alt+T', does: 'new terminal tab' },
  { keys: 'Alt+1 … Alt+9', does: 'go to tab 1 … 9 (Alt+9: the last)' },
  { keys: 'Alt+← / Alt+→', does: 'previous / next tab (while a terminal has the focus)' },
  { keys: 'Alt+W', does: 'close the tab (asks first when it ends a KMU, CMU or CLI session)' },
  { keys: 'Escape, then Tab', does: 'leave the terminal for the rest of the page' },
];

/**
 * The tab action of a key, or null. `inTerminal`: the focus is in the terminal area (Alt+←/→
 * are the browser's Back and Forward everywhere else, and stay so).
 */
export function tabAction(e: KeyLike, inTerminal: boolean): TabAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (e.code === 'KeyT') return { kind: 'new' };
  if (e.code === 'KeyW') return { kind: 'close' };
  const digit = /^Digit([1-9])$/.exec(e.code);
  if (digit) return { kind: 'go', index: Number(digit[1]) - 1 };
  if (inTerminal && e.code === 'ArrowLeft') return { kind: 'prev' };
  if (inTerminal && e.code === 'ArrowRight') return { kind: 'next' };
  return null;
}

/** The index of the tab `action` goes to among `count` tabs from `current` (null: none). */
export function targetIndex(action: TabAction, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (action.kind) {
    case 'go': return action.index === 8 ? count - 1 : action.index < count ? action.index : null; // Alt+9: the last, as browsers do
    case 'prev': return (current - 1 + count) % count;
    case 'next': return (current + 1) % count;
    default: return null;
  }
}

/** After closing the tab at `closed` (of `count`, the active one), the tab that gets the focus. */
export function afterClose(closed: number, count: number): number {
  return Math.max(0, Math.min(closed, count - 2));
}

export type ProgramId = 'host' | 'kmu' | 'cmu' | 'cli';

export const PROGRAM_NAMES: Record<ProgramId, string> = {
  host: 'host shell',
  kmu: 'key_mgmt_util',
  cmu: 'cloudhsm_mgmt_util',
  cli: 'cloudhsm-cli',
};

/** "Terminal 2: key_mgmt_util" — the tab's accessible name and what a switch announces. */
export function tabTitle(n: number, program: ProgramId): string {
  return `Terminal ${n}: ${PROGRAM_NAMES[program]}`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * What closing a terminal ends, in words: null when it ends nothing (a host shell with no login
 * anywhere), else e.g. "key_mgmt_util ends: example_user is logged out and 1 session key is destroyed."
 */
export function closeConsequence(s: OpenSessions): string | null {
  const ends: string[] = [];
  if (s.kmuUser !== null) ends.push(`${s.kmuUser} is logged out of key_mgmt_util`);
  if (s.cliUser !== undefined) ends.push(`${s.cliUser} is logged out of cloudhsm-cli`);
  if (s.sessionKeys > 0) ends.push(`${plural(s.sessionKeys, 'session key')} ${s.sessionKeys === 1 ? 'is' : 'are'} destroyed`);
  if (s.cmuUser !== null) ends.push(`${s.cmuUser} is logged out of cloudhsm_mgmt_util`);
  const program = s.program === 'kmu' || s.program === 'cmu' || s.program === 'cli' ? PROGRAM_NAMES[s.program] : null;
  if (ends.length === 0) return program ? `${program} ends.` : null;
  const list = ends.length === 1 ? ends[0]! : `${ends.slice(0, -1).join(', ')} and ${ends[ends.length - 1]!}`;
  return `${program ? `${program} ends: ` : ''}${list}.`;
}
