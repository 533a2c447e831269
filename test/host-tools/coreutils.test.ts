/** wc, head, tail and sha256sum against GNU coreutils 9.1, on the edge-case corpus. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, gnuToolsPresent, sandbox, type Sandbox } from './gnu';

const FILES = ['empty', 'nonl', 'one', 'text', 'crlf', 'utf8', 'invalid', 'binary', 'nul', 'long', 'attr_8', 'numbers'];
const MANY = Array.from({ length: 12 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`).join(' ');

describe.runIf(gnuToolsPresent())('coreutils tools, differentially against GNU coreutils', { timeout: 120_000 }, () => {
  let s: Sandbox;
  beforeAll(async () => { s = await sandbox(CORPUS); });
  afterAll(() => s?.dispose());

  it('wc: each count, its column widths, totals, standard input and errors', async () => {
    const lines: string[] = [];
    for (const o of ['', '-l', '-c', '-w', '-m', '-lc', '-wm', '-lwmc']) {
      for (const f of FILES) lines.push(`wc ${o} ${f}`);
      lines.push(`wc ${o} ${FILES.join(' ')}`, `wc ${o} ${MANY}`, `cat text | wc ${o}`, `wc ${o} < long`, `wc ${o} - < text`, `cat binary | wc ${o} - one`);
    }
    lines.push('wc missing', 'wc -l missing text', 'wc dir text', 'wc -c dir', 'wc text missing binary', 'wc -x text', 'wc --lines text', 'wc --bogus',
      'wc', 'cat empty | wc -l');
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('head: -n, -c, -N, negative counts, headers for several files, errors', async () => {
    const lines: string[] = [];
    for (const o of ['', '-n 3', '-n 0', '-n -2', '-c 5', '-c -5', '-c 0', '-3', '-n 1K', '-n +2', '-c 70000']) {
      for (const f of FILES) lines.push(`head ${o} ${f}`);
      lines.push(`head ${o} text nonl empty`, `cat numbers | head ${o}`);
    }
    lines.push('head -q text one', 'head -v one', 'head -n 2 missing text', 'head dir one', 'head -n x text', 'head -c 2y text', 'head -n',
      'head -j text', `head -n 1 ${MANY}`, 'head -n 2 - one < text', 'head --lines=2 text', 'head --bytes 3 text');
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('tail: -n, -n +N, -c, -c +N, -N, headers, errors', async () => {
    const lines: string[] = [];
    for (const o of ['', '-n 3', '-n 0', '-n +2', '-n +0', '-c 5', '-c +3', '-c 0', '-3', '-n 1K', '-c 70001']) {
      for (const f of FILES) lines.push(`tail ${o} ${f}`);
      lines.push(`tail ${o} text nonl empty`, `cat numbers | tail ${o}`);
    }
    lines.push('tail -q text one', 'tail -v one', 'tail -n 2 missing text', 'tail dir one', 'tail -n x text', 'tail -n ""  text', 'tail -c 2y text',
      'tail -j text', `tail -n 1 ${MANY}`, 'tail -n 2 - one < text', 'tail +35 numbers', 'tail -3 text nonl', 'tail -3 -n 2 text', 'tail -n 0 missing', 'tail -3 -', 'cat text | tail -2', 'tail --lines=2 text', 'cat numbers | head -n 20 | tail -n 3');
    expect(await s.mismatches(lines)).toEqual([]);
  });

  it('sha256sum: files, standard input, -b, errors', async () => {
    expect(await s.mismatches([
      `sha256sum ${FILES.join(' ')}`, 'sha256sum binary', 'cat binary | sha256sum', 'sha256sum - < text', 'sha256sum -b one', 'sha256sum --binary one',
      'sha256sum -t one', 'sha256sum missing one', 'sha256sum dir', 'sha256sum', 'sha256sum -x one', `sha256sum ${MANY}`, 'cat nul | sha256sum - one',
    ])).toEqual([]);
  });
});
