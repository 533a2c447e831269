/**
 * Flag tables drive three things at once: parsing a command line (validation order of
 * kmu-commands.md §1.5), the `<command> -h` text (§1.4) and tab completion.
 */
import { tokenize } from './tokenize';
import { INDENT } from './format';

export interface FlagSpec {
  /** Including the dash: `-t`. Matched exactly and case-sensitively, never by prefix. */
  flag: string;
  /** Placeholder of the value (`<key-type>`); absent for boolean flags. */
  arg?: string;
  required: boolean;
  /** One-line meaning for the -h text. */
  meaning: string;
  /** Its value is a secret (a password): the one redaction rule hides it everywhere it is kept. */
  secret?: true;
  /** Its value names a key by handle: the command's event lists the key as used. */
  handle?: true;
}

/** Indexes of the secret values in `tokens` (name first): each value after a flag marked secret. */
export function secretFlagValues(flags: readonly FlagSpec[], tokens: readonly string[]): number[] {
  const secret = new Set(flags.filter((f) => f.secret).map((f) => f.flag));
  const out: number[] = [];
  for (let i = 1; i + 1 < tokens.length; i++) if (secret.has(tokens[i]!)) out.push(i + 1);
  return out;
}

export interface CommandHelp {
  name: string;
  /** Description as `help` prints it. */
  description: string;
  /** The syntax block of the spec without the `<command> -h` line. */
  syntax: readonly string[];
  flags: readonly FlagSpec[];
  /** A note printed under the description in the -h text (genPBEKey, kmu-commands.md §3.7). */
  note?: string;
  /** Accept any tokens after the name without checking them (genPBEKey: "any flags", G-28). */
  anyFlags?: boolean;
}

export type Parsed =
  | { kind: 'help' }
  | { kind: 'error'; lines: string[] }
  | { kind: 'ok'; values: Map<string, string>; present: Set<string> };

export function helpText(cmd: CommandHelp): string[] {
  return [
    `${INDENT}Description`,
    `${INDENT}===========`,
    `${INDENT}${cmd.description}`,
    ...(cmd.note === undefined ? [] : [`${INDENT}${cmd.note}`]),
    '',
    `${INDENT}Syntax:`,
    ...cmd.syntax.map((l) => (l === '' ? '' : INDENT + l)),
    '',
    `${INDENT}Parameters:`,
    ...cmd.flags.map((f) => `${INDENT}${f.flag}  ${f.required ? 'Required' : 'Optional'}  ${f.meaning}`),
  ];
}

const errorWithHelp = (cmd: CommandHelp, msg: string): Parsed => ({
  kind: 'error',
  lines: [`${INDENT}Error: ${msg}`, '', ...helpText(cmd)],
});

export const invalidValue = (value: string, flag: string) => `${INDENT}Error: Invalid value (${value}) for parameter (${flag}).`;

/**
 * Parse the tokens after the command name. Order: `-h` anywhere → help; then unknown parameters,
 * then flags missing their value, then missing required flags (the command checks login and
 * values afterwards). A repeated flag: the last one wins.
 */
export function parseFlags(cmd: CommandHelp, args: readonly string[]): Parsed {
  if (args.includes('-h')) return { kind: 'help' };
  if (cmd.anyFlags) return { kind: 'ok', values: new Map(), present: new Set(args) };
  const byName = new Map(cmd.flags.map((f) => [f.flag, f]));
  const values = new Map<string, string>();
  const present = new Set<string>();
  let unknown: string | undefined;
  let missingValue: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const tok = args[i]!;
    const spec = byName.get(tok);
    if (!spec) {
      unknown ??= tok;
      continue;
    }
    present.add(tok);
    if (spec.arg === undefined) continue;
    const next = args[i + 1];
    if (next === undefined || byName.has(next)) {
      missingValue ??= tok;
      continue;
    }
    values.set(tok, next);
    i++;
  }
  if (unknown !== undefined) return errorWithHelp(cmd, `Unknown parameter (${unknown}).`);
  if (missingValue !== undefined) return errorWithHelp(cmd, `Missing value for parameter (${missingValue}).`);
  const missing = cmd.flags.find((f) => f.required && !present.has(f.flag));
  if (missing) return errorWithHelp(cmd, `Required parameter (${missing.flag}) is missing.`);
  return { kind: 'ok', values, present };
}

export { tokenize };
