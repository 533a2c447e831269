/**
 * The key-wrap view's helpers (src/ui/wrap-view.ts) lay a WrapTrace out as pages: RFC 3394 §4.1's
 * wrap and unwrap show every intermediate value the RFC lists, in its order, and the last page is
 * the result; RFC 5649 §6's examples show the AIV with the MLI and the padding; -m 4 says its
 * PKCS #5 padding; a hidden trace shows no value.
 */
import { describe, expect, it } from 'vitest';
import { announcePage, blocks, hiddenSummary, clipBlocks, groupHex, MAX_BLOCKS, MAX_REGISTERS, movePage, pages, REAL_HSM_NOTE, refLabel, tHex, type Page } from '../../src/ui/wrap-view';
import { RFC3394_41, RFC5649_6, UNWRAP_STEPS, WRAP_STEPS, rfc3394Unwrap, rfc3394Wrap, rfc5649Wrap20, rfc5649Wrap7 } from '../fixtures/wrap-view/rfc-traces';

const U = (hex: string) => blocks(hex).join(' ');
const row = (p: Page, label: string) => p.rows.find((r) => r.label === label)?.value;

describe('hex helpers', () => {
  it('cut, group and clip hex the way RFC 3394 prints it', () => {
    expect(blocks('a6a6a6a6a6a6a6a60011223344556677')).toEqual(['A6A6A6A6A6A6A6A6', '0011223344556677']);
    expect(blocks('0011 2233 44')).toEqual(['0011223344']);
    expect(groupHex('a6a6a6a6a6a6a6a6')).toBe('A6A6A6A6 A6A6A6A6');
    expect(groupHex('a6a6a6a6a6a6a6a6', 2)).toBe('A6A6 A6A6 A6A6 A6A6');
    expect(tHex(12)).toBe('000000000000000C');
    expect(tHex(0x1_0000_0001)).toBe('0000000100000001');
    const long = '00'.repeat(MAX_BLOCKS * 8 + 5);
    const clipped = clipBlocks(long);
    expect(clipped.split(' ').filter((b) => /^0{16}$/.test(b))).toHaveLength(MAX_BLOCKS);
    expect(clipped).toMatch(/… \(5 more bytes\)$/);
    expect(clipBlocks('ab'.repeat(MAX_BLOCKS * 8))).not.toContain('more');
  });

  it('moves between pages within bounds', () => {
    expect(movePage(0, 5, 'previous')).toBe(0);
    expect(movePage(0, 5, 'next')).toBe(1);
    expect(movePage(4, 5, 'next')).toBe(4);
    expect(movePage(2, 5, 'first')).toBe(0);
    expect(movePage(2, 5, 'last')).toBe(4);
    expect(movePage(3, 0, 'last')).toBe(0);
  });
});

