/**
 * Checks of a KeyPairSpec, shared by the main thread's facade (lite.ts) and the JavaScript
 * generator (seeded.ts). Small on purpose: it is part of what a key-pair command loads first.
 */
import type { CurveName, KeyPairSpec } from './types';

/** Curves WebCrypto implements (Chromium and Node alike, toolchain.md §15). */
export const WEB_CURVES: ReadonlySet<CurveName> = new Set<CurveName>(['P-256', 'P-384', 'P-521']);
const ALL_CURVES: ReadonlySet<string> = new Set<string>(['P-224', 'P-256', 'P-384', 'P-521', 'secp256k1']);

/** RSA: 2048..4096 bits in steps of 256; e odd, 65537 ≤ e < 2^32. */
export function validateRsaSpec(bits: number, e: bigint): void {
  if (!Number.isInteger(bits) || bits < 2048 || bits > 4096 || bits % 256 !== 0) {
    throw new RangeError(`RSA modulus must be 2048 to 4096 bits in steps of 256, got ${bits}`);
  }
  if (typeof e !== 'bigint' || e < 65537n || e >= 2n ** 32n || (e & 1n) === 0n) {
    throw new RangeError(`RSA public exponent must be odd, at least 65537 and below 2^32, got ${String(e)}`);
  }
}

export function validateSpec(spec: KeyPairSpec): void {
  if (spec === null || typeof spec !== 'object') throw new RangeError('bad key pair spec');
  const kind: string = spec.kind;
  if (spec.kind === 'rsa') validateRsaSpec(spec.bits, spec.exponent);
  else if (spec.kind === 'ec') {
    if (!ALL_CURVES.has(spec.curve)) throw new RangeError(`unsupported curve ${String(spec.curve)}`);
  } else if (spec.kind === 'dsa') {
    if ((spec.bits as number) !== 2048) throw new RangeError(`DSA keys are 2048 bits, got ${String(spec.bits)}`);
  } else throw new RangeError(`bad key pair kind ${kind}`);
}

export function specLabel(spec: KeyPairSpec): string {
  if (spec.kind === 'rsa') return `rsa ${spec.bits} ${spec.exponent}`;
  if (spec.kind === 'ec') return `ec ${spec.curve}`;
  return `dsa ${spec.bits}`;
}
