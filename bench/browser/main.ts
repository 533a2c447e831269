/**
 * Browser entry of the AES-KW benchmark: exposes runAesKwBench() for bench/aeskw.bench.ts,
 * which builds this page with Vite, serves it cross-origin isolated (COOP/COEP, so
 * performance.now() has 5 µs resolution) and calls it through playwright-core.
 */
import simdUrl from '../../wasm/build/release.wasm?url';
import relaxedUrl from '../../wasm/build/release-relaxed.wasm?url';
import { relaxedSimdSupported } from '../../src/crypto/index';
import { runBench, type BenchOptions, type BenchResult } from '../aeskw-scenarios';

declare global {
  interface Window {
    runAesKwBench(opts: Omit<BenchOptions, 'wasmBytes' | 'wasmVariant' | 'log'>): Promise<BenchResult & { userAgent: string; crossOriginIsolated: boolean }>;
    aesKwBenchReady: boolean;
  }
}

window.runAesKwBench = async (opts) => {
  const variant = relaxedSimdSupported() ? 'relaxed' : 'simd'; // the build initCrypto() loads
  const wasmBytes = new Uint8Array(await (await fetch(variant === 'relaxed' ? relaxedUrl : simdUrl)).arrayBuffer());
  const result = await runBench({ ...opts, wasmBytes, wasmVariant: variant, log: (line) => console.log(line) });
  return { ...result, userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated };
};
window.aesKwBenchReady = true;
