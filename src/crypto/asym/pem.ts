/**
 * PEM armour (RFC 7468 as OpenSSL writes it): `-----BEGIN <label>-----`, the base64 of the DER in
 * 64-character lines, `-----END <label>-----`, a trailing newline. Reading finds the blocks in a
 * text (text around them is ignored, as OpenSSL ignores it), checks that END matches BEGIN and
 * decodes strict base64 (whitespace between characters only, `=` padding only at the end).
 */
import { fail, MAX_DER } from './der';

export interface PemBlock {
  label: string;
  der: Uint8Array;
  /** True when the block has RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`). */
  headers: boolean;
}

export function pemEncode(label: string, der: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < der.length; i += 0x8000) bin += String.fromCharCode(...der.subarray(i, i + 0x8000));
  const b64 = btoa(bin);
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]{1,40})-----[ \t\r]*$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (whitespace ignored): the bytes, or FormatError. */
export function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/[ \t\r\n]+/g, '');
  if (!B64.test(clean) || clean.length % 4 !== 0) fail('PEM: bad base64');
  if (clean.length / 4 * 3 > MAX_DER) fail('PEM: block too large');
  let bin: string;
  try { bin = atob(clean); } catch { return fail('PEM: bad base64'); }
  const out = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  // canonical: the unused bits of the last character must be zero (re-encoding gives the same text)
  if (btoa(bin) !== clean) fail('PEM: bad base64 padding bits');
  return out;
}

/** Every PEM block of `text`, in order. Malformed blocks (no END, bad base64) are FormatErrors. */
export function pemBlocks(text: string): PemBlock[] {
  if (typeof text !== 'string') fail('PEM: not text');
  if (text.length > 4 * MAX_DER) fail('PEM: file too large');
  const lines = text.split('\n');
  const out: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(lines[i]!);
    if (!m) continue;
    const label = m[1]!;
    const endLine = `-----END ${label}-----`;
    let j = i + 1;
    while (j < lines.length && lines[j]!.replace(/[ \t\r]+$/, '') !== endLine) {
      if (lines[j]!.startsWith('-----')) fail(`PEM: ${label} block not closed`);
      j++;
    }
    if (j >= lines.length) fail(`PEM: ${label} block not closed`);
    let body = lines.slice(i + 1, j);
    let headers = false;
    if (body.length && body[0]!.includes(':')) {
      headers = true;
      const blank = body.findIndex((l) => l.trim() === '');
      body = blank < 0 ? [] : body.slice(blank + 1);
    }
    out.push({ label, der: headers ? new Uint8Array(0) : base64Decode(body.join('\n')), headers });
    i = j;
  }
  return out;
}
