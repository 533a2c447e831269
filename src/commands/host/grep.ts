/**
 * grep [OPTION]... PATTERNS [FILE]...: GNU grep 3.8 in a UTF-8 locale, for the options the guide's
 * examples and a learner use (`grep -A 1 "OBJ_ATTR_CLASS" attributes/attr_8`): basic (-G) and
 * extended (-E) regular expressions or fixed strings (-F), -i -v -c -n -l -q -s -h -H -w -x,
 * context -A/-B/-C with `--` between groups, several patterns (-e, or lines of one pattern), and
 * binary files as grep treats them: a file with a NUL byte prints `grep: NAME: binary file
 * matches` instead of its lines; a line that is not valid UTF-8 is not printed, and the same
 * message follows. Exit status 0 (a line selected), 1 (none), 2 (trouble).
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const GREP: ToolSpec = {
  name: 'grep',
  usage: 'grep [OPTION]... PATTERNS [FILE]...',
  about: 'Search for PATTERNS in each FILE (standard input when there is none, or for -).',
  usageStatus: 2,
  tryLine: 'usage',
  options: [
    { short: 'E', long: 'extended-regexp', help: 'PATTERNS are extended regular expressions' },
    { short: 'F', long: 'fixed-strings', help: 'PATTERNS are strings' },
    { short: 'G', long: 'basic-regexp', help: 'PATTERNS are basic regular expressions (the default)' },
    { short: 'e', long: 'regexp', value: 'PATTERNS', help: 'use PATTERNS for matching' },
    { short: 'i', long: 'ignore-case', help: 'ignore case distinctions' },
    { short: 'y', help: 'same as -i' },
    { long: 'no-ignore-case', help: 'do not ignore case distinctions (the default)' },
    { short: 'w', long: 'word-regexp', help: 'match only whole words' },
    { short: 'x', long: 'line-regexp', help: 'match only whole lines' },
    { short: 'v', long: 'invert-match', help: 'select non-matching lines' },
    { short: 'c', long: 'count', help: 'print only a count of selected lines per FILE' },
    { short: 'l', long: 'files-with-matches', help: 'print only names of FILEs with selected lines' },
    { short: 'L', long: 'files-without-match', help: 'print only names of FILEs with no selected lines' },
    { short: 'q', long: 'quiet', help: 'suppress all normal output' },
    { long: 'silent', help: 'same as --quiet' },
    { short: 's', long: 'no-messages', help: 'suppress error messages' },
    { short: 'n', long: 'line-number', help: 'print line number with output lines' },
    { short: 'H', long: 'with-filename', help: 'print file name with output lines' },
    { short: 'h', long: 'no-filename', help: 'suppress the file name prefix on output' },
    { short: 'A', long: 'after-context', value: 'NUM', help: 'print NUM lines of trailing context' },
    { short: 'B', long: 'before-context', value: 'NUM', help: 'print NUM lines of leading context' },
    { short: 'C', long: 'context', value: 'NUM', help: 'print NUM lines of output context' },
    { short: 'm', long: 'max-count', value: 'NUM', help: 'stop after NUM selected lines' },
  ],
};

export const grep: HostCommand = {
  name: 'grep',
  summary: 'print lines that match a pattern (-i -v -c -E -n -A/-B/-C …)',
  usage: 'grep [OPTION]... PATTERNS [FILE]...',
  args: [{ name: 'PATTERNS', kind: 'none' }, { name: 'FILE', kind: 'file', optional: true, repeat: true }],
  options: optionWords(GREP),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./grep-run')).run(ctx, args),
};
