/** The lesson text markup (issue 13): paragraphs, code, strong, http(s) links; never HTML. */
import { describe, expect, it } from 'vitest';
import { parseLessonText, plainLessonText, safeHref } from '../../src/lessons/text';

describe('lesson text', () => {
  it('splits paragraphs on blank lines and joins lines with a space', () => {
    expect(parseLessonText('one\ntwo\n\n\nthree\r\n  \r\nfour\n')).toEqual([
      [{ kind: 'text', text: 'one two' }], [{ kind: 'text', text: 'three' }], [{ kind: 'text', text: 'four' }],
    ]);
    expect(parseLessonText('')).toEqual([]);
  });

  it('parses code, strong and http(s) links', () => {
    expect(parseLessonText('Run `imSymKey -f key.bin` and see **OBJ_ATTR_LOCAL = 0**, as [the guide](https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-imSymKey.html) says.')).toEqual([[
      { kind: 'text', text: 'Run ' },
      { kind: 'code', text: 'imSymKey -f key.bin' },
      { kind: 'text', text: ' and see ' },
      { kind: 'strong', text: 'OBJ_ATTR_LOCAL = 0' },
      { kind: 'text', text: ', as ' },
      { kind: 'link', text: 'the guide', href: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-imSymKey.html' },
      { kind: 'text', text: ' says.' },
    ]]);
  });

  it('code is literal: markup inside it is text', () => {
    expect(parseLessonText('`**not strong** [x](https://a.example)`')).toEqual([[{ kind: 'code', text: '**not strong** [x](https://a.example)' }]]);
  });

  it('an unclosed marker is plain text', () => {
    expect(parseLessonText('a ` b ** c [d]')).toEqual([[{ kind: 'text', text: 'a ` b ** c [d]' }]]);
  });

  it('HTML stays text', () => {
    const spans = parseLessonText('<img src=x onerror=alert(1)> and <script>alert(1)</script>');
    expect(spans).toEqual([[{ kind: 'text', text: '<img src=x onerror=alert(1)> and <script>alert(1)</script>' }]]);
  });

  it('a javascript: (or any non-http) link becomes its words', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '//evil.example/x', '/relative', 'https://']) {
      const spans = parseLessonText(`click [here](${href}) now`);
      expect(spans.flat().some((s) => s.kind === 'link'), href).toBe(false);
      expect(plainLessonText(`click [here](${href}) now`)).toMatch(/^click here/);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('http://example.com/a b')).toBeNull();
    expect(safeHref('HTTPS://example.com/x')).toBe('https://example.com/x');
  });

  it('plain text drops the markers', () => {
    expect(plainLessonText('a `b` **c**\n\n[d](https://e.example/)')).toBe('a b c\n\nd');
  });
});
