/** Hex encoding of bytes, the one pair of helpers every layer uses (lower-case, two digits a byte). */
export const toHex = (bytes: Uint8Array): string => {
  // each byte's two digits as one 16-bit store into one buffer, decoded once: `openssl rand -hex
  // 1048576` spent most of a 100 ms task on a million two-character strings (issue 11, finding 12)
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = PAIRS[bytes[i]!]!;
  return latin1.decode(out);
};
/** Byte → its two digits' character codes, in the platform's byte order (first digit first in memory). */
const PAIRS = (() => {
  const digits = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  return Uint16Array.from({ length: 256 }, (_, b) => {
    const [first, second] = [digits[b >> 4]!, digits[b & 15]!];
    return littleEndian ? first | (second << 8) : (first << 8) | second;
  });
})();
const latin1 = new TextDecoder('latin1');

/** Bytes of an even-length hex string (callers validate the text first). */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
