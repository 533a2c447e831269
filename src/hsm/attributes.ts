/**
 * The attribute catalogue (attributes.md §1) and the rules that drive getAttribute's file format
 * (§6.1), as data. Ids equal the PKCS #11 CKA_* values except OBJ_ATTR_KCV (371).
 */
import { toHex } from '../crypto/hex';
export type AttrKind =
  | 'class' // small int, 2 hex digits in a 512 dump
  | 'bool'
  | 'int32' // 8 hex digits in both modes (VALUE_LEN, MODULUS_BITS)
  | 'text' // raw text (LABEL, ID)
  | 'kcv' // 3 bytes, 6 hex digits
  | 'bytes' // big-endian bytes, `0x` + 2 hex digits per byte (PUBLIC_EXPONENT)
  | 'modulus' // long hex wrapped at 80 characters
  | 'template';

export interface AttrDef {
  id: number;
  name: string;
  kind: AttrKind;
  /** In KMU listAttributes (attributes.md §1.1, fuller KMU version). */
  kmuListed: boolean;
}

export const A = {
  CLASS: 0, TOKEN: 1, PRIVATE: 2, LABEL: 3, TRUSTED: 134, KEY_TYPE: 256, ID: 258, SENSITIVE: 259,
  ENCRYPT: 260, DECRYPT: 261, WRAP: 262, UNWRAP: 263, SIGN: 264, VERIFY: 266, DERIVE: 268,
  MODULUS: 288, MODULUS_BITS: 289, PUBLIC_EXPONENT: 290, VALUE_LEN: 353, EXTRACTABLE: 354,
  LOCAL: 355, NEVER_EXTRACTABLE: 356, ALWAYS_SENSITIVE: 357, DESTROYABLE: 370, KCV: 371,
  ALL: 512, WRAP_WITH_TRUSTED: 528, WRAP_TEMPLATE: 1073742353, UNWRAP_TEMPLATE: 1073742354,
} as const;

export const ATTRIBUTES: readonly AttrDef[] = [
  { id: A.CLASS, name: 'OBJ_ATTR_CLASS', kind: 'class', kmuListed: true },
  { id: A.TOKEN, name: 'OBJ_ATTR_TOKEN', kind: 'bool', kmuListed: true },
  { id: A.PRIVATE, name: 'OBJ_ATTR_PRIVATE', kind: 'bool', kmuListed: true },
  { id: A.LABEL, name: 'OBJ_ATTR_LABEL', kind: 'text', kmuListed: true },
  { id: A.TRUSTED, name: 'OBJ_ATTR_TRUSTED', kind: 'bool', kmuListed: false },
  { id: A.KEY_TYPE, name: 'OBJ_ATTR_KEY_TYPE', kind: 'class', kmuListed: true },
  { id: A.ID, name: 'OBJ_ATTR_ID', kind: 'text', kmuListed: true },
  { id: A.SENSITIVE, name: 'OBJ_ATTR_SENSITIVE', kind: 'bool', kmuListed: true },
  { id: A.ENCRYPT, name: 'OBJ_ATTR_ENCRYPT', kind: 'bool', kmuListed: true },
  { id: A.DECRYPT, name: 'OBJ_ATTR_DECRYPT', kind: 'bool', kmuListed: true },
  { id: A.WRAP, name: 'OBJ_ATTR_WRAP', kind: 'bool', kmuListed: true },
  { id: A.UNWRAP, name: 'OBJ_ATTR_UNWRAP', kind: 'bool', kmuListed: true },
  { id: A.SIGN, name: 'OBJ_ATTR_SIGN', kind: 'bool', kmuListed: true },
  { id: A.VERIFY, name: 'OBJ_ATTR_VERIFY', kind: 'bool', kmuListed: true },
  { id: A.DERIVE, name: 'OBJ_ATTR_DERIVE', kind: 'bool', kmuListed: false },
  { id: A.LOCAL, name: 'OBJ_ATTR_LOCAL', kind: 'bool', kmuListed: true },
  { id: A.MODULUS, name: 'OBJ_ATTR_MODULUS', kind: 'modulus', kmuListed: true },
  { id: A.MODULUS_BITS, name: 'OBJ_ATTR_MODULUS_BITS', kind: 'int32', kmuListed: true },
  { id: A.PUBLIC_EXPONENT, name: 'OBJ_ATTR_PUBLIC_EXPONENT', kind: 'bytes', kmuListed: true },
  { id: A.VALUE_LEN, name: 'OBJ_ATTR_VALUE_LEN', kind: 'int32', kmuListed: true },
  { id: A.EXTRACTABLE, name: 'OBJ_ATTR_EXTRACTABLE', kind: 'bool', kmuListed: true },
  { id: A.NEVER_EXTRACTABLE, name: 'OBJ_ATTR_NEVER_EXTRACTABLE', kind: 'bool', kmuListed: false },
  { id: A.ALWAYS_SENSITIVE, name: 'OBJ_ATTR_ALWAYS_SENSITIVE', kind: 'bool', kmuListed: false },
  { id: A.DESTROYABLE, name: 'OBJ_ATTR_DESTROYABLE', kind: 'bool', kmuListed: false },
  { id: A.KCV, name: 'OBJ_ATTR_KCV', kind: 'kcv', kmuListed: true },
  { id: A.WRAP_WITH_TRUSTED, name: 'OBJ_ATTR_WRAP_WITH_TRUSTED', kind: 'bool', kmuListed: false },
  { id: A.WRAP_TEMPLATE, name: 'OBJ_ATTR_WRAP_TEMPLATE', kind: 'template', kmuListed: false },
  { id: A.UNWRAP_TEMPLATE, name: 'OBJ_ATTR_UNWRAP_TEMPLATE', kind: 'template', kmuListed: false },
];

