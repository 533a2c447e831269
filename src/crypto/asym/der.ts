/**
 * A small, strict DER reader and writer for the key formats and certificates (issue 12).
 *
 * Reading is schema-driven (the caller says which tag comes next) and strict, because it reads
 * hostile files: low tag numbers only, definite lengths in their shortest form, minimal INTEGERs,
 * BIT STRINGs with no unused bits, no trailing data, bounded depth and size. Every failure is a
 * FormatError — never a RangeError or a TypeError from a bad index.
 */
import { bigIntToBytes, bigIntToMinBytes, bitLength, bytesToBigInt } from './bigint';

export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

export const fail = (message: string): never => { throw new FormatError(message); };

/** Largest DER we read (an RSA-16384 private key is ≈ 9.5 kB; a certificate a few kB). */
export const MAX_DER = 65536;
const MAX_DEPTH = 16;

export const SEQ = 0x30;
export const SET = 0x31;
export const INT = 0x02;
export const BITS = 0x03;
export const OCTETS = 0x04;
export const NUL = 0x05;
export const OID = 0x06;

/** A cursor over the contents of one constructed value (or over a whole input of one value). */
export class DerReader {
  private off = 0;
  constructor(private readonly b: Uint8Array, private readonly depth = 0) {
    if (depth > MAX_DEPTH) fail('DER nested too deeply');
    if (b.length > MAX_DER) fail('DER too large');
  }

  /** True when every byte has been read. */
  get done(): boolean { return this.off >= this.b.length; }

  /** The tag of the next value, or undefined at the end. */
  peek(): number | undefined { return this.done ? undefined : this.b[this.off]; }

  /** The next value with tag `tag`: its content, and its whole encoding. */
  any(tag: number, what = 'value'): { content: Uint8Array; whole: Uint8Array } {
    const { b } = this;
    const start = this.off;
    if (start >= b.length) fail(`DER: ${what} missing`);
    const t = b[start]!;
    if ((t & 0x1f) === 0x1f) fail('DER: high tag numbers are not supported');
    if (t !== tag) fail(`DER: expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${t.toString(16)}`);
    let p = start + 1;
    if (p >= b.length) fail('DER: truncated length');
    let len = b[p++]!;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0) fail('DER: indefinite length');
      if (n > 3) fail('DER: length too large');
      if (p + n > b.length) fail('DER: truncated length');
      if (b[p] === 0) fail('DER: length not minimal');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
      if (len < 0x80) fail('DER: length not minimal');
    }
    if (len > b.length - p) fail(`DER: ${what} truncated`);
    this.off = p + len;
    return { content: b.subarray(p, p + len), whole: b.subarray(start, p + len) };
  }

  /** The content of the next value with tag `tag`. */
  read(tag: number, what?: string): Uint8Array { return this.any(tag, what).content; }

  /** Enter the next constructed value (SEQUENCE by default, or a context tag such as 0xa0). */
  seq(tag = SEQ, what = 'SEQUENCE'): DerReader { return new DerReader(this.read(tag, what), this.depth + 1); }

  /** The next value if it has tag `tag` (an OPTIONAL or DEFAULT field), else undefined. */
  optional(tag: number): DerReader | undefined { return this.peek() === tag ? this.seq(tag) : undefined; }

  /** A non-negative INTEGER as its magnitude (no sign byte; zero is one 0x00 byte). */
  uint(what = 'INTEGER', maxBytes = 2049): Uint8Array {
    const c = this.read(INT, what);
    if (c.length === 0) fail(`DER: empty ${what}`);
    if (c.length > 1 && ((c[0] === 0 && !(c[1]! & 0x80)) || (c[0] === 0xff && c[1]! & 0x80))) fail(`DER: ${what} not minimal`);
    if (c[0]! & 0x80) fail(`DER: negative ${what}`);
    const m = c.length > 1 && c[0] === 0 ? c.subarray(1) : c;
    if (m.length > maxBytes) fail(`DER: ${what} too large`);
    return m;
  }

  /** A non-negative INTEGER as a bigint. */
  big(what?: string, maxBytes?: number): bigint { return toBig(this.uint(what, maxBytes)); }

  /** A small non-negative INTEGER (a version number). */
  small(what = 'version'): number {
    const m = this.uint(what, 4);
    return Number(toBig(m));
  }

  /** An OBJECT IDENTIFIER in dotted form. */
  oid(what = 'OBJECT IDENTIFIER'): string { return oidText(this.read(OID, what)); }

  /** A BIT STRING with no unused bits: its bytes. */
  bits(what = 'BIT STRING'): Uint8Array {
    const c = this.read(BITS, what);
    if (c.length === 0 || c[0] !== 0) fail(`DER: ${what} with unused bits`);
    return c.subarray(1);
  }

  octets(what = 'OCTET STRING'): Uint8Array { return this.read(OCTETS, what); }

  nul(): void { if (this.read(NUL, 'NULL').length) fail('DER: NULL with content'); }

  /** Nothing may follow. */
  end(what = 'structure'): void { if (!this.done) fail(`DER: trailing data after ${what}`); }
}

