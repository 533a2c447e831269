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

/** Who may change an attribute after creation, and how (attributes.md §2.1; cloudhsm-cli.md §4.4). */
export interface SetRule {
  /** The owning CU, or any CO (TRUSTED, A13). */
  writer: 'CU' | 'CO';
  value: 'bool' | 'text';
  /** The only values accepted (KMU TOKEN: "the only accepted value is 1"). */
  values?: readonly number[];
  /** DERIVE: cannot be set to 1 on a public key. */
  notOnPublicKey?: boolean;
}

/**
 * A default of a new key (attributes.md §3): a constant, or what the creating request decides —
 * `token` 1 (0 with -sess), `local` 1 generated / 0 imported or unwrapped, `extractable` 1 (0 with
 * -nex), `neverExtractable` = LOCAL and NOT EXTRACTABLE, `alwaysSensitive` = LOCAL, and the
 * request's class, key type, label, id, value length and KCV.
 */
export type AttrDefault = number | 'class' | 'keyType' | 'label' | 'id' | 'token' | 'local' | 'extractable'
  | 'neverExtractable' | 'alwaysSensitive' | 'valueLen' | 'kcv'
  /** Key pairs (attributes.md §3.2): the request's public values — the RSA modulus or the EC point, its bits, the exponent. */
  | 'modulus' | 'modulusBits' | 'publicExponent';
export type KeyTypeName = 'RSA' | 'DSA' | 'EC' | 'GENERIC_SECRET' | 'RC4' | 'DES' | '3DES' | 'AES';
/** Defaults of one object class by key type; `'*'` = every key type of the class. Absent = the key lacks it. */
export type ClassDefaults = Readonly<Partial<Record<KeyTypeName | '*', AttrDefault>>>;

/** One row of the attribute table: everything the consoles know about one attribute id. */
export interface AttrDef {
  id: number;
  name: string;
  kind: AttrKind;
  /** In KMU listAttributes (attributes.md §1.1, fuller KMU version). */
  kmuListed: boolean;
  /** In CMU listAttributes (attributes.md §1.1, 29 entries). */
  cmuListed: boolean;
  /** Position in a `-a 512` dump (§6.1); `modern`: only in the newer-firmware layout (A1). Absent: never dumped. */
  dump?: { order: number; modern?: true };
  /** Defaults of a new key per object class (§3); public and private keys come with the asymmetric issue. */
  defaults: { secret?: ClassDefaults; public?: ClassDefaults; private?: ClassDefaults };
  /** KMU setAttribute (§2.1): TOKEN only, owner only. */
  kmuSet?: SetRule;
  /** CMU setAttribute (§2.1); `'template'`: listed as valid but refused with usage (A14). */
  cmuSet?: SetRule | 'template';
  /** One-way rule in every tool (§2.2): the value may go from `from` to `to`, never back. */
  oneWay?: { from: number; to: number };
  /** The CloudHSM CLI's name (cloudhsm-cli.md §4.1). */
  cli?: string;
  /** What `explain` tells a learner. */
  explain: string;
}

/** A row that is not an attribute of the model: the 512 selector and the withdrawn EKCV (§1). */
export interface PseudoAttr {
  id: number;
  name: string;
  pseudo: 'selector' | 'historical';
  cmuListed: boolean;
  explain: string;
}

export const A = {
  CLASS: 0, TOKEN: 1, PRIVATE: 2, LABEL: 3, TRUSTED: 134, KEY_TYPE: 256, ID: 258, SENSITIVE: 259,
  ENCRYPT: 260, DECRYPT: 261, WRAP: 262, UNWRAP: 263, SIGN: 264, VERIFY: 266, DERIVE: 268,
  MODULUS: 288, MODULUS_BITS: 289, PUBLIC_EXPONENT: 290, VALUE_LEN: 353, EXTRACTABLE: 354,
  LOCAL: 355, NEVER_EXTRACTABLE: 356, ALWAYS_SENSITIVE: 357, DESTROYABLE: 370, KCV: 371,
  ALL: 512, WRAP_WITH_TRUSTED: 528, WRAP_TEMPLATE: 1073742353, UNWRAP_TEMPLATE: 1073742354,
  /** PKCS #11 CKA_MODIFIABLE: the CloudHSM CLI's `modifiable` only (cloudhsm-cli.md §4.1; MODIFIABLE below). */
  MODIFIABLE: 368,
  /** PKCS #11 CKA_EC_PARAMS: the CLI's `curve`; the model keeps the curve in the key's DER, not as an attribute. */
  EC_PARAMS: 384,
} as const;

