/**
 * AES-GCM (NIST SP 800-38D) on top of the synchronous AES block function, for the GCM wrapping
 * mechanisms of key_mgmt_util (attributes.md §4.5). GHASH is plain TypeScript over BigInt: slow
 * (a few microseconds per block) but only ever run over keys and small files.
 *
 * `aesGcmEncrypt` returns ciphertext ‖ tag (tag truncated to `tagLength` bytes, 4…16; the callers
 * use 8…16); `aesGcmDecrypt` takes the same layout and throws `CryptoError('integrity check
 * failed')` on any mismatch, returning no plaintext. IVs of any non-zero length are accepted
 * (12 bytes is the fast path of §7.1).
 */
import { CryptoError } from './errors';
import { aesEncryptBlock } from './index';

const MASK128 = (1n << 128n) - 1n;
const R = 0xe1n << 120n;

const toBig = (b: Uint8Array, off = 0): bigint => {
  let x = 0n;
  for (let i = 0; i < 16; i++) x = (x << 8n) | BigInt(b[off + i] ?? 0);
  return x;
};

const toBytes = (x: bigint): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};

/** Multiplication in GF(2^128) with GCM's bit order (SP 800-38D §6.3, Algorithm 1). */
function gmul(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127; i >= 0; i--) {
    if ((x >> BigInt(i)) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z & MASK128;
}

/** GHASH_H over `parts`, each zero-padded to whole blocks, then the 64-bit bit lengths block. */
function ghash(h: bigint, a: Uint8Array, c: Uint8Array): bigint {
  let y = 0n;
  for (const part of [a, c]) {
    for (let off = 0; off < part.length; off += 16) {
      const block = new Uint8Array(16);
      block.set(part.subarray(off, Math.min(off + 16, part.length)));
      y = gmul(y ^ toBig(block), h);
    }
  }
  const lens = (BigInt(a.length * 8) << 64n) | BigInt(c.length * 8);
  return gmul(y ^ lens, h);
}

function checkArgs(key: Uint8Array, iv: Uint8Array, tagLength: number): void {
  if (!(key instanceof Uint8Array) || ![16, 24, 32].includes(key.length)) {
    throw new RangeError(`"key" expected Uint8Array of length 16/24/32, got length=${key?.length}`);
  }
  if (!(iv instanceof Uint8Array) || iv.length === 0) throw new RangeError('"iv" expected a non-empty Uint8Array');
  if (!Number.isInteger(tagLength) || tagLength < 4 || tagLength > 16) throw new RangeError(`"tagLength" expected 4..16, got ${tagLength}`);
}

/** J0 and the CTR keystream XORed over `data` starting at inc32(J0) (GCTR, §6.5). */
function core(key: Uint8Array, iv: Uint8Array, data: Uint8Array): { h: bigint; j0: Uint8Array; out: Uint8Array } {
  const h = toBig(aesEncryptBlock(key, new Uint8Array(16)));
  let j0: Uint8Array;
  if (iv.length === 12) {
    j0 = new Uint8Array(16);
    j0.set(iv);
    j0[15] = 1;
  } else {
    j0 = toBytes(ghash(h, new Uint8Array(0), iv));
  }
  const blocks = Math.ceil(data.length / 16);
  const out = new Uint8Array(data.length);
  if (blocks > 0) {
    const counters = new Uint8Array(blocks * 16);
    const view = new DataView(j0.buffer, j0.byteOffset, 16);
    const start = view.getUint32(12);
    for (let i = 0; i < blocks; i++) {
      counters.set(j0.subarray(0, 12), i * 16);
      new DataView(counters.buffer).setUint32(i * 16 + 12, (start + 1 + i) >>> 0);
    }
    const stream = aesEncryptBlock(key, counters);
    for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
  }
  return { h, j0, out };
}

function tagOf(key: Uint8Array, h: bigint, j0: Uint8Array, aad: Uint8Array, ct: Uint8Array, tagLength: number): Uint8Array {
  const s = toBytes(ghash(h, aad, ct));
  const ej0 = aesEncryptBlock(key, j0);
  const t = new Uint8Array(tagLength);
  for (let i = 0; i < tagLength; i++) t[i] = s[i]! ^ ej0[i]!;
  return t;
}

/** AES-GCM authenticated encryption: returns ciphertext ‖ tag (tagLength bytes). */
export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0), tagLength = 16): Uint8Array {
  checkArgs(key, iv, tagLength);
  const { h, j0, out } = core(key, iv, plaintext);
  const result = new Uint8Array(out.length + tagLength);
  result.set(out);
  result.set(tagOf(key, h, j0, aad, out, tagLength), out.length);
  return result;
}

/** AES-GCM authenticated decryption of ciphertext ‖ tag; throws CryptoError on any mismatch. */
export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array = new Uint8Array(0), tagLength = 16): Uint8Array {
  checkArgs(key, iv, tagLength);
  if (!(sealed instanceof Uint8Array) || sealed.length < tagLength) throw new CryptoError('integrity check failed');
  const ct = sealed.subarray(0, sealed.length - tagLength);
  const h = toBig(aesEncryptBlock(key, new Uint8Array(16)));
  const j0 = iv.length === 12 ? core(key, iv, new Uint8Array(0)).j0 : toBytes(ghash(h, new Uint8Array(0), iv));
  const want = tagOf(key, h, j0, aad, ct, tagLength);
  let diff = 0;
  for (let i = 0; i < tagLength; i++) diff |= want[i]! ^ sealed[ct.length + i]!;
  if (diff !== 0) throw new CryptoError('integrity check failed');
  return core(key, iv, ct).out;
}
