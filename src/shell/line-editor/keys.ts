/**
 * Key bindings of the line editor, as data: which raw terminal input (what xterm's `onData`
 * delivers: typed characters, the escape sequences of the arrow and editing keys, pasted text)
 * means which editing action. The README's "The page → Terminal" lists the bindings a learner
 * relies on; test/shell/line-editor/keys.test.ts checks every one of them is in this table.
 */

/** What a key does; the editor (index.ts) maps each action to its effect. */
export type Action =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'up'
  | 'down'
  | 'kill-line'
  | 'kill-end'
  | 'kill-word'
  | 'clear-screen'
  | 'tab'
  | 'search'
  | 'cancel'
  | 'escape'
  | 'interrupt'
  /** Ctrl-D: delete under the cursor; at an empty line, the program's end of input (the CLI's quit). */
  | 'eof';

/** One unit of input: inserted text, or one key's action. */
export type Token = { kind: 'text'; text: string } | { [A in Action]: { kind: A } }[Action];

export interface KeyBinding {
  /** The key's name, in the README's words where it lists it. */
  readonly key: string;
  /** Every input sequence that means this key (terminals differ: CSI and SS3 forms). */
  readonly sequences: readonly string[];
  readonly action: Action;
  /**
   * Only when the chunk of input is this key and nothing else: a Tab inside pasted text is a
   * blank, and an ESC inside it (one that starts no known sequence) is dropped.
   */
  readonly alone?: true;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { key: 'Enter', sequences: ['\r', '\n', '\r\n'], action: 'enter' },
  { key: '←', sequences: ['\x1b[D', '\x1bOD'], action: 'left' },
  { key: 'Ctrl-B', sequences: ['\x02'], action: 'left' },
  { key: '→', sequences: ['\x1b[C', '\x1bOC'], action: 'right' },
  { key: 'Ctrl-F', sequences: ['\x06'], action: 'right' },
  { key: 'Home', sequences: ['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~'], action: 'home' },
  { key: 'Ctrl-A', sequences: ['\x01'], action: 'home' },
  { key: 'End', sequences: ['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~'], action: 'end' },
  { key: 'Ctrl-E', sequences: ['\x05'], action: 'end' },
  { key: 'Backspace', sequences: ['\x7f', '\x08'], action: 'backspace' },
  { key: 'Delete', sequences: ['\x1b[3~'], action: 'delete' },
  { key: 'Ctrl-U', sequences: ['\x15'], action: 'kill-line' },
  { key: 'Ctrl-K', sequences: ['\x0b'], action: 'kill-end' },
  { key: 'Ctrl-W', sequences: ['\x17'], action: 'kill-word' },
  { key: '↑', sequences: ['\x1b[A', '\x1bOA'], action: 'up' },
  { key: '↓', sequences: ['\x1b[B', '\x1bOB'], action: 'down' },
  { key: 'Ctrl-R', sequences: ['\x12'], action: 'search' },
  { key: 'Ctrl-G', sequences: ['\x07'], action: 'cancel' },
  { key: 'Ctrl-C', sequences: ['\x03'], action: 'interrupt' },
  { key: 'Ctrl-D', sequences: ['\x04'], action: 'eof' },
  { key: 'Ctrl-L', sequences: ['\x0c'], action: 'clear-screen' },
  { key: 'Tab', sequences: ['\t'], action: 'tab', alone: true },
  // Escape reaches the editor and does nothing there; Escape-then-Tab leaving the terminal is the
  // view's key handler (src/ui/xterm-view.ts), which keeps that Tab from the editor.
  { key: 'Escape', sequences: ['\x1b'], action: 'escape', alone: true },
];

/** The extent of one escape sequence (CSI or SS3); a bare ESC matches alone. */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-9;?]*[~A-Za-z]|O[A-Za-z])?/y;

const ALONE = new Map<string, Action>();
const ANYWHERE = new Map<string, Action>();
for (const b of KEY_BINDINGS) for (const s of b.sequences) (b.alone ? ALONE : ANYWHERE).set(s, b.action);
const LONGEST = Math.max(...[...ANYWHERE.keys()].filter((s) => s[0] !== '\x1b').map((s) => s.length));
/**
 * Every bound sequence starts with a control character, so a run of other characters is plain
 * text and is taken in one piece (a 10,000-line paste is not looked up character by character:
 * that alone was a long task in WebKit; issue 11, finding 12).
 */
const PLAIN_RUN = /[^\u0000-\u001f\u007f-\u009f]+/y;
const BOUND_START_CONTROL = [...ANYWHERE.keys()].every((s) => /^[\u0000-\u001f\u007f-\u009f]/.test(s));

/** C0, DEL and C1 (U+0080–U+009F, which xterm parses as controls: U+009B is CSI). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
const isControl = (ch: string): boolean => CONTROL.test(ch);

/**
 * Text as the editor takes it into the line: without control characters (typed or pasted ones are
 * dropped by `tokenize`; this drops them from a completed name or a recalled history line).
 */
export const withoutControls = (text: string): string => text.replace(CONTROLS, '');

/**
 * Split raw terminal input into editing tokens. A "\r\n" pair counts as one Enter. A Tab on its
 * own is the completion key; a Tab inside pasted text is a blank. Unknown escape sequences and
 * unbound control characters (C0 and C1) are dropped.
 */
export function tokenize(data: string): Token[] {
  const alone = ALONE.get(data);
  if (alone) return [{ kind: alone } as Token];
  const out: Token[] = [];
  let text = '';
  const flush = () => { if (text) { out.push({ kind: 'text', text }); text = ''; } };
  for (let i = 0; i < data.length; ) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      flush();
      ESCAPE_SEQUENCE.lastIndex = i; // sticky match at i: no copy of the rest of a long paste per ESC
      const seq = ESCAPE_SEQUENCE.exec(data)![0];
      const kind = ANYWHERE.get(seq);
      if (kind) out.push({ kind } as Token);
      i += seq.length; // unknown sequences (and a lone ESC) are dropped
      continue;
    }
    if (BOUND_START_CONTROL) {
      PLAIN_RUN.lastIndex = i;
      const run = PLAIN_RUN.exec(data)?.[0];
      if (run) {
        text += run;
        i += run.length;
        continue;
      }
    }
    let bound = 0;
    for (let n = Math.min(LONGEST, data.length - i); n > 0 && !bound; n--) if (ANYWHERE.has(data.slice(i, i + n))) bound = n;
    if (bound) {
      flush();
      out.push({ kind: ANYWHERE.get(data.slice(i, i + bound))! } as Token);
      i += bound;
      continue;
    }
    if (ch === '\t') text += ' ';
    else if (!isControl(ch)) text += ch;
    i += 1;
  }
  flush();
  return out;
}
