/**
 * Share links (issue 15, item 1): the URL fragment `#share=` + base64url(UTF-8 JSON) carries the
 * typed lines as src/shell/share-record.ts recorded them (secrets masked; the default users'
 * published passwords kept), the answers to questions, the seed and the settings. Uploaded files
 * are not carried. A link is at most 64 kB (SHARE_CAP); a longer one is neither made nor read.
 *
 * Parsing is strict: exactly the known fields, of the known types and sizes, or a refusal with a
 * sentence saying why (a newer version, a damaged or truncated link, an unknown field — `__proto__`
 * included). A parsed link is plain data and never acts: the page shows its lines with every
 * control character escaped (escapeLine), and replays them only when the visitor agrees, into a
 * fresh playground in memory (src/main.ts), asking for every masked password (placeholders).
 */
import type { Step } from './share-record';

export type { Step } from './share-record';

export const SHARE_PREFIX = '#share=';
/** The longest link fragment made or read, in characters (64 kB). */
export const SHARE_CAP = 64 * 1024;
export const SHARE_VERSION = 1;
/** The longest line kept (the history's bound). */
const MAX_LINE = 16 * 1024;

export interface ShareSettings {
  handles: 'simple' | 'realistic';
  /** null: real randomness; a number: seeded mode (the `settings seed N` range). */
  seed: number | null;
}

export interface SharedSession {
  v: number;
  settings: ShareSettings;
  steps: Step[];
}

export type ParseResult = { ok: true; share: SharedSession } | { ok: false; why: string };

function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** The fragment (`#share=…`) for a session; null when it would be longer than SHARE_CAP. */
export function encodeShare(settings: ShareSettings, steps: readonly Step[]): string | null {
  const json = JSON.stringify({ v: SHARE_VERSION, settings: { handles: settings.handles, seed: settings.seed }, steps });
  const fragment = SHARE_PREFIX + base64url(new TextEncoder().encode(json));
  return fragment.length <= SHARE_CAP ? fragment : null;
}

const plain = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

/** Exactly these own keys (an unknown one, `__proto__` included, is refused). */
const exactly = (o: Record<string, unknown>, keys: string[]) => {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
};

const goodText = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_LINE;

function parseStep(x: unknown): Step | null {
  if (!Array.isArray(x) || x.length < 1 || x.length > 2) return null;
  const [kind, text] = x as unknown[];
  if ((kind === 'c' || kind === 'a') && x.length === 2 && goodText(text)) return [kind, text];
  if (kind === 'p' && x.length === 1) return ['p'];
  if (kind === 'p' && x.length === 2 && goodText(text)) return ['p', text];
  if (kind === 'x' && x.length === 1) return ['x'];
  return null;
}

/** Read a link's fragment (with or without the leading `#share=`); strict: see the module comment. */
export function parseShare(fragment: string): ParseResult {
  const body = fragment.startsWith(SHARE_PREFIX) ? fragment.slice(SHARE_PREFIX.length) : fragment.replace(/^#/, '');
  const bad = (why: string): ParseResult => ({ ok: false, why });
  if (SHARE_PREFIX.length + body.length > SHARE_CAP) return bad('This share link is longer than 64 kB; it is not read.');
  const bytes = fromBase64url(body);
  if (!bytes) return bad('This share link is damaged (it is not base64url); it may have been cut short.');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('This share link is damaged or cut short (its contents do not read as a session).');
  }
  if (!plain(value)) return bad('This share link does not hold a session.');
  if (typeof value['v'] === 'number' && value['v'] > SHARE_VERSION) {
    return bad(`This share link was made by a newer version of the playground (version ${value['v']}); reload the page to update it.`);
  }
  if (!exactly(value, ['v', 'settings', 'steps']) || value['v'] !== SHARE_VERSION) return bad('This share link is not one this playground makes (unknown version or fields).');
  const s = value['settings'];
  if (!plain(s) || !exactly(s, ['handles', 'seed']) || (s['handles'] !== 'simple' && s['handles'] !== 'realistic')
    || !(s['seed'] === null || (typeof s['seed'] === 'number' && Number.isInteger(s['seed']) && s['seed'] >= 0 && s['seed'] <= 999_999_999))) {
    return bad('This share link\'s settings are not valid.');
  }
  const raw = value['steps'];
  if (!Array.isArray(raw) || raw.length > 10_000) return bad('This share link\'s lines are not valid.');
  const steps: Step[] = [];
  for (const x of raw) {
    const step = parseStep(x);
    if (!step) return bad(`This share link's line ${steps.length + 1} is not valid.`);
    steps.push(step);
  }
  return { ok: true, share: { v: SHARE_VERSION, settings: { handles: s['handles'], seed: s['seed'] as number | null }, steps } };
}

/**
 * A line as the page shows it: every control character (C0, DEL, C1), the invisible and
 * direction-changing format characters (so a line cannot read differently from what runs) and the
 * backslash escaped; the text never acts on the screen.
 */
