/**
 * The "inside a key wrap" view's pure helpers (issue 13, item 4): how a WrapTrace from the
 * operations layer (src/hsm/ops/wrap-trace.ts, values from the wasm core's trace export) is laid
 * out as pages the learner steps through. Nothing here computes a value of W: every hex string
 * shown comes from the trace; this file only splits, groups, labels and keeps track of which
 * register R[i] a step changed (R[1..n] after a step is R[1..n] before it with R[i] replaced by
 * the trace's `rAfter`).
 *
 * Loaded only with WrapView.svelte (after a wrap, when the learner opens the view): never from the
 * page's first script.
 */
import type { WrapRef, WrapTrace, WrapVariant } from '../hsm/ops/wrap-trace';

/** The sentence the view shows on every trace: a real HSM never shows these values. */
export const REAL_HSM_NOTE =
  'A real HSM never shows these values: the key stays inside it and only the result leaves. The playground ' +
  'runs the same wrap again in its own AES core to show each step, and only for keys you could have exported anyway.';

/** Lower-case hex without blanks (what the trace holds), upper-case as RFC 3394 prints it. */
export function upper(hex: string): string {
  return hex.replace(/\s+/g, '').toUpperCase();
}

/** `hex` cut into blocks of `bytes` bytes (8: the 64-bit halves W works on); the last may be shorter. */
export function blocks(hex: string, bytes = 8): string[] {
  const h = upper(hex);
  const out: string[] = [];
  for (let i = 0; i < h.length; i += bytes * 2) out.push(h.slice(i, i + bytes * 2));
  return out;
}

/** `hex` in groups of `bytes` bytes separated by blanks: `A6A6A6A6 A6A6A6A6`. */
export function groupHex(hex: string, bytes = 4): string {
  return blocks(hex, bytes).join(' ');
}

/** t as the 64-bit big-endian value A is XORed with (RFC 3394 §2.2.1), hex. */
export function tHex(t: number): string {
  return Math.max(0, Math.floor(t)).toString(16).toUpperCase().padStart(16, '0');
}

export const VARIANT_NAMES: Readonly<Record<WrapVariant, string>> = Object.freeze({
  rfc3394: 'RFC 3394 AES key wrap',
  rfc5649: 'RFC 5649 AES key wrap with padding',
  pkcs5: 'AES key wrap with PKCS #5 padding',
});

/** What the KMU mechanism number (or CLI mechanism name) is called in the view. */
export function mechanismLabel(ref: WrapRef): string {
  return /^\d+$/.test(ref.mechanism) ? `-m ${ref.mechanism}` : ref.mechanism;
}

/** One line naming a wrap the command did: the offer's button and the view's heading use it. */
export function refLabel(ref: WrapRef): string {
  const what = ref.direction === 'wrap' ? 'wrap' : 'unwrap';
  const key = ref.key !== undefined ? (ref.direction === 'wrap' ? ` of key ${ref.key}` : ` into key ${ref.key}`) : '';
  return `${what}${key} with key ${ref.kek} (${VARIANT_NAMES[ref.variant]}, ${mechanismLabel(ref)})`;
}

/** The lengths of a wrap, in words. */
export function lengthsLabel(ref: WrapRef): string {
  return `${ref.inputBytes} bytes in, ${ref.outputBytes} bytes out` + (ref.file ? `; file ${ref.file}` : '');
}

/** Registers a step page lists (R[1..16]; a longer key's are summed up after them). */
export const MAX_REGISTERS = 16;
/** 64-bit blocks a value shows (512 bytes); the rest is counted, not shown. */
export const MAX_BLOCKS = 64;

/** `hex` as blocks of 64 bits, blank-separated, at most MAX_BLOCKS of them (then how many bytes more). */
export function clipBlocks(hex: string): string {
  const all = blocks(hex);
  if (all.length <= MAX_BLOCKS) return all.join(' ');
  const rest = upper(hex).length / 2 - MAX_BLOCKS * 8;
  return `${all.slice(0, MAX_BLOCKS).join(' ')} … (${rest} more bytes)`;
}

export interface Row {
  label: string;
  /** As shown: hex in 64-bit blocks (RFC 3394's way, upper case, blank-separated) unless `text`. */
  value: string;
  /** Plain words, not hex. */
  text?: boolean;
  /** The register a step changed, or the value a check is about. */
  mark?: boolean;
}

export type PageKind = 'start' | 'step' | 'single' | 'omitted' | 'check' | 'output';