describe('RFC 3394 §4.1 wrap', () => {
  const trace = rfc3394Wrap();
  const list = pages(trace);

  it('is the start, the 6·n = 12 steps, and the result', () => {
    expect(list.map((p) => p.kind)).toEqual(['start', ...Array(12).fill('step'), 'output']);
    expect(list.filter((p) => p.kind === 'step').map((p) => p.title)).toEqual(
      WRAP_STEPS.map((s) => `Step t = ${s.t} (j = ${s.j}, i = ${s.i})`));
  });

  it('starts with A = IV and R[1..2] = P', () => {
    const start = list[0]!;
    expect(row(start, 'IV')).toBe('A6A6A6A6A6A6A6A6');
    expect(row(start, 'P[1..2]')).toBe('0011223344556677 8899AABBCCDDEEFF');
    expect(row(start, 'A')).toBe('A6A6A6A6A6A6A6A6');
    expect(row(start, 'R[1]')).toBe('0011223344556677');
    expect(row(start, 'R[2]')).toBe('8899AABBCCDDEEFF');
  });

  it('shows each step\'s In, Enc and XorT values as the RFC lists them', () => {
    // RFC 3394 §4.1: j = 0, i = 1: In A6A6A6A6A6A6A6A6 0011223344556677, Enc F4740052E82A2251 74CE86FBD7B805E7, XorT F4740052E82A2250
    const first = list[1]!;
    expect(row(first, 'AES input: A | R[i]')).toBe('A6A6A6A6A6A6A6A6 0011223344556677');
    expect(row(first, 'AES output B')).toBe('F4740052E82A2251 74CE86FBD7B805E7');
    expect(row(first, 't (64 bits)')).toBe('0000000000000001');
    expect(row(first, 'A = MSB64(B) ^ t')).toBe('F4740052E82A2250');
    expect(row(first, 'R[1] = LSB64(B)')).toBe('74CE86FBD7B805E7');
    // j = 5, i = 2: Enc 1FA68B0A8112B44B 9D3E862371D2CFE5, XorT 1FA68B0A8112B447
    const last = list[12]!;
    expect(row(last, 'AES input: A | R[i]')).toBe('93B71967EED41FF7 4FD3D2B7D74FBB42');
    expect(row(last, 'AES output B')).toBe('1FA68B0A8112B44B 9D3E862371D2CFE5');
    expect(row(last, 'A = MSB64(B) ^ t')).toBe('1FA68B0A8112B447');
    for (const [k, s] of WRAP_STEPS.entries()) {
      const p = list[k + 1]!;
      expect(row(p, 'A before')).toBe(U(s.a));
      expect(row(p, `R[${s.i}] before`)).toBe(U(s.r));
      expect(row(p, 'AES input: A | R[i]')).toBe(U(s.input));
      expect(row(p, 'AES output B')).toBe(U(s.output));
    }
  });

  it('keeps R[1..n] up to date, marking the register each step changed', () => {
    const regs = list.filter((p) => p.kind === 'step').map((p) => p.registers!);
    expect(regs[0]).toEqual({ a: 'F4740052E82A2250', r: ['74CE86FBD7B805E7', '8899AABBCCDDEEFF'], changed: 1, n: 2 });
    expect(regs[1]).toEqual({ a: '06BA4EBDE7768D09', r: ['74CE86FBD7B805E7', 'D132EE38147E76F8'], changed: 2, n: 2 });
    // after the last step A ‖ R[1] ‖ R[2] is the RFC's ciphertext
    const end = regs.at(-1)!;
    expect([end.a, ...end.r].join('')).toBe(RFC3394_41.ciphertext.toUpperCase());
  });

  it('ends with the wrapped key, equal to the bytes the command wrote', () => {
    const out = list.at(-1)!;
    expect(out.kind).toBe('output');
    expect(row(out, 'Output')).toBe('1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5');
    expect(out.ok).toBe(true);
    expect(out.text.join(' ')).toContain('It equals the bytes written to wrapped.key.');
    const differs = pages(rfc3394Wrap({ matchesWritten: false })).at(-1)!;
    expect(differs.ok).toBe(false);
    expect(differs.text.join(' ')).toContain('It differs from the bytes written to wrapped.key.');
    expect(pages(rfc3394Wrap({ matchesWritten: null })).at(-1)!.text.join(' ')).toContain('nothing to compare');
  });

  it('announces the step that became the current one', () => {
    expect(announcePage(list, 1)).toBe('2 of 14: Step t = 1 (j = 0, i = 1). A = MSB64(B) ^ t is F4740052E82A2250, R[1] = LSB64(B) is 74CE86FBD7B805E7.');
    expect(announcePage(list, 13)).toMatch(/^14 of 14: The wrapped key\. It equals the bytes written to wrapped\.key\.$/);
    expect(announcePage(list, 99)).toBe('');
  });

  it('names the wrap', () => {
    expect(refLabel(trace.ref)).toBe('wrap of key 7 with key 6 (RFC 3394 AES key wrap, -m 5)');
    expect(REAL_HSM_NOTE).toMatch(/A real HSM never shows these values/);
  });

  it('says where the cap left steps out: before the last step, whose registers are then unknown', () => {
    // (the trace keeps the first cap − 1 steps and the last one)
    const capped = pages(rfc3394Wrap({ steps: [...WRAP_STEPS.slice(0, 3), WRAP_STEPS[11]!], omitted: 8 }));
    expect(capped.map((p) => p.kind)).toEqual(['start', 'step', 'step', 'step', 'omitted', 'step', 'output']);
    expect(capped[4]!.title).toBe('8 steps left out');
    expect(capped[4]!.text[0]).toContain('the first 3 steps and the last one; the 8 between them');
    expect(capped[5]!.title).toBe('Step t = 12 (j = 5, i = 2)');
    expect(capped[3]!.registers).toBeDefined();
    expect(capped[5]!.registers).toBeUndefined();
    expect(row(capped.at(-1)!, 'Output')).toBe(U(RFC3394_41.ciphertext));
    expect(capped[0]!.text.join(' ')).toContain('n = 2 blocks');
  });
});

