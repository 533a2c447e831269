/** What `head` does (its table and command are in head.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { concat, helpText, isResult, parseArgs, result, splitLines } from './tools';
import { countOptions, eachInput } from './tail-run';
import { HEAD } from './head';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const a = [...args];
  if (a[0] !== undefined && /^-\d+$/.test(a[0])) a[0] = `-n${a[0].slice(1)}`; // head -5
  const parsed = parseArgs(HEAD, a);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(HEAD), '', 0);
  const opts = countOptions('head', parsed.given);
  if ('error' in opts) return opts.error;
  const { unit, n, headers } = opts;
  const allBut = opts.sign === '-';
  const names = parsed.operands.length ? parsed.operands : ['-'];
  return eachInput(ctx, 'head', names, headers ?? names.length > 1, (d) => {
    if (unit === 'c') return allBut ? d.subarray(0, Math.max(0, d.length - n)) : d.subarray(0, Math.min(n, d.length));
    const lines = splitLines(d);
    return concat(allBut ? lines.slice(0, Math.max(0, lines.length - n)) : lines.slice(0, Math.min(n, lines.length)));
  });
}
