/** grep against GNU grep 3.8: every option the guide and a learner use, on the edge-case corpus. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, gnuToolsPresent, sandbox, type Sandbox } from './gnu';

const FILES = ['empty', 'nonl', 'text', 'crlf', 'utf8', 'invalid', 'binary', 'nul', 'long', 'attr_8'];

describe.runIf(gnuToolsPresent())('grep, differentially against GNU grep', { timeout: 120_000 }, () => {
  let s: Sandbox;
  beforeAll(async () => { s = await sandbox(CORPUS); });
  afterAll(() => s?.dispose());

  it('the guide\'s grep -A 1 on a getAttribute file', async () => {
    expect(await s.mismatches([
      'grep -A 1 "OBJ_ATTR_CLASS" attr_8', 'grep -A 1 "OBJ_ATTR_KEY_TYPE" attr_8', 'grep -A 1 "OBJ_ATTR_TOKEN" attr_8',
      'grep -A 1 "OBJ_ATTR_WRAP" attr_8', 'grep -A 1 OBJ_ATTR_EXTRACTABLE attr_8', 'grep -A1 -n OBJ_ATTR_ID attr_8',
    ])).toEqual([]);
  });

  it('each option on each kind of file', async () => {
    const lines: string[] = [];
    const forms = ['alpha', '-i alpha', '-v alpha', '-c alpha', '-E "al(ph|f)a|gamma"', '-n a', '-x ALPHA', '-w beta', '-iw beta',
      '-c ""', '-vc x', '-F "a.b"', '-l abc', '-q abc', '-h -n e', '-H line', '-ic é', 'abc', '-c abc', '-n good', '-v good'];
    for (const f of FILES) for (const o of forms) lines.push(`grep ${o} ${f}`);
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('context: -A, -B, -C and the -- between groups, within and across files', async () => {
    expect(await s.mismatches([
      'grep -A 1 line numbers', 'grep -B 2 "line 1[05]" numbers', 'grep -C 1 -n "line [23]5" numbers', 'grep -A 0 "line 3" numbers',
      'grep -B1 -A2 0x01 attr_8', 'grep -C 2 alpha text text', 'grep -A 1 -c alpha text', 'grep -n -A3 "^$" text',
      'grep -A 1 OBJ_ATTR_CLASS attr_8 text', 'grep -m 2 -A 1 line numbers', 'grep -m1 line numbers text',
    ])).toEqual([]);
  });

  it('basic and extended regular expressions', async () => {
    const res = ['"^a"', '"a$"', '"^$"', '"a.c"', '"[[:upper:]]"', '"[^a-z ]"', '"x*y"', '"\\(ab\\)c"', '"a\\{2,\\}"', '"lin\\?e"',
      '"a\\|b"', '"\\<line"', '"line\\>"', '"[]a]"', '"[a-]"', '"*abc"', '"^*"', '"a\\+"', '"[[:digit:]][[:digit:]]"', '"\\w\\W"',
      '"\\(l\\).*\\1"', '"a\\.b"', '"[.]"', '"0x0[0-9]"', '"\\bbeta"'];
    const lines = res.flatMap((r) => [`grep -c ${r} text numbers attr_8 utf8`, `grep -n ${r} text`]);
    const eres = ['"(ab|cd)+"', '"a{2}"', '"^(OBJ_ATTR_)?[A-Z]+$"', '"x+|y+"', '"gam?ma"', '"[0-9]{2,3}"', '"a{,2}b"', '"(^| )beta"',
      '"a{1"', '")"', '"\\(x"'];
    lines.push(...eres.flatMap((r) => [`grep -E -c ${r} text numbers attr_8`, `grep -En ${r} text`]));
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('several patterns, several files, standard input, and errors', async () => {
    expect(await s.mismatches([
      'grep -e alpha -e gamma text', 'grep -c -e x -e y long', 'grep abc nonl nul invalid', 'grep -c line f01 f02 f03 f04 f05 f06 f07 f08 f09 f10 f11 f12',
      'grep file f01 - < f02', 'cat text | grep -n beta', 'cat nul | grep abc', 'cat text | grep -c -', 'grep abc < nonl',
      'grep alpha missing text', 'grep -s alpha missing text', 'grep -q alpha missing text', 'grep alpha dir', 'grep', 'grep -j x text',
      'grep -A x y text', 'grep -A', 'grep "[" text', 'grep "\\(" text', 'grep "a\\{1" text', 'grep --count alpha text', 'grep --regexp=beta text',
      'grep --foo x text', 'grep -E "(" text', 'grep -l alpha text nonl utf8 numbers',
    ])).toEqual([]);
  });
});