describe('RFC 3394 §4.1 unwrap', () => {
  const list = pages(rfc3394Unwrap());

  it('runs t from 12 down to 1 from A = C[0], then checks A against the IV', () => {
    expect(list.map((p) => p.kind)).toEqual(['start', ...Array(12).fill('step'), 'check', 'output']);
    expect(row(list[0]!, 'A = C[0]')).toBe('1FA68B0A8112B447');
    expect(row(list[0]!, 'R[2] = C[2]')).toBe('9D3E862371D2CFE5');
    expect(list.filter((p) => p.kind === 'step').map((p) => p.title)[0]).toBe('Step t = 12 (j = 5, i = 2)');
    // RFC 3394 §4.1 unwrap, j = 5, i = 2: In 1FA68B0A8112B447 9D3E862371D2CFE5, XorT 1FA68B0A8112B44B 9D3E862371D2CFE5, Dec 93B71967EED41FF7 4FD3D2B7D74FBB42
    const first = list[1]!;
    expect(row(first, 'A before')).toBe('1FA68B0A8112B447');
    expect(row(first, 'AES⁻¹ input: (A ^ t) | R[i]')).toBe('1FA68B0A8112B44B 9D3E862371D2CFE5');
    expect(row(first, 'AES⁻¹ output B')).toBe('93B71967EED41FF7 4FD3D2B7D74FBB42');
    for (const [k, s] of UNWRAP_STEPS.entries()) expect(row(list[k + 1]!, 'AES⁻¹ output B')).toBe(U(s.output));
    const check = list.at(-2)!;
    expect(check.title).toBe('Integrity check: passed');
    expect(row(check, 'A after W⁻¹')).toBe('A6A6A6A6A6A6A6A6');
    expect(row(check, 'Expected')).toBe('A6A6A6A6A6A6A6A6');
    expect(check.ok).toBe(true);
    expect(row(list.at(-1)!, 'Key')).toBe('0011223344556677 8899AABBCCDDEEFF');
  });

  it('a failed check says the HSM refuses the unwrap, and nothing comes out', () => {
    const bad = pages(rfc3394Unwrap({ check: { a: '0123456789abcdef', expected: 'a6a6a6a6a6a6a6a6', ok: false }, output: '' }));
    const check = bad.find((p) => p.kind === 'check')!;
    expect(check.title).toBe('Integrity check: failed');
    expect(check.ok).toBe(false);
    expect(check.text[0]).toContain('The HSM refuses the unwrap.');
    const out = bad.at(-1)!;
    expect(out.title).toBe('Nothing comes out');
    expect(out.rows).toEqual([]);
    expect(out.ok).toBe(false);
  });

  it('the unwrapped key is compared with the key the unwrap made', () => {
    const out = pages(rfc3394Unwrap({ matchesWritten: true })).at(-1)!;
    expect(out.text).toEqual(['The result is R[1..2]: 16 bytes.', 'It equals the key the unwrap made (key 8).']);
  });
});

