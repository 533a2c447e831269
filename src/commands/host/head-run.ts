/** What `head` does (its table and command are in head.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { concat, helpText, isResult, parseArgs, readInputs, result, splitLines, utf8 } from './tools';
import { headerName, parseCount, readError } from './tail-run';
import { HEAD } from './head';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const a = [...args];
  if (a[0] !== undefined && /^-\d+$/.test(a[0])) a[0] = `-n${a[0].slice(1)}`; // head -5
  const parsed = parseArgs(HEAD, a);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(HEAD), '', 0);
  let unit: 'n' | 'c' = 'n';
  let n = 10;
  let allBut = false;
  let headers: boolean | null = null;
  for (const g of parsed.given) {
    if (g.key === 'q') headers = false;
    else if (g.key === 'v') headers = true;
    else {
      const c = parseCount(g.value!);
      if (c === null) return { output: '', stderr: `head: invalid number of ${g.key === 'n' ? 'lines' : 'bytes'}: ‘${g.value}’\n`, status: 1 };
      unit = g.key as 'n' | 'c';
      n = c.n;
      allBut = c.sign === '-';
    }
  }
  const names = parsed.operands.length ? parsed.operands : ['-'];
  const inputs = await readInputs(ctx, names);
  const show = headers ?? names.length > 1;
  const out: Uint8Array[] = [];
  let stderr = '';
  const errorsAt: Array<{ at: number; text: string }> = [];
  const error = (text: string) => {
    errorsAt.push({ at: out.reduce((n, c) => n + c.length, 0), text });
    stderr += text;
  };
  let first = true;
  for (const input of inputs) {
    if ('error' in input && input.error === 'missing') {
      error(`head: cannot open '${input.name}' for reading: No such file or directory\n`);
      continue;
    }
    if (show) out.push(utf8(`${first ? '' : '\n'}==> ${headerName(input.name)} <==\n`));
    first = false;
    if ('error' in input) {
      error(readError('head', input.name));
      continue;
    }
    const d = input.data;
    if (unit === 'c') out.push(allBut ? d.subarray(0, Math.max(0, d.length - n)) : d.subarray(0, Math.min(n, d.length)));
    else {
      const lines = splitLines(d);
      out.push(concat(allBut ? lines.slice(0, Math.max(0, lines.length - n)) : lines.slice(0, Math.min(n, lines.length))));
    }
  }
  return { ...result(concat(out), stderr, stderr ? 1 : 0), errorsAt };
}