const CU_BOOL: SetRule = { writer: 'CU', value: 'bool' };
const all = (d: AttrDefault): ClassDefaults => ({ '*': d });
type Row = Omit<AttrDef, 'id' | 'name' | 'kmuListed' | 'cmuListed' | 'defaults'> &
  { kmu?: false; cmu?: false; secret?: ClassDefaults; public?: ClassDefaults; private?: ClassDefaults };
/** The same default on secret, public and private keys. */
const every = (d: AttrDefault) => ({ secret: all(d), public: all(d), private: all(d) });
/** RSA keys only (attributes.md §3.2: ENCRYPT/WRAP of RSA public keys, DECRYPT/UNWRAP of RSA private keys). */
const rsaOnly: ClassDefaults = { RSA: 1, '*': 0 };
/** The public values of a pair: RSA and EC keys carry them, DSA keys do not (attributes.md §3.2). */
const pairValue = (d: AttrDefault): ClassDefaults => ({ RSA: d, EC: d });

/**
 * The attribute table (attributes.md §1–§3, §6.1; cloudhsm-cli.md §4.1). Row order is the
 * catalogue's, which is the order both listAttributes print. Every reader derives from it: the
 * record validator, both setAttributes, getAttribute, listAttributes, explain, the inventory and
 * the defaults of new keys.
 */
