/**
 * diff [OPTION]... FILE1 FILE2: compare files line by line as GNU diffutils 3.8 does, with its
 * algorithm (confusing lines discarded, Myers' middle-snake search, then the change boundaries
 * shifted) so the hunks are the ones it prints: the default normal format (`2c2`, `< `, `---`,
 * `> `, `\ No newline at end of file`), -u unified (3 lines of context, -U N), -q, `Binary files
 * A and B differ` when one holds a NUL byte. `-` is standard input. Exit status 0 same, 1
 * different, 2 trouble.
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const DIFF: ToolSpec = {
  name: 'diff',
  usage: 'diff [OPTION]... FILE1 FILE2',
  about: 'Compare FILES line by line (- is standard input).',
  usageStatus: 2,
  tryLine: 'prefixed',
  options: [
    { short: 'q', long: 'brief', help: 'report only when files differ' },
    { short: 's', long: 'report-identical-files', help: 'report when two files are the same' },
    { short: 'u', help: 'output 3 lines of unified context' },
    { short: 'U', long: 'unified', value: 'NUM', help: 'output NUM lines of unified context' },
    { short: 'a', long: 'text', help: 'treat all files as text' },
  ],
};

export const diff: HostCommand = {
  name: 'diff',
  summary: 'compare files line by line (-u unified, -q brief)',
  usage: 'diff [-u | -q] FILE1 FILE2',
  args: [{ name: 'FILE1', kind: 'file' }, { name: 'FILE2', kind: 'file' }],
  options: optionWords(DIFF),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./diff-run')).run(ctx, args),
};
