/** What `grep` does (its table and command are in grep.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { concat, errorText, helpText, isResult, parseArgs, readInputs, result, splitLines, usageError, utf8, validUtf8 } from './tools';
import { GREP } from './grep';

class PatternError extends Error {}

const CLASSES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  alpha: '\\p{L}', upper: '\\p{Lu}', lower: '\\p{Ll}', digit: '0-9', xdigit: '0-9A-Fa-f', alnum: '\\p{L}\\p{Nd}',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e\\u00a0-\\u{10ffff}', graph: '\\x21-\\x7e\\u00a1-\\u{10ffff}',
});

const WORD_CHAR = '[\\p{L}\\p{N}_]';

/** One character as a JS regular-expression literal (u mode). */
function lit(ch: string): string {
  return /[\^$\\.*+?()[\]{}|\/]/.test(ch) ? '\\' + ch : ch;
}

function classLit(ch: string): string {
  return /[\\\]\[\^\-]/.test(ch) ? '\\' + ch : ch;
}

/** A POSIX bracket expression at p[i] === '['; returns its JS class and the index after it. */
function bracket(p: string, i: number): { js: string; end: number } {
  let k = i + 1;
  let neg = false;
  if (p[k] === '^') {
    neg = true;
    k++;
  }
  if (k >= p.length) throw new PatternError('Invalid regular expression'); // `[` or `[^` at the very end
  const items: string[] = [];
  let first = true;
  let prev: string | null = null; // the last single character (a range may start there)
  for (;;) {
    if (k >= p.length) throw new PatternError('Unmatched [, [^, [:, [., or [=');
    const c = p[k]!;
    if (c === ']' && !first) break;
    first = false;
    if (c === '[' && (p[k + 1] === ':' || p[k + 1] === '=' || p[k + 1] === '.')) {
      const kind = p[k + 1]!;
      const close = p.indexOf(kind + ']', k + 2);
      if (close < 0) throw new PatternError('Unmatched [, [^, [:, [., or [=');
      const name = p.slice(k + 2, close);
      if (kind === ':') {
        const cls = Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined;
        if (cls === undefined) throw new PatternError('Invalid character class name');
        items.push(cls);
      } else items.push([...name].map(classLit).join(''));
      prev = null;
      k = close + 2;
      continue;
    }
    const ch = String.fromCodePoint(p.codePointAt(k)!);
    if (ch === '-' && prev !== null && p[k + 1] !== undefined && p[k + 1] !== ']') {
      const hi = String.fromCodePoint(p.codePointAt(k + 1)!);
      if (hi.codePointAt(0)! < prev.codePointAt(0)!) throw new PatternError('Invalid range end');
      items[items.length - 1] = `${classLit(prev)}-${classLit(hi)}`;
      prev = null;
      k += 1 + hi.length;
      continue;
    }
    items.push(classLit(ch));
    prev = ch;
    k += ch.length;
  }
  return { js: `[${neg ? '^' : ''}${items.join('')}]`, end: k + 1 };
}

