/**
 * Generating a key pair on the platform the engine runs on — shared by the HSM's generation
 * (src/hsm/ops/pairs.ts) and the client host's `openssl genrsa`/`genpkey`/`ecparam` (through the
 * host-tools module), so both follow one policy:
 *
 * 32 seed bytes are drawn from `env.rng` first (always, so seeded runs stay in step whichever engine
 * generates); outside seeded mode WebCrypto generates what it can (RSA e = 65537, P-256/384/521);
 * everything else — seeded mode, other exponents, P-224, secp256k1, DSA — runs
 * generateKeyPairFromSeed through `env.keygen` (a worker in the page) or inline when no port is given
 * (Node, tests). Slow generations show a progress line through `env.notice` (spec README decision 7);
 * `env.signal` abandons the work at once.
 */
import { generateKeyPairNative } from './lite';
import { randomBytes, type Rng } from '../rng';
import type { KeyPairDer, KeyPairSpec } from './types';

/** Runs generateKeyPairFromSeed somewhere else (the page's worker). */
export type KeygenPort = (
  spec: KeyPairSpec, seed: Uint8Array, opts?: { progress?: (fraction: number) => void; signal?: AbortSignal },
) => Promise<KeyPairDer>;

export interface KeygenEnv {
  rng: Rng;
  /** Seeded mode (spec README decision 3): every byte from the seed, never WebCrypto's own randomness. */
  seeded: boolean;
  notice?: ((text: string | null) => void) | undefined;
  keygen?: KeygenPort | undefined;
  signal?: AbortSignal | undefined;
}

/** A generation that failed for a reason of the platform (a worker that could not start or died). */
export class KeygenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeygenError';
  }
}

/** WebCrypto generates these itself (toolchain.md §15). */
function nativeAble(spec: KeyPairSpec): boolean {
  if (spec.kind === 'rsa') return spec.exponent === 65537n;
  return spec.kind === 'ec' && (spec.curve === 'P-256' || spec.curve === 'P-384' || spec.curve === 'P-521');
}

const describe = (spec: KeyPairSpec): string =>
  spec.kind === 'rsa' ? `an RSA ${spec.bits}-bit` : spec.kind === 'dsa' ? `a DSA ${spec.bits}-bit` : `an EC ${spec.curve}`;

/** Generations that take long enough to deserve a progress line (spec README decision 7). */
const slow = (spec: KeyPairSpec): boolean => spec.kind === 'dsa' || (spec.kind === 'rsa' && spec.bits >= 3072);

/** `promise`, or the abort reason as soon as `signal` fires (the work itself is abandoned). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

/** Generate a pair (see the header). Throws the signal's reason on abort, KeygenError on any other failure. */
export async function generatePairOnPlatform(env: KeygenEnv, spec: KeyPairSpec): Promise<KeyPairDer> {
  const seed = randomBytes(env.rng, 32);
  const { notice, signal } = env;
  const what = `Generating ${describe(spec)} key pair`;
  const shown = slow(spec);
  if (shown) notice?.(`${what}…`);
  try {
    if (!env.seeded && nativeAble(spec)) {
      const native = await abortable(generateKeyPairNative(spec), signal);
      if (native) return native;
    }
    let last = -1;
    const progress = (fraction: number) => {
      const pct = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (!shown || pct === last) return;
      last = pct;
      notice?.(`${what}… ${pct}%`);
    };
    if (env.keygen) return await abortable(env.keygen(spec, seed, { progress, ...(signal ? { signal } : {}) }), signal);
    signal?.throwIfAborted();
    // inline (Node, tests): the JavaScript engines load only here, never on the page's path
    const { generateKeyPairFromSeed } = await import('./seeded');
    signal?.throwIfAborted();
    const pair = generateKeyPairFromSeed(spec, seed, progress);
    signal?.throwIfAborted();
    return pair;
  } catch (e) {
    if (signal?.aborted && e === signal.reason) throw e; // Ctrl-C: the console reports it
    throw new KeygenError(e instanceof Error ? e.message : String(e));
  } finally {
    if (shown) notice?.(null);
  }
}
