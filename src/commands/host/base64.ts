/**
 * base64 [OPTION]... [FILE]: Base64 encode or decode FILE (standard input when there is none, or
 * for -) as GNU coreutils 9.1 does (cloudhsm-cli.md §5.9, G-CLI-33): lines of 76 characters unless
 * `-w COLS` (`-w 0`: one line, no newline); `-d` writes the decoded bytes to standard output (so
 * `> file` saves them), ignoring newlines, and stops with `base64: invalid input` at the first
 * character outside the alphabet (`-i` skips those instead). The guide's quorum-token steps use
 * `base64 -d token1.b64 > token1.bin` and `base64 -w0 token1.sig.bin > token1.sig.b64`.
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const BASE64: ToolSpec = {
  name: 'base64',
  usage: 'base64 [OPTION]... [FILE]',
  about: 'Base64 encode or decode FILE, or standard input, to standard output.',
  usageStatus: 1,
  tryLine: 'plain',
  options: [
    { short: 'd', long: 'decode', help: 'decode data' },
    { short: 'i', long: 'ignore-garbage', help: 'when decoding, ignore non-alphabet characters' },
    { short: 'w', long: 'wrap', value: 'COLS', help: 'wrap encoded lines after COLS character (default 76); 0 disables line wrapping' },
  ],
};

export const base64: HostCommand = {
  name: 'base64',
  summary: 'Base64 encode a file (-w COLS), or decode it (-d)',
  usage: 'base64 [-d] [-i] [-w COLS] [FILE]',
  args: [{ name: 'FILE', kind: 'file', optional: true }],
  options: optionWords(BASE64),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./base64-run')).run(ctx, args),
};
