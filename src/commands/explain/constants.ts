/**
 * The numeric constants of key_mgmt_util explained: attributes (attributes.md §1), key classes
 * (§4.1), key types (§4.2), ECC curve ids (§4.4), wrapping mechanisms (§4.5) and the hash types of
 * the RSA wrapping mechanisms (§4.6). Names and ids of the attributes come from the model's
 * catalogue; this file adds the meaning a learner needs.
 */
import { ATTRIBUTES } from '../../hsm/attributes';
import { MECHANISMS as HSM_MECHANISMS } from '../../hsm/wrap';

export interface AttributeEntry {
  id: number;
  name: string;
  meaning: string;
  /** Not in the model's catalogue (pseudo or historical ids). */
  extra?: boolean;
}

const ATTR_MEANING: Record<string, string> = {
  OBJ_ATTR_CLASS: 'Object class: 2 public key, 3 private key, 4 secret (symmetric) key.',
  OBJ_ATTR_TOKEN: '1 = token key (kept on every HSM, survives logout), 0 = session key (gone when the session ends).',
  OBJ_ATTR_PRIVATE: 'Whether unauthenticated callers are barred from the key; every CloudHSM key carries 1.',
  OBJ_ATTR_LABEL: 'Free text chosen by the user (-l); labels need not be unique.',
  OBJ_ATTR_TRUSTED: 'Marks a wrapping key as trusted; only a crypto officer (CO) may set it.',
  OBJ_ATTR_KEY_TYPE: 'Algorithm family: 0 RSA, 1 DSA, 3 EC, 16 generic secret, 18 RC4, 21 3DES, 31 AES.',
  OBJ_ATTR_ID: 'User-chosen identifier (-id); must be unique in the cluster; empty by default.',
  OBJ_ATTR_SENSITIVE: '1 for private and secret keys, 0 for public keys.',
  OBJ_ATTR_ENCRYPT: 'The key may encrypt data.',
  OBJ_ATTR_DECRYPT: 'The key may decrypt data.',
  OBJ_ATTR_WRAP: 'The key may wrap (encrypt) other keys: needed by -w of wrapKey, exSymKey and imSymKey.',
  OBJ_ATTR_UNWRAP: 'The key may unwrap (decrypt) other keys: needed by unWrapKey and imSymKey.',
  OBJ_ATTR_SIGN: 'The key may sign (private keys, HMAC keys).',
  OBJ_ATTR_VERIFY: 'The key may verify signatures (public keys, HMAC keys).',
  OBJ_ATTR_DERIVE: 'The key may be used to derive other keys.',
  OBJ_ATTR_MODULUS: 'The RSA modulus (long hex).',
  OBJ_ATTR_MODULUS_BITS: 'Length of the RSA modulus in bits.',
  OBJ_ATTR_PUBLIC_EXPONENT: 'The RSA public exponent (big-endian bytes).',
  OBJ_ATTR_VALUE_LEN: 'Key length in bytes.',
  OBJ_ATTR_EXTRACTABLE: '1 = the key may leave the HSM (exSymKey, wrapKey); 0 (-nex) is for ever: check it before exporting.',
  OBJ_ATTR_LOCAL: '1 = generated inside the HSM; 0 = imported or unwrapped (imSymKey keys show 0).',
  OBJ_ATTR_NEVER_EXTRACTABLE: '1 = the key has never been extractable.',
  OBJ_ATTR_ALWAYS_SENSITIVE: '1 = the key has always been sensitive.',
  OBJ_ATTR_DESTROYABLE: 'Whether the key may be destroyed (0/1).',
  OBJ_ATTR_KCV: 'Key check value: 3 bytes of the key encrypting a zero block (AES, 3DES). '
    + 'Equal KCVs on two clusters prove the same key material without showing it.',
  OBJ_ATTR_ALL: 'Pseudo-id "every attribute": only as getAttribute -a 512.',
  OBJ_ATTR_WRAP_WITH_TRUSTED: 'The key may only be wrapped by a key whose TRUSTED is 1; read-only once set to 1.',
  OBJ_ATTR_WRAP_TEMPLATE: 'Template a key must match to be wrapped by this wrapping key (set through PKCS #11).',
  OBJ_ATTR_UNWRAP_TEMPLATE: 'Attributes forced onto every key unwrapped with this key (set through PKCS #11).',
  OBJ_ATTR_EKCV: '"Checksum generated from the key bytes": appeared in one 2019 revision of the guide, then removed; not emulated.',
};

export const ATTRIBUTE_ENTRIES: readonly AttributeEntry[] = [
  ...ATTRIBUTES.map((a) => ({ id: a.id, name: a.name, meaning: ATTR_MEANING[a.name] ?? '' })),
  { id: 512, name: 'OBJ_ATTR_ALL', meaning: ATTR_MEANING['OBJ_ATTR_ALL']!, extra: true },
  { id: 4099, name: 'OBJ_ATTR_EKCV', meaning: ATTR_MEANING['OBJ_ATTR_EKCV']!, extra: true },
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
