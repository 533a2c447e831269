/**
 * The transcript recorder (issue 15, item 2): what one terminal showed, with its timing, kept from
 * the moment the terminal opens. It is in the page's first script (the welcome text is recorded
 * too), so it only appends; the formats (plain text, Markdown, asciinema v2 .cast) are in
 * transcript-formats.ts, loaded when the export dialog opens.
 *
 * What is recorded (src/ui/Terminal.svelte feeds it), and what is not:
 *  - 'o': what the programs wrote (welcome text, prompts, output), as written ("\n" line ends);
 *  - 'i': a line entered, as the line editor shows it (its onSubmit hook): AFTER the one
 *    redaction rule (a password typed in a command line is REDACTED); a line typed at a hidden
 *    prompt (loginHSM -hpswd) is recorded as '' — never its characters — and so is the
 *    end-of-input line Ctrl-D runs unechoed;
 *  - 'x': the screen was cleared.
 * Raw keys are never recorded (the echo of a password would be), nor the line editor's own
 * drawing (completion lists, Ctrl-R, a line dropped by Ctrl-C): the transcript is the lines
 * that ran and what the programs wrote.
 */
export type PieceKind = 'o' | 'i' | 'x';
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
  readonly t0: number;

  constructor(readonly now = () => performance.now()) {
    this.t0 = now();
  }

  add(kind: PieceKind, text: string): void {
    if (!this.full && !(this.full = (this.size += text.length) > TRANSCRIPT_CAP)) this.pieces.push([this.now() - this.t0, kind, text]);
  }
}
