/**
 * Standard Base64 with padding (RFC 4648 §4), strict: the one pair the CloudHSM CLI's `--data`,
 * `--signature` and JSON outputs use (cloudhsm-cli.md §2.5). The host's `base64` tool keeps GNU's
 * line wrapping and garbage handling (src/commands/host/base64-run.ts); PEM bodies ignore
 * whitespace (asym/pem.ts).
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE: ReadonlyMap<string, number> = new Map([...B64].map((c, i) => [c, i]));
const B64_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard Base64 with padding → bytes; undefined for anything else (blanks, URL alphabet, missing padding). */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!B64_SHAPE.test(text)) return undefined;
  const body = text.replace(/=+$/, '');
  const out = new Uint8Array((body.length * 3) >> 2);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of body) {
    acc = (acc << 6) | B64_VALUE.get(c)!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // The unused low bits of the last character must be zero (canonical Base64).
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** Bytes → standard Base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}
