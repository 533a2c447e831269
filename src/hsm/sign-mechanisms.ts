/**
 * The signature mechanisms of key_mgmt_util's sign and verify (kmu-commands.md §5.8, G-25, G-48),
 * as data: one row per `-m` value — the mechanism's name, its scheme and hash, and the key type it
 * takes. sign, verify, their `-h` text and the operations read this one table. PSS uses MGF1 with
 * the same hash and a salt as long as the hash; ECDSA signatures are DER SEQUENCE { r, s }. DSA
 * keys have no mechanism (§5.8). Small and free of crypto code: the command tables load it statically.
 */
import type { HashName, SignMechanism } from '../crypto/asym/types';
import { KEY_TYPE } from './attributes';

export interface SignMechanismRow extends SignMechanism {
  /** The `-m` value. */
  readonly m: number;
  /** The mechanism's name as the AWS page lists it. */
  readonly name: string;
  /** The key type the mechanism takes (attributes.md §4.2): RSA 0, EC 3. */
  readonly keyType: number;
}

const row = (m: number, name: string, scheme: SignMechanism['scheme'], hash: HashName): SignMechanismRow =>
  Object.freeze({ m, name, scheme, hash, keyType: scheme === 'ecdsa' ? KEY_TYPE.EC : KEY_TYPE.RSA });

/** kmu-commands.md §5.8's table, in its order. */
export const SIGN_MECHANISMS: readonly SignMechanismRow[] = Object.freeze([
  row(0, 'SHA1_RSA_PKCS', 'rsa-pkcs1', 'SHA-1'),
  row(1, 'SHA256_RSA_PKCS', 'rsa-pkcs1', 'SHA-256'),
  row(2, 'SHA384_RSA_PKCS', 'rsa-pkcs1', 'SHA-384'),
  row(3, 'SHA512_RSA_PKCS', 'rsa-pkcs1', 'SHA-512'),
  row(4, 'SHA224_RSA_PKCS', 'rsa-pkcs1', 'SHA-224'),
  row(5, 'SHA1_RSA_PKCS_PSS', 'rsa-pss', 'SHA-1'),
  row(6, 'SHA256_RSA_PKCS_PSS', 'rsa-pss', 'SHA-256'),
  row(7, 'SHA384_RSA_PKCS_PSS', 'rsa-pss', 'SHA-384'),
  row(8, 'SHA512_RSA_PKCS_PSS', 'rsa-pss', 'SHA-512'),
  row(9, 'SHA224_RSA_PKCS_PSS', 'rsa-pss', 'SHA-224'),
  row(15, 'ECDSA_SHA1', 'ecdsa', 'SHA-1'),
  row(16, 'ECDSA_SHA224', 'ecdsa', 'SHA-224'),
  row(17, 'ECDSA_SHA256', 'ecdsa', 'SHA-256'),
  row(18, 'ECDSA_SHA384', 'ecdsa', 'SHA-384'),
  row(19, 'ECDSA_SHA512', 'ecdsa', 'SHA-512'),
]);

/** `-m` value → row (a Map: typed words never index an object). */
export const SIGN_MECHANISM_BY_NUMBER: ReadonlyMap<number, SignMechanismRow> = new Map(SIGN_MECHANISMS.map((r) => [r.m, r]));

/** The `-m` flag's meaning for `-h`: "0 SHA1_RSA_PKCS, 1 SHA256_RSA_PKCS, …". */
export const SIGN_MECHANISM_TEXT = SIGN_MECHANISMS.map((r) => `${r.m} ${r.name}`).join(', ');

/** Largest file sign and verify take (G-49: the known issue of data over 64 KB). */
export const SIGN_MAX_FILE_BYTES = 65536;
