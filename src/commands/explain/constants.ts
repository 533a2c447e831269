/**
 * The numeric constants of key_mgmt_util explained: attributes (attributes.md §1), key classes
 * (§4.1), key types (§4.2), ECC curve ids (§4.4), wrapping mechanisms (§4.5) and the hash types of
 * the RSA wrapping mechanisms (§4.6). Names and ids of the attributes come from the model's
 * table, with the meaning a learner needs (src/hsm/attributes.ts).
 */
import { ATTRIBUTES, PSEUDO_ATTRIBUTES } from '../../hsm/attributes';
import { MECHANISMS as HSM_MECHANISMS } from '../../hsm/wrap';

export interface AttributeEntry {
  id: number;
  name: string;
  meaning: string;
  /** Not in the model's catalogue (pseudo or historical ids). */
  extra?: boolean;
}

/** Explain's attribute entries: the attribute table's rows (the model's, then the pseudo ids). */
export const ATTRIBUTE_ENTRIES: readonly AttributeEntry[] = [
  ...ATTRIBUTES.map((a) => ({ id: a.id, name: a.name, meaning: a.explain })),
  ...PSEUDO_ATTRIBUTES.map((p) => ({ id: p.id, name: p.name, meaning: p.explain, extra: true })),
];

export interface ValueEntry {
  value: number;
  name: string;
  meaning: string;
}

export const CLASSES: readonly ValueEntry[] = [
  { value: 2, name: 'public key', meaning: 'The public half of a key pair; any crypto user may use it and findKey shows it.' },
  { value: 3, name: 'private key', meaning: 'The private half of a key pair.' },
  { value: 4, name: 'secret key', meaning: 'A symmetric key: AES, 3DES, generic secret (HMAC).' },
];

export const KEY_TYPES: readonly ValueEntry[] = [
  { value: 0, name: 'RSA', meaning: 'RSA key pair (genRSAKeyPair); modulus >= 2048 bits.' },
  { value: 1, name: 'DSA', meaning: 'DSA key pair (genDSAKeyPair); modulus 2048 only.' },
  { value: 3, name: 'EC', meaning: 'Elliptic-curve key pair (genECCKeyPair -i <curve id>).' },
  { value: 16, name: 'GENERIC_SECRET', meaning: 'Generic secret (HMAC) key; -s below 3584 bytes.' },
  { value: 18, name: 'RC4', meaning: 'RC4 key; not valid on FIPS-mode HSMs (0xb3).' },
  { value: 19, name: 'DES', meaning: 'Single DES (PKCS #11 CKK_DES); never listed by the guide and refused in FIPS mode (0xb3).' },
  { value: 21, name: '3DES', meaning: 'Triple DES key; -s 24 bytes.' },
  { value: 31, name: 'AES', meaning: 'AES key; -s 16, 24 or 32 bytes. The only type that may wrap keys in key_mgmt_util.' },
];

export const CURVES: readonly ValueEntry[] = [
  { value: 1, name: 'NID_X9_62_prime192v1', meaning: 'P-192; not FIPS-approved: genECCKeyPair -i 1 fails with 0xb3.' },
  { value: 2, name: 'NID_X9_62_prime256v1', meaning: 'P-256 (valid in the current guide).' },
  { value: 3, name: 'NID_sect163k1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 4, name: 'NID_sect163r2', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 5, name: 'NID_sect233k1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 6, name: 'NID_sect233r1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 7, name: 'NID_sect283k1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 8, name: 'NID_sect283r1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 9, name: 'NID_sect409k1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 10, name: 'NID_sect409r1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 11, name: 'NID_sect571k1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 12, name: 'NID_sect571r1', meaning: 'Binary curve of older guide revisions; not supported now.' },
  { value: 13, name: 'NID_secp224r1', meaning: 'P-224.' },
  { value: 14, name: 'NID_secp384r1', meaning: 'P-384 (valid in the current guide).' },
  { value: 15, name: 'NID_secp521r1', meaning: 'P-521.' },
  { value: 16, name: 'NID_secp256k1', meaning: 'secp256k1, the Bitcoin curve (valid in the current guide).' },
];

/** What each wrapping mechanism means to a learner; the numbers and names come from the one
 * mechanism table the HSM uses (src/hsm/wrap.ts, attributes.md §4.5 and A7). */
const MECHANISM_MEANINGS: Readonly<Record<number, string>> = {
  4: 'AES key wrap with PKCS #5 padding (NIST_AES_WRAP in exSymKey). Non-standard: PKCS #5 padding, then RFC 3394. '
    + 'Other software cannot unwrap it without stripping the padding. The only -m of exSymKey and exportPrivateKey (default). '
    + 'CloudHSM CLI: key wrap aes-pkcs5-pad.',
  5: 'AES key wrap, no padding (RFC 3394): standard AES-KW; only block-aligned keys (AES, 3DES); IV implicit or '
    + '0xA6A6A6A6A6A6A6A6. CloudHSM CLI: key wrap aes-no-pad.',
  6: 'AES key wrap with zero padding (RFC 5649): standard AES-KWP; any key length; implicit IV. CloudHSM CLI: key wrap aes-zero-pad.',
  7: 'RSA-AES wrap (2019 guide revision). CloudHSM CLI: key wrap rsa-aes.',
  8: 'RSA-OAEP wrap; wraps at most modulusBytes - 2*hashBytes - 2 bytes. CloudHSM CLI: key wrap rsa-oaep.',
  10: 'AES-GCM wrap (-aad, -tag_size, -iv_file); the number is an unverified recollection (attributes.md A7). '
    + 'CloudHSM CLI: key wrap aes-gcm.',
  11: 'AES-GCM wrap with the IV in front of the ciphertext (CLOUDHSM_AES_GCM); number unverified (A7). '
    + 'CloudHSM CLI: key wrap cloudhsm-aes-gcm.',
  12: 'RSA PKCS #1 v1.5 wrap; number unverified (A7). CloudHSM CLI: key wrap rsa-pkcs.',
};

export const MECHANISMS: readonly ValueEntry[] = HSM_MECHANISMS.map((m) => ({
  value: m.m,
  name: m.name,
  meaning: MECHANISM_MEANINGS[m.m] ?? `Wrapping mechanism ${m.m} (${m.source}).`,
}));

export const HASHES: readonly ValueEntry[] = [
  { value: 2, name: 'SHA1', meaning: 'Default hash of the RSA wrapping mechanisms.' },
  { value: 3, name: 'SHA256', meaning: 'SHA-256.' },
  { value: 4, name: 'SHA384', meaning: 'SHA-384.' },
  { value: 5, name: 'SHA512', meaning: 'SHA-512.' },
  { value: 6, name: 'SHA224', meaning: 'SHA-224.' },
];
