/** Clock port: real time in the browser, an injected fake in tests (spec README decision 9). */
export interface Clock {
  now(): number;
  /** Resolve after `ms` milliseconds (or reject with an AbortError when `signal` fires). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
    }),
};
