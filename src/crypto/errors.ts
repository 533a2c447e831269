/**
 * Error types and argument checks of the crypto layer.
 *
 * - `CryptoError('integrity check failed')` is the ONE failure of every unwrap, whatever the
 *   cause (bad length, bad integrity value, bad padding): callers and attackers cannot tell
 *   them apart (SP 800-38F §6 returns a single FAIL; noble-ciphers does the same).
 * - Caller mistakes are `TypeError` (not a Uint8Array) or `RangeError` (illegal length), with a
 *   labelled message in the noble-ciphers style:
 *   `"kek" expected Uint8Array of length 16/24/32, got length=10`.
 */

const INTEGRITY_FAILED = 'integrity check failed';

/** Thrown by every failed unwrap, always with the message `integrity check failed`. */
export class CryptoError extends Error {
  constructor(message: string = INTEGRITY_FAILED) {
    super(message);
    this.name = 'CryptoError';
  }
}

export function isBytes(a: unknown): a is Uint8Array {
  return a instanceof Uint8Array || (ArrayBuffer.isView(a) && a.constructor.name === 'Uint8Array');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** Throw TypeError unless value is a Uint8Array. */
export function abytes(value: unknown, label: string): asserts value is Uint8Array {
  if (!isBytes(value)) throw new TypeError(`"${label}" expected Uint8Array, got type=${describe(value)}`);
}

/** Uint8Array whose length is one of `lengths`. */
export function abytesOf(value: unknown, label: string, lengths: readonly number[]): asserts value is Uint8Array {
  abytes(value, label);
  if (!lengths.includes(value.length)) {
    throw new RangeError(`"${label}" expected Uint8Array of length ${lengths.join('/')}, got length=${value.length}`);
  }
}

/**
 * Uint8Array with min <= length <= max and length % multiple === 0. `rule` is the human
 * description used in the message (e.g. ">= 16 and a multiple of 8").
 */
export function abytesRange(
  value: unknown, label: string, min: number, max: number, multiple: number, rule: string,
): asserts value is Uint8Array {
  abytes(value, label);
  const n = value.length;
  if (n < min || n % multiple !== 0) {
    throw new RangeError(`"${label}" expected Uint8Array of length ${rule}, got length=${n}`);
  }
  if (n > max) throw new RangeError(`"${label}" expected Uint8Array of length <= ${max}, got length=${n}`);
}
