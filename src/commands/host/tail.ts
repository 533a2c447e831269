/**
 * tail [OPTION]... [FILE]...: the last 10 lines of each file (GNU coreutils 9.1): -n N lines
 * (-n +N: from line N on), -c N bytes (-c +N: from byte N on), `-N` / `+N` first for -n, a
 * `==> NAME <==` header for each of several files (-q none, -v always).
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const TAIL: ToolSpec = {
  name: 'tail',
  usage: 'tail [OPTION]... [FILE]...',
  about: 'Print the last 10 lines of each FILE to standard output (standard input when there is none, or for -).',
  usageStatus: 1,
  tryLine: 'plain',
  options: [
    { short: 'c', long: 'bytes', value: '[+]NUM', help: 'output the last NUM bytes; or use -c +NUM to output starting with byte NUM' },
    { short: 'n', long: 'lines', value: '[+]NUM', help: 'output the last NUM lines, instead of the last 10; or use -n +NUM to skip NUM-1 lines at the start' },
    { short: 'q', long: 'quiet', help: 'never output headers giving file names' },
    { short: 'v', long: 'verbose', help: 'always output headers giving file names' },
  ],
};

export const tail: HostCommand = {
  name: 'tail',
  summary: 'last lines of files (-n N, -n +N, -c N)',
  usage: 'tail [-n [+]N | -c [+]N] [FILE]...',
  args: [{ name: 'FILE', kind: 'file', optional: true, repeat: true }],
  options: optionWords(TAIL),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./tail-run')).run(ctx, args),
};
