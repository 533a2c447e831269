/**
 * The CloudHSM CLI's help (cloudhsm-cli.md §1.3, G-CLI-1, G-CLI-38), generated from the tables:
 * clap 4's long help for a command (about line, `Usage:`, `Options:` with 6/10-space indents, the
 * `Possible values:` blocks of described values, `[possible values: …]`, `[default: n]`), and the
 * listings of the top level and of each group. In single-command mode every usage line starts
 * with `cloudhsm-cli ` (G-CLI-37).
 */
import type { CliCommand, CliOption } from './command';
import { CLUSTER_ID_OPTION, HELP_ABOUT, nodeAbout, QUIT_ABOUT, sortedChildren, type CliNode } from './tree';

const FLAG = '      ';
const TEXT = '          ';

/** `cloudhsm-cli ` in single-command mode, else nothing. */
export const usagePrefix = (single: boolean): string => (single ? 'cloudhsm-cli ' : '');

/** An option as clap names it in messages and help: `--label <LABEL>`, `--filter [<FILTER>...]`, `--verbose`. */
export function optionName(o: CliOption): string {
  if (o.value === undefined) return `--${o.long}`;
  return o.multi ? `--${o.long} [<${o.value}>...]` : `--${o.long} <${o.value}>`;
}

/** The option's flag line of the help. */
const flagLine = (o: CliOption): string => (o.short === undefined ? FLAG : `  -${o.short}, `) + optionName(o);

/** The options a command's help lists: `--cluster-id` first, then its table (help is added last). */
export const helpOptions = (cmd: CliCommand): readonly CliOption[] => [CLUSTER_ID_OPTION, ...cmd.options];

/** Whether the help is clap's long form (a described value somewhere): `Print help (see a summary with '-h')`. */
export const longForm = (cmd: CliCommand): boolean => cmd.options.some((o) => o.described !== undefined && o.described.length > 0);

function optionLines(o: CliOption): string[] {
  let text = o.description;
  const plain = o.possible ?? [];
  if (plain.length > 0 && !(o.described?.length)) text += `${text ? ' ' : ''}[possible values: ${plain.join(', ')}]`;
  if (o.default !== undefined) text += `${text ? ' ' : ''}[default: ${o.default}]`;
  const out = [flagLine(o)];
  if (text) out.push(TEXT + text);
  const described = o.described ?? [];
  if (described.length > 0) {
    const width = Math.max(...described.map((d) => d.value.length)) + 1;
    out.push('', `${TEXT}Possible values:`);
    for (const d of described) out.push(`${TEXT}- ${(d.value + ':').padEnd(width)} ${d.help}`.trimEnd());
  }
  return out;
}

/** A listing of subcommands (`Commands:`), names padded to the longest plus two. */
function listing(entries: readonly (readonly [string, string | undefined])[]): string[] {
  const width = Math.max(...entries.map(([n]) => n.length)) + 2;
  return entries.map(([n, about]) => (about ? `  ${n.padEnd(width)}${about}` : `  ${n}`));
}

/** The entries of a node's `Commands:` listing: its children, then `help` (and `quit` at the top). */
function entriesOf(node: CliNode): [string, string | undefined][] {
  const out: [string, string | undefined][] = sortedChildren(node).map((c) => [c.path[c.path.length - 1]!, nodeAbout(c)]);
  out.push(['help', HELP_ABOUT]);
  if (node.path.length === 0) out.push(['quit', QUIT_ABOUT]);
  return out;
}

/** The help of a command (§1.3). */
export function commandHelp(cmd: CliCommand, node: CliNode | undefined, single: boolean): string {
  const lines: string[] = [];
  if (cmd.about !== undefined) lines.push(cmd.about, '');
  lines.push(`Usage: ${usagePrefix(single)}${cmd.usage}`, '');
  if (node && node.children.size > 0) lines.push('Commands:', ...listing(entriesOf(node)), '');
  lines.push('Options:');
  const long = longForm(cmd);
  for (const o of helpOptions(cmd)) {
    lines.push(...optionLines(o));
    if (long) lines.push('');
  }
  lines.push('  -h, --help', TEXT + (long ? "Print help (see a summary with '-h')" : 'Print help'));
  return lines.map((l) => l + '\n').join('');
}

/** The help of a group, or of the top level (the root): `Usage: <group path> <COMMAND>` and its listing. */
export function groupHelp(node: CliNode, single: boolean): string {
  const usage = [...node.path, '<COMMAND>'].join(' ');
  const lines = [
    `Usage: ${usagePrefix(single)}${usage}`, '',
    'Commands:', ...listing(entriesOf(node)), '',
    'Options:', '  -h, --help  Print help',
  ];
  return lines.map((l) => l + '\n').join('');
}

/** `help quit` / `quit --help`. */
export function quitHelp(single: boolean): string {
  return [QUIT_ABOUT, '', `Usage: ${usagePrefix(single)}quit`, '', 'Options:', '  -h, --help', TEXT + 'Print help']
    .map((l) => l + '\n').join('');
}

/** `help help`. */
export function helpHelp(single: boolean): string {
  return [HELP_ABOUT, '', `Usage: ${usagePrefix(single)}help [COMMAND]...`, '', 'Arguments:', '  [COMMAND]...',
    TEXT + 'Print help for the subcommand(s)'].map((l) => l + '\n').join('');
}
