/**
 * head [OPTION]... [FILE]...: the first 10 lines of each file (GNU coreutils 9.1): -n N lines
 * (-n -N: all but the last N), -c N bytes (-c -N: all but the last N), `-N` for -n N, a
 * `==> NAME <==` header for each of several files (-q none, -v always).
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const HEAD: ToolSpec = {
  name: 'head',
  usage: 'head [OPTION]... [FILE]...',
  about: 'Print the first 10 lines of each FILE to standard output (standard input when there is none, or for -).',
  usageStatus: 1,
  tryLine: 'plain',
  options: [
    { short: 'c', long: 'bytes', value: '[-]NUM', help: 'print the first NUM bytes of each file; with -NUM, all but the last NUM bytes' },
    { short: 'n', long: 'lines', value: '[-]NUM', help: 'print the first NUM lines instead of the first 10; with -NUM, all but the last NUM lines' },
    { short: 'q', long: 'quiet', help: 'never print headers giving file names' },
    { short: 'v', long: 'verbose', help: 'always print headers giving file names' },
  ],
};

export const head: HostCommand = {
  name: 'head',
  summary: 'first lines of files (-n N, -c N)',
  usage: 'head [-n N | -c N] [FILE]...',
  args: [{ name: 'FILE', kind: 'file', optional: true, repeat: true }],
  options: optionWords(HEAD),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./head-run')).run(ctx, args),
};
