/**
 * The option tables of the host's text tools (grep, wc, head, tail, cmp, diff, sha256sum): they
 * drive parsing and `--help` (tools.ts) and completion (optionWords). Small, in the page's first
 * script; the tools' work loads on first use.
 */
import type { OptionSpec } from '../flags';

/** One option of a tool: `-x`, `--long`, or both; with the kind of value it takes, if any. */
export interface ToolOption {
  short?: string;
  long?: string;
  /** It takes a value (`-A 1`, `-A1`, `--after-context=1`). */
  value?: string;
  help: string;
}

export interface ToolSpec {
  name: string;
  /** `grep [OPTION]... PATTERNS [FILE]...` */
  usage: string;
  /** One line saying what it does. */
  about: string;
  options: readonly ToolOption[];
  /** Exit status of a usage error (2 for grep, cmp, diff; 1 for coreutils). */
  usageStatus: number;
  /** How the "Try … --help" line reads after a usage error (GNU differs between packages). */
  tryLine: 'plain' | 'prefixed' | 'usage';
}

/** The option words for completion (src/commands/flags OptionSpec). */
export function optionWords(spec: ToolSpec): OptionSpec[] {
  const words: OptionSpec[] = [];
  for (const o of spec.options) {
    if (o.short) words.push(o.value ? { flag: `-${o.short}`, value: 'none' } : { flag: `-${o.short}` });
    if (o.long) words.push({ flag: `--${o.long}` });
  }
  return words;
}
