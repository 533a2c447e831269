/**
 * AES-GCM (NIST SP 800-38D) for the GCM wrapping mechanisms of key_mgmt_util (attributes.md
 * §4.5), synchronous, on the wasm core: GHASH is the constant-time `ghash` export of index.ts
 * (wasm/assembly/ghash.ts: H = AES_K(0^128) is computed and kept inside wasm) and the counter
 * mode is one AES-ECB call over the counter blocks J0, inc32(J0), inc32^2(J0), ... (the first
 * gives E_K(J0) for the tag). No branch or memory index here depends on key, data or tag: the
 * loops count bytes and blocks, and the tag is compared by OR-ing all byte differences before
 * the one accept/reject decision. With the constant-time AES core (`setAesCore('ct')`, the
 * default) the whole of AES-GCM is constant-time.
 *
 * `aesGcmEncrypt` returns ciphertext ‖ tag (tag truncated to `tagLength` bytes, 4…16, the first
 * bytes of the full tag, SP 800-38D §7.1 step 6 MSB_t; the callers use 8…16); `aesGcmDecrypt`
 * takes the same layout and throws `CryptoError('integrity check failed')` on any mismatch,
 * returning no plaintext. IVs of any non-zero length are accepted (12 bytes is the fast path of
 * §7.1 step 2; other lengths go through GHASH).
 */
import { CryptoError } from './errors';
import { aesEncryptBlock, ghash } from './index';

function checkArgs(key: Uint8Array, iv: Uint8Array, tagLength: number): void {
  if (!(key instanceof Uint8Array) || ![16, 24, 32].includes(key.length)) {
    throw new RangeError(`"key" expected Uint8Array of length 16/24/32, got length=${key?.length}`);
  }
  if (!(iv instanceof Uint8Array) || iv.length === 0) throw new RangeError('"iv" expected a non-empty Uint8Array');
  if (!Number.isInteger(tagLength) || tagLength < 4 || tagLength > 16) throw new RangeError(`"tagLength" expected 4..16, got ${tagLength}`);
}

/** [len(A)]_64 ‖ [len(C)]_64, the bit lengths as big-endian 64-bit integers (§7.1 step 5). */
function lengthsBlock(aBytes: number, cBytes: number): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, Math.floor(aBytes / 0x20000000));
  v.setUint32(4, (aBytes * 8) >>> 0);
  v.setUint32(8, Math.floor(cBytes / 0x20000000));
  v.setUint32(12, (cBytes * 8) >>> 0);
  return b;
}

/** J0 (§7.1 step 2): IV ‖ 0^31 ‖ 1 for a 96-bit IV, else GHASH_H(IV ‖ 0^(s+64) ‖ [len(IV)]_64). */
function j0Of(key: Uint8Array, iv: Uint8Array): Uint8Array {
  if (iv.length !== 12) return ghash(key, [iv, lengthsBlock(0, iv.length)]);
  const j0 = new Uint8Array(16);
  j0.set(iv);
  j0[15] = 1;
  return j0;
}

/** Counter blocks per ECB call: 64 Ki blocks (1 MiB), within the core's 1 MiB + 16 input limit. */
const CHUNK_BLOCKS = 65536;

/**
 * E_K(J0) (16 bytes) followed by the GCTR keystream for `len` bytes: AES of J0, inc32(J0), ...
 * (§6.2 inc32 and §6.5 GCTR; the counter is the last 32 bits, big-endian, mod 2^32).
 */
function keystream(key: Uint8Array, j0: Uint8Array, len: number): Uint8Array {
  const blocks = 1 + Math.ceil(len / 16);
  const out = new Uint8Array(blocks * 16);
  const start = new DataView(j0.buffer, j0.byteOffset, 16).getUint32(12);
  for (let first = 0; first < blocks; first += CHUNK_BLOCKS) {
    const n = Math.min(CHUNK_BLOCKS, blocks - first);
    const counters = new Uint8Array(n * 16);
    const view = new DataView(counters.buffer);
    for (let i = 0; i < n; i++) {
      counters.set(j0.subarray(0, 12), i * 16);
      view.setUint32(i * 16 + 12, (start + first + i) >>> 0);
    }
    out.set(aesEncryptBlock(key, counters), first * 16);
  }
  return out;
}

/** The full 16-byte tag E_K(J0) xor GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]_64 ‖ [len(C)]_64) (§7.1 steps 5-6). */
function fullTag(key: Uint8Array, ej0: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
  const s = ghash(key, [aad, ct, lengthsBlock(aad.length, ct.length)]);
  for (let i = 0; i < 16; i++) s[i]! ^= ej0[i]!;
  return s;
}

/** AES-GCM authenticated encryption (§7.1): returns ciphertext ‖ tag (tagLength bytes). */
export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0), tagLength = 16): Uint8Array {
  checkArgs(key, iv, tagLength);
  const stream = keystream(key, j0Of(key, iv), plaintext.length);
  const result = new Uint8Array(plaintext.length + tagLength);
  for (let i = 0; i < plaintext.length; i++) result[i] = plaintext[i]! ^ stream[16 + i]!;
  const tag = fullTag(key, stream, aad, result.subarray(0, plaintext.length));
  result.set(tag.subarray(0, tagLength), plaintext.length);
  stream.fill(0);
  return result;
}

/**
 * AES-GCM authenticated decryption (§7.2) of ciphertext ‖ tag: the tag is recomputed in full
 * and its first tagLength bytes compared in constant time before any plaintext is formed;
 * throws CryptoError('integrity check failed') on any mismatch.
 */
export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array = new Uint8Array(0), tagLength = 16): Uint8Array {
  checkArgs(key, iv, tagLength);
  if (!(sealed instanceof Uint8Array) || sealed.length < tagLength) throw new CryptoError('integrity check failed');
  const ctLen = sealed.length - tagLength;
  const ct = sealed.subarray(0, ctLen);
  const stream = keystream(key, j0Of(key, iv), ctLen);
  try {
    const want = fullTag(key, stream, aad, ct);
    let diff = 0;
    for (let i = 0; i < tagLength; i++) diff |= want[i]! ^ sealed[ctLen + i]!;
    if (diff !== 0) throw new CryptoError('integrity check failed');
    const out = new Uint8Array(ctLen);
    for (let i = 0; i < ctLen; i++) out[i] = ct[i]! ^ stream[16 + i]!;
    return out;
  } finally {
    stream.fill(0);
  }
}
