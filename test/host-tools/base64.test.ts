/** base64 against GNU coreutils 9.1: encoding, wrapping, decoding, invalid input and errors, byte for byte. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, CORPUS, gnuToolsPresent, sandbox, type Sandbox } from './gnu';
import { decode, encode } from '../../src/commands/host/base64-run';

const present = gnuToolsPresent() && (process.env.CI === 'true' || existsSync('/usr/bin/base64'));

const FILES: Record<string, string | Uint8Array> = {
  ...CORPUS,
  'abc': 'abc',
  'two': 'ab',
  'b64': 'YWJj\nZGVm\n',
  'space': 'YWJj ZGVm',
  'short3': 'YWJ',
  'short2': 'YWJjZA',
  'short1': 'Y',
  'padmid': 'YW=j',
  'pad2': 'YWI=YWI=',
  'padend': 'YWJj=',
  'pad3': 'YQ=',
  'bang': 'Y!WJj',
  'blank': 'YWJj\n\n',
  'crlf64': 'YWJj\r\nZGVm\r\n',
  'bin57': bytes(57, 3),
  'bin58': bytes(58, 5),
  'big': bytes(5000, 11),
  'sp ace': 'x',
};
// encoded forms of the binary files (node's encoder, in GNU's 76-character lines), to decode on both sides
for (const f of ['binary', 'bin57', 'bin58', 'big']) {
  FILES[`${f}.b64`] = (Buffer.from(FILES[f] as Uint8Array).toString('base64').match(/.{1,76}/g) ?? []).join('\n') + '\n';
}

describe.runIf(present)('base64, differentially against GNU coreutils', { timeout: 120_000 }, () => {
  let s: Sandbox;
  beforeAll(async () => { s = await sandbox(FILES); });
  afterAll(() => s?.dispose());

  it('encodes every file of the corpus, in lines of 76 or COLS characters, -w 0 without newline', async () => {
    const lines: string[] = [];
    for (const f of ['empty', 'one', 'abc', 'two', 'text', 'utf8', 'binary', 'nul', 'long', 'bin57', 'bin58', 'big']) {
      for (const o of ['', '-w 0', '-w0', '-w 1', '-w 4', '-w 5', '--wrap=64', '--wrap 10', '--w 3']) lines.push(`base64 ${o} ${f}`);
    }
    lines.push('cat text | base64', 'base64 < binary', 'base64 - < abc', 'base64 -w 0 < empty', "base64 'sp ace'");
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('decodes what it encodes, skips newlines, stops at invalid input after the bytes before it', async () => {
    const lines: string[] = [];
    for (const f of ['b64', 'space', 'short3', 'short2', 'short1', 'padmid', 'pad2', 'padend', 'pad3', 'bang', 'blank', 'crlf64', 'empty', 'text', 'binary']) {
      lines.push(`base64 -d ${f}`, `base64 -di ${f}`, `base64 --decode --ignore-garbage ${f}`);
    }
    for (const f of ['binary', 'bin57', 'bin58', 'big']) lines.push(`base64 -d ${f}.b64`, `base64 -d -w 3 ${f}.b64`, `cat ${f}.b64 | base64 -d`);
    lines.push('base64 -w 0 big | base64 -d', 'base64 abc | base64 -d | base64');
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('errors: a missing file, a directory, an extra operand, a bad wrap size, an unknown option', async () => {
    expect(await s.mismatches([
      'base64 missing', 'base64 dir', 'base64 -d dir', 'base64 abc two', 'base64 -w x abc', 'base64 -w -1 abc', 'base64 --wrap= abc',
      'base64 -z abc', 'base64 --bogus', 'base64 -w', 'base64 -d missing',
    ])).toEqual([]);
  });
});

describe('base64 codec', () => {
  it('round-trips every length 0..70 and reports the bytes before an invalid group', () => {
    for (let n = 0; n <= 70; n++) {
      const data = bytes(n, n + 1);
      for (const w of [0, 4, 76]) {
        const d = decode(new TextEncoder().encode(encode(data, w)), false);
        expect(d.valid).toBe(true);
        expect([...d.bytes]).toEqual([...data]);
      }
    }
    expect(decode(new TextEncoder().encode('YWJjZA'), false)).toEqual({ bytes: new TextEncoder().encode('abcd'), valid: false });
    expect(decode(new TextEncoder().encode('Y W J j'), true)).toEqual({ bytes: new TextEncoder().encode('abc'), valid: true });
  });
});
