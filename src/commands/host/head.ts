/**
 * head [OPTION]... [FILE]...: the first 10 lines of each file (GNU coreutils 9.1): -n N lines
 * (-n -N: all but the last N), -c N bytes (-c -N: all but the last N), `-N` for -n N, a
 * `==> NAME <==` header for each of several files (-q none, -v always).
 */
import type { HostCommand } from './command';
import { concat, helpText, isResult, optionWords, parseArgs, readInputs, result, splitLines, utf8, type ToolSpec } from './tools';
import { headerName, parseCount, readError } from './tail';

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
  async run(ctx, args) {
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
    let first = true;
    for (const input of inputs) {
      if ('error' in input && input.error === 'missing') {
        stderr += `head: cannot open '${input.name}' for reading: No such file or directory\n`;
        continue;
      }
      if (show) out.push(utf8(`${first ? '' : '\n'}==> ${headerName(input.name)} <==\n`));
      first = false;
      if ('error' in input) {
        stderr += readError('head', input.name);
        continue;
      }
      const d = input.data;
      if (unit === 'c') out.push(allBut ? d.subarray(0, Math.max(0, d.length - n)) : d.subarray(0, Math.min(n, d.length)));
      else {
        const lines = splitLines(d);
        out.push(concat(allBut ? lines.slice(0, Math.max(0, lines.length - n)) : lines.slice(0, Math.min(n, lines.length))));
      }
    }
    return result(concat(out), stderr, stderr ? 1 : 0);
  },
};