export interface Page {
  kind: PageKind;
  /** Short title: the step list and the announcement use it. */
  title: string;
  /** Sentences above the values. */
  text: string[];
  rows: Row[];
  /**
   * The registers after this page (step pages), upper-case hex, with the R[i] it changed: R[1..] as
   * far as the trace keeps them (n in all). Absent after steps the cap left out.
   */
  registers?: { a: string; r: string[]; changed: number | null; n: number };
  /** For a check: whether it held. For the output: whether it equals what the command wrote (null: unknown). */
  ok?: boolean | null;
}

/** Rows for R[1..], at most MAX_REGISTERS of them and a row counting the rest. */
function registerRows(r: readonly string[], label: (i: number) => string, n: number): Row[] {
  const rows: Row[] = r.slice(0, MAX_REGISTERS).map((v, i) => ({ label: label(i + 1), value: clipBlocks(v) }));
  const shown = Math.min(r.length, MAX_REGISTERS);
  if (n > shown) rows.push({ label: `R[${shown + 1}..${n}]`, value: `${n - shown} more block${n - shown === 1 ? '' : 's'}`, text: true });
  return rows;
}

/** The values a step page shows, in the order RFC 3394 §4 prints them. */
function stepRows(trace: WrapTrace, s: WrapTrace['steps'][number]): Row[] {
  const wrap = trace.ref.direction === 'wrap';
  const rows: Row[] = [
    { label: 't = n·j + i', value: `${s.t}  (j = ${s.j}, i = ${s.i})`, text: true },
    { label: 'A before', value: clipBlocks(s.a) },
    { label: `R[${s.i}] before`, value: clipBlocks(s.r) },
  ];
  if (wrap) {
    rows.push(
      { label: 'AES input: A | R[i]', value: clipBlocks(s.input) },
      { label: 'AES output B', value: clipBlocks(s.output) },
      { label: 't (64 bits)', value: clipBlocks(tHex(s.t)) },
      { label: 'A = MSB64(B) ^ t', value: clipBlocks(s.aAfter), mark: true },
      { label: `R[${s.i}] = LSB64(B)`, value: clipBlocks(s.rAfter), mark: true },
    );
  } else {
    rows.push(
      { label: 't (64 bits)', value: clipBlocks(tHex(s.t)) },
      { label: 'AES⁻¹ input: (A ^ t) | R[i]', value: clipBlocks(s.input) },
      { label: 'AES⁻¹ output B', value: clipBlocks(s.output) },
      { label: 'A = MSB64(B)', value: clipBlocks(s.aAfter), mark: true },
      { label: `R[${s.i}] = LSB64(B)`, value: clipBlocks(s.rAfter), mark: true },
    );
  }
  return rows;
}

/**
 * n, the key's 64-bit blocks (after padding): W runs 6·n steps, all of them recorded or counted
 * as omitted; the starting registers the trace keeps may be fewer (it keeps R[1..64]).
 */
export function blockCount(trace: WrapTrace): number {
  if (trace.singleBlock) return 1;
  const total = trace.steps.length + trace.omitted;
  return total > 0 && total % 6 === 0 ? total / 6 : trace.start.r.length;
}

/** What a hidden trace still tells: its shape, which the command's own output gave away anyway. */
export function hiddenSummary(trace: WrapTrace): string {
  const n = blockCount(trace);
  const what = trace.singleBlock ? 'one AES block' : `n = ${n} block${n === 1 ? '' : 's'} of 64 bits, 6·n = ${6 * n} steps of ${trace.ref.direction === 'wrap' ? 'W' : 'W⁻¹'}`;
  const check = trace.check ? (trace.check.ok ? '; the integrity check passed' : '; the integrity check failed') : '';
  return `What can be said without the values: ${VARIANT_NAMES[trace.ref.variant]}, ${what}${check}.`;
}

/**
 * The pages of a trace, first to last: what goes in (the IV or RFC 5649's AIV with the MLI, the
 * padding), each step of W or W⁻¹ (or RFC 5649's single AES block), the steps the cap left out,
 * the unwrap's integrity check, and the result with whether it equals what the command wrote.
 * A trace whose values are hidden has no pages (the view shows `hidden` instead).
 */
