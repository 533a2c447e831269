/**
 * sha256sum [FILE]...: `HASH  NAME` per file as GNU coreutils prints it (`-` for standard input,
 * which is read when no file is named); -b prints ` *NAME`. The digest comes from src/crypto
 * through the host tools' module.
 */
import type { HostCommand } from './command';
import { errorText, helpText, isResult, optionWords, parseArgs, readInputs, result, sha256Hex, type ToolSpec } from './tools';

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
  async run(ctx, args) {
    const parsed = parseArgs(SHA256SUM, args);
    if (isResult(parsed)) return parsed;
    if (parsed.help) return result(helpText(SHA256SUM), '', 0);
    let binary = false;
    let zero = false;
    for (const g of parsed.given) {
      if (g.key === 'b') binary = true;
      if (g.key === 't') binary = false;
      if (g.key === 'z') zero = true;
    }
    const inputs = await readInputs(ctx, parsed.operands.length ? parsed.operands : ['-']);
    let out = '';
    let stderr = '';
    for (const input of inputs) {
      if ('error' in input) {
        stderr += `sha256sum: ${input.name}: ${errorText(input.error)}\n`;
        continue;
      }
      // a name with a backslash or newline is escaped, and the line marked with a leading backslash
      const escape = !zero && /[\\\n\r]/.test(input.name);
      const name = escape ? input.name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : input.name;
      out += `${escape ? '\\' : ''}${await sha256Hex(input.data)} ${binary ? '*' : ' '}${name}${zero ? '\0' : '\n'}`;
    }
    return result(out, stderr, stderr ? 1 : 0);
  },
};
