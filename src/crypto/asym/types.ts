/**
 * Types of the asymmetric half of the crypto layer (issue 12). Keys cross every boundary as DER:
 * private keys as PKCS #8 PrivateKeyInfo, public keys as SubjectPublicKeyInfo — exactly what
 * OpenSSL 3.0 writes for `openssl pkcs8 -topk8 -nocrypt` / `openssl pkey -pubout -outform DER`
 * (so an EC PKCS #8 carries the public point and no parameters inside its SEC 1 structure:
 * P-256 → 138 bytes, attributes.md §3.2 / cloudhsm-cli.md §4.5).
 */

/** The curves the HSM generates (attributes.md §4.4, kmu-commands.md §5.3). */
export type CurveName = 'P-224' | 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** What to generate. `exponent` is the RSA public exponent (odd, ≥ 65537, < 2^32 are what the HSM allows). */
export type KeyPairSpec =
  | { kind: 'rsa'; bits: number; exponent: bigint }
  | { kind: 'ec'; curve: CurveName }
  | { kind: 'dsa'; bits: 2048 };

/** A generated or imported pair, as DER. */
export interface KeyPairDer {
  /** PKCS #8 PrivateKeyInfo (unencrypted). */
  privateKey: Uint8Array;
  /** SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
}

/** What the HSM's attributes need to know about a public key (attributes.md §3.2). */
export type PublicInfo =
  | { kind: 'rsa'; bits: number; modulus: Uint8Array; exponent: Uint8Array }
  | { kind: 'ec'; curve: CurveName; fieldBits: number; point: Uint8Array }
  | { kind: 'dsa'; bits: number; p: Uint8Array; q: Uint8Array; g: Uint8Array; y: Uint8Array };

/** A signature mechanism (kmu-commands.md §5.8): PSS uses MGF1 with the same hash and salt = hash length. */
export interface SignMechanism {
  scheme: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'dsa';
  hash: HashName;
  /**
   * PSS only: the salt length in bytes (the CloudHSM CLI's `--salt-length`, cloudhsm-cli.md §3.21);
   * absent: the hash length, as KMU signs.
   */
  saltLength?: number;
  /**
   * The data is already hashed (the CLI's `--data-type digest`): the bare hash for PSS and ECDSA,
   * the DER DigestInfo T of RFC 8017 §9.2 for PKCS #1 v1.5 (signed as given, at most k − 11 bytes).
   * A digest of the wrong length → RangeError when signing, false when verifying. Not for DSA.
   */
  prehashed?: boolean;
}

/** RSA encryption schemes of the wrap mechanisms (-m 8 RSA_OAEP with a hash, -m 12 RSA_PKCS). */
export type RsaEncryption = { scheme: 'oaep'; hash: HashName } | { scheme: 'pkcs1' };

/** A random source: the engine's Rng port (src/crypto/rng.ts). */
export type { Rng } from '../rng';

/**
 * Options of every operation that may use randomness or a cached CryptoKey.
 * - `rng`: seeded mode (spec README decision 3). When given, EVERY random input comes from it
 *   (PSS salts, OAEP seeds, PKCS #1 v1.5 padding, RSA-AES's ephemeral key) and ECDSA/DSA use
 *   RFC 6979 nonces, so the same seed gives the same bytes. When absent, the platform's randomness
 *   and WebCrypto are used wherever WebCrypto can do the job.
 * - `cacheKey`: an opaque string naming this exact key material (the HSM passes cluster, record and
 *   revision); a CryptoKey imported for it is kept and reused (re-importing costs 4–9×).
 */
export interface AsymOptions {
  rng?: import('../rng').Rng;
  cacheKey?: string;
}
