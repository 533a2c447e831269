/**
 * sha256sum [FILE]...: `HASH  NAME` per file as GNU coreutils prints it (`-` for standard input,
 * which is read when no file is named); -b prints ` *NAME`. The digest comes from src/crypto
 * through the host tools' module.
 */
import type { HostCommand } from './command';
import { optionWords, type ToolSpec } from './tool-spec';

export const SHA256SUM: ToolSpec = {
  name: 'sha256sum',
  usage: 'sha256sum [OPTION]... [FILE]...',
  about: 'Print SHA256 (256-bit) checksums of each FILE (standard input when there is none, or for -).',
  usageStatus: 1,
  tryLine: 'plain',
  options: [
    { short: 'b', long: 'binary', help: 'read in binary mode (the name is marked with *)' },
    { short: 't', long: 'text', help: 'read in text mode (the default)' },
    { short: 'z', long: 'zero', help: 'end each output line with NUL, not newline' },
  ],
};

export const sha256sum: HostCommand = {
  name: 'sha256sum',
  summary: 'SHA-256 checksum of files (HASH  NAME)',
  usage: 'sha256sum [FILE]...',
  args: [{ name: 'FILE', kind: 'file', optional: true, repeat: true }],
  options: optionWords(SHA256SUM),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./sha256sum-run')).run(ctx, args),
};