const ROWS: ReadonlyArray<readonly [keyof typeof A, Row]> = [
  ['CLASS', { kind: 'class', dump: { order: 1 }, ...every('class'), cli: 'class',
    explain: 'Object class: 2 public key, 3 private key, 4 secret (symmetric) key.' }],
  ['TOKEN', { kind: 'bool', dump: { order: 3 }, ...every('token'), kmuSet: { writer: 'CU', value: 'bool', values: [1] }, oneWay: { from: 0, to: 1 }, cli: 'token',
    explain: '1 = token key (kept on every HSM, survives logout), 0 = session key (gone when the session ends).' }],
  ['PRIVATE', { kind: 'bool', dump: { order: 4 }, ...every(1), cli: 'private',
    explain: 'Whether unauthenticated callers are barred from the key; every CloudHSM key carries 1.' }],
  ['LABEL', { kind: 'text', dump: { order: 14 }, ...every('label'), cmuSet: { writer: 'CU', value: 'text' }, cli: 'label',
    explain: 'Free text chosen by the user (-l); labels need not be unique.' }],
  ['TRUSTED', { kind: 'bool', kmu: false, dump: { order: 21, modern: true }, ...every(0), cmuSet: { writer: 'CO', value: 'bool' }, cli: 'trusted',
    explain: 'Marks a wrapping key as trusted; only a crypto officer (CO) may set it.' }],
  ['KEY_TYPE', { kind: 'class', dump: { order: 2 }, ...every('keyType'), cli: 'key-type',
    explain: 'Algorithm family: 0 RSA, 1 DSA, 3 EC, 16 generic secret, 18 RC4, 21 3DES, 31 AES.' }],
  ['ID', { kind: 'text', dump: { order: 15 }, ...every('id'), cli: 'id',
    explain: 'User-chosen identifier (-id); must be unique in the cluster; empty by default.' }],
  ['SENSITIVE', { kind: 'bool', dump: { order: 12 }, secret: all(1), public: all(0), private: all(1), cli: 'sensitive',
    explain: '1 for private and secret keys, 0 for public keys.' }],
  ['ENCRYPT', { kind: 'bool', dump: { order: 5 }, secret: all(1), public: rsaOnly, private: all(0), cmuSet: CU_BOOL, cli: 'encrypt',
    explain: 'The key may encrypt data.' }],
  ['DECRYPT', { kind: 'bool', dump: { order: 6 }, secret: all(1), public: all(0), private: rsaOnly, cmuSet: CU_BOOL, cli: 'decrypt',
    explain: 'The key may decrypt data.' }],
  ['WRAP', { kind: 'bool', dump: { order: 7 }, secret: { AES: 1, '*': 0 }, public: rsaOnly, private: all(0), cmuSet: CU_BOOL, cli: 'wrap',
    explain: 'The key may wrap (encrypt) other keys: needed by -w of wrapKey, exSymKey and imSymKey.' }],
  ['UNWRAP', { kind: 'bool', dump: { order: 8 }, secret: { AES: 1, '*': 0 }, public: all(0), private: rsaOnly, cmuSet: CU_BOOL, cli: 'unwrap',
    explain: 'The key may unwrap (decrypt) other keys: needed by unWrapKey and imSymKey.' }],
  ['SIGN', { kind: 'bool', dump: { order: 9 }, secret: all(0), public: all(0), private: all(1), cmuSet: CU_BOOL, cli: 'sign',
    explain: 'The key may sign (private keys, HMAC keys).' }],
  ['VERIFY', { kind: 'bool', dump: { order: 10 }, secret: all(0), public: all(1), private: all(0), cmuSet: CU_BOOL, cli: 'verify',
    explain: 'The key may verify signatures (public keys, HMAC keys).' }],
  ['DERIVE', { kind: 'bool', kmu: false, dump: { order: 24, modern: true }, ...every(0),
    cmuSet: { writer: 'CU', value: 'bool', notOnPublicKey: true }, cli: 'derive',
    explain: 'The key may be used to derive other keys.' }],
  ['LOCAL', { kind: 'bool', dump: { order: 11 }, ...every('local'), cli: 'local',
    explain: '1 = generated inside the HSM; 0 = imported or unwrapped (imSymKey keys show 0).' }],
  ['MODULUS', { kind: 'modulus', dump: { order: 18 }, public: pairValue('modulus'), private: pairValue('modulus'), cli: 'modulus',
    explain: 'The RSA modulus (long hex).' }],
  ['MODULUS_BITS', { kind: 'int32', dump: { order: 19 }, public: pairValue('modulusBits'), private: pairValue('modulusBits'), cli: 'modulus-size-bits',
    explain: 'Length of the RSA modulus in bits.' }],
  ['PUBLIC_EXPONENT', { kind: 'bytes', dump: { order: 20 }, public: { RSA: 'publicExponent' }, private: { RSA: 'publicExponent' }, cli: 'public-exponent',
    explain: 'The RSA public exponent (big-endian bytes).' }],
  ['VALUE_LEN', { kind: 'int32', dump: { order: 16 }, ...every('valueLen'), cli: 'key-length-bytes',
    explain: 'Key length in bytes.' }],
  ['EXTRACTABLE', { kind: 'bool', dump: { order: 13 }, secret: all('extractable'), public: all(1), private: all('extractable'), cli: 'extractable',
    explain: '1 = the key may leave the HSM (exSymKey, wrapKey); 0 (-nex) is for ever: check it before exporting.' }],
  ['NEVER_EXTRACTABLE', { kind: 'bool', kmu: false, dump: { order: 26, modern: true }, secret: all('neverExtractable'), public: all(0), private: all('neverExtractable'), cli: 'never-extractable',
    explain: '1 = the key has never been extractable.' }],
  ['ALWAYS_SENSITIVE', { kind: 'bool', kmu: false, dump: { order: 25, modern: true }, secret: all('alwaysSensitive'), public: all(0), private: all('alwaysSensitive'), cli: 'always-sensitive',
    explain: '1 = the key has always been sensitive.' }],
  ['DESTROYABLE', { kind: 'bool', kmu: false, dump: { order: 23, modern: true }, ...every(1), cmuSet: CU_BOOL, cli: 'destroyable',
    explain: 'Whether the key may be destroyed (0/1).' }],
  ['KCV', { kind: 'kcv', dump: { order: 17 }, ...every('kcv'), cli: 'check-value',
    explain: 'Key check value: 3 bytes of the key encrypting a zero block (AES, 3DES). '
      + 'Equal KCVs on two clusters prove the same key material without showing it.' }],
  ['WRAP_WITH_TRUSTED', { kind: 'bool', kmu: false, dump: { order: 22, modern: true }, ...every(0), cmuSet: CU_BOOL,
    oneWay: { from: 0, to: 1 }, cli: 'wrap-with-trusted',
    explain: 'The key may only be wrapped by a key whose TRUSTED is 1; read-only once set to 1.' }],
  ['WRAP_TEMPLATE', { kind: 'template', kmu: false, cmuSet: 'template',
    explain: 'Template a key must match to be wrapped by this wrapping key (set through PKCS #11).' }],
  ['UNWRAP_TEMPLATE', { kind: 'template', kmu: false, cmuSet: 'template',
    explain: 'Attributes forced onto every key unwrapped with this key (set through PKCS #11).' }],
];

