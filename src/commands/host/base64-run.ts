/** What `base64` does (its table and command are in base64.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { BASE64 } from './base64';
import { helpText, isResult, parseArgs, quoteName, readInputs, result, usageError } from './tools';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE: ReadonlyMap<number, number> = new Map([...ALPHABET].map((c, i) => [c.charCodeAt(0), i]));
const PAD = 0x3d; // '='
const NL = 0x0a;

/** Base64 text of bytes, in lines of `wrap` characters (0: one line without newline). */
export function encode(data: Uint8Array, wrap: number): string {
  let text = '';
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i]!;
    const b = data[i + 1];
    const c = data[i + 2];
    text += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    text += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    text += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  if (wrap === 0 || text === '') return text;
  let out = '';
  for (let i = 0; i < text.length; i += wrap) out += text.slice(i, i + wrap) + '\n';
  return out;
}

/**
 * Decode as coreutils does: newlines are skipped (with `garbage`, every byte outside the alphabet
 * and `=`), then each group of four characters gives three bytes (`xx==` one, `xxx=` two); at the
 * first group that is not valid, the bytes its leading alphabet characters complete are written
 * and the input is invalid.
 */
export function decode(data: Uint8Array, garbage: boolean): { bytes: Uint8Array; valid: boolean } {
  const chars: number[] = [];
  for (const b of data) if (b !== NL && (!garbage || b === PAD || VALUE.has(b))) chars.push(b);
  const out: number[] = [];
  const partial = (group: number[]): void => {
    let k = 0;
    while (k < group.length && VALUE.has(group[k]!)) k++;
    const v = group.slice(0, k).map((c) => VALUE.get(c)!);
    if (k >= 2) out.push((v[0]! << 2) | (v[1]! >> 4));
    if (k >= 3) out.push(((v[1]! & 15) << 4) | (v[2]! >> 2));
  };
  for (let i = 0; i < chars.length; i += 4) {
    const group = chars.slice(i, i + 4);
    const [a, b, c, d] = group.map((x) => VALUE.get(x));
    const full = group.length === 4;
    if (full && a !== undefined && b !== undefined && c !== undefined && d !== undefined) {
      out.push((a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d);
    } else if (full && a !== undefined && b !== undefined && c !== undefined && group[3] === PAD) {
      out.push((a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2));
    } else if (full && a !== undefined && b !== undefined && group[2] === PAD && group[3] === PAD) {
      out.push((a << 2) | (b >> 4));
    } else {
      partial(group);
      return { bytes: Uint8Array.from(out), valid: false };
    }
  }
  return { bytes: Uint8Array.from(out), valid: true };
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const parsed = parseArgs(BASE64, args);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(BASE64), '', 0);
  let decoding = false;
  let garbage = false;
  let wrap = 76;
  for (const g of parsed.given) {
    if (g.key === 'd') decoding = true;
    else if (g.key === 'i') garbage = true;
    else if (g.key === 'w') {
      const v = g.value ?? '';
      if (!/^\d+$/.test(v)) return { output: '', stderr: `base64: invalid wrap size: ‘${v}’\n`, status: 1 };
      wrap = Number(v) > 2 ** 31 ? 2 ** 31 : Number(v);
    }
  }
  if (parsed.operands.length > 1) return usageError(BASE64, `extra operand ‘${parsed.operands[1]}’`);
  const [input] = await readInputs(ctx, [parsed.operands[0] ?? '-']);
  if (!input) return result('', '', 0);
  if ('error' in input) {
    const stderr = input.error === 'dir' ? 'base64: read error: Is a directory\n' : `base64: ${quoteName(input.name)}: No such file or directory\n`;
    return result('', stderr, 1);
  }
  if (!decoding) return result(encode(input.data, wrap), '', 0);
  const { bytes, valid } = decode(input.data, garbage);
  return result(bytes, valid ? '' : 'base64: invalid input\n', valid ? 0 : 1);
}
