/**
 * The CloudHSM CLI's grammar (cloudhsm-cli.md §2.2, §2.3, §2.7, §1.3): a line's words are a
 * command path, then long options read from the command's table (with `--cluster-id` and
 * `-h, --help` added to every command). What it finds is either a command to run with its parsed
 * options, a help text, or one of clap 4's argument errors as plain text (each ending with an
 * empty line). Argument errors come before any login, permission or key check (§2.7), since the
 * command does not run at all. Every table indexed by a typed word is a Map.
 */
import type { CliArgs, CliCommand, CliOption } from './command';
import { commandHelp, groupHelp, helpHelp, optionName, quitHelp, usagePrefix } from './help';
import { CLUSTER_ID_OPTION, cliTree, type CliNode } from './tree';

export type CliParse =
  | { readonly kind: 'empty' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'explain'; readonly args: readonly string[] }
  | { readonly kind: 'help'; readonly text: string }
  /** An argument error (§2.7); `path` is the command path when one was found. */
  | { readonly kind: 'error'; readonly text: string; readonly path: string | null }
  | { readonly kind: 'run'; readonly cmd: CliCommand; readonly args: CliArgs };

/** Whether a token is a flag for clap: `-` followed by a letter or another `-` (§2.3). */
export const isFlagLike = (t: string): boolean => /^-[A-Za-z-]/.test(t);

const block = (lines: readonly string[]): string => lines.map((l) => l + '\n').join('') + '\n';

const unrecognized = (word: string, path: readonly string[], single: boolean): string =>
  block([`error: unrecognized subcommand '${word}'`, '', `Usage: ${usagePrefix(single)}${[...path, '<COMMAND>'].join(' ')}`, '',
    "For more information, try 'help'."]);

const withUsage = (first: readonly string[], usage: string, single: boolean): string =>
  block([...first, '', `Usage: ${usagePrefix(single)}${usage}`, '', "For more information, try '--help'."]);

const unexpected = (token: string, usage: string, single: boolean): string =>
  withUsage([`error: unexpected argument '${token}' found`], usage, single);

const noUsage = (first: readonly string[]): string => block([...first, '', "For more information, try '--help'."]);

/** Parse a line's words (already unquoted, §2.1). */
export function parseCliLine(words: readonly string[], single: boolean, root: CliNode = cliTree()): CliParse {
  const first = words[0];
  if (first === undefined) return { kind: 'empty' };
  if (first === 'quit' || first === 'exit') {
    const rest = words[1];
    if (rest === undefined) return { kind: 'quit' };
    if (rest === '-h' || rest === '--help') return { kind: 'help', text: quitHelp(single) };
    return { kind: 'error', text: unexpected(rest, 'quit', single), path: first };
  }
  if (first === 'explain') return { kind: 'explain', args: words.slice(1) };
  let node = root;
  let i = 0;
  for (;;) {
    const w = words[i];
    if (node.command && (w === undefined || !(node.children.has(w) || (w === 'help' && node.children.size > 0)))) {
      return parseOptions(node.command, words.slice(i), single, node);
    }
    if (w === undefined) return { kind: 'help', text: groupHelp(node, single) };
    if (w === 'help') return helpFor(node, words.slice(i + 1), single);
    if (w === '-h' || w === '--help') return { kind: 'help', text: groupHelp(node, single) };
    const child = node.children.get(w);
    if (!child) {
      const text = isFlagLike(w) ? unexpected(w, [...node.path, '<COMMAND>'].join(' '), single) : unrecognized(w, node.path, single);
      return { kind: 'error', text, path: null };
    }
    node = child;
    i++;
  }
}

/** `help <path>` (also `<group> help <path>`): the help of the command or group the words name. */
function helpFor(from: CliNode, words: readonly string[], single: boolean): CliParse {
  if (from.path.length === 0 && words.length === 1 && (words[0] === 'help' || words[0] === 'quit')) {
    return { kind: 'help', text: words[0] === 'help' ? helpHelp(single) : quitHelp(single) };
  }
  let node = from;
  for (const w of words) {
    const child = node.children.get(w);
    if (!child) return { kind: 'error', text: unrecognized(w, node.path, single), path: null };
    node = child;
  }
  return { kind: 'help', text: node.command ? commandHelp(node.command, node, single) : groupHelp(node, single) };
}

/** The largest value of clap's unsigned integers (u64). */
const U64_MAX = 18446744073709551615n;

/** A value checked against its option (§2.5): fixed values, decimal integers. Null: fine. */
function valueError(o: CliOption, v: string): string | null {
  const fixed = o.described?.length ? o.described.map((d) => d.value) : o.possible;
  if (fixed && fixed.length > 0 && !fixed.includes(v)) {
    return noUsage([`error: invalid value '${v}' for '${optionName(o)}'`, `  [possible values: ${fixed.join(', ')}]`]);
  }
  if (o.numeric) {
    const why = v === '' ? 'cannot parse integer from empty string'
      : !/^\+?[0-9]+$/.test(v) ? 'invalid digit found in string'
        : BigInt(v.replace(/^\+/, '')) > U64_MAX ? 'number too large to fit in target type' : null;
    if (why) return noUsage([`error: invalid value '${v}' for '${optionName(o)}': ${why}`]);
  }
  return null;
}

