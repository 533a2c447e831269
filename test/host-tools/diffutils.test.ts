/** cmp and diff against GNU diffutils 3.8. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, CORPUS, gnuToolsPresent, sandbox, type Sandbox } from './gnu';

/** Seeded random small files over a few repeated lines: where the choice between equal edit scripts shows. */
function randomPairs(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  const b = bytes(n * 64, 5);
  let at = 0;
  const words = ['a', 'b', 'c', '', '}', 'x y'];
  const file = () => {
    const len = b[at++]! % 14;
    let t = '';
    for (let i = 0; i < len; i++) t += words[b[at++]! % words.length] + '\n';
    if (b[at++]! % 5 === 0 && t.endsWith('\n')) t = t.slice(0, -1);
    return t;
  };
  for (let i = 0; i < n; i++) {
    out[`rnd${i}a`] = file();
    out[`rnd${i}b`] = file();
  }
  return out;
}
const RANDOM = randomPairs(80);

/** Two long files of a few repeated lines: GNU's search gives up past its cut-off, and so does ours. */
function bigPair(): Record<string, string> {
  const b = bytes(40_000, 9);
  const words = ['a', 'b', 'c'];
  let x = '';
  let y = '';
  for (let i = 0; i < 20_000; i++) {
    x += words[b[i]! % 3] + '\n';
    y += words[b[20_000 + i]! % 3] + '\n';
  }
  return { bigA: x, bigB: y };
}

const key = bytes(32, 11);
const keyCopy = new Uint8Array(key);
const keyOther = new Uint8Array(key);
keyOther[20] = keyOther[20]! ^ 0x40;

const FILES: Record<string, string | Uint8Array> = {
  ...CORPUS,
  ...RANDOM,
  ...bigPair(),
  'key': key, 'key.copy': keyCopy, 'key.other': keyOther, 'key.short': key.subarray(0, 20),
  'a1': 'a\n', 'a2': 'a\nb', 'a3': 'a\nbc', 'a4': 'a\nbd\n',
  'v1': 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n',
  'v2': 'one\n2\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n',
  'v3': 'zero\none\ntwo\nfour\nfive\nsix\nSEVEN\neight\nnine\nten',
  'v4': 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten',
  'r1': 'x\na\nb\na\nb\ny\n',
  'r2': 'x\na\nb\ny\n',
  'r3': '\n\na\n\n\nb\n\n',
  'r4': '\na\n\nb\n\n\n',
  'm1': 'a\nb\nc\na\nb\nc\na\nb\nc\n',
  'm2': 'a\nb\na\nc\nb\na\nb\nc\nc\n',
  'm3': '}\n\n}\nfoo\n}\n\n}\nbar\n}\n',
  'm4': '}\n\n}\nbar\n}\n',
  'pubA': '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest1\nline2AAAA\n-----END PUBLIC KEY-----\n',
  'pubB': '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest2\nline2AAAA\n-----END PUBLIC KEY-----\n',
};


describe.runIf(gnuToolsPresent())('cmp and diff, differentially against GNU diffutils', { timeout: 120_000 }, () => {
  let s: Sandbox;
  beforeAll(async () => { s = await sandbox(FILES); });
  afterAll(() => s?.dispose());

  it('cmp: same, differing, one a prefix of the other, -l, -s, -b, -n, standard input, errors', async () => {
    const pairs = [['key', 'key.copy'], ['key', 'key.other'], ['key', 'key.short'], ['key.short', 'key'], ['a1', 'a2'], ['a2', 'a3'], ['a3', 'a4'],
      ['empty', 'one'], ['one', 'empty'], ['empty', 'empty'], ['text', 'crlf'], ['binary', 'nul'], ['v1', 'v2'], ['v1', 'v4'], ['long', 'text']];
    const lines: string[] = [];
    for (const o of ['', '-l', '-s', '-b', '-bl', '-n 3', '-n 30']) for (const [x, y] of pairs) lines.push(`cmp ${o} ${x} ${y}`);
    lines.push('cmp key', 'cat key.other | cmp key', 'cat key | cmp key -', 'cmp - key < key.short', 'cmp missing key', 'cmp key missing',
      'cmp -s missing key', 'cmp key dir', 'cmp', 'cmp -x a b', 'cmp -n x a1 a2', 'cmp key key');
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('diff: the normal format, binary files, -q, -s, errors', async () => {
    const pairs = [['v1', 'v2'], ['v2', 'v1'], ['v1', 'v3'], ['v3', 'v1'], ['v1', 'v4'], ['v4', 'v1'], ['r1', 'r2'], ['r2', 'r1'], ['r3', 'r4'], ['r4', 'r3'],
      ['a1', 'a2'], ['a3', 'a4'], ['empty', 'text'], ['text', 'empty'], ['text', 'crlf'], ['numbers', 'text'], ['utf8', 'invalid'], ['pubA', 'pubB'],
      ['pubA', 'pubA'], ['key', 'key.other'], ['key', 'key.copy'], ['binary', 'text'], ['nul', 'nonl'], ['attr_8', 'text'], ['f01', 'f02'], ['long', 'text'], ['m1', 'm2'], ['m2', 'm1'], ['m3', 'm4'], ['m4', 'm3'], ['r1', 'm1'], ['numbers', 'v1']];
    const lines: string[] = [];
    for (const o of ['', '-q', '-s']) for (const [x, y] of pairs) lines.push(`diff ${o} ${x} ${y}`);
    lines.push('diff missing v1', 'diff v1 missing', 'diff v1', 'diff', 'diff a b c', 'diff -j v1 v2', 'cat v2 | diff v1 -', 'diff - v1 < v3',
      'diff dir v1', 'diff -a key key.other');
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('diff -u: hunks, context, merged groups, missing newlines', async () => {
    const pairs = [['v1', 'v2'], ['v2', 'v1'], ['v1', 'v3'], ['v3', 'v1'], ['v1', 'v4'], ['r1', 'r2'], ['r3', 'r4'], ['empty', 'text'], ['text', 'empty'],
      ['numbers', 'text'], ['pubA', 'pubB'], ['a1', 'a2'], ['m1', 'm2'], ['m3', 'm4'], ['m4', 'm3']];
    const lines: string[] = [];
    for (const o of ['-u', '-U 1', '-U 0', '-U5']) for (const [x, y] of pairs) lines.push(`diff ${o} ${x} ${y}`);
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('diff and diff -u on seeded random files of repeated lines', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 80; i++) lines.push(`diff rnd${i}a rnd${i}b`, `diff -u rnd${i}a rnd${i}b`, `diff -U 1 rnd${i}b rnd${i}a`);
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('diff on long files of repeated lines, where GNU stops searching for the shortest script', async () => {
    expect(await s.mismatches(['diff bigA bigB | sha256sum'])).toEqual([]);
  });
});
