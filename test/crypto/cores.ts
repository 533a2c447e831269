/**
 * The two AES cores of the wasm module. Every crypto suite (Wycheproof, RFC / FIPS known
 * answers, differential vs node:crypto, tampering, PKCS#5, wiping) runs once per core:
 * `describe.each(CORES)('core %s', (core) => { useCore(core); ... })`.
 */
import { afterAll, beforeAll } from 'vitest';
import { getAesCore, setAesCore, type AesCoreName } from '../../src/crypto/index';

export const CORES: readonly AesCoreName[] = ['table', 'ct'];

/** Inside a describe block: its tests run with `core` selected; the previous core is restored after. */
export function useCore(core: AesCoreName, also?: (core: AesCoreName) => void): void {
  let previous: AesCoreName = 'table';
  beforeAll(() => {
    previous = getAesCore();
    setAesCore(core);
    also?.(core);
  });
  afterAll(() => setAesCore(previous));
}
