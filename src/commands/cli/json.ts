/**
 * JSON as the CloudHSM CLI prints it (cloudhsm-cli.md §2.6, G-CLI-4): two spaces per level, keys in
 * insertion order, `"key": value`, `[]` and `{}` for empty ones, a final newline; control and bidi
 * characters in strings escaped as `\uXXXX`, so every output both parses and is safe to print.
 */
import type { JsonValue } from './command';

/** Characters escaped as `\uXXXX` (newline and tab included, as every other control): C0, DEL, C1, and the bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9). */
const UNSAFE = /^[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]$/;
const SHORT: Readonly<Record<string, string>> = Object.freeze(Object.assign(Object.create(null) as Record<string, string>, {
  '"': '\\"', '\\': '\\\\',
}));

/** A string as a JSON string literal, every unsafe character (and a lone surrogate) escaped. */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    const short = SHORT[ch];
    if (short !== undefined) out += short;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + s[++i]!; // a surrogate pair as it is
    } else if ((c >= 0xd800 && c <= 0xdfff) || UNSAFE.test(ch)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function format(value: JsonValue, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return jsonString(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    if (items.length === 0) return '[]';
    return '[\n' + items.map((v) => inner + format(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const obj = value as { readonly [key: string]: JsonValue };
  return '{\n' + keys.map((k) => `${inner}${jsonString(k)}: ${format(obj[k]!, inner)}`).join(',\n') + '\n' + indent + '}';
}

/** One value as indented JSON text, without a final newline. */
export function formatJson(value: JsonValue): string {
  return format(value, '');
}

/** The envelope of §2.6: `{ "error_code": 0|1, "data": … }` and a final newline. */
export function envelope(errorCode: 0 | 1, data: JsonValue): string {
  return formatJson({ error_code: errorCode, data }) + '\n';
}
