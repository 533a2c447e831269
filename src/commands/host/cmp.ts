/**
 * cmp [OPTION]... FILE1 [FILE2]: compare two files byte by byte as GNU diffutils 3.8 does:
 * `a b differ: byte N, line M` (-b adds the differing bytes), `cmp: EOF on X after byte N, line M`
 * when one is a prefix of the other (`… in line M` when the last byte read was not a newline,
 * `which is empty`), -l lists every differing byte, -s prints nothing; -n LIMIT compares at most
 * LIMIT bytes. FILE2 missing or `-`: standard input. Exit status 0 same, 1 different, 2 trouble.
 */
import type { HostCommand } from './command';
import { errorText, helpText, isResult, optionWords, parseArgs, readInputs, result, usageError, type ToolSpec } from './tools';

export const CMP: ToolSpec = {
  name: 'cmp',
  usage: 'cmp [OPTION]... FILE1 [FILE2]',
  about: 'Compare two files byte by byte (standard input when FILE2 is missing or -).',
  usageStatus: 2,
  tryLine: 'prefixed',
  options: [
    { short: 'b', long: 'print-bytes', help: 'print differing bytes' },
    { short: 'l', long: 'verbose', help: 'output byte numbers and differing byte values' },
    { short: 'n', long: 'bytes', value: 'LIMIT', help: 'compare at most LIMIT bytes' },
    { short: 's', long: 'quiet', help: 'suppress all normal output' },
    { long: 'silent', help: 'same as --quiet' },
  ],
};

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

export const cmp: HostCommand = {
  name: 'cmp',
  summary: 'compare two files byte by byte (-l, -s, -b)',
  usage: 'cmp [-b] [-l | -s] FILE1 [FILE2]',
  args: [{ name: 'FILE1', kind: 'file' }, { name: 'FILE2', kind: 'file', optional: true }],
  options: optionWords(CMP),
  async run(ctx, args) {
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
  },
};
