/** What `tail` does (its table and command are in tail.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { concat, helpText, isResult, parseArgs, readInputs, result, splitLines, utf8 } from './tools';
import { TAIL } from './tail';

const SUFFIX: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  '': 1, b: 512, K: 1024, KiB: 1024, kB: 1000, M: 1024 ** 2, MiB: 1024 ** 2, MB: 1e6, G: 1024 ** 3, GiB: 1024 ** 3, GB: 1e9,
  T: 1024 ** 4, TiB: 1024 ** 4, TB: 1e12,
});

/** `[+-]DIGITS[SUFFIX]` as head and tail read it; null when it is not a number. */
function parseCount(v: string): { sign: '+' | '-' | ''; n: number } | null {
  const m = /^([+-]?)(\d+)([A-Za-z]*)$/.exec(v);
  if (!m || !Object.hasOwn(SUFFIX, m[3]!)) return null;
  const n = Number(m[2]) * SUFFIX[m[3]!]!;
  return { sign: m[1] as '+' | '-' | '', n: Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER };
}

/**
 * head's and tail's options: -q/-v (headers: null when neither was given) and the last -n/-c with
 * its count and sign; GNU's message (exit 1) for a count that is not a number.
 */
export function countOptions(
  tool: 'head' | 'tail', given: ReadonlyArray<{ key: string; value?: string }>,
): { unit: 'n' | 'c'; n: number; sign: '+' | '-' | ''; headers: boolean | null } | { error: HostResult } {
  let unit: 'n' | 'c' = 'n';
  let n = 10;
  let sign: '+' | '-' | '' = '';
  let headers: boolean | null = null;
  for (const g of given) {
    if (g.key === 'q') headers = false;
    else if (g.key === 'v') headers = true;
    else {
      const c = parseCount(g.value!);
      if (c === null) return { error: { output: '', stderr: `${tool}: invalid number of ${g.key === 'n' ? 'lines' : 'bytes'}: ‘${g.value}’\n`, status: 1 } };
      unit = g.key as 'n' | 'c';
      n = c.n;
      sign = c.sign;
    }
  }
  return { unit, n, sign, headers };
}

const headerName = (name: string) => (name === '-' ? 'standard input' : name);

/**
 * head's and tail's walk over their inputs: GNU's `==> NAME <==` headers (`show`: -v, or several
 * files without -q), its messages for a missing file and a directory (exit status 1, each message
 * placed where it was written), and what `pick` keeps of each file's bytes.
 */
export async function eachInput(
  ctx: HostContext, tool: 'head' | 'tail', names: readonly string[], show: boolean, pick: (data: Uint8Array) => Uint8Array,
): Promise<HostResult> {
  const inputs = await readInputs(ctx, names);
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
      error(`${tool}: cannot open '${input.name}' for reading: No such file or directory\n`);
      continue;
    }
    if (show) out.push(utf8(`${first ? '' : '\n'}==> ${headerName(input.name)} <==\n`));
    first = false;
    if ('error' in input) {
      error(`${tool}: error reading '${input.name}': Is a directory\n`);
      continue;
    }
    out.push(pick(input.data));
  }
  return { ...result(concat(out), stderr, stderr ? 1 : 0), errorsAt };
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const a = [...args];
  // the obsolete `tail -5` / `tail +2` form: the first word, followed by one file at most
  const obsolete = a[0] !== undefined && /^[-+]\d+$/.test(a[0]) && (a.length === 1 || (a.length === 2 && (a[1] === '-' || !a[1]!.startsWith('-'))));
  if (obsolete) a[0] = a[0]!.startsWith('+') ? `-n${a[0]}` : `-n${a[0]!.slice(1)}`;
  const digit = a.find((w) => /^-\d/.test(w));
  if (digit !== undefined) return { output: '', stderr: `tail: option used in invalid context -- ${digit[1]}\n`, status: 1 };
  const parsed = parseArgs(TAIL, a);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(TAIL), '', 0);
  const opts = countOptions('tail', parsed.given);
  if ('error' in opts) return opts.error;
  const { unit, n, headers } = opts;
  const fromStart = opts.sign === '+';
  if (n === 0 && !fromStart) return result('', '', 0); // nothing to print: tail opens no file
  const names = parsed.operands.length ? parsed.operands : ['-'];
  return eachInput(ctx, 'tail', names, headers ?? names.length > 1, (d) => {
    if (unit === 'c') return fromStart ? d.subarray(Math.min(Math.max(n - 1, 0), d.length)) : d.subarray(Math.max(0, d.length - n));
    const lines = splitLines(d);
    return concat(fromStart ? lines.slice(Math.max(n - 1, 0)) : lines.slice(Math.max(0, lines.length - n)));
  });
}