/** Read exactly one value with tag `tag` filling `der` (no trailing data): a reader over its content. */
export function only(der: Uint8Array, tag = SEQ, what = 'SEQUENCE'): DerReader {
  if (!(der instanceof Uint8Array)) fail('DER: not bytes');
  const top = new DerReader(der);
  const r = top.seq(tag, what);
  top.end(what);
  return r;
}

// ---- bigints ----

// (one set of conversions for the whole asymmetric layer: bigint.ts's, under the names the codec uses)
export const toBig: (bytes: Uint8Array) => bigint = bytesToBigInt;

/** Unsigned big-endian bytes of v ≥ 0: minimal (zero → one 0x00), or left-padded to `len` (RangeError otherwise). */
export const fromBig = (v: bigint, len?: number): Uint8Array => (len === undefined ? bigIntToMinBytes(v) : bigIntToBytes(v, len));

export { bitLength };

// ---- writer ----

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** One TLV. */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(parts);
  const n = body.length;
  const head = n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : n < 0x10000 ? [tag, 0x82, n >> 8, n & 255] : [tag, 0x83, n >> 16, (n >> 8) & 255, n & 255];
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(body, head.length);
  return out;
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(SEQ, ...parts);

/** An INTEGER from a non-negative magnitude (leading zeros dropped, a 0x00 added before a high bit). */
export function uintDer(mag: Uint8Array): Uint8Array {
  let i = 0;
  while (i < mag.length - 1 && mag[i] === 0) i++;
  const m = mag.subarray(i);
  if (m.length === 0) return Uint8Array.of(INT, 1, 0);
  return m[0]! & 0x80 ? tlv(INT, Uint8Array.of(0), m) : tlv(INT, m);
}

export const intDer = (v: bigint | number): Uint8Array => uintDer(fromBig(BigInt(v)));
export const bitsDer = (bytes: Uint8Array): Uint8Array => tlv(BITS, Uint8Array.of(0), bytes);
export const octetsDer = (bytes: Uint8Array): Uint8Array => tlv(OCTETS, bytes);
export const NULL_DER = Uint8Array.of(NUL, 0);

// ---- object identifiers ----

export function oidDer(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number) => {
    const tmp = [v & 0x7f];
    while ((v = Math.floor(v / 128)) > 0) tmp.unshift((v & 0x7f) | 0x80);
    out.push(...tmp);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(OID, Uint8Array.from(out));
}

export function oidText(c: Uint8Array): string {
  if (c.length === 0 || c.length > 64) fail('DER: bad OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let v = 0;
  let fresh = true;
  for (const x of c) {
    if (fresh && x === 0x80) fail('DER: OBJECT IDENTIFIER not minimal');
    if (v > 2 ** 45) fail('DER: OBJECT IDENTIFIER arc too large');
    v = v * 128 + (x & 0x7f);
    fresh = !(x & 0x80);
    if (fresh) { arcs.push(v); v = 0; }
  }
  if (!fresh) fail('DER: truncated OBJECT IDENTIFIER');
  const first = arcs.shift()!;
  const top = first < 40 ? 0 : first < 80 ? 1 : 2;
  return [top, first - 40 * top, ...arcs].join('.');
}
