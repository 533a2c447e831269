/** What `cmp` does (its table and command are in cmp.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { errorText, helpText, isResult, parseArgs, readInputs, result, usageError } from './tools';
import { CMP } from './cmp';

/** A byte as cmp -b shows it: printable as is, else ^X / M-x notation. */
function shown(b: number): string {
  let s = '';
  let c = b;
  if (c >= 0x80) {
    s = 'M-';
    c -= 0x80;
  }
  if (c < 0x20) return s + '^' + String.fromCharCode(c + 0x40);
  if (c === 0x7f) return s + '^?';
  return s + String.fromCharCode(c);
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const parsed = parseArgs(CMP, args);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(CMP), '', 0);
  let mode: 'first' | 'all' | 'status' = 'first';
  let bytes = false;
  let limit = Infinity;
  for (const g of parsed.given) {
    if (g.key === 'l') mode = 'all';
    else if (g.key === 's' || g.key === 'silent') mode = 'status';
    else if (g.key === 'b') bytes = true;
    else if (g.key === 'n') {
      if (!/^\d+$/.test(g.value!)) return usageError(CMP, `invalid --bytes value '${g.value}'`);
      limit = Number(g.value);
    }
  }
  const ops = parsed.operands;
  if (ops.length === 0) return usageError(CMP, "missing operand after 'cmp'");
  if (ops.length > 2) {
    // SKIP1 SKIP2 operands are not offered here
    return usageError(CMP, `invalid --ignore-initial value '${ops[2]}'`);
  }
  const names = [ops[0]!, ops[1] ?? '-'];
  const inputs = await readInputs(ctx, names);
  for (const input of inputs) {
    if ('error' in input && (input.error === 'missing' ? mode !== 'status' : true)) {
      return { output: '', stderr: `cmp: ${input.name}: ${errorText(input.error)}\n`, status: 2 };
    }
    if ('error' in input) return { output: '', status: 2 };
  }
  if (names[0] === names[1] && names[0] !== '-') return result('', '', 0);
  const [a, b] = inputs as Array<{ name: string; data: Uint8Array; regular: boolean }>;
  const da = a!.data.subarray(0, Math.min(a!.data.length, limit));
  const db = b!.data.subarray(0, Math.min(b!.data.length, limit));
  const common = Math.min(da.length, db.length);
  let out = '';
  let differ = false;
  if (mode === 'all') {
    let max = limit;
    for (const x of [a!, b!]) if (x.regular) max = Math.min(max, x.data.length);
    const width = String(max === Infinity ? Number.MAX_SAFE_INTEGER : max).length;
    for (let i = 0; i < common; i++) {
      if (da[i] === db[i]) continue;
      differ = true;
      const n = String(i + 1).padStart(width);
      out += bytes ? `${n} ${da[i]!.toString(8).padStart(3)} ${shown(da[i]!).padEnd(4)} ${db[i]!.toString(8).padStart(3)} ${shown(db[i]!)}\n`
        : `${n} ${da[i]!.toString(8).padStart(3)} ${db[i]!.toString(8).padStart(3)}\n`;
    }
  } else {
    let line = 1;
    for (let i = 0; i < common; i++) {
      if (da[i] !== db[i]) {
        if (mode === 'first') {
          out = `${a!.name} ${b!.name} differ: byte ${i + 1}, line ${line}`;
          out += bytes ? ` is ${da[i]!.toString(8).padStart(3)} ${shown(da[i]!)} ${db[i]!.toString(8).padStart(3)} ${shown(db[i]!)}\n` : '\n';
        }
        return result(out, '', 1);
      }
      if (da[i] === 0x0a) line++;
    }
  }
  if (da.length === db.length) return result(out, '', differ ? 1 : 0);
  const short = da.length < db.length ? a! : b!;
  const sd = da.length < db.length ? da : db;
  let stderr = '';
  if (mode !== 'status') {
    if (sd.length === 0) stderr = `cmp: EOF on ${short.name} which is empty\n`;
    else if (mode === 'all') stderr = `cmp: EOF on ${short.name} after byte ${sd.length}\n`;
    else {
      let nl = 0;
      for (const x of sd) if (x === 0x0a) nl++;
      stderr = sd[sd.length - 1] === 0x0a ? `cmp: EOF on ${short.name} after byte ${sd.length}, line ${nl}\n`
        : `cmp: EOF on ${short.name} after byte ${sd.length}, in line ${nl + 1}\n`;
    }
  }
  return result(out, stderr, 1);
}