/** The options of one command line, checked against the command's table (§2.3). */
export function parseOptions(cmd: CliCommand, words: readonly string[], single: boolean, node?: CliNode): CliParse {
  const path = cmd.path.join(' ');
  const table = [CLUSTER_ID_OPTION, ...cmd.options.filter((o) => o.long !== CLUSTER_ID_OPTION.long && o.long !== 'help')];
  const longs = new Map<string, CliOption>(table.map((o) => [o.long, o]));
  const shorts = new Map<string, CliOption>(table.filter((o) => o.short !== undefined && o.short !== 'h').map((o) => [o.short!, o]));
  const given = new Map<string, string[]>();
  const err = (text: string): CliParse => ({ kind: 'error', text, path });
  if (cmd.stub) {
    // §3.24: whatever follows the path, the command answers that it is not available (help still prints)
    for (const t of words) if (t === '-h' || t === '--help') return { kind: 'help', text: commandHelp(cmd, node, single) };
    return { kind: 'run', cmd, args: cliArgs(cmd, new Map()) };
  }
  for (let i = 0; i < words.length; i++) {
    const t = words[i]!;
    if (t === '-h' || t === '--help') return { kind: 'help', text: commandHelp(cmd, node, single) };
    let o: CliOption | undefined;
    let inline: string | undefined;
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      o = longs.get(eq < 0 ? t.slice(2) : t.slice(2, eq));
      if (!o) return err(unexpected(eq < 0 ? t : t.slice(0, eq), cmd.usage, single));
      if (eq >= 0) inline = t.slice(eq + 1);
    } else if (/^-[^-]/.test(t)) {
      o = shorts.get(t.slice(1, 2));
      if (!o || t.length > 2) return err(unexpected(t, cmd.usage, single));
    } else {
      // a word where a command also has subcommands (`login mfa-token-sign`) is a subcommand to clap (§2.7)
      return err(node && node.children.size > 0 ? unrecognized(t, node.path, single) : unexpected(t, cmd.usage, single));
    }
    if (o.value === undefined) {
      if (inline !== undefined) {
        return err(withUsage([`error: unexpected value '${inline}' for '${optionName(o)}' found; no more were expected`], cmd.usage, single));
      }
      if (given.has(o.long)) return err(withUsage([`error: the argument '${optionName(o)}' cannot be used multiple times`], cmd.usage, single));
      given.set(o.long, []);
      continue;
    }
    let got: string[];
    if (inline !== undefined) got = [inline];
    else if (o.multi) {
      got = [];
      while (i + 1 < words.length && !isFlagLike(words[i + 1]!)) got.push(words[++i]!);
    } else {
      const next = words[i + 1];
      if (next === undefined || isFlagLike(next)) return err(noUsage([`error: a value is required for '${optionName(o)}' but none was supplied`]));
      got = [next];
      i++;
    }
    if (!o.multi && given.has(o.long)) {
      return err(withUsage([`error: the argument '${optionName(o)}' cannot be used multiple times`], cmd.usage, single));
    }
    for (const v of got) {
      const bad = valueError(o, v);
      if (bad) return err(bad);
    }
    given.set(o.long, [...(given.get(o.long) ?? []), ...got]);
  }
  // alternatives (`oneOf`): at most one of a group
  const groups = new Map<string, CliOption[]>();
  for (const o of cmd.options) if (o.oneOf !== undefined) groups.set(o.oneOf, [...(groups.get(o.oneOf) ?? []), o]);
  for (const members of groups.values()) {
    const present = members.filter((m) => given.has(m.long));
    if (present.length > 1) {
      return err(withUsage([`error: the argument '${optionName(present[0]!)}' cannot be used with '${optionName(present[1]!)}'`], cmd.usage, single));
    }
  }
  // required options, then groups of which none was given, in the table's order
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const o of cmd.options) {
    if (o.oneOf !== undefined) {
      if (seen.has(o.oneOf)) continue;
      seen.add(o.oneOf);
      const members = groups.get(o.oneOf)!;
      if (!members.some((m) => given.has(m.long))) missing.push(`  <${members.map(optionName).join('|')}>`);
    } else if (o.required && !given.has(o.long)) missing.push(`  ${optionName(o)}`);
  }
  if (missing.length > 0) return err(withUsage(['error: the following required arguments were not provided:', ...missing], cmd.usage, single));
  return { kind: 'run', cmd, args: cliArgs(cmd, given) };
}

/**
 * The parsed options as the command reads them. `value` of an option not given is its table
 * default (`--max-items` 10), as clap's default values; `has` says whether it was typed.
 */
export function cliArgs(cmd: CliCommand, given: ReadonlyMap<string, readonly string[]>): CliArgs {
  const defaults = new Map<string, string>(cmd.options.filter((o) => o.default !== undefined).map((o) => [o.long, o.default!]));
  return {
    value: (long) => given.get(long)?.[0] ?? defaults.get(long),
    values: (long) => given.get(long) ?? [],
    has: (long) => given.has(long),
  };
}

/** The command a line's leading words name, and how many words its path takes; undefined when none. */
export function findCliCommand(words: readonly string[], root: CliNode = cliTree()): { cmd: CliCommand; length: number; node: CliNode } | undefined {
  let node = root;
  let found: { cmd: CliCommand; length: number; node: CliNode } | undefined;
  for (let i = 0; i < words.length; i++) {
    const child = node.children.get(words[i]!);
    if (!child) break;
    node = child;
    if (node.command) found = { cmd: node.command, length: i + 1, node };
  }
  return found;
}

/** Whether the words are exactly a command path or a group of the CLI (for `explain`, §7.1). */
export function isCliCommandPath(words: readonly string[], root: CliNode = cliTree()): boolean {
  let node = root;
  for (const w of words) {
    const child = node.children.get(w);
    if (!child) return false;
    node = child;
  }
  return words.length > 0;
}
