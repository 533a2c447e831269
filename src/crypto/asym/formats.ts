/**
 * DER and PEM encodings of asymmetric keys (issue 12): SubjectPublicKeyInfo, PKCS #8, PKCS #1
 * (RSA PRIVATE KEY / RSA PUBLIC KEY), SEC 1 (EC PRIVATE KEY), OpenSSL's traditional DSA PRIVATE
 * KEY, and PEM armour — byte-identical to OpenSSL 3.0's output for every key type and size.
 *
 * CONTRACT STUB (lead): the signatures below are fixed; the DER helper fills in the bodies.
 * Every decode failure throws FormatError (never anything else) on any malformed input.
 */
import type { CurveName, KeyPairDer, PublicInfo } from './types';

export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

const todo = (): never => { throw new Error('formats.ts: not implemented yet'); };

/** Facts about a public key (SPKI DER) for the HSM's attributes. */
export function describePublicKey(spki: Uint8Array): PublicInfo { void spki; return todo(); }

/** The SPKI of a PKCS #8 private key's public half (RSA n,e; EC point; DSA y from p,q,g,x). */
export function publicKeyOf(pkcs8: Uint8Array): Uint8Array { void pkcs8; return todo(); }

/** Check a PKCS #8 / SPKI structure fully (well-formed, supported algorithm and curve, consistent). */
export function checkPrivateKey(pkcs8: Uint8Array): void { void pkcs8; todo(); }
export function checkPublicKey(spki: Uint8Array): void { void spki; todo(); }

/** The key kind of a PKCS #8 private key, and its curve for EC. */
export function privateKeyKind(pkcs8: Uint8Array): { kind: 'rsa' | 'ec' | 'dsa'; curve?: CurveName } { void pkcs8; return todo(); }

/**
 * A PEM public key file → SPKI DER. Accepts `PUBLIC KEY` (SPKI) and `RSA PUBLIC KEY` (PKCS #1),
 * kmu-commands.md §5.4 G-50. Text around the block is ignored as OpenSSL ignores it.
 */
export function parsePublicKeyPem(text: string): Uint8Array { void text; return todo(); }

/**
 * A PEM private key file → PKCS #8 DER. Accepts `RSA PRIVATE KEY`, `EC PRIVATE KEY`,
 * `DSA PRIVATE KEY` and unencrypted `PRIVATE KEY` (§5.6); refuses ENCRYPTED PRIVATE KEY and a
 * fake PEM (§5.10) with FormatError.
 */
export function parsePrivateKeyPem(text: string): Uint8Array { void text; return todo(); }

/** SPKI DER → `-----BEGIN PUBLIC KEY-----` PEM text (64-character lines, trailing newline). */
export function publicKeyPem(spki: Uint8Array): string { void spki; return todo(); }

/** PKCS #8 DER → the traditional PEM OpenSSL writes: RSA PRIVATE KEY / EC PRIVATE KEY / DSA PRIVATE KEY. */
export function traditionalPrivateKeyPem(pkcs8: Uint8Array): string { void pkcs8; return todo(); }

/** PKCS #8 DER → `-----BEGIN PRIVATE KEY-----` PEM text. */
export function pkcs8Pem(pkcs8: Uint8Array): string { void pkcs8; return todo(); }

/**
 * The "fake PEM" of getCaviumPrivKey (kmu-commands.md §5.10, G-20; the format is described in
 * src/hsm/private-key-file.ts): the traditional PEM of `spki`'s key type (RSA PRIVATE KEY /
 * EC PRIVATE KEY) whose private value — RSA d (an INTEGER, CRT values 1), the EC private-key
 * OCTET STRING — holds `marker`'s bytes, with the real public part.
 */
export function fakePrivateKeyPem(spki: Uint8Array, marker: Uint8Array): string { void spki; void marker; return todo(); }

/** A pair from its private key: { privateKey: pkcs8, publicKey: publicKeyOf(pkcs8) }. */
export function pairOf(pkcs8: Uint8Array): KeyPairDer { return { privateKey: pkcs8, publicKey: publicKeyOf(pkcs8) }; }