/** A basic (BRE) or extended (ERE) POSIX regular expression as a JS one (flags s, u). */
export function translate(p: string, ere: boolean): string {
  let out = '';
  let depth = 0;
  let groups = 0;
  let atStart = true; // where `*` is literal and (BRE) `^` an anchor
  let quantified = false; // the last thing written was a quantifier (`a**` is `a*`)
  const interval = (i: number, closeEscaped: boolean): { js: string; end: number } | null => {
    const close = closeEscaped ? '\\}' : '}';
    const e = p.indexOf(close, i);
    if (e < 0) return null;
    const body = p.slice(i, e);
    const m = /^(\d*)(,(\d*))?$/.exec(body);
    if (!m || (m[1] === '' && m[2] === undefined)) return null;
    const lo = m[1] === '' ? '0' : m[1]!;
    if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < Number(lo)) throw new PatternError('Invalid content of \\{\\}');
    if (Number(lo) > 32767 || Number(m[3] ?? 0) > 32767) throw new PatternError('Regular expression too big');
    return { js: `{${lo}${m[2] !== undefined ? ',' + (m[3] ?? '') : ''}}`, end: e + close.length };
  };
  const quant = (q: string) => {
    if (atStart) {
      out += lit(q[0]!) + q.slice(1);
      atStart = false;
      quantified = false;
      return;
    }
    if (!quantified) out += q;
    quantified = true;
  };
  let i = 0;
  while (i < p.length) {
    const c = String.fromCodePoint(p.codePointAt(i)!);
    if (c === '[') {
      const b = bracket(p, i);
      out += b.js;
      i = b.end;
      atStart = false;
      quantified = false;
      continue;
    }
    if (c === '\\') {
      const d = p[i + 1];
      if (d === undefined) throw new PatternError('Trailing backslash');
      i += 2;
      if (!ere && d === '(') {
        out += '(';
        depth++;
        groups++;
        atStart = true;
        quantified = false;
        continue;
      }
      if (!ere && d === ')') {
        if (depth === 0) throw new PatternError('Unmatched ) or \\)');
        out += ')';
        depth--;
        atStart = false;
        quantified = false;
        continue;
      }
      if (!ere && d === '|') {
        out += '|';
        atStart = true;
        quantified = false;
        continue;
      }
      if (!ere && (d === '+' || d === '?')) {
        quant(d);
        continue;
      }
      if (!ere && d === '{') {
        const iv = interval(i, true);
        if (!iv) throw new PatternError(p.indexOf('\\}', i) < 0 ? 'Unmatched \\{' : 'Invalid content of \\{\\}');
        quant(iv.js);
        i = iv.end;
        continue;
      }
      quantified = false;
      atStart = false;
      if (d === '<') out += `(?<!${WORD_CHAR})(?=${WORD_CHAR})`;
      else if (d === '>') out += `(?<=${WORD_CHAR})(?!${WORD_CHAR})`;
      else if (d === 'b') out += `(?:(?<!${WORD_CHAR})(?=${WORD_CHAR})|(?<=${WORD_CHAR})(?!${WORD_CHAR}))`;
      else if (d === 'B') out += `(?:(?<=${WORD_CHAR})(?=${WORD_CHAR})|(?<!${WORD_CHAR})(?!${WORD_CHAR}))`;
      else if (d === 'w') out += WORD_CHAR;
      else if (d === 'W') out += `[^\\p{L}\\p{N}_]`;
      else if (d === 's') out += '\\s';
      else if (d === 'S') out += '\\S';
      else if (/[1-9]/.test(d)) {
        if (Number(d) > groups) throw new PatternError('Invalid back reference');
        out += '\\' + d;
      } else out += lit(d);
      continue;
    }
    if (ere && c === '(') {
      out += '(';
      depth++;
      groups++;
      atStart = true;
      quantified = false;
      i++;
      continue;
    }
    if (ere && c === ')' && depth > 0) {
      out += ')';
      depth--;
      atStart = false;
      quantified = false;
      i++;
      continue;
    }
    if (ere && c === '|') {
      out += '|';
      atStart = true;
      quantified = false;
      i++;
      continue;
    }
    if (c === '*' || (ere && (c === '+' || c === '?'))) {
      quant(c);
      i++;
      continue;
    }
    if (ere && c === '{') {
      const iv = interval(i + 1, false);
      if (iv && !atStart) {
        quant(iv.js);
        i = iv.end;
        continue;
      }
    }
    if (c === '^' && (ere || atStart)) {
      out += '^';
      i++;
      quantified = false;
      continue; // still at the start: `^*` is a literal star
    }
    if (c === '$') {
      const rest = p.slice(i + 1);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) {
        out += '$';
        i++;
        atStart = false;
        quantified = false;
        continue;
      }
    }
    out += c === '.' ? '.' : lit(c);
    i += c.length;
    atStart = false;
    quantified = false;
  }
  if (depth > 0) throw new PatternError('Unmatched ( or \\(');
  return out;
}

export interface GrepMatcher {
  test(line: string): boolean;
}

/** The matcher of -G/-E/-F patterns (one pattern per line of each), -i, -w, -x. */
export function compile(patterns: readonly string[], mode: 'G' | 'E' | 'F', opts: { i: boolean; w: boolean; x: boolean }): GrepMatcher {
  const alts = patterns.map((p) => (mode === 'F' ? [...p].map(lit).join('') : translate(p, mode === 'E')));
  const body = alts.map((a) => `(?:${a})`).join('|');
  const wrapped = opts.x ? `^(?:${body})$` : opts.w ? `(?<!${WORD_CHAR})(?:${body})(?!${WORD_CHAR})` : body;
  let re: RegExp;
  try {
    re = new RegExp(wrapped, opts.i ? 'sui' : 'su');
  } catch {
    throw new PatternError('Invalid regular expression');
  }
  return { test: (line) => re.test(line) };
}

