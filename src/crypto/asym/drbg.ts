/**
 * HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1 §10.1.2), no prediction resistance, no reseed:
 * the deterministic expander behind seeded key generation (the same 32-byte seed gives the same
 * key on every engine) and a usable `Rng`.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Rng } from '../rng';

const OUTLEN = 32;
/** SP 800-90A Table 2: at most 2^19 bits per request. */
const MAX_REQUEST = 1 << 16;

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export class HmacDrbg implements Rng {
  private k = new Uint8Array(OUTLEN);
  private v = new Uint8Array(OUTLEN).fill(1);

  /** Instantiate with entropy_input ‖ nonce ‖ personalization_string (§10.1.2.3). */
  constructor(entropy: Uint8Array, nonce: Uint8Array = new Uint8Array(0), personalization: Uint8Array = new Uint8Array(0)) {
    this.update(concat(entropy, nonce, personalization));
  }

  /** HMAC_DRBG_Update (§10.1.2.2). */
  private update(provided: Uint8Array): void {
    this.k = hmac(sha256, this.k, concat(this.v, Uint8Array.of(0), provided));
    this.v = hmac(sha256, this.k, this.v);
    if (provided.length === 0) return;
    this.k = hmac(sha256, this.k, concat(this.v, Uint8Array.of(1), provided));
    this.v = hmac(sha256, this.k, this.v);
  }

  /** Reseed (§10.1.2.4) with entropy_input ‖ additional_input. */
  reseed(entropy: Uint8Array, additional: Uint8Array = new Uint8Array(0)): void {
    this.update(concat(entropy, additional));
  }

  /** HMAC_DRBG_Generate (§10.1.2.5) of one request (≤ 65536 bytes). */
  generate(length: number, additional: Uint8Array = new Uint8Array(0)): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || length > MAX_REQUEST) throw new RangeError(`HMAC_DRBG: bad request length ${length}`);
    if (additional.length > 0) this.update(additional);
    const out = new Uint8Array(length);
    for (let o = 0; o < length; o += OUTLEN) {
      this.v = hmac(sha256, this.k, this.v);
      out.set(this.v.subarray(0, Math.min(OUTLEN, length - o)), o);
    }
    this.update(additional);
    return out;
  }

  /** Rng port: fill `out`, in requests of at most 65536 bytes. */
  fill(out: Uint8Array): void {
    for (let o = 0; o < out.length; o += MAX_REQUEST) {
      const n = Math.min(MAX_REQUEST, out.length - o);
      out.set(this.generate(n), o);
    }
  }
}
