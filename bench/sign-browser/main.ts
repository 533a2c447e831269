/** Browser entry of the signature benchmark: exposes runSignBench() for bench/sign.bench.ts. */
import { runSignBench, type SignBenchOptions, type SignBenchResult } from '../sign-scenarios';

declare global {
  interface Window {
    runSignBench(opts: Omit<SignBenchOptions, 'log'>): Promise<SignBenchResult & { userAgent: string }>;
    signBenchReady: boolean;
  }
}

window.runSignBench = async (opts) => ({ ...(await runSignBench({ ...opts, log: (l) => console.log(l) })), userAgent: navigator.userAgent });
window.signBenchReady = true;
