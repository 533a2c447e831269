/**
 * How the CloudHSM CLI splits a line into words (cloudhsm-cli.md §2.1): blanks separate, like a
 * POSIX shell; `'…'` and `"…"` group blanks into a word and are removed, also inside a word
 * (`attr.label="my label"` is `attr.label=my label`); inside double quotes `\"` and `\\` are
 * escapes. An unterminated quote runs to the end of the line. A line ending in `\` continues on
 * the next (G-CLI-34): `continues` says so, and the program holds the line until it ends.
 */

export interface CliToken {
  /** The word with its quotes removed. */
  readonly text: string;
  /** Where it starts and ends in the line (quotes included). */
  readonly start: number;
  readonly end: number;
}

/** The words of a line. */
export function cliTokens(line: string): CliToken[] {
  const out: CliToken[] = [];
  let cur = '';
  let start = -1;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i]!;
      else cur += ch;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (start >= 0) out.push({ text: cur, start, end: i });
      cur = '';
      start = -1;
    } else {
      if (start < 0) start = i;
      if (ch === '"' || ch === "'") quote = ch;
      else cur += ch;
    }
  }
  if (start >= 0) out.push({ text: cur, start, end: line.length });
  return out;
}

/** The words of a line, as text. */
export const cliWords = (line: string): string[] => cliTokens(line).map((t) => t.text);

/** Whether the line ends in a `\` that continues it on the next line (an odd run of backslashes). */
export function continues(line: string): boolean {
  const m = /\\+$/.exec(line);
  return m !== null && m[0].length % 2 === 1;
}
