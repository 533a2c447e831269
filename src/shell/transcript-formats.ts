/**
 * A terminal's recording (transcript.ts) as a file (issue 15, item 2): plain text, Markdown (each
 * command with its output in a fence longer than any run of backticks inside it), and an asciinema
 * v2 cast (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one
 * `[seconds, "o", text]` event a line, which asciinema's player plays with the recorded timing.
 *
 * Loaded when the export dialog opens (not in the page's first script).
 */
import type { Piece } from './transcript';

export interface TranscriptSource {
  /** Epoch milliseconds when the recording started. */
  started: number;
  pieces: readonly Piece[];
  /** Whether the recording stopped at its cap. */
  full?: boolean;
}

export interface CastOptions {
  /** The terminal's size in cells when exported. */
  cols: number;
  rows: number;
  title?: string;
}

/** ED 2 + ED 3 (screen and scrollback), as the page clears its terminal. */
const CLEAR = '\x1b[H\x1b[2J\x1b[3J';

/** What a piece puts on the screen, with the engine's "\n" line ends (the page's terminal converts them). */
function shown(p: Piece): string {
  switch (p[1]) {
    case 'o': return p[2];
    case 'i': return `${p[2]}\n`;
    case 'x': return '';
  }
}

/**
 * Text without terminal controls: escape sequences (CSI, OSC, others) removed, CR LF as LF, a
 * line rewritten after a lone CR keeps its last version, other C0/C1 controls and DEL dropped
 * (tab kept).
 */
export function plainText(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g, '')
    .replace(/\r+\n/g, '\n')
    .replace(/[^\n]*\r/g, '')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** Where the recording was cut at its cap (said in every format). */
const CUT = '[transcript cut here: it reached its size limit]\n';

/** The whole session as plain text, as the terminal showed it (secrets redacted at recording). */
export function toText(src: TranscriptSource): string {
  let out = '';
  for (const p of src.pieces) out += shown(p);
  out = plainText(out);
  if (src.full) out += (out.endsWith('\n') || out === '' ? '' : '\n') + CUT;
  return out;
}

/** The session split into blocks: what came before the first command, then each command (its prompt line, the line, its output). */
export function blocks(src: TranscriptSource): string[] {
  const parts: string[] = [];
  let text = '';
  for (const p of src.pieces) {
    if (p[1] === 'i') {
      // a block starts at the line the command was typed on (its prompt)
      const clean = plainText(text);
      const cut = clean.lastIndexOf('\n') + 1;
      parts.push(clean.slice(0, cut));
      text = clean.slice(cut);
    }
    text += shown(p);
  }
  parts.push(plainText(text));
  return parts.map((b) => b.replace(/\n+$/, '')).filter((b) => b.trim() !== '');
}

/** The longest run of backticks in `text`. */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/** `text` in a fenced code block whose fence is longer than any run of backticks inside (at least 3). */
export function fence(text: string, info = ''): string {
  const f = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${f}${info}\n${text}\n${f}\n`;
}

/** ISO date and time to the minute, UTC. */
const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The session as Markdown: a heading, then each command with its output in its own fence. */
export function toMarkdown(src: TranscriptSource, title = 'Terminal transcript'): string {
  const head = `# ${title.replace(/[\\`*_[\]<>#]/g, '\\$&')}\n\nRecorded in the key_mgmt_util playground (a simulated AWS CloudHSM) from ${when(src.started)}. ` +
    'Passwords typed in command lines are shown as ********.\n';
  const body = blocks(src).map((b) => fence(b, 'console')).join('\n');
  return `${head}\n${body}${src.full ? `\n${CUT}` : ''}`;
}

/** Seconds for a cast event: milliseconds to 3 decimals, never before the previous event. */
const seconds = (ms: number) => Math.round(Math.max(0, ms)) / 1000;

/**
 * The session as an asciinema v2 cast: the header (version 2, the terminal's size, when it started,
 * a title), then every piece as an output event at its time, line ends as the terminal showed them
 * (CR LF), a clear as the erase sequences.
 */
export function toCast(src: TranscriptSource, opts: CastOptions): string {
  const header: Record<string, unknown> = {
    version: 2,
    width: Math.max(1, Math.floor(opts.cols)),
    height: Math.max(1, Math.floor(opts.rows)),
    timestamp: Math.floor(src.started / 1000),
    env: { TERM: 'xterm-256color' },
  };
  if (opts.title) header['title'] = opts.title;
  const lines = [JSON.stringify(header)];
  let last = 0;
  const event = (ms: number, text: string) => {
    last = Math.max(last, seconds(ms));
    lines.push(JSON.stringify([last, 'o', text]));
  };
  for (const p of src.pieces) {
    const text = p[1] === 'x' ? CLEAR : shown(p).replace(/\r*\n/g, '\r\n');
    if (text !== '') event(p[0], text);
  }
  if (src.full) event(src.pieces.at(-1)?.[0] ?? 0, `\r\n${CUT.replace('\n', '\r\n')}`);
  return `${lines.join('\n')}\n`;
}
