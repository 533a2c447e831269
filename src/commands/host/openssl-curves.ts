/** The curves the host's openssl makes and reads (the HSM's, attributes.md §4.4), by OpenSSL's names. */
import type { CurveName } from './tools';

export type { CurveName };

export interface Curve {
  name: CurveName;
  /** The OBJECT IDENTIFIER, DER (tag and length included): an `EC PARAMETERS` block's contents. */
  oid: Uint8Array;
  /** Bits of the order (the `Private-Key: (256 bit)` line). */
  bits: number;
  /** OpenSSL's short name (`ASN1 OID: prime256v1`). */
  oidName: string;
  /** `NIST CURVE: P-256`, for the NIST curves. */
  nist?: string;
}

const oid = (...b: number[]) => Uint8Array.from(b);

export const CURVES: readonly Curve[] = [
  { name: 'P-224', oid: oid(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x21), bits: 224, oidName: 'secp224r1', nist: 'P-224' },
  { name: 'P-256', oid: oid(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07), bits: 256, oidName: 'prime256v1', nist: 'P-256' },
  { name: 'P-384', oid: oid(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22), bits: 384, oidName: 'secp384r1', nist: 'P-384' },
  { name: 'P-521', oid: oid(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23), bits: 521, oidName: 'secp521r1', nist: 'P-521' },
  { name: 'secp256k1', oid: oid(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a), bits: 256, oidName: 'secp256k1' },
];

/** The names OpenSSL takes for them (-name, ec_paramgen_curve:): short names and NIST names; a Map, for typed words. */
export const CURVE_NAMES: ReadonlyMap<string, Curve> = new Map([
  ...CURVES.map((c) => [c.oidName, c] as const),
  ...CURVES.filter((c) => c.nist).map((c) => [c.nist!, c] as const),
  ['secp256r1', CURVES[1]!],
]);
