/**
 * cmp [OPTION]... FILE1 [FILE2]: compare two files byte by byte as GNU diffutils 3.8 does:
 * `a b differ: byte N, line M` (-b adds the differing bytes), `cmp: EOF on X after byte N, line M`
 * when one is a prefix of the other (`… in line M` when the last byte read was not a newline,
 * `which is empty`), -l lists every differing byte, -s prints nothing; -n LIMIT compares at most
 * LIMIT bytes. FILE2 missing or `-`: standard input. Exit status 0 same, 1 different, 2 trouble.
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const CMP: ToolSpec = {
  name: 'cmp',
  usage: 'cmp [OPTION]... FILE1 [FILE2]',
  about: 'Compare two files byte by byte (standard input when FILE2 is missing or -).',
  usageStatus: 2,
  tryLine: 'prefixed',
  options: [
    { short: 'b', long: 'print-bytes', help: 'print differing bytes' },
    { short: 'l', long: 'verbose', help: 'output byte numbers and differing byte values' },
    { short: 'n', long: 'bytes', value: 'LIMIT', help: 'compare at most LIMIT bytes' },
    { short: 's', long: 'quiet', help: 'suppress all normal output' },
    { long: 'silent', help: 'same as --quiet' },
  ],
};

export const cmp: HostCommand = {
  name: 'cmp',
  summary: 'compare two files byte by byte (-l, -s, -b)',
  usage: 'cmp [-b] [-l | -s] FILE1 [FILE2]',
  args: [{ name: 'FILE1', kind: 'file' }, { name: 'FILE2', kind: 'file', optional: true }],
  options: optionWords(CMP),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./cmp-run')).run(ctx, args),
};
