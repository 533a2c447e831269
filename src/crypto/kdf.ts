/**
 * Password verifiers (spec README decision 10): PBKDF2-SHA-256 with a per-user random salt.
 * Uses the platform's WebCrypto (browser and Node >= 19 alike). Tests may inject a cheaper or
 * memoising `PasswordKdf`; the stored verifier format does not change.
 */
export interface PasswordKdf {
  derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array>;
}

export const PBKDF2_ITERATIONS = 100_000;

export const pbkdf2Sha256: PasswordKdf = {
  async derive(password, salt, iterations) {
    const subtle = globalThis.crypto.subtle;
    const base = await subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
      base,
      256,
    );
    return new Uint8Array(bits);
  },
};

/** Constant-time comparison of two byte strings of equal length. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
