/**
 * The CLI's JSON (cloudhsm-cli.md §2.6, G-CLI-4): the canonical blocks exactly (2 spaces, key order
 * kept, `[]`, a final newline), and strings escaped so every output parses and is safe to print.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envelope, formatJson, jsonString } from '../../src/commands/cli/json';
import type { JsonValue } from '../../src/commands/cli/command';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');

describe('formatJson and the envelope', () => {
  it('prints the user list block of §3.3 exactly', () => {
    const user = (username: string, role: string) => ({ username, role, locked: 'false', mfa: [], 'cluster-coverage': 'full' });
    const data = { users: [user('admin', 'admin'), user('example_user', 'crypto-user'), user('app_user', 'internal(APPLIANCE_USER)')] };
    expect('aws-cloudhsm > user list\n' + envelope(0, data)).toBe(fixture('json-user-list'));
  });

  it('prints the logout block of §3.2 (a string as data)', () => {
    expect(envelope(0, 'Logout successful')).toBe('{\n  "error_code": 0,\n  "data": "Logout successful"\n}\n');
  });

  it('keeps the key order given, prints empty arrays and objects as [] and {}, numbers as numbers', () => {
    const v = { 'z-last': 1, a: [], b: {}, c: [{ d: true, e: null }], 'key-length-bytes': 32 };
    expect(formatJson(v)).toBe(
      '{\n  "z-last": 1,\n  "a": [],\n  "b": {},\n  "c": [\n    {\n      "d": true,\n      "e": null\n    }\n  ],\n  "key-length-bytes": 32\n}');
    expect(formatJson([])).toBe('[]');
    expect(formatJson({})).toBe('{}');
  });

  it('prints a key named __proto__ as any other, and a null-prototype object', () => {
    const o = Object.create(null) as Record<string, JsonValue>;
    Object.defineProperty(o, '__proto__', { value: 'x', enumerable: true });
    o['constructor'] = 'y';
    const text = formatJson(o);
    expect(text).toBe('{\n  "__proto__": "x",\n  "constructor": "y"\n}');
    expect(Object.keys(JSON.parse(text))).toEqual(['__proto__', 'constructor']);
  });
});

describe('string escapes (G-CLI-4, the acceptance list: control and bidi characters as \\uXXXX)', () => {
  const controls = [...Array(0x20).keys(), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i)];
  const bidi = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];

  it('escapes every C0, DEL and C1 control and every bidi control, and the result parses back', () => {
    for (const c of [...controls, ...bidi]) {
      const s = `a${String.fromCharCode(c)}b`;
      const lit = jsonString(s);
      expect(lit, c.toString(16)).toBe(`"a\\u${c.toString(16).padStart(4, '0')}b"`);
      expect(JSON.parse(lit)).toBe(s);
      // nothing in the output is a control or bidi character
      expect([...lit].some((ch) => controls.includes(ch.charCodeAt(0)) || bidi.includes(ch.charCodeAt(0)))).toBe(false);
    }
    expect(jsonString('\u202e')).toBe('"\\u202e"');
    expect(jsonString('\u009b')).toBe('"\\u009b"');
    expect(jsonString('\u0000')).toBe('"\\u0000"');
    expect(jsonString('line\nnext\ttab')).toBe('"line\\u000anext\\u0009tab"');
  });

  it('escapes quotes and backslashes as JSON requires, keeps other text (and surrogate pairs) as it is', () => {
    expect(jsonString('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
    expect(jsonString('my label é 😀 日本')).toBe('"my label é 😀 日本"');
  });

  it('escapes a lone surrogate, so the text stays well-formed and parses to the same string', () => {
    const s = 'x\ud800y\udc00';
    const lit = jsonString(s);
    expect(lit).toBe('"x\\ud800y\\udc00"');
    expect(JSON.parse(lit)).toBe(s);
  });

  it('an envelope with hostile text parses as JSON', () => {
    const data = { label: '\u001b[2J\u202eevil\u0085', list: ['\r\n', '"'] };
    const text = envelope(1, data as JsonValue);
    expect(JSON.parse(text)).toEqual({ error_code: 1, data });
    expect(text.endsWith('}\n')).toBe(true);
  });
});