export const ATTR_BY_ID: ReadonlyMap<number, AttrDef> = new Map(ATTRIBUTES.map((a) => [a.id, a]));

/**
 * Order of a `-a 512` dump (attributes.md §6.1): the legacy 17 attributes of a secret key, then the
 * asymmetric ones the key has; the six newer-firmware attributes follow only in "modern" layout
 * (gap A1; default legacy).
 */
export const DUMP_ORDER: readonly number[] = [
  A.CLASS, A.KEY_TYPE, A.TOKEN, A.PRIVATE, A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP, A.SIGN, A.VERIFY,
  A.LOCAL, A.SENSITIVE, A.EXTRACTABLE, A.LABEL, A.ID, A.VALUE_LEN, A.KCV,
  A.MODULUS, A.MODULUS_BITS, A.PUBLIC_EXPONENT,
];
export const MODERN_DUMP_TAIL: readonly number[] = [
  A.TRUSTED, A.WRAP_WITH_TRUSTED, A.DESTROYABLE, A.DERIVE, A.ALWAYS_SENSITIVE, A.NEVER_EXTRACTABLE,
];

/** Object classes (attributes.md §4.1). */
export const CLASS = { PUBLIC: 2, PRIVATE: 3, SECRET: 4 } as const;

/** Key types (attributes.md §4.2). */
export const KEY_TYPE = { RSA: 0, DSA: 1, EC: 3, GENERIC_SECRET: 16, RC4: 18, DES: 19, DES3: 21, AES: 31 } as const;

export const KEY_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'RSA', 1: 'DSA', 3: 'EC', 16: 'GENERIC_SECRET', 18: 'RC4', 19: 'DES', 21: '3DES', 31: 'AES',
};

/** Attribute values: numbers for class/bool/int kinds, strings for text, bytes for the rest. */
export type AttrValue = number | string | Uint8Array;
export type AttrMap = Record<number, AttrValue>;

/**
 * One attribute's value as getAttribute writes it (attributes.md §6.1 table). `dump` selects the
 * `-a 512` widths (2 hex digits for booleans and small ints), otherwise single-attribute widths.
 */
export function formatAttrValue(def: AttrDef, value: AttrValue, dump: boolean): string {
  switch (def.kind) {
    case 'class':
    case 'bool':
      return '0x' + (value as number).toString(16).padStart(dump ? 2 : 8, '0');
    case 'int32':
      return '0x' + (value as number).toString(16).padStart(8, '0');
    case 'text':
      return value as string;
    case 'kcv':
      return '0x' + toHex(value as Uint8Array);
    case 'bytes':
      return '0x' + toHex(value as Uint8Array);
    case 'modulus': {
      const s = '0x' + toHex(value as Uint8Array);
      const lines: string[] = [];
      for (let i = 0; i < s.length; i += 80) lines.push(s.slice(i, i + 80));
      return lines.join('\n');
    }
    case 'template':
      return '';
  }
}

/** Byte length of a value for the made-up-but-deterministic dump size (kmu-commands.md G-34). */
export function attrByteLength(def: AttrDef, value: AttrValue): number {
  switch (def.kind) {
    case 'class':
    case 'bool':
      return 1;
    case 'int32':
      return 4;
    case 'text':
      return new TextEncoder().encode(value as string).length;
    default:
      return (value as Uint8Array).length;
  }
}