/**
 * `modifiable` (PKCS #11 CKA_MODIFIABLE, 368; cloudhsm-cli.md §4.1, §4.4): an attribute only the
 * CloudHSM CLI shows and changes (true → false only). KMU and CMU do not know it, so it is not in
 * their catalogue (ATTRIBUTES, ATTR_BY_ID: listAttributes, getAttribute, explain and completion stay
 * as they were) and no creation default writes it: a key whose record lacks it reads true. It is an
 * optional attribute of the record (validate.ts accepts ids outside the catalogue), no schema change.
 */
export const MODIFIABLE: AttrDef = {
  id: A.MODIFIABLE, name: 'CKA_MODIFIABLE', kind: 'bool', kmuListed: false, cmuListed: false, defaults: {},
  oneWay: { from: 1, to: 0 }, cli: 'modifiable',
  explain: 'Whether the key\'s attributes may still be changed; true unless set to false (then for ever).',
};

/** `modifiable` of a key's attributes: absent reads true (no console but the CLI writes it). */
export const isModifiable = (attrs: AttrMap): boolean => attrs[A.MODIFIABLE] !== 0;

/** What every attribute's name starts with (OBJ_ATTR_KCV); explain also takes the rest alone (KCV). */
export const ATTR_PREFIX = 'OBJ_ATTR_';

/** The attributes of the model, in catalogue order. */
export const ATTRIBUTES: readonly AttrDef[] = ROWS.map(([key, { kmu, cmu, secret, public: pub, private: priv, ...rest }]) => ({
  id: A[key], name: `${ATTR_PREFIX}${key}`, kmuListed: kmu !== false, cmuListed: cmu !== false,
  defaults: { ...(secret ? { secret } : {}), ...(pub ? { public: pub } : {}), ...(priv ? { private: priv } : {}) }, ...rest,
}));

/** Ids that are not attributes of the model (attributes.md §1). */
export const PSEUDO_ATTRIBUTES: readonly PseudoAttr[] = [
  { id: A.ALL, name: 'OBJ_ATTR_ALL', pseudo: 'selector', cmuListed: true,
    explain: 'Pseudo-id "every attribute": only as getAttribute -a 512.' },
  { id: 4099, name: 'OBJ_ATTR_EKCV', pseudo: 'historical', cmuListed: false,
    explain: '"Checksum generated from the key bytes": appeared in one 2019 revision of the guide, then removed; not emulated.' },
];

export const ATTR_BY_ID: ReadonlyMap<number, AttrDef> = new Map(ATTRIBUTES.map((a) => [a.id, a]));

