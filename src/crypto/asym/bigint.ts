/**
 * BigInt arithmetic of the asymmetric engines: conversions, modular exponentiation and inverse,
 * a small-prime sieve and Miller–Rabin with bases drawn from a caller's random source.
 * Not constant-time (JavaScript BigInt never is); the playground's keys are teaching keys.
 */

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt('0x' + hex);
}

/** Big-endian, exactly `length` bytes (RangeError if it does not fit). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  if (value < 0n) throw new RangeError('negative integer');
  const hex = value.toString(16);
  if (hex.length > length * 2 && value !== 0n) throw new RangeError('integer too large');
  const out = new Uint8Array(length);
  const padded = hex.padStart(length * 2, '0');
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Minimal big-endian bytes (at least one byte). */
export function bigIntToMinBytes(value: bigint): Uint8Array {
  return bigIntToBytes(value, Math.max(1, byteLength(value)));
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

export function byteLength(value: bigint): number {
  return Math.ceil(bitLength(value) / 8);
}

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** base^exp mod m (m > 0, exp >= 0), left-to-right with a 4-bit fixed window. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  if (exp < 0n) throw new RangeError('negative exponent');
  const b = mod(base, m);
  if (exp < 16n) {
    let r = 1n;
    for (let i = 0n; i < exp; i++) r = (r * b) % m;
    return r;
  }
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * b) % m);
  const hex = exp.toString(16);
  let r = table[parseInt(hex[0]!, 16)]!;
  for (let i = 1; i < hex.length; i++) {
    r = (r * r) % m; r = (r * r) % m; r = (r * r) % m; r = (r * r) % m;
    const d = parseInt(hex[i]!, 16);
    if (d !== 0) r = (r * table[d]!) % m;
  }
  return r;
}

export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a; b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

/** a^−1 mod m (RangeError when not invertible). */
export function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('not invertible');
  return mod(s0, m);
}

/** Odd primes below 2^14 (1899 of them), for trial division and sieving. */
export const SMALL_PRIMES: readonly number[] = (() => {
  const limit = 1 << 14;
  const composite = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1;
  }
  return primes;
})();

/** Groups of small primes whose product stays below 2^53: one BigInt remainder per group. */
const PRIME_GROUPS: readonly { product: bigint; primes: number[] }[] = (() => {
  const groups: { product: bigint; primes: number[] }[] = [];
  let current: number[] = [];
  let product = 1;
  for (const p of SMALL_PRIMES) {
    if (product * p >= 2 ** 53) {
      groups.push({ product: BigInt(product), primes: current });
      current = []; product = 1;
    }
    current.push(p); product *= p;
  }
  if (current.length > 0) groups.push({ product: BigInt(product), primes: current });
  return groups;
})();

/** Whether n has a prime factor below 2^14 (other than itself). */
export function hasSmallFactor(n: bigint): boolean {
  if ((n & 1n) === 0n) return n !== 2n;
  for (const g of PRIME_GROUPS) {
    const r = Number(n % g.product);
    for (const p of g.primes) if (r % p === 0 && n !== BigInt(p)) return true;
  }
  return false;
}

/** Remainders of n modulo every small prime (for an incremental sieve). */
export function smallResidues(n: bigint): Uint32Array {
  const out = new Uint32Array(SMALL_PRIMES.length);
  let k = 0;
  for (const g of PRIME_GROUPS) {
    const r = Number(n % g.product);
    for (const p of g.primes) out[k++] = r % p;
  }
  return out;
}

/** A uniform integer in [lo, hi] from `randomBytes` (rejection sampling). */
export function randomBigIntInRange(lo: bigint, hi: bigint, randomBytes: (n: number) => Uint8Array): bigint {
  if (hi < lo) throw new RangeError('empty range');
  const span = hi - lo;
  const bits = bitLength(span);
  if (bits === 0) return lo;
  const nbytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const v = bytesToBigInt(randomBytes(nbytes)) & mask;
    if (v <= span) return lo + v;
  }
}

/**
 * Miller–Rabin with `rounds` bases uniform in [2, n − 2] drawn from `randomBytes` (FIPS 186-4
 * C.3.1). Expects an odd n > 3 that passed trial division; handles small n anyway.
 */
export function millerRabin(n: bigint, rounds: number, randomBytes: (n: number) => Uint8Array): boolean {
  if (n < 2n) return false;
  if (n < 4n) return true;
  if ((n & 1n) === 0n) return false;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) { d >>= 1n; s++; }
  for (let i = 0; i < rounds; i++) {
    const a = n <= 4n ? 2n : randomBigIntInRange(2n, n - 2n, randomBytes);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let j = 1; j < s; j++) {
      x = (x * x) % n;
      if (x === n - 1n) { composite = false; break; }
      if (x === 1n) break;
    }
    if (composite) return false;
  }
  return true;
}

/** Trial division then Miller–Rabin. */
export function isProbablePrime(n: bigint, rounds: number, randomBytes: (n: number) => Uint8Array): boolean {
  if (n < 2n) return false;
  if (n < BigInt(1 << 14)) {
    if (n === 2n) return true;
    return (n & 1n) === 1n && SMALL_PRIMES.includes(Number(n));
  }
  if (hasSmallFactor(n)) return false;
  return millerRabin(n, rounds, randomBytes);
}