describe('RFC 5649 §6', () => {
  it('20-byte key: the AIV with MLI 20 and 4 bytes of zero padding; the last page is the published output', () => {
    const list = pages(rfc5649Wrap20());
    const start = list[0]!;
    expect(row(start, 'AIV = A65959A6 ‖ MLI')).toBe('A65959A600000014');
    expect(row(start, 'MLI')).toBe('20 bytes');
    expect(row(start, 'Zero padding')).toBe('4 bytes');
    expect(start.text.join(' ')).toContain('(20 = 0x00000014)');
    expect(row(start, 'P[1..3]')).toBe('C37B7E6492584340 BED1220780894115 5068F73800000000');
    expect(list.map((p) => p.kind)).toEqual(['start', ...Array(18).fill('step'), 'output']);
    const lastStep = list.at(-2)!.registers!;
    expect([lastStep.a, ...lastStep.r].join('')).toBe(RFC5649_6.wrapped20.toUpperCase());
    expect(row(list.at(-1)!, 'Output')).toBe(U(RFC5649_6.wrapped20));
  });

  it('7-byte key: one AES block of AIV ‖ P, no W; the last page is the published output', () => {
    const list = pages(rfc5649Wrap7());
    expect(list.map((p) => p.kind)).toEqual(['start', 'single', 'output']);
    expect(row(list[0]!, 'AIV = A65959A6 ‖ MLI')).toBe('A65959A600000007');
    expect(row(list[0]!, 'Zero padding')).toBe('1 byte');
    expect(list[0]!.text.join(' ')).toContain('n = 1 block of 64 bits');
    expect(row(list[1]!, 'AES input: AIV | P')).toBe('A65959A600000007 466F725061736900');
    expect(row(list[1]!, 'AES output: C')).toBe('AFBEB0F07DFBF541 9200F2CCB50BB24F');
    expect(row(list.at(-1)!, 'Output')).toBe('AFBEB0F07DFBF541 9200F2CCB50BB24F');
  });
});

describe('-m 4 and hidden traces', () => {
  it('-m 4 says the PKCS #5 padding it adds and why it does not interoperate', () => {
    const t = rfc3394Wrap({ pkcs5: { padding: 8 } });
    t.ref = { ...t.ref, mechanism: '4', variant: 'pkcs5' };
    const start = pages(t)[0]!;
    expect(row(start, 'PKCS #5 padding')).toBe('8 × 0x08');
    expect(start.text.join(' ')).toMatch(/8 bytes of value 0x08 .*does not interoperate/);
    expect(refLabel(t.ref)).toContain('AES key wrap with PKCS #5 padding, -m 4');
  });

  it('a hidden trace has no pages, so no value is shown; its shape is still said', () => {
    const hidden = rfc3394Unwrap({
      hidden: 'Key 7 is not extractable', plaintext: '', output: '', start: { a: '', r: ['', ''] },
      steps: UNWRAP_STEPS.map((s) => ({ ...s, a: '', r: '', input: '', output: '', aAfter: '', rAfter: '' })),
      check: { a: '', expected: 'a6a6a6a6a6a6a6a6', ok: true },
    });
    expect(pages(hidden)).toEqual([]);
    expect(hiddenSummary(hidden)).toBe('What can be said without the values: RFC 3394 AES key wrap, n = 2 blocks of 64 bits, 6·n = 12 steps of W⁻¹; the integrity check passed.');
  });

  it('a long key lists 16 registers and counts the rest', () => {
    const r = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(16, '0'));
    const start = pages(rfc3394Wrap({ start: { a: 'a6a6a6a6a6a6a6a6', r }, steps: [], omitted: 240 }))[0]!;
    expect(start.rows.filter((x) => /^R\[\d+\]$/.test(x.label))).toHaveLength(MAX_REGISTERS);
    expect(row(start, 'R[17..40]')).toBe('24 more blocks');
    // the trace keeps R[1..64] of a longer key: n comes from the step count
    const kept = Array.from({ length: 64 }, (_, i) => i.toString(16).padStart(16, '0'));
    const long = pages(rfc3394Wrap({ start: { a: 'a6a6a6a6a6a6a6a6', r: kept }, steps: [...WRAP_STEPS.slice(0, 3), WRAP_STEPS[11]!], omitted: 6 * 100 - 4 }))[0]!;
    expect(row(long, 'R[17..100]')).toBe('84 more blocks');
  });
});