const decoder = new TextDecoder('utf-8');
const NL = new Uint8Array([0x0a]);

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const parsed = parseArgs(GREP, args);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(GREP), '', 0);
  let mode: 'G' | 'E' | 'F' = 'G';
  const o = { i: false, w: false, x: false, v: false, c: false, l: false, L: false, q: false, s: false, n: false, H: null as boolean | null };
  let after = -1;
  let before = -1;
  let max = -1;
  const patterns: string[] = [];
  let explicit = false;
  for (const g of parsed.given) {
    switch (g.key) {
      case 'E': case 'F': case 'G': mode = g.key; break;
      case 'e': patterns.push(...g.value!.split('\n')); explicit = true; break;
      case 'i': case 'y': o.i = true; break;
      case 'no-ignore-case': o.i = false; break;
      case 'H': o.H = true; break;
      case 'h': o.H = false; break;
      case 'silent': o.q = true; break;
      case 'A': case 'B': case 'C': case 'm': {
        const v = g.value!;
        if (!/^\d+$/.test(v)) {
          if (g.key === 'm') return usageError(GREP, `invalid max count`);
          return { output: '', stderr: `grep: ${v}: invalid context length argument\n`, status: 2 };
        }
        const n = Math.min(Number(v), Number.MAX_SAFE_INTEGER);
        if (g.key === 'A') after = n;
        else if (g.key === 'B') before = n;
        else if (g.key === 'C') {
          after = n;
          before = n;
        } else max = n;
        break;
      }
      default: (o as Record<string, unknown>)[g.key] = true;
    }
  }
  const operands = [...parsed.operands];
  if (!explicit) {
    if (operands.length === 0) return usageError(GREP, '');
    patterns.push(...operands.shift()!.split('\n'));
  }
  let matcher: GrepMatcher;
  try {
    matcher = compile(patterns, mode, o);
  } catch (e) {
    if (e instanceof PatternError) return { output: '', stderr: `grep: ${e.message}\n`, status: 2 };
    throw e;
  }
  const files = operands.length ? operands : ['-'];
  const withName = o.H ?? files.length > 1;
  const context = after >= 0 || before >= 0;
  const A = Math.max(after, 0);
  const B = Math.max(before, 0);
  const inputs = await readInputs(ctx, files);
  const outChunks: Uint8Array[] = [];
  let stderr = '';
  let selectedAny = false;
  let trouble = false;
  let used = false; // something was printed (the `--` group separator follows it)
  const put = (s: string | Uint8Array) => outChunks.push(typeof s === 'string' ? utf8(s) : s);
  for (const input of inputs) {
    const label = input.name === '-' ? '(standard input)' : input.name;
    if ('error' in input) {
      trouble = true;
      if (!o.s) stderr += `grep: ${input.name}: ${errorText(input.error)}\n`;
      continue;
    }
    let data = input.data;
    const binary = data.includes(0);
    if (binary) data = data.map((b) => (b === 0 ? 0x0a : b)); // NULs end lines in a binary file
    const quietFile = o.q || o.l || o.L || o.c || binary;
    const lines = splitLines(data);
    let count = 0;
    let lastOut = -1; // index of the last line printed
    let pendingAfter = 0;
    let encodingError = false;
    const printLine = (k: number, sep: ':' | '-') => {
      const raw = lines[k]!;
      const body = raw[raw.length - 1] === 0x0a ? raw.subarray(0, raw.length - 1) : raw;
      if (context && used && (lastOut === -1 || lastOut !== k - 1)) put('--\n');
      lastOut = k;
      used = true;
      if (!validUtf8(body)) {
        encodingError = true;
        return;
      }
      put((withName ? label + sep : '') + (o.n ? `${k + 1}${sep}` : ''));
      put(body);
      put(NL);
    };
    for (let k = 0; k < lines.length; k++) {
      const raw = lines[k]!;
      const body = raw[raw.length - 1] === 0x0a ? raw.subarray(0, raw.length - 1) : raw;
      const selected = matcher.test(decoder.decode(body)) !== o.v;
      if (selected) {
        if (max >= 0 && count >= max) break;
        count++;
        selectedAny = true;
        if (o.q) break;
        if (o.l || o.L || (binary && !o.c)) break;
        if (quietFile) continue;
        for (let b = Math.max(k - B, lastOut + 1); b < k; b++) printLine(b, '-');
        printLine(k, ':');
        pendingAfter = A;
        if (max >= 0 && count >= max) {
          // the trailing context of the last selected line is still printed
          for (let a = k + 1; a < lines.length && pendingAfter > 0; a++, pendingAfter--) printLine(a, '-');
          break;
        }
      } else if (pendingAfter > 0 && !quietFile) {
        printLine(k, '-');
        pendingAfter--;
      }
    }
    if (o.q && selectedAny) break;
    if (o.c) put(`${withName ? label + ':' : ''}${count}\n`);
    if (o.l && count > 0) put(`${label}\n`);
    if (o.L && count === 0) put(`${label}\n`);
    if (!o.q && !o.l && !o.L && !o.c && ((binary && count > 0) || encodingError)) stderr += `grep: ${label}: binary file matches\n`;
  }
  const status = trouble && !(o.q && selectedAny) ? 2 : selectedAny ? 0 : 1;
  return result(concat(outChunks), stderr, status);
}
