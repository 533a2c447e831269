/**
 * What a program's tables say about the word under the cursor (the Program contract's
 * `complete`): command names, the flags of a flag table not yet given and the value a flag
 * takes, the argument of an argument table, and the topics of `explain`. The console turns a
 * slot into candidates with the live values (handles, user names, files …); it knows no program.
 */
import { argAt, flagValueKind, withoutOptions, type ArgSpec, type FlagSpec, type OptionSpec } from './flags';
import type { CompletionSlot } from './program';

export const NOTHING: CompletionSlot = { words: [], kind: 'none' };

/** The first word: the program's command names (and `explain`, which every console has). */
export const commandSlot = (names: readonly string[], caseless = false): CompletionSlot =>
  ({ words: [...names, 'explain'], kind: 'none', ...(caseless ? { caseless } : {}) });

/**
 * A flag table (key_mgmt_util): after a flag that takes a value, that value's kind (read from its
 * placeholder); else the flags not given yet.
 */
export function flagSlot(flags: readonly FlagSpec[], before: readonly string[]): CompletionSlot {
  const prev = before[before.length - 1]!;
  const flag = flags.find((f) => f.flag === prev);
  if (flag?.arg !== undefined && before.length >= 2) return { words: [], kind: flagValueKind(flag.arg) };
  const present = new Set(before.slice(1));
  return { words: flags.filter((f) => !f.unlisted && !present.has(f.flag)).map((f) => f.flag), kind: 'none' };
}

/**
 * An argument table (cloudhsm_mgmt_util, the host shell): the argument the next word fills. Its
 * fixed words, when the table lists them, are all it accepts; else the values of its kind. After
 * an option that takes a value, that value; option words (`ls -l`) are offered once the word
 * typed starts with `-`, an argument's own option word (`getKeyInfo -k`) where it may come.
 */
export function argSlot(
  args: readonly ArgSpec[], before: readonly string[], options: readonly OptionSpec[] = [], word = '',
): CompletionSlot {
  const words = before.slice(1);
  const prev = words[words.length - 1];
  const option = options.find((o) => o.flag === prev);
  if (option?.value !== undefined) return { words: [], kind: option.value };
  const spec = argAt(args, withoutOptions(options, words));
  const flag = spec?.flag !== undefined && prev !== spec.flag ? [spec.flag] : [];
  const present = new Set(words);
  const opts = word.startsWith('-') ? options.map((o) => o.flag).filter((o) => !present.has(o)) : [];
  if (!spec) return { words: opts, kind: 'none' };
  return spec.words ? { words: [...spec.words, ...flag, ...opts], kind: 'none' } : { words: [...flag, ...opts], kind: spec.kind };
}

/** `explain` in any program: a -t/-m/-c/-i/-a value, or the topics it knows (any case). */
export async function explainSlot(before: readonly string[]): Promise<CompletionSlot> {
  const prev = before[before.length - 1]!;
  const { explainKmu } = await import('./kmu/explain'); // (with key_mgmt_util's tables, on first use)
  const flag = explainKmu.flags.find((f) => f.flag === prev);
  if (flag && before.length >= 2) return { words: [], kind: flagValueKind(flag.arg!) };
  const { EXPLAIN_WORDS } = await import('./explain/index');
  return { words: [...EXPLAIN_WORDS, ...explainKmu.flags.map((f) => f.flag)], kind: 'none', caseless: true };
}

export const isExplain = (before: readonly string[]) => before[0]?.toLowerCase() === 'explain';
