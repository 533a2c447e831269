/**
 * Completion at the CloudHSM CLI prompt, from the tables (cloudhsm-cli.md §2.2, §2.3): the words
 * of the command path, then the options not given yet (multi-value ones stay offered), then an
 * option's value: its fixed values, else the kind its table names.
 */
import { CLI_ATTRIBUTES } from '../../hsm/cli-attributes';
import { commandSlot, explainSlot, isExplain, NOTHING } from '../completion';
import type { CompletionSlot } from '../program';
import type { CliOption } from './command';
import { isFlagLike } from './grammar';
import { CLUSTER_ID_OPTION, cliTree, sortedChildren, type CliNode } from './tree';

const childWords = (node: CliNode): string[] => sortedChildren(node).map((c) => c.path[c.path.length - 1]!);

/**
 * The words of the options that take attribute names (§4.1, §4.6), from the CLI attribute table:
 * a filter's terms (`key-reference=`, `attr.label=` …), creation's `NAME=` words (names allowed at
 * creation only) and set-attribute's `--name` (names it may change).
 */
const FILTER_TERMS = ['key-reference=', ...CLI_ATTRIBUTES.map((r) => `attr.${r.name}=`)];
const CREATION_WORDS = CLI_ATTRIBUTES.filter((r) => r.creation).map((r) => `${r.name}=`);
const ATTRIBUTE_WORDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['filter', FILTER_TERMS], ['payload-filter', FILTER_TERMS], ['wrapping-filter', FILTER_TERMS], ['key-filter', FILTER_TERMS],
  ['attributes', CREATION_WORDS], ['public-attributes', CREATION_WORDS], ['private-attributes', CREATION_WORDS],
  ['name', CLI_ATTRIBUTES.filter((r) => r.set !== undefined).map((r) => r.name)],
]);

const valueSlot = (o: CliOption): CompletionSlot => {
  const fixed = o.described?.length ? o.described.map((d) => d.value) : o.possible ?? ATTRIBUTE_WORDS.get(o.long) ?? [];
  return fixed.length > 0 ? { words: fixed, kind: 'none' } : { words: [], kind: o.complete ?? 'none' };
};

export function cliComplete(before: readonly string[], word: string, root: CliNode = cliTree()): CompletionSlot | Promise<CompletionSlot> {
  if (before.length === 0) return commandSlot([...childWords(root), 'help', 'quit']);
  if (isExplain(before)) return explainSlot(before);
  let node = root;
  let i = before[0] === 'help' ? 1 : 0;
  let help = i === 1;
  for (; i < before.length; i++) {
    // `key help …` as `help key …` (§1.3)
    if (!help && before[i] === 'help' && node.children.size > 0 && (node.path.length > 0)) {
      help = true;
      continue;
    }
    const child = node.children.get(before[i]!);
    if (!child) break;
    node = child;
  }
  if (help) return i === before.length ? { words: childWords(node), kind: 'none' } : NOTHING;
  const cmd = node.command;
  if (!cmd) return i === before.length ? { words: [...childWords(node), 'help'], kind: 'none' } : NOTHING;
  const rest = before.slice(i);
  const table = [CLUSTER_ID_OPTION, ...cmd.options];
  const byLong = new Map<string, CliOption>(table.map((o) => [`--${o.long}`, o]));
  for (const o of table) if (o.short !== undefined) byLong.set(`-${o.short}`, o);
  const given = new Set<CliOption>();
  let open: CliOption | undefined; // the option whose values the next word may be
  for (const t of rest) {
    const o = byLong.get(t.includes('=') ? t.slice(0, t.indexOf('=')) : t);
    if (o) {
      given.add(o);
      open = o.value !== undefined && !t.includes('=') ? o : undefined;
    } else if (open && !open.multi) open = undefined;
  }
  const last = rest[rest.length - 1];
  if (open && !isFlagLike(word) && (open.multi || last === `--${open.long}` || last === `-${open.short}`)) {
    const slot = valueSlot(open);
    if (!open.multi) return slot;
    return { words: [...slot.words, ...optionWords(table, given)], kind: slot.kind };
  }
  const words = optionWords(table, given);
  if (rest.length === 0 && node.children.size > 0) words.unshift(...childWords(node));
  return { words, kind: 'none' };
}

/** The options not given yet (multi-value ones always), and `--help`. */
function optionWords(table: readonly CliOption[], given: ReadonlySet<CliOption>): string[] {
  return [...table.filter((o) => o.multi || !given.has(o)).map((o) => `--${o.long}`), '--help'];
}