/** The name of an attribute id (pseudo ids included), or undefined. */
export function attrName(id: number): string | undefined {
  return ATTR_BY_ID.get(id)?.name ?? PSEUDO_ATTRIBUTES.find((p) => p.id === id)?.name;
}

/** Ids getAttribute accepts after -a (KMU) or as its second argument (CMU): every attribute, and 512. */
export const isAttributeSelector = (id: number): boolean => id === A.ALL || ATTR_BY_ID.has(id);

/** KMU listAttributes' ids, in the order it prints them. */
export const KMU_LISTED: readonly number[] = ATTRIBUTES.filter((a) => a.kmuListed).map((a) => a.id);
/** CMU listAttributes' rows (names and ids), in the order it prints them. */
export const CMU_LISTED: ReadonlyArray<{ name: string; id: number }> = [...ATTRIBUTES, ...PSEUDO_ATTRIBUTES]
  .filter((a) => a.cmuListed).map((a) => ({ name: a.name, id: a.id }));

/** One listAttributes line (attributes.md §1.1): 6 spaces, the name in 32 characters, `= `, the id. */
export const listLine = (a: { name: string; id: number }): string => `      ${a.name.padEnd(32)}= ${a.id}`;

const dumped = (modern: boolean) => ATTRIBUTES.filter((a) => a.dump && (a.dump.modern ?? false) === modern)
  .sort((x, y) => x.dump!.order - y.dump!.order).map((a) => a.id);
/**
 * Order of a `-a 512` dump (attributes.md §6.1): the legacy 17 attributes of a secret key, then the
 * asymmetric ones the key has; the six newer-firmware attributes follow only in "modern" layout
 * (gap A1; default legacy). Templates are never dumped.
 */
const DUMP_ORDER: readonly number[] = dumped(false);

