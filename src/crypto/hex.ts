/** Hex encoding of bytes, the one pair of helpers every layer uses (lower-case, two digits a byte). */
export const toHex = (bytes: Uint8Array): string => {
  // the digits' character codes into one buffer, decoded once: `openssl rand -hex 1048576` spent
  // most of a 100 ms task on a million two-character strings (issue 11, finding 12)
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = DIGITS[b >> 4]!;
    out[2 * i + 1] = DIGITS[b & 15]!;
  }
  return latin1.decode(out);
};
const DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const latin1 = new TextDecoder('latin1');

/** Bytes of an even-length hex string (callers validate the text first). */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
