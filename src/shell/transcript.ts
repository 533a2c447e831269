/**
 * The transcript recorder (issue 15, item 2): what one terminal showed, with its timing, kept from
 * the moment the terminal opens. It is in the page's first script (the welcome text is recorded
 * too), so it only appends; the formats (plain text, Markdown, asciinema v2 .cast) are in
 * transcript-formats.ts, loaded when the export dialog opens.
 *
 * What is recorded, and what is not:
 *  - 'o': what the programs wrote (welcome text, prompts, output), as written ("\n" line ends);
 *  - 'i': a line entered, AFTER the one redaction rule (session.redact: a password typed in a
 *    command line is REDACTED); a line typed at a hidden prompt (loginHSM -hpswd) is recorded
 *    as '' — never its characters; the end-of-input line (Ctrl-D) is not echoed, so '' too;
 *  - 'c': Ctrl-C (shown as ^C);
 *  - 'x': the screen was cleared.
 * Raw keys are never recorded (the echo of a password would be), nor the line editor's own
 * drawing (completion lists, Ctrl-R): the transcript is the session's commands and their output.
 */
import type { EditorSession } from './line-editor/index';

export type PieceKind = 'o' | 'i' | 'c' | 'x';
/** Milliseconds since the recording started, what happened, its text. */
export type Piece = [ms: number, kind: PieceKind, text: string];

/** The most characters a recording keeps (a 10,000-line paste of big outputs stays bounded); then it stops. */
export const TRANSCRIPT_CAP = 8 << 20;

export class Recorder {
  /** When the recording started (epoch ms, for the .cast header). */
  readonly started = Date.now();
  readonly pieces: Piece[] = [];
  /** Characters kept so far. */
  size = 0;
  /** The cap was reached: later pieces were dropped. */
  full = false;
  readonly #t0: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.#t0 = now();
  }

  add(kind: PieceKind, text: string): void {
    if (this.full) return;
    if ((this.size += text.length) > TRANSCRIPT_CAP) this.full = true;
    else this.pieces.push([this.now() - this.#t0, kind, text]);
  }
}

/**
 * The session as the line editor sees it, recording each submitted line (redacted) and Ctrl-C on
 * the way; everything else is the session's own.
 */
export function recording<S extends EditorSession>(s: S, rec: Recorder): S {
  let eof = false;
  let busy = false;
  return new Proxy(s, {
    get(target, key) {
      if (key === 'submit') {
        return (line: string) => {
          rec.add('i', eof || target.inputMode === 'hidden' ? '' : target.redact?.(line) ?? line);
          eof = false;
          busy = true;
          return target.submit(line).finally(() => { busy = false; });
        };
      }
      if (key === 'eofLine' && target.eofLine) {
        return () => {
          const line = target.eofLine!();
          eof = line !== null;
          return line;
        };
      }
      if (key === 'interrupt' && target.interrupt) {
        // as the editor draws it: while a command runs, ^C only when it stopped; at a prompt, ^C and
        // (when nothing was waiting for the line) a new prompt the editor writes itself
        return () => {
          const was = busy;
          if (!was) rec.add('c', '^C');
          const stopped = target.interrupt!();
          if (was && stopped) rec.add('c', '^C');
          if (!was && !stopped) rec.add('o', `\n${target.prompt}`);
          return stopped;
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
