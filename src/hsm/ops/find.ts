/** What findKey compares keys by, in the HSM's terms (kmu-commands.md §4.1, G-31). */
import { toHex } from '../../crypto/hex';
import { A } from '../attributes';
import type { KeyRecord } from '../model';

/** -m: an RSA modulus as hex text (optional 0x, line breaks ignored) or raw bytes (G-31). */
export function modulusHex(data: Uint8Array): string {
  const text = new TextDecoder().decode(data).replace(/\s+/g, '').replace(/^0x/i, '').toLowerCase();
  return /^[0-9a-f]+$/.test(text) ? text.replace(/^0+/, '') : toHex(data).replace(/^0+/, '');
}

/** A key's modulus as hex without leading zeros, or undefined (no modulus). */
export const modulusOf = (k: KeyRecord): string | undefined => {
  const m = k.attrs[A.MODULUS];
  return m instanceof Uint8Array ? toHex(m).replace(/^0+/, '') : undefined;
};

/** A key's OBJ_ATTR_KCV as 6 lower-case hex digits. */
export const kcvHex = (k: KeyRecord): string => toHex(k.attrs[A.KCV] as Uint8Array);