export function escapeLine(line: string): string {
  return line.replace(/[\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => {
    if (c === '\\') return '\\\\';
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16)}`;
  });
}

/** Whether a link's text holds a control character (such a link is shown, never replayed). */
export const hasControl = (steps: readonly Step[]): boolean =>
  steps.some((s) => s[1] !== undefined && /[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(s[1]));

/** Whether a command line holds a masked password (a word that ends with the redaction rule's mask). */
export const masked = (line: string): boolean => line.split(/[ \t]+/).some((w) => w.endsWith('********'));

/**
 * The steps that need a password from the visitor: a hidden line without its value, and a line
 * with a masked password that no hidden line follows (the console asks for it when it replays).
 */
export function placeholders(steps: readonly Step[]): number[] {
  const out: number[] = [];
  steps.forEach((s, i) => {
    if (s[0] === 'p' && s.length === 1) out.push(i);
    else if (s[0] === 'c' && masked(s[1]) && steps[i + 1]?.[0] !== 'p') out.push(i);
  });
  return out;
}

/** What the replay drives: the page's terminal (typing as the learner would) and its console. */
export interface ReplayTarget {
  /** Input as if typed into the terminal. */
  press(data: string): void;
  /** 'hidden' while the console reads a password. */
  inputMode(): 'normal' | 'hidden';
  /** Resolves once the console has finished `n` submits in all. */
  submitted(n: number): Promise<void>;
  /** Submits finished so far. */
  done(): number;
  /**
   * Empty the line at the prompt (the page: End, then Ctrl-U — what was there can be yanked back
   * with Ctrl-Y): text the reader typed before the replay began would otherwise start its first line.
   */
  clearLine?(): void;
  /** The terminal was closed (its tab went away): nothing more is typed, and submitted() resolves. */
  gone?(): boolean;
  /**
   * While the replay runs, the reader's own input to the terminal (keys, a paste, the on-screen
   * keys) goes to `to` instead of the terminal; null gives it back (src/ui/Terminal.svelte hold).
   */
  hold?(to: ((data: string) => void) | null): void;
}

/** What the page hears of a replay (all optional). */
export interface ReplayHooks {
  /** Runs once the reader's input is held, before the first line (the page applies the link's settings). */
  before?(): Promise<void>;
  /** Before each line (its index), and with the number of lines once all are typed. */
  progress?(i: number): void;
  /** The reader typed during the replay (line `i` is being typed): the keys were not taken. */
  blocked?(i: number): void;
}

/**
 * Type the steps into the target one at a time, each after the previous has finished; `passwords`
 * answers the placeholders (by step index). Stops (returns why) when the console is not asking for a
 * password where the link has one, so a password is never typed as a command.
 *
 * While it runs the reader's input is held (target.hold): nothing the reader types, pastes or
 * presses on screen reaches the terminal, so it never mixes with the replayed lines (`blocked`
 * hears of it) — except Ctrl-C, which stops the replay: the input is given back at once, the
 * Ctrl-C reaches the terminal as the reader's own would (a running command stops), and no further
 * line is typed; the replay ends when the line it was running has finished.
 */
export async function replay(steps: readonly Step[], passwords: ReadonlyMap<number, string>, target: ReplayTarget,
  hooks: ReplayHooks = {}): Promise<string | null> {
  if (hasControl(steps)) return 'This link holds control characters; it is not replayed.';
  let at = 0;
  let typed = 0;
  let stopped = false;
  let holding = false;
  const release = () => {
    if (holding) target.hold?.(null);
    holding = false;
  };
  const lines = (n: number) => `${n} of ${steps.length} line${steps.length === 1 ? '' : 's'}`;
  const stoppedWhy = () => `The replay was stopped with Ctrl-C after ${lines(typed)}; the rest were not typed.`;
  const goneWhy = () => `The replay stopped after ${lines(typed)}: its terminal was closed.`;
  /** Type `text` and wait until the console has finished it. */
  const type = async (text: string) => {
    const n = target.done();
    target.press(text);
    await target.submitted(n + 1);
  };
  if (target.hold) {
    target.hold((data) => {
      if (!data.includes('\x03')) {
        hooks.blocked?.(at);
        return;
      }
      stopped = true;
      release();
      target.press('\x03');
    });
    holding = true;
  }
  try {
    await hooks.before?.();
    target.clearLine?.();
    for (let i = 0; i < steps.length; i++) {
      if (stopped) return stoppedWhy();
      if (target.gone?.()) return goneWhy();
      at = i;
      hooks.progress?.(i);
      const s = steps[i]!;
      if (s[0] === 'x') {
        target.press('\x03');
        typed++;
        continue;
      }
      let text: string;
      if (s[0] === 'p') {
        if (target.inputMode() !== 'hidden') return `The replay stopped before line ${i + 1}: the playground did not ask for a password there.`;
        text = s[1] ?? passwords.get(i) ?? '';
      } else text = s[1];
      typed++;
      await type(text + '\r');
      if (stopped) return stoppedWhy();
      if (target.gone?.()) return goneWhy();
      if (s[0] === 'c' && target.inputMode() === 'hidden' && steps[i + 1]?.[0] !== 'p' && passwords.has(i)) {
        await type(passwords.get(i)! + '\r');
      }
    }
    if (stopped) return stoppedWhy();
    if (target.gone?.()) return goneWhy();
    hooks.progress?.(steps.length);
    return null;
  } finally {
    release();
  }
}
