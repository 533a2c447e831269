/**
 * The raw RSA the host's openssl needs beyond the crypto facade (which signs and verifies whole
 * messages): the public operation, to tell OpenSSL's reasons for a failed verification apart
 * (wrong length, invalid padding, bad signature) and to check PSS signatures of any salt length
 * (OpenSSL signs with the longest salt, the facade with the hash's length); and the private
 * operation for `pkeyutl -sign` / `rsautl -sign` over bytes that are already a digest or raw data.
 * Numbers come from the key's DER (openssl-text.ts); hashes from the facade.
 */
import { bytesOfBig, modPow, type KeyParts } from './openssl-text';
import { errLine } from './openssl-common';
import type { AsymCrypto, HashName } from './tools';

type RsaParts = Extract<KeyParts, { kind: 'rsa' }>;

export const modulusBytes = (k: RsaParts) => Math.ceil(k.n.toString(16).length / 2);

const big = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt('0x' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('')));

/** s^e mod n, as k bytes (undefined when s ≥ n). */
export function rsaPublic(k: RsaParts, sig: Uint8Array): Uint8Array | undefined {
  const s = big(sig);
  if (s >= k.n) return undefined;
  return bytesOfBig(modPow(s, k.e, k.n), modulusBytes(k));
}

/** m^d mod n by the CRT, as k bytes. */
export function rsaPrivate(k: RsaParts, em: Uint8Array): Uint8Array {
  const m = big(em);
  const { p, q, dp, dq, qi } = k as Required<RsaParts>;
  const m1 = modPow(m, dp, p);
  const m2 = modPow(m, dq, q);
  const h = (((m1 - m2) % p) + p) % p * qi % p;
  return bytesOfBig(m2 + h * q, modulusBytes(k));
}

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<HashName, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-224': '302d300d06096086480165030402040500041c',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};
export const HASH_LENGTH: Record<HashName, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

export const digestInfo = (hash: HashName, digest: Uint8Array) => Uint8Array.from([...fromHex(DIGEST_INFO[hash]), ...digest]);

