/** Hex encoding of bytes, the one pair of helpers every layer uses (lower-case, two digits a byte). */
export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Bytes of an even-length hex string (callers validate the text first). */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
