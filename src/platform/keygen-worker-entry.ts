/**
 * The key-pair generation worker (issue 12 point 3): runs generateKeyPairFromSeed off the main
 * thread so a long generation (RSA-4096, DSA, seeded mode, e ≠ 65537) never freezes the page.
 * Bundled as a classic (iife) worker inlined as a blob: it also runs from the single-file build
 * opened from file:// (toolchain.md §15; an ES-module blob worker fails silently there).
 *
 * Protocol: in { spec, seed }; out { progress } now and then, then { pair } or { error }.
 */
import { generateKeyPairFromSeed } from '../crypto/asym/index';
import type { KeyPairSpec } from '../crypto/asym/types';

interface Job { spec: KeyPairSpec; seed: Uint8Array }

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  const { spec, seed } = e.data;
  try {
    let last = -1;
    const pair = generateKeyPairFromSeed(spec, seed, (fraction) => {
      const pct = Math.floor(fraction * 100);
      if (pct !== last) { last = pct; scope.postMessage({ progress: fraction }); }
    });
    // copies own their buffers: two views of one buffer cannot both be transferred
    const out = { privateKey: pair.privateKey.slice(), publicKey: pair.publicKey.slice() };
    scope.postMessage({ pair: out }, [out.privateKey.buffer, out.publicKey.buffer] as Transferable[]);
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
