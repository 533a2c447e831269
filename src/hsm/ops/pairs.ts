/**
 * Generating key pairs inside the HSM (kmu-commands.md §5.1–5.3): genRSAKeyPair, genDSAKeyPair and
 * genECCKeyPair. Loaded lazily (it reaches src/crypto/asym): the command files import it with
 * `await import()` inside their run.
 *
 * The pair is generated BEFORE the unit of work, from 32 seed bytes drawn from hsm.deps.rng, so a
 * retried commit never generates again nor advances the seed; a failed generation leaves nothing.
 * Outside seeded mode WebCrypto generates what it can (RSA e = 65537, P-256/384/521); everything
 * else — seeded mode, other exponents, P-224, secp256k1, DSA — runs generateKeyPairFromSeed through
 * hsm.deps.keygen (a worker in the page) or inline when no port is given (Node, tests).
 */
import { generateKeyPairNative } from '../../crypto/asym/lite';
import type { KeyPairDer, KeyPairSpec } from '../../crypto/asym/types';
import { randomBytes } from '../../crypto/rng';
import { RC } from '../codes';
import { createObjects } from '../keys';
import { createKeyPair } from '../pairs';
import type { KmuSession } from '../session';
import { PlaygroundError, type Hsm } from '../world';
import { ladder, type Outcome } from './outcome';
import type { OpScope } from './runner';

/** What genRSAKeyPair/genDSAKeyPair/genECCKeyPair ask for (values already checked by the console). */
export interface GeneratePairRequest {
  /** What to generate; null = a request the HSM refuses under its FIPS policy (0xb3). */
  spec: KeyPairSpec | null;
  label: string;
  id: string;
  sessionKey: boolean;
  /** The private key's EXTRACTABLE (-nex). */
  extractable: boolean;
  shareWith: number[];
  mValue: number;
  minSrv: number;
  timeout: number | null;
}

/** A pair-creating operation's outcome: both handles on success, and the attestation result. */
export interface PairCreation extends Outcome {
  publicHandle?: number;
  privateHandle?: number;
  attestPass: boolean;
}

/** Runs a unit of work through the console's runner (KmuContext.transact). */
export type Transact = <T>(work: (scope: OpScope) => Promise<T>) => Promise<T>;

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

/**
 * Generate the pair: the seed is drawn first (always, so seeded runs stay in step whichever engine
 * generates), then WebCrypto when allowed, else the keygen port, else inline.
 */
export async function generatePair(hsm: Hsm, spec: KeyPairSpec): Promise<KeyPairDer> {
  const seed = randomBytes(hsm.deps.rng, 32);
  const notice = hsm.deps.notice;
  const what = `Generating ${describe(spec)} key pair`;
  const shown = slow(spec);
  if (shown) notice?.(`${what}…`);
  try {
    if (!hsm.seeded && nativeAble(spec)) {
      const native = await abortable(generateKeyPairNative(spec), hsm.signal);
      if (native) return native;
    }
    let last = -1;
    const progress = (fraction: number) => {
      const pct = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (!shown || pct === last) return;
      last = pct;
      notice?.(`${what}… ${pct}%`);
    };
    const keygen = hsm.deps.keygen;
    if (keygen) {
      return await abortable(keygen(spec, seed, { progress, ...(hsm.signal ? { signal: hsm.signal } : {}) }), hsm.signal);
    }
    hsm.signal?.throwIfAborted();
    // inline (Node, tests): the JavaScript engines load only here, never on the page's path
    const { generateKeyPairFromSeed } = await import('../../crypto/asym/seeded');
    hsm.signal?.throwIfAborted();
    const pair = generateKeyPairFromSeed(spec, seed, progress);
    hsm.signal?.throwIfAborted();
    return pair;
  } catch (e) {
    if (hsm.signal?.aborted && e === hsm.signal.reason) throw e; // Ctrl-C: the console reports it
    // a worker that could not start or died: an expected failure of the playground, nothing stored
    throw new PlaygroundError(`key generation failed (${e instanceof Error ? e.message : String(e)}); nothing was changed`);
  } finally {
    if (shown) notice?.(null);
  }
}

/**
 * genRSAKeyPair / genDSAKeyPair / genECCKeyPair: a request the FIPS policy refuses answers 0xb3
 * with every node at 0x30000085 (§5.3) and generates nothing; otherwise the pair is generated, then
 * created in one unit of work with createKeyPair's checks (share list 0xe9, ID 0xe2, capacity
 * 0xe6, -min_srv 0x30000085). The public key takes object index n, the private key n + 1.
 */
export async function generateKeyPair(hsm: Hsm, session: KmuSession, req: GeneratePairRequest, transact: Transact): Promise<PairCreation> {
  const pair = req.spec ? await generatePair(hsm, req.spec) : null;
  return transact(async (scope) => {
    if (!pair) {
      const c = await createObjects(scope, session, {
        objects: [], session: req.sessionKey, id: req.id, shareWith: req.shareWith, minSrv: req.minSrv, timeout: req.timeout,
        fipsRefused: true,
      });
      return { ...ladder(['generateKeyPair'], c.code, c.nodes), attestPass: c.attestPass };
    }
    const c = await createKeyPair(scope, session, pair, {
      label: req.label, id: req.id, session: req.sessionKey, local: true, extractable: req.extractable,
      shareWith: req.shareWith, mValue: req.mValue, minSrv: req.minSrv, timeout: req.timeout,
    });
    const ok = c.code === RC.SUCCESS && c.publicHandle !== undefined && c.privateHandle !== undefined;
    return {
      ...ladder(['generateKeyPair'], c.code, c.nodes, ok ? { created: [c.publicHandle!, c.privateHandle!] } : {}),
      ...(ok ? { publicHandle: c.publicHandle!, privateHandle: c.privateHandle! } : {}),
      attestPass: c.attestPass,
    };
  });
}
