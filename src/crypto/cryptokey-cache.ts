/**
 * Forgetting cached CryptoKeys without loading the asymmetric facade (issue 12 point 2: imported
 * CryptoKeys are kept per key and dropped on delete, attribute change and reset). The cache lives in
 * the lazily loaded src/crypto/asym/webcrypto.ts, which registers its drop function here when it
 * loads; until then nothing is cached and there is nothing to drop. Tiny and static, so the HSM's
 * first-script operations (deleteKey, setAttribute, reset) can call it.
 */
let drop: ((prefix: string) => void) | undefined;

/** Called once by the cache's module when it loads. */
export function registerCryptoKeyDrop(fn: (prefix: string) => void): void {
  drop = fn;
}

/** Forget every cached CryptoKey whose cache key starts with `prefix` ('' = all). */
export function forgetCryptoKeys(prefix: string): void {
  drop?.(prefix);
}
