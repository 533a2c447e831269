/**
 * Randomness port. The engine takes every random byte (key material, salts, serving-HSM choice)
 * from an `Rng`, so a seeded one makes whole sessions reproducible (spec README decision 3).
 * This file is the only place in the engine that may touch `globalThis.crypto`.
 */
export interface Rng {
  /** Fill `out` with random bytes. */
  fill(out: Uint8Array): void;
}

export function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  rng.fill(out);
  return out;
}

/** Uniform integer in [0, n) by rejection sampling (n <= 2^32). */
export function randomInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`randomInt: bad bound ${n}`);
  const buf = new Uint8Array(4);
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    rng.fill(buf);
    const v = ((buf[0]! << 24) | (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!) >>> 0;
    if (v < limit) return v % n;
  }
}

/** The platform's CSPRNG (browser and Node >= 19 both expose `globalThis.crypto`). */
export function systemRng(): Rng {
  return {
    fill(out) {
      for (let i = 0; i < out.length; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, i + 65536) as Uint8Array<ArrayBuffer>);
    },
  };
}

/**
 * Deterministic generator for seeded mode and tests: xoshiro128** seeded through splitmix32.
 * Not cryptographically secure, and never used unless the learner (or a test) asks for a seed.
 */
export function seededRng(seed: number): Rng {
  let x = seed >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()];
  const rotl = (v: number, k: number) => ((v << k) | (v >>> (32 - k))) >>> 0;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!; s[3]! ^= s[1]!; s[1]! ^= s[2]!; s[0]! ^= s[3]!;
    s[2]! ^= t; s[3] = rotl(s[3]!, 11);
    return result;
  };
  return {
    fill(out) {
      for (let i = 0; i < out.length; i += 4) {
        const v = next();
        for (let j = 0; j < 4 && i + j < out.length; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
      }
    },
  };
}
