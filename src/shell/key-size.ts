/**
 * The inventory's "Size" of a key, from its attributes: a secret key's VALUE_LEN in bytes; an RSA
 * half its modulus bits (MODULUS_BITS); an EC half its curve; a DSA half its prime's bits. The curve
 * and the DSA prime come from the key's own DER (the curve OID in its AlgorithmIdentifier, the
 * parameters' first INTEGER), read with a few lines of tag-length walking: no ASN.1 library in the
 * page's first script.
 */
import { A, KEY_TYPE } from '../hsm/attributes';
import type { KeyRecord } from '../hsm/model';

export interface KeySize {
  /** What the Size column shows: `32`, `2048`, `P-256`. */
  text: string;
  /** What it is: `bytes`, `modulus bits`, `curve`, `prime bits`. */
  unit: string;
}

/** Curve OIDs (DER content bytes, hex) → the names the CloudHSM CLI uses (attributes.md §4.4). */
const CURVES: ReadonlyMap<string, string> = new Map([
  ['2a8648ce3d030107', 'P-256'], ['2b81040022', 'P-384'], ['2b81040023', 'P-521'], ['2b81040021', 'P-224'],
  ['2b8104000a', 'secp256k1'], ['2a8648ce3d030101', 'P-192'],
]);
/** An EC public point's length → curve, when the DER names none we know (secp256k1 shares 65). */
const CURVE_BY_POINT: ReadonlyMap<number, string> = new Map([[57, 'P-224'], [65, 'P-256'], [97, 'P-384'], [133, 'P-521']]);

interface Tlv { tag: number; start: number; end: number }

/** The TLV at `at` inside `der[..limit]` (definite lengths only), or null. */
function tlv(der: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len >= 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  return start + len <= limit ? { tag, start, end: start + len } : null;
}

/** The children of a constructed TLV. */
function children(der: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = t.start; at < t.end && out.length < 8;) {
    const c = tlv(der, at, t.end);
    if (!c) break;
    out.push(c);
    at = c.end;
  }
  return out;
}

/** The AlgorithmIdentifier of an SPKI or PKCS #8: [OID, parameters?]. */
function algorithm(der: Uint8Array): Tlv[] {
  const outer = tlv(der, 0, der.length);
  if (!outer || outer.tag !== 0x30) return [];
  const alg = children(der, outer).find((c) => c.tag === 0x30);
  return alg ? children(der, alg) : [];
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function bits(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return i === b.length ? 0 : (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

export function keySize(k: KeyRecord): KeySize {
  const type = k.attrs[A.KEY_TYPE];
  const cls = k.attrs[A.CLASS];
  const valueLen = Number(k.attrs[A.VALUE_LEN] ?? 0);
  if (cls !== 2 && cls !== 3) return { text: String(valueLen), unit: 'bytes' };
  const der = k.value instanceof Uint8Array ? k.value : new Uint8Array(0);
  if (type === KEY_TYPE.RSA) {
    const mb = k.attrs[A.MODULUS_BITS];
    return { text: typeof mb === 'number' ? String(mb) : '?', unit: 'modulus bits' };
  }
  const [, params] = algorithm(der);
  if (type === KEY_TYPE.EC) {
    const named = params?.tag === 0x06 ? CURVES.get(hex(der.subarray(params.start, params.end))) : undefined;
    const point = k.attrs[A.MODULUS];
    const byPoint = CURVE_BY_POINT.get(point instanceof Uint8Array ? point.length : cls === 2 ? valueLen : -1);
    return { text: named ?? byPoint ?? '?', unit: 'curve' };
  }
  if (type === KEY_TYPE.DSA && params?.tag === 0x30) {
    const p = children(der, params)[0];
    if (p?.tag === 0x02) return { text: String(bits(der.subarray(p.start, p.end))), unit: 'prime bits' };
  }
  return { text: '?', unit: type === KEY_TYPE.DSA ? 'prime bits' : 'bytes' };
}
