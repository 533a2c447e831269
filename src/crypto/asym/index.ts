/**
 * The asymmetric half of the crypto layer (issue 12) — loaded lazily (never from the page's first
 * script): key-pair generation, signatures, RSA encryption for key wrapping, and the key formats.
 *
 * CONTRACT (lead): these signatures are fixed; the engines helper fills in the bodies. Choice of
 * implementation (toolchain.md §15): WebCrypto wherever it can (RSA e = 65537 generation,
 * PKCS #1 v1.5 / PSS / OAEP with SHA-1/256/384/512, ECDSA on P-256/384/521) when no `rng` is given;
 * @noble/curves + @noble/hashes and our own BigInt RSA/DSA for the rest (P-224, secp256k1, SHA-224,
 * DSA, other exponents, PKCS #1 v1.5 encryption, and every seeded operation).
 *
 * Failures: a signature that does not verify → `false`; a decryption that fails its padding or
 * integrity check → CryptoError('integrity check failed') (one message whatever the cause); a key
 * the operation cannot use (wrong kind, message too long for the modulus) → RangeError; malformed
 * DER → FormatError (formats.ts).
 */
import type { AsymOptions, HashName, KeyPairDer, KeyPairSpec, RsaEncryption, SignMechanism } from './types';

export type * from './types';
export {
  FormatError, checkPrivateKey, checkPublicKey, describePublicKey, fakePrivateKeyPem, pairOf, parsePrivateKeyPem,
  parsePublicKeyPem, pkcs8Pem, privateKeyKind, publicKeyOf, publicKeyPem, traditionalPrivateKeyPem,
} from './formats';

const todo = (): never => { throw new Error('crypto/asym: not implemented yet'); };

/**
 * Generate a pair in pure JavaScript, deterministically from `seed` (32 bytes; an HMAC-DRBG or
 * similar CSPRNG expands it): the same seed and spec give the same pair on every engine. Synchronous
 * and CPU-heavy (RSA-4096, DSA parameters): the HSM runs it in a worker. `progress` (0..1) is called
 * now and then for a progress line.
 */
export function generateKeyPairFromSeed(spec: KeyPairSpec, seed: Uint8Array, progress?: (fraction: number) => void): KeyPairDer {
  void spec; void seed; void progress; return todo();
}

/** Generate with WebCrypto when the platform can (RSA e = 65537, P-256/384/521); undefined when it cannot. */
export async function generateKeyPairNative(spec: KeyPairSpec): Promise<KeyPairDer | undefined> {
  void spec; return todo();
}

/** Sign `data` (the whole message; the mechanism hashes it) with a PKCS #8 private key. RSA: modulus-length bytes; ECDSA/DSA: DER SEQUENCE { r, s }. */
export async function sign(pkcs8: Uint8Array, mech: SignMechanism, data: Uint8Array, opts: AsymOptions = {}): Promise<Uint8Array> {
  void pkcs8; void mech; void data; void opts; return todo();
}

/** Verify a signature over `data` with an SPKI public key; false for any signature that is not valid (wrong length and malformed included). */
export async function verify(spki: Uint8Array, mech: SignMechanism, data: Uint8Array, signature: Uint8Array, opts: AsymOptions = {}): Promise<boolean> {
  void spki; void mech; void data; void signature; void opts; return todo();
}

/** Largest message `rsaEncrypt` takes for this modulus: OAEP k − 2·hLen − 2, PKCS #1 v1.5 k − 11. */
export function rsaMaxMessage(modulusBytes: number, enc: RsaEncryption): number {
  void modulusBytes; void enc; return todo();
}

/** RSA encryption with an SPKI RSA public key (RangeError when the message is too long). */
export async function rsaEncrypt(spki: Uint8Array, enc: RsaEncryption, data: Uint8Array, opts: AsymOptions = {}): Promise<Uint8Array> {
  void spki; void enc; void data; void opts; return todo();
}

/** RSA decryption with a PKCS #8 RSA private key; CryptoError on any padding failure. */
export async function rsaDecrypt(pkcs8: Uint8Array, enc: RsaEncryption, data: Uint8Array, opts: AsymOptions = {}): Promise<Uint8Array> {
  void pkcs8; void enc; void data; void opts; return todo();
}

/** Synchronous digests (SHA-1 for the asymmetric KCV, attributes.md §5; SHA-224 which WebCrypto lacks). */
export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  void hash; void data; return todo();
}

/** Forget every cached CryptoKey whose cacheKey starts with `prefix` ('' = all): on delete, attribute change, reset. */
export function dropCachedKeys(prefix: string): void {
  void prefix;
}