/** Is `value` an allowed change of attribute `def` from `current` under its one-way rule (§2.2)? */
function oneWayAllows(def: AttrDef, current: AttrValue | undefined, value: AttrValue): boolean {
  return !def.oneWay || current !== def.oneWay.to || value === def.oneWay.to;
}

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
function formatAttrValue(def: AttrDef, value: AttrValue, dump: boolean, ecPoint = false): string {
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
      // An EC key's MODULUS holds its point: bare hex on one line (§6.1's EC sample).
      if (ecPoint) return toHex(value as Uint8Array);
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
function attrByteLength(def: AttrDef, value: AttrValue): number {
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

/** May KMU setAttribute give attribute `id` the value `value` (§2.1: TOKEN, 1 only; 0 → 1)? */
export function kmuSetAllows(id: number, current: AttrValue | undefined, value: AttrValue): boolean {
  const def = ATTR_BY_ID.get(id);
  const rule = def?.kmuSet;
  if (!def || !rule) return false;
  if (rule.values && !rule.values.includes(value as number)) return false;
  return oneWayAllows(def, current, value);
}

/** What a new key's creation decides (attributes.md §3). */
export interface NewKeyRequest {
  keyType: number;
  label: string;
  id: string;
  /** A session key (-sess): TOKEN 0. */
  session: boolean;
  /** Generated inside the HSM (LOCAL 1), or imported/unwrapped. */
  local: boolean;
  extractable: boolean;
  valueLen: number;
  kcv: Uint8Array;
  /** Key pairs: the RSA modulus or the EC point (uncompressed), big-endian. */
  modulus?: Uint8Array;
  /** Key pairs: the RSA modulus length, or the EC curve's field size, in bits. */
  modulusBits?: number;
  /** RSA keys: the public exponent, big-endian bytes without leading zeros. */
  publicExponent?: Uint8Array;
}

const CLASS_KEYS: Readonly<Record<number, 'secret' | 'public' | 'private'>> = { 2: 'public', 3: 'private', 4: 'secret' };

/** The value of one default for a request of class `cls`. */
function resolveDefault(d: AttrDefault, cls: number, r: NewKeyRequest): AttrValue | undefined {
  const b = (v: boolean) => (v ? 1 : 0);
  switch (d) {
    case 'class': return cls;
    case 'keyType': return r.keyType;
    case 'label': return r.label;
    case 'id': return r.id;
    case 'token': return b(!r.session);
    case 'local': return b(r.local);
    case 'extractable': return b(r.extractable);
    case 'neverExtractable': return b(r.local && !r.extractable);
    case 'alwaysSensitive': return b(r.local);
    case 'valueLen': return r.valueLen;
    case 'kcv': return r.kcv;
    case 'modulus': return r.modulus;
    case 'modulusBits': return r.modulusBits;
    case 'publicExponent': return r.publicExponent;
    default: return d;
  }
}

/** The default of attribute `def` on a key of class `cls` and type `keyType`, or undefined when it lacks it. */
function defaultOf(def: AttrDef, cls: number, keyType: number): AttrDefault | undefined {
  const row = def.defaults[CLASS_KEYS[cls] ?? 'secret'];
  if (!row) return undefined;
  const name = KEY_TYPE_NAMES[keyType] as KeyTypeName | undefined;
  return (name !== undefined ? row[name] : undefined) ?? row['*'];
}

/** The attributes of a new key of class `cls` (attributes.md §3), from the table's defaults. */
export function newKeyAttrs(cls: number, r: NewKeyRequest): AttrMap {
  const out: AttrMap = {};
  for (const def of ATTRIBUTES) {
    const d = defaultOf(def, cls, r.keyType);
    const v = d === undefined ? undefined : resolveDefault(d, cls, r);
    if (v !== undefined) out[def.id] = v;
  }
  return out;
}

/** Can a secret key of `keyType` be `length` bytes long (genSymKey, imSymKey, unWrapKey; A5: RC4/DES never)? */
export function secretLengthOk(keyType: number, length: number): boolean {
  if (keyType === KEY_TYPE.AES) return length === 16 || length === 24 || length === 32;
  if (keyType === KEY_TYPE.DES3) return length === 24;
  if (keyType === KEY_TYPE.GENERIC_SECRET) return length >= 1 && length <= 3583;
  return false;
}

/** Attributes every stored key must carry, and the type their value must have (validate.ts). */
export const REQUIRED_ON_EVERY_KEY: readonly number[] = [A.CLASS, A.KEY_TYPE, A.TOKEN, A.EXTRACTABLE, A.VALUE_LEN, A.LABEL, A.ID, A.KCV];

/** Is `v` a well-formed stored value of attribute `def`? */
export function valueFits(def: AttrDef, v: unknown): boolean {
  switch (def.kind) {
    case 'class': case 'bool': case 'int32': return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    case 'text': return typeof v === 'string';
    default: return v instanceof Uint8Array;
  }
}

/** One attribute as getAttribute writes it: the name line, then the value (§6.1). */
function attrText(id: number, value: AttrValue, dump: boolean, ec: boolean): string {
  const def = ATTR_BY_ID.get(id)!;
  return `${def.name}\n${formatAttrValue(def, value, dump, ec)}\n`;
}

/**
 * What getAttribute writes for `selector` (an id, or 512 for the legacy dump): the text, the ids
 * written and the deterministic size of kmu-commands.md G-34 (Σ 8 + value bytes).
 */
export function attributeDump(attrs: AttrMap, selector: number): { text: string; ids: number[]; size: number } {
  const dump = selector === A.ALL;
  const ids = dump ? DUMP_ORDER.filter((id) => attrs[id] !== undefined) : [selector];
  let text = '';
  let size = 0;
  for (const id of ids) {
    text += attrText(id, attrs[id]!, dump, attrs[A.KEY_TYPE] === KEY_TYPE.EC);
    size += 8 + attrByteLength(ATTR_BY_ID.get(id)!, attrs[id]!);
  }
  return { text, ids, size };
}