export function pages(trace: WrapTrace): Page[] {
  if (trace.hidden !== null) return [];
  const { ref } = trace;
  const wrap = ref.direction === 'wrap';
  const n = blockCount(trace);
  const out: Page[] = [];

  // what goes in
  const padText: string[] = [];
  const padRows: Row[] = [];
  if (trace.rfc5649) {
    const { mli, padding } = trace.rfc5649;
    padText.push(
      `RFC 5649 replaces the fixed IV with an alternative IV: A65959A6 followed by the message length indicator (MLI), ` +
      `the key's length in bytes as 32 bits (${mli} = 0x${mli.toString(16).toUpperCase().padStart(8, '0')}).`,
      padding === 0
        ? 'The key is a multiple of 8 bytes long: no padding.'
        : `The key is padded with ${padding} zero byte${padding === 1 ? '' : 's'} to a multiple of 8 bytes` +
          (wrap ? '.' : '; the unwrap checks they are zero and removes them.'),
    );
    padRows.push({ label: 'AIV = A65959A6 ‖ MLI', value: clipBlocks(trace.iv) }, { label: 'MLI', value: `${mli} bytes`, text: true },
      { label: 'Zero padding', value: `${padding} byte${padding === 1 ? '' : 's'}`, text: true });
  } else {
    padText.push(`RFC 3394's initial value (§2.2.3.1) is ${upper(trace.iv)}: A starts as it when wrapping, and an unwrap must end with it.`);
    padRows.push({ label: 'IV', value: clipBlocks(trace.iv) });
  }
  if (trace.pkcs5) {
    const p = trace.pkcs5.padding;
    const b = p.toString(16).toUpperCase().padStart(2, '0');
    padText.push(wrap
      ? `-m 4 first pads the key the PKCS #5 way: ${p} byte${p === 1 ? '' : 's'} of value 0x${b} (a key already a multiple of 8 bytes still gets 8), then wraps it with RFC 3394. ` +
        'Neither RFC 3394 (-m 5) nor RFC 5649 (-m 6) removes such padding, which is why -m 4 does not interoperate with them.'
      : `After W⁻¹, -m 4 removes the PKCS #5 padding: ${p} byte${p === 1 ? '' : 's'} of value 0x${b}.`);
    padRows.push({ label: 'PKCS #5 padding', value: `${p} × 0x${b}`, text: true });
  }

  if (wrap) {
    out.push({
      kind: 'start',
      title: 'What goes in',
      text: [...padText, `W works on n = ${n} block${n === 1 ? '' : 's'} of 64 bits: A starts as the IV, R[1..n] as the ${trace.rfc5649 || trace.pkcs5 ? 'padded ' : ''}key.`],
      rows: [...padRows, ...(trace.plaintext ? [{ label: `P[1..${n}]`, value: clipBlocks(trace.plaintext) }] : []),
        { label: 'A', value: clipBlocks(trace.start.a) }, ...registerRows(trace.start.r, (i) => `R[${i}]`, n)],
      registers: { a: upper(trace.start.a), r: trace.start.r.map(upper), changed: null, n },
    });
  } else {
    out.push({
      kind: 'start',
      title: 'What goes in',
      text: [`The wrapped bytes are C[0..n], n = ${n}: A starts as C[0], R[1..n] as C[1..n]. W⁻¹ runs the steps backwards, t from 6·n down to 1.`, ...padText],
      rows: [...padRows, { label: 'A = C[0]', value: clipBlocks(trace.start.a) }, ...registerRows(trace.start.r, (i) => `R[${i}] = C[${i}]`, n)],
      registers: { a: upper(trace.start.a), r: trace.start.r.map(upper), changed: null, n },
    });
  }

  if (trace.singleBlock) {
    // RFC 5649 with one semiblock: one AES block, no W (the trace records it as a step with t = 0)
    const s = trace.steps[0];
    out.push({
      kind: 'single',
      title: 'One AES block',
      text: [wrap
        ? 'With only 8 bytes after padding, RFC 5649 (§4.1) does not run W: it encrypts AIV ‖ P once with AES, and that block is the result.'
        : 'With only 16 wrapped bytes, RFC 5649 (§4.2) does not run W⁻¹: it decrypts them once with AES, giving A (to check) and P.'],
      rows: s
        ? [{ label: wrap ? 'AES input: AIV | P' : 'AES⁻¹ input: C', value: clipBlocks(s.input) },
          { label: wrap ? 'AES output: C' : 'AES⁻¹ output: A | P', value: clipBlocks(s.output), mark: true }]
        : [{ label: wrap ? 'AES input: AIV | P' : 'AES⁻¹ input: C', value: clipBlocks(trace.start.a + (trace.start.r[0] ?? '')) }],
    });
  } else {
    // the steps, keeping R[1..n] up to date from each step's rAfter; when the trace is capped, the
    // steps left out come before its last step (whose registers are then not all known)
    const r = trace.start.r.map(upper);
    const gapBefore = trace.omitted > 0 ? trace.steps.length - 1 : -1;
    trace.steps.forEach((s, k) => {
      if (k === gapBefore) {
        out.push({
          kind: 'omitted',
          title: `${trace.omitted} steps left out`,
          text: [`The view keeps the first ${trace.steps.length - 1} steps and the last one; the ${trace.omitted} between them ` +
            `run the same way, t going ${wrap ? 'up' : 'down'} by one each time.`],
          rows: [],
        });
      }
      const known = k < gapBefore || gapBefore < 0;
      if (known && s.i >= 1 && s.i <= r.length) r[s.i - 1] = upper(s.rAfter);
      out.push({
        kind: 'step',
        title: `Step t = ${s.t} (j = ${s.j}, i = ${s.i})`,
        text: [],
        rows: stepRows(trace, s),
        ...(known ? { registers: { a: upper(s.aAfter), r: [...r], changed: s.i >= 1 && s.i <= r.length ? s.i : null, n } } : {}),
      });
    });
  }

  if (trace.check) {
    const c = trace.check;
    const what = trace.rfc5649 ? 'A65959A6 and a length indicator that fits, with zero padding' : `the IV ${upper(c.expected)}`;
    out.push({
      kind: 'check',
      title: c.ok ? 'Integrity check: passed' : 'Integrity check: failed',
      text: [`The unwrap is accepted only if A ends as ${what}. ` + (c.ok
        ? 'It does: the wrapped bytes were made with this key and have not changed.'
        : 'It does not: a different wrapping key, another mechanism, or changed bytes. The HSM refuses the unwrap.')],
      rows: [{ label: 'A after W⁻¹', value: clipBlocks(c.a), mark: true }, { label: 'Expected', value: clipBlocks(c.expected) }],
      ok: c.ok,
    });
  }

  const matches = trace.matchesWritten;
  const where = wrap ? (ref.file ? `the bytes written to ${ref.file}` : 'what the command wrote')
    : `the key the unwrap made${ref.key !== undefined ? ` (key ${ref.key})` : ''}`;
  const refused = !wrap && trace.check?.ok === false;
  out.push({
    kind: 'output',
    title: refused ? 'Nothing comes out' : wrap ? 'The wrapped key' : 'The unwrapped key',
    text: refused
      ? ['The integrity check failed, so the unwrap returns an error and no key is made.']
      : [
        wrap ? `The result is A ‖ R[1] ‖ … ‖ R[${n}]: ${trace.output.length / 2} bytes.`
          : `The result is R[1..${n}]${trace.rfc5649 || trace.pkcs5 ? ' without the padding' : ''}: ${trace.output.length / 2} bytes.`,
        matches === true ? `It equals ${where}.` : matches === false ? `It differs from ${where}.`
          : 'There is nothing to compare it with: the command wrote no file, or the file or key has changed since.',
      ],
    rows: refused ? [] : [{ label: wrap ? 'Output' : 'Key', value: clipBlocks(trace.output), mark: true }],
    ok: refused ? false : matches,
  });
  return out;
}

/** What the live region says when a page becomes the current one. */
export function announcePage(list: readonly Page[], index: number): string {
  const p = list[index];
  if (!p) return '';
  const head = `${index + 1} of ${list.length}: ${p.title}.`;
  if (p.kind === 'step') {
    const a = p.rows.find((row) => row.label.startsWith('A = '));
    const r = p.rows.find((row) => row.label.startsWith('R[') && row.mark);
    return `${head} ${a ? `${a.label} is ${a.value}` : ''}${r ? `, ${r.label} is ${r.value}` : ''}.`;
  }
  return `${head} ${p.text.at(-1) ?? ''}`.trim();
}

/** The index `move` leads to from `index` in a list of `count` pages (first, previous, next, last). */
export function movePage(index: number, count: number, move: 'first' | 'previous' | 'next' | 'last'): number {
  if (count <= 0) return 0;
  const to = move === 'first' ? 0 : move === 'last' ? count - 1 : move === 'next' ? index + 1 : index - 1;
  return Math.min(count - 1, Math.max(0, to));
}
