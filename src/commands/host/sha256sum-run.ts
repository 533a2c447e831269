/** What `sha256sum` does (its table and command are in sha256sum.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { errorText, helpText, isResult, parseArgs, readInputs, result, sha256Hex } from './tools';
import { SHA256SUM } from './sha256sum';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
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
}
