/**
 * The AES cores of the wasm module, and the two builds of the module. Every crypto suite
 * (Wycheproof, RFC / FIPS known answers, differential vs node:crypto, tampering, PKCS#5,
 * wiping) runs once per configuration:
 * `describe.each(CORES)('core $name', (config) => { useCore(config); ... })`.
 */
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll } from 'vitest';
import { __TESTS, getAesCore, setAesCore, type AesCoreName, type WasmVariant } from '../../src/crypto/index';

// Node 20 (V8 11.3) has relaxed SIMD behind a flag (on by default from Node 22 / Chromium 114);
// turn it on so release-relaxed.wasm, the build Chromium runs, is tested here too.
setFlagsFromString('--experimental-wasm-relaxed-simd');

export interface CoreConfig { name: string; core: AesCoreName; module: WasmVariant }

export const CORES: readonly CoreConfig[] = [
  { name: 'table', core: 'table', module: 'simd' },
  { name: 'ct (release.wasm)', core: 'ct', module: 'simd' },
  { name: 'ct (release-relaxed.wasm)', core: 'ct', module: 'relaxed' },
];

/** Inside a describe block: its tests run on `config`; the previous AES core is restored after. */
export function useCore(config: CoreConfig, also?: (core: AesCoreName) => void): void {
  let previous: AesCoreName = 'table';
  beforeAll(async () => {
    previous = getAesCore();
    await __TESTS.useModule(config.module);
    setAesCore(config.core);
    also?.(config.core);
  });
  afterAll(() => setAesCore(previous));
}
