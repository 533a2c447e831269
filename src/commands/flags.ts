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
  /**
   * Known to the redaction rule only: not listed by `-h` nor offered by completion (genPBEKey,
   * whose syntax the spec does not give: kmu-commands.md §3.7, G-28).
   */
  unlisted?: true;
  /** Another spelling of that flag (getCert's -t for -s, kmu-commands.md G-43): parsed as it. */
  synonymOf?: string;
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
    ...cmd.flags.filter((f) => !f.unlisted).map((f) => `${INDENT}${f.flag}  ${f.required ? 'Required' : 'Optional'}  ${f.meaning}`),
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
    const name = spec.synonymOf ?? tok;
    present.add(name);
    if (spec.arg === undefined) continue;
    const next = args[i + 1];
    if (next === undefined || byName.has(next)) {
      missingValue ??= tok;
      continue;
    }
    values.set(name, next);
    i++;
  }
  if (unknown !== undefined) return errorWithHelp(cmd, `Unknown parameter (${unknown}).`);
  if (missingValue !== undefined) return errorWithHelp(cmd, `Missing value for parameter (${missingValue}).`);
  const missing = cmd.flags.find((f) => f.required && !present.has(f.flag));
  if (missing) return errorWithHelp(cmd, `Required parameter (${missing.flag}) is missing.`);
  return { kind: 'ok', values, present };
}

export { tokenize };

// --- positional arguments (cloudhsm_mgmt_util, the host shell) ------------------------------

/**
 * What a word of a command line holds, for completion (which reads the live values: handles,
 * user names, files …) and the redaction of secrets. Flag values get theirs from the placeholder
 * of the flag table (`flagValueKind`); positional arguments declare it in their argument table.
 */
export type ValueKind = 'file' | 'handle' | 'label' | 'username' | 'usertype' | 'userids' | 'keytype' | 'class'
  | 'attribute' | 'code' | 'mechanism' | 'server' | 'none';

/** Which values a flag takes, read from its placeholder in the flag table. */
export function flagValueKind(placeholder: string): ValueKind {
  const p = placeholder.toLowerCase().replace(/-/g, ' ');
  if (p.includes('file')) return 'file';
  if (p.includes('handle') || p.includes('key to export') || p === '<wrapping key>') return 'handle';
  if (p.includes('label')) return 'label';
  if (p.includes('username') || p.includes('user name')) return 'username';
  if (p.includes('user type')) return 'usertype';
  if (p.includes('user ids') || p.includes('user id')) return 'userids';
  if (p.includes('key type')) return 'keytype';
  if (p.includes('class')) return 'class';
  if (p.includes('attribute')) return 'attribute';
  if (p.includes('response code')) return 'code';
  if (p.includes('mechanism')) return 'mechanism';
  return 'none';
}

/** One positional argument of a command's argument table. */
export interface ArgSpec {
  /** As the syntax line names it: `user-type`, `key handle`. */
  name: string;
  /** Its live values (completion); 'none' when it has none. */
  kind: ValueKind;
  /** The words it accepts, when a fixed set (user types, 0/1, subcommands): completion offers them. */
  words?: readonly string[];
  /** May be left out (only trailing arguments are optional). */
  optional?: true;
  /** May be repeated (a list of files). */
  repeat?: true;
  /** Takes the rest of the line (setAttribute's value for LABEL). */
  rest?: true;
  /** A password: the redaction rule hides it (unless it is the word in `notSecret`, e.g. `-hpswd`). */
  secret?: true;
  /** A word in its place that is no secret (`-hpswd`: ask for the password instead). */
  notSecret?: string;
  /** An option word that may come before it (`getKeyInfo -k <key-handle>`). */
  flag?: string;
}

/** Whether the number of words fits the argument table. */
export function arityFits(args: readonly ArgSpec[], words: readonly string[]): boolean {
  const { min, max } = arity(args);
  return words.length >= min && words.length <= max;
}

/** How many words a table takes: its minimum, and its maximum (Infinity for a repeated or rest argument). */
export function arity(args: readonly ArgSpec[]): { min: number; max: number } {
  const min = args.filter((a) => !a.optional).length;
  const max = args.some((a) => a.repeat || a.rest) ? Infinity : args.length;
  return { min, max };
}

/**
 * The words of a line's arguments without the option words of the table: `-k` right before the
 * argument it introduces (`getKeyInfo -k <key-handle>`) is dropped once; anywhere else it is a value.
 */
export function positionalWords(args: readonly ArgSpec[], words: readonly string[]): string[] {
  const out: string[] = [];
  let skipped = false;
  for (const w of words) {
    const spec = args[out.length];
    if (!skipped && spec?.flag !== undefined && w === spec.flag) {
      skipped = true;
      continue;
    }
    skipped = false;
    out.push(w);
  }
  return out;
}

/** An option word of a positional command (`ls -l`, `openssl rand -out FILE`), and the kind of its value if it takes one. */
export interface OptionSpec {
  flag: string;
  value?: ValueKind;
}

/** The words that fill arguments: without option words and their values. */
export function withoutOptions(options: readonly OptionSpec[], words: readonly string[]): string[] {
  const byFlag = new Map(options.map((o) => [o.flag, o]));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const o = byFlag.get(words[i]!);
    if (o === undefined) out.push(words[i]!);
    else if (o.value !== undefined) i++;
  }
  return out;
}

/** The argument of the table the next word fills, given the words before it (after the command name). */
export function argAt(args: readonly ArgSpec[], before: readonly string[]): ArgSpec | undefined {
  const n = positionalWords(args, before).length;
  const last = args[args.length - 1];
  if (n >= args.length) return last?.repeat || last?.rest ? last : undefined;
  return args[n];
}

/**
 * Indexes of the secret words in `tokens` (command name first) by the argument table, in one pass
 * (a huge pasted line stays cheap): the words that fill a secret argument, except its `notSecret` word.
 */
export function secretArgTokens(args: readonly ArgSpec[], tokens: readonly string[]): number[] {
  const out: number[] = [];
  const last = args[args.length - 1];
  let filled = 0;
  let skipped = false;
  for (let i = 1; i < tokens.length; i++) {
    const spec = filled < args.length ? args[filled] : last?.repeat || last?.rest ? last : undefined;
    if (!skipped && spec?.flag !== undefined && tokens[i] === spec.flag && filled < args.length) {
      skipped = true; // the option word before its argument (`-k`)
      continue;
    }
    skipped = false;
    filled++;
    if (spec?.secret && tokens[i] !== spec.notSecret) out.push(i);
  }
  return out;
}
