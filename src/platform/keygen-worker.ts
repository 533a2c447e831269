/**
 * HsmDeps.keygen for the page: each generation runs in a worker (created from the inlined iife
 * bundle of keygen-worker-entry.ts, loaded on first use). A worker that answered is kept, idle,
 * for the next generation (one at most): starting a worker — a new JavaScript VM that parses and
 * compiles the engines again while it starts its hot loops — competed with the page's main thread
 * for the CPU right when a generation began (WebKit, issue 12's long task), and a warm one does not.
 * A worker whose job is abandoned (Ctrl-C) or failed is terminated at once: an abandoned job never
 * keeps a core busy. This file is small and static; the worker's code loads only on first use.
 */
import type { KeyPairDer, KeyPairSpec } from '../crypto/asym/types';
import type { HsmDeps } from '../hsm/world';

type WorkerCtor = new () => Worker;
let ctor: Promise<WorkerCtor> | undefined;
const load = () => (ctor ??= import('./keygen-worker-entry?worker&inline').then((m) => m.default as WorkerCtor));

/** The warm worker that answered last, waiting for a job (undefined when none or when it is busy). */
let idle: Worker | undefined;

/** Make the keygen port: generateKeyPairFromSeed in a worker. */
export function keygenWorker(): NonNullable<HsmDeps['keygen']> {
  return async (spec: KeyPairSpec, seed: Uint8Array, opts = {}): Promise<KeyPairDer> => {
    opts.signal?.throwIfAborted();
    const Ctor = await load();
    opts.signal?.throwIfAborted();
    const worker = idle ?? new Ctor();
    idle = undefined;
    return new Promise<KeyPairDer>((resolve, reject) => {
      const detach = () => {
        worker.onmessage = null;
        worker.onerror = null;
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const kill = () => { detach(); worker.terminate(); };
      const onAbort = () => { kill(); reject(opts.signal!.reason); };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = (e: MessageEvent<{ progress?: number; pair?: KeyPairDer; error?: string }>) => {
        const m = e.data;
        if (m.progress !== undefined) { opts.progress?.(m.progress); return; }
        if (m.pair) {
          detach();
          if (idle === undefined) idle = worker; // kept warm for the next generation
          else worker.terminate();
          resolve(m.pair);
        } else {
          kill();
          reject(new Error(m.error ?? 'unknown error'));
        }
      };
      worker.onerror = (e) => { kill(); reject(new Error(`the worker failed: ${e.message || 'it could not start'}`)); };
      worker.postMessage({ spec, seed });
    });
  };
}
