/** What `wc` does (its table and command are in wc.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { errorText, helpText, isResult, parseArgs, readInputs, result } from './tools';
import { WC } from './wc';

/** glibc's iswspace among printable characters (no-break spaces are not blanks). */
const WIDE_SPACE = /[\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/u;
const NOT_PRINTABLE = /[\p{Cc}\p{Cs}\p{Cn}]/u;

export interface Counts { lines: number; words: number; chars: number; bytes: number }

/** Count as coreutils' multibyte loop does. */
export function count(data: Uint8Array): Counts {
  let lines = 0;
  let words = 0;
  let chars = 0;
  let inWord = false;
  let i = 0;
  while (i < data.length) {
    const b = data[i]!;
    let cp: number;
    let len: number;
    if (b < 0x80) {
      cp = b;
      len = 1;
    } else {
      len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
      if (b >= 0xf5) len = 0;
      cp = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
      for (let k = 1; k < len; k++) {
        const c = data[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) {
          len = 0;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) len = 0;
      if (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) len = 0;
      if (len === 0) {
        i++; // an encoding error: neither a character nor a separator
        continue;
      }
    }
    i += len;
    chars++;
    if (cp === 0x0a) lines++;
    if (cp === 0x0a || cp === 0x0d || cp === 0x0c || cp === 0x09 || cp === 0x20 || cp === 0x0b) {
      if (inWord) words++;
      inWord = false;
      continue;
    }
    const ch = String.fromCodePoint(cp);
    if (NOT_PRINTABLE.test(ch)) continue;
    if (WIDE_SPACE.test(ch)) {
      if (inWord) words++;
      inWord = false;
    } else inWord = true;
  }
  if (inWord) words++;
  return { lines, words, chars, bytes: data.length };
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const parsed = parseArgs(WC, args);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(WC), '', 0);
  const want = new Set(parsed.given.map((g) => g.key));
  if (want.size === 0) ['l', 'w', 'c'].forEach((k) => want.add(k));
  const cols = (['l', 'w', 'm', 'c'] as const).filter((k) => want.has(k));
  const named = parsed.operands.length > 0;
  const inputs = await readInputs(ctx, named ? parsed.operands : ['-']);
  let width = 1;
  if (!(inputs.length === 1 && cols.length === 1)) {
    let min = 1;
    let total = 0;
    for (const input of inputs) {
      if ('error' in input) {
        if (input.error === 'dir') min = 7;
      } else if (input.regular) total += input.data.length;
      else min = 7;
    }
    width = Math.max(String(total).length, min);
  }
  const pick = (c: Counts, k: 'l' | 'w' | 'm' | 'c') => (k === 'l' ? c.lines : k === 'w' ? c.words : k === 'm' ? c.chars : c.bytes);
  const line = (c: Counts, name: string | null) => cols.map((k) => String(pick(c, k)).padStart(width)).join(' ') + (name === null ? '' : ` ${name}`) + '\n';
  let out = '';
  let stderr = '';
  let status = 0;
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0 };
  for (const input of inputs) {
    let c: Counts;
    if ('error' in input) {
      stderr += `wc: ${input.name}: ${errorText(input.error)}\n`;
      status = 1;
      if (input.error !== 'dir') continue;
      c = { lines: 0, words: 0, chars: 0, bytes: 0 };
    } else c = count(input.data);
    total.lines += c.lines;
    total.words += c.words;
    total.chars += c.chars;
    total.bytes += c.bytes;
    out += line(c, named ? input.name : null);
  }
  if (inputs.length > 1) out += line(total, 'total');
  return result(out, stderr, status);
}
