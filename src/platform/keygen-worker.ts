/**
 * HsmDeps.keygen for the page: each generation runs in its own worker (created from the inlined
 * iife bundle of keygen-worker-entry.ts, loaded on first use), which is terminated when it answers
 * or when the learner presses Ctrl-C — an abandoned job never keeps a core busy.
 * This file is small and static; the worker's code (the asymmetric engines) loads only on first use.
 */
import type { KeyPairDer, KeyPairSpec } from '../crypto/asym/types';
import type { HsmDeps } from '../hsm/world';

type WorkerCtor = new () => Worker;
let ctor: Promise<WorkerCtor> | undefined;
const load = () => (ctor ??= import('./keygen-worker-entry?worker&inline').then((m) => m.default as WorkerCtor));

/** Make the keygen port: generateKeyPairFromSeed in a worker. */
export function keygenWorker(): NonNullable<HsmDeps['keygen']> {
  return async (spec: KeyPairSpec, seed: Uint8Array, opts = {}): Promise<KeyPairDer> => {
    opts.signal?.throwIfAborted();
    const Ctor = await load();
    opts.signal?.throwIfAborted();
    const worker = new Ctor();
    return new Promise<KeyPairDer>((resolve, reject) => {
      const done = () => { worker.terminate(); opts.signal?.removeEventListener('abort', onAbort); };
      const onAbort = () => { done(); reject(opts.signal!.reason); };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = (e: MessageEvent<{ progress?: number; pair?: KeyPairDer; error?: string }>) => {
        const m = e.data;
        if (m.progress !== undefined) { opts.progress?.(m.progress); return; }
        done();
        if (m.pair) resolve(m.pair);
        else reject(new Error(m.error ?? 'unknown error'));
      };
      worker.onerror = (e) => { done(); reject(new Error(`the worker failed: ${e.message || 'it could not start'}`)); };
      worker.postMessage({ spec, seed });
    });
  };
}
