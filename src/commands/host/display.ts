/** Showing file bytes in a terminal without letting them act as control sequences. */

/** Text as is when it is valid UTF-8 without control characters; else `cat -v` notation per byte. */
export function safeText(data: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return text;
  } catch {
    // not UTF-8: fall through to the byte notation
  }
  let s = '';
  for (const b of data) {
    let c = b;
    if (c >= 0x80) {
      s += 'M-';
      c -= 0x80;
    }
    if (c === 0x0a || c === 0x09) s += String.fromCharCode(c);
    else if (c < 0x20) s += '^' + String.fromCharCode(c + 0x40);
    else if (c === 0x7f) s += '^?';
    else s += String.fromCharCode(c);
  }
  return s;
}

/** xxd's default format: offset, eight groups of two bytes, two blanks, the printable bytes. */
export function xxd(data: Uint8Array): string {
  let s = '';
  for (let off = 0; off < data.length; off += 16) {
    const row = data.subarray(off, off + 16);
    let hex = '';
    let ascii = '';
    row.forEach((b, i) => {
      hex += b.toString(16).padStart(2, '0') + (i % 2 === 1 ? ' ' : '');
      ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
    });
    s += `${off.toString(16).padStart(8, '0')}: ${hex.padEnd(40)} ${ascii}\n`;
  }
  return s;
}

export { toHex } from '../../crypto/hex';

/** `hexdump -C`: offset, 16 bytes in two groups of 8, the printable bytes between bars; a run of
 * identical lines is squeezed to one `*`; the final line is the length. */
export function hexdumpC(data: Uint8Array): string {
  if (data.length === 0) return '';
  let s = '';
  let previous = '';
  let squeezing = false;
  for (let off = 0; off < data.length; off += 16) {
    const row = data.subarray(off, off + 16);
    const key = Array.from(row).join(',');
    if (row.length === 16 && key === previous) {
      if (!squeezing) s += '*\n';
      squeezing = true;
      continue;
    }
    squeezing = false;
    previous = row.length === 16 ? key : '';
    let hex = '';
    row.forEach((b, i) => (hex += (i === 8 ? ' ' : '') + b.toString(16).padStart(2, '0') + ' '));
    const ascii = Array.from(row, (b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
    s += `${off.toString(16).padStart(8, '0')}  ${hex.padEnd(49)} |${ascii}|\n`;
  }
  return s + data.length.toString(16).padStart(8, '0') + '\n';
}
