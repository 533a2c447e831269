/**
 * wc [OPTION]... [FILE]...: newline, word and byte counts as GNU coreutils 9.1 prints them in a
 * UTF-8 locale (`wc keys/aes256-forImport.key` → ` 0  2 32 keys/aes256-forImport.key`): the
 * columns are as wide as the total size of the regular files (7 when one input is standard input
 * from a pipe or a directory; 1 for one count of one input), a `total` line for several inputs.
 * Words are runs of printable non-blank characters; -m counts characters (bytes that are not
 * valid UTF-8 count as none).
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const WC: ToolSpec = {
  name: 'wc',
  usage: 'wc [OPTION]... [FILE]...',
  about: 'Print newline, word, and byte counts for each FILE, and a total line if more than one FILE is specified.',
  usageStatus: 1,
  tryLine: 'plain',
  options: [
    { short: 'c', long: 'bytes', help: 'print the byte counts' },
    { short: 'm', long: 'chars', help: 'print the character counts' },
    { short: 'l', long: 'lines', help: 'print the newline counts' },
    { short: 'w', long: 'words', help: 'print the word counts' },
  ],
};

export const wc: HostCommand = {
  name: 'wc',
  summary: 'count lines, words and bytes (-l, -w, -c, -m)',
  usage: 'wc [-clmw] [FILE]...',
  args: [{ name: 'FILE', kind: 'file', optional: true, repeat: true }],
  options: optionWords(WC),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./wc-run')).run(ctx, args),
};