/** EMSA-PKCS1-v1_5 type 1 padding of `t` into k bytes (undefined when it does not fit). */
export function pad1(t: Uint8Array, k: number): Uint8Array | undefined {
  if (t.length > k - 11) return undefined;
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

/**
 * What type 1 padding holds, or the error line OpenSSL 3.0's RSA_padding_check_PKCS1_type_1 queues
 * for the first fault it meets, in its order (each line checked against the real openssl with a
 * block made for it; test/host-tools/openssl-padding.test.ts).
 */
export function checkPad1(em: Uint8Array): { data: Uint8Array } | { error: string } {
  const fault = (code: string, reason: string, line: number) => ({ error: errLine(code, 'rsa routines', 'RSA_padding_check_PKCS1_type_1', reason, `../crypto/rsa/rsa_pk1.c:${line}`) });
  if (em[0] !== 0) return fault('0200008A', 'invalid padding', 75);
  if (em[1] !== 1) return fault('0200006A', 'block type is not 01', 82);
  let i = 2;
  for (; i < em.length && em[i] !== 0; i++) if (em[i] !== 0xff) return fault('02000066', 'bad fixed header decrypt', 94);
  if (i === em.length) return fault('02000071', 'null before block missing', 102);
  if (i - 2 < 8) return fault('02000067', 'bad pad byte count', 107);
  return { data: em.subarray(i + 1) };
}

/** What type 1 padding holds, or undefined when the padding is not valid. */
export function unpad1(em: Uint8Array): Uint8Array | undefined {
  const r = checkPad1(em);
  return 'data' in r ? r.data : undefined;
}

/** The first error line of a signature whose block is not type 1 padding (or has no block: the wrong length). */
export const pad1Error = (em: Uint8Array | undefined): string => {
  const r = em ? checkPad1(em) : undefined;
  return r && 'error' in r ? r.error : errLine('0200008A', 'rsa routines', 'RSA_padding_check_PKCS1_type_1', 'invalid padding', '../crypto/rsa/rsa_pk1.c:75');
};

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

const rsaLib = (line: number) => errLine('1C880004', 'Provider routines', 'rsa_verify', 'RSA lib', `../providers/implementations/signature/rsa_sig.c:${line}`);

/**
 * Verify an RSA signature over `digest` as OpenSSL's rsa_verify does: PKCS #1 v1.5, or PSS with
 * MGF1 of the same hash and any salt length. The error lines OpenSSL queues when it fails.
 */
export function rsaVerifyDigest(
  asym: AsymCrypto, k: RsaParts, padding: 'pkcs1' | 'pss', hash: HashName, digest: Uint8Array, sig: Uint8Array, saltLength: 'auto' | 'digest' | 'max' | number = 'auto',
): { ok: true } | { ok: false; lines: string[] } {
  const len = modulusBytes(k);
  if (padding === 'pkcs1') {
    if (sig.length !== len) {
      return { ok: false, lines: [errLine('02000077', 'rsa routines', 'ossl_rsa_verify', 'wrong signature length', '../crypto/rsa/rsa_sign.c:339'), rsaLib(769)] };
    }
    const em = rsaPublic(k, sig);
    const t = em && unpad1(em);
    if (!t) {
      return {
        ok: false, lines: [
          pad1Error(em),
          errLine('02000072', 'rsa routines', 'rsa_ossl_public_decrypt', 'padding check failed', '../crypto/rsa/rsa_ossl.c:590'), rsaLib(769),
        ],
      };
    }
    if (equal(t, digestInfo(hash, digest))) return { ok: true };
    return { ok: false, lines: [errLine('02000068', 'rsa routines', 'ossl_rsa_verify', 'bad signature', '../crypto/rsa/rsa_sign.c:429'), rsaLib(769)] };
  }
  const badPss = (reason: string, code: string, line: number) => ({
    ok: false as const, lines: [errLine(code, 'rsa routines', 'RSA_verify_PKCS1_PSS_mgf1', reason, `../crypto/rsa/rsa_pss.c:${line}`), rsaLib(810)],
  });
  if (sig.length !== len) {
    return { ok: false, lines: [errLine('02000077', 'rsa routines', 'ossl_rsa_verify', 'wrong signature length', '../crypto/rsa/rsa_sign.c:339'), rsaLib(810)] };
  }
  const full = rsaPublic(k, sig);
  if (!full) return badPss('bad signature', '02000068', 133);
  // EMSA-PSS-VERIFY (RFC 8017 §9.1.2), emBits = modBits − 1, salt length recovered
  const hLen = HASH_LENGTH[hash];
  const modBits = k.n.toString(2).length;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = full.subarray(full.length - emLen);
  if (full.length > emLen && full[0] !== 0) return badPss('first octet invalid', '02000085', 84);
  if (em[emLen - 1] !== 0xbc) return badPss('last octet invalid', '02000086', 94);
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = mgf1(asym, hash, h, maskedDb.length);
  const db = maskedDb.map((b, i) => b ^ mask[i]!);
  db[0]! &= 0xff >> (8 * emLen - emBits);
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (db[i] !== 1) return badPss('salt length recovery failed', '0200008B', 121);
  const salt = db.subarray(i + 1);
  const expected = saltLength === 'digest' ? hLen : saltLength === 'max' ? emLen - hLen - 2 : saltLength;
  if (expected !== 'auto' && salt.length !== expected) {
    return {
      ok: false, lines: [errLine('02000088', 'rsa routines', 'RSA_verify_PKCS1_PSS_mgf1', 'salt length check failed', '../crypto/rsa/rsa_pss.c:117',
        `expected: ${expected} retrieved: ${salt.length}`), rsaLib(810)],
    };
  }
  const mPrime = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, ...digest, ...salt]);
  return equal(asym.digest(hash, mPrime), h) ? { ok: true } : badPss('bad signature', '02000068', 133);
}

function mgf1(asym: AsymCrypto, hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out: number[] = [];
  for (let c = 0; out.length < length; c++) {
    out.push(...asym.digest(hash, Uint8Array.from([...seed, c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255])));
  }
  return Uint8Array.from(out.slice(0, length));
}
