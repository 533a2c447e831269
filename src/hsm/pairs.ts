/**
 * Asymmetric key objects in the HSM (issue 12): the attributes of public and private keys
 * (attributes.md §3.2 as amended by cloudhsm-cli.md §4.5 — VALUE_LEN: RSA public bits/4, EC public
 * the uncompressed point's length, private keys their PKCS #8 length, DSA 256; KCV: the first 3
 * bytes of SHA-1 over the SPKI, the same on both halves), and their creation with the same checks
 * and synchronisation as secret keys (keys.ts).
 *
 * Storage: KeyRecord.value holds the DER — SubjectPublicKeyInfo for a public key (class 2), PKCS #8
 * for a private key (class 3) — as src/crypto/asym/types.ts describes.
 *
 * CONTRACT STUB (lead): signatures fixed; the key-pair generation helper fills in the bodies.
 * Nothing here may import src/crypto/asym statically from a module the page's first script reaches:
 * this file is only imported by lazily loaded operations.
 */
import type { KeyPairDer } from '../crypto/asym/types';
import type { AttrMap } from './attributes';
import type { CreateOutcome } from './keys';
import type { KeyRecord } from './model';
import type { OpScope } from './ops/runner';
import type { KmuSession } from './session';

const todo = (): never => { throw new Error('hsm/pairs.ts: not implemented yet'); };

/** Options shared by every asymmetric creation (the caller has checked the values' syntax). */
export interface AsymCreateOptions {
  label: string;
  id: string;
  /** -sess: both halves are session keys. */
  session: boolean;
  /** Generated inside the HSM (LOCAL 1) or imported / unwrapped / inserted (LOCAL 0). */
  local: boolean;
  /** The private key's EXTRACTABLE (public keys are always extractable). */
  extractable: boolean;
  /** -u: shares the private key only. */
  shareWith: number[];
  /** -m_value: quorum of the private key only. */
  mValue: number;
  minSrv: number;
  timeout: number | null;
  /** Attributes that replace the template's (an unwrap header or template). */
  attrs?: AttrMap;
  /** The ID came from a wrapped file's header: not checked for uniqueness (G-14). */
  skipIdCheck?: boolean;
}

export interface PairCreateOutcome extends Omit<CreateOutcome, 'handle'> {
  publicHandle?: number;
  privateHandle?: number;
}

/** The attributes of a public (class 2) or private (class 3) key holding `der`. */
export function asymKeyAttrs(cls: 2 | 3, der: Uint8Array, opts: Pick<AsymCreateOptions, 'label' | 'id' | 'session' | 'local' | 'extractable'>): AttrMap {
  void cls; void der; void opts; return todo();
}

/** Create a pair: public key at object index n, private at n + 1 (cluster.md §8.2), one unit of work. */
export async function createKeyPair(scope: OpScope, session: KmuSession, pair: KeyPairDer, opts: AsymCreateOptions): Promise<PairCreateOutcome> {
  void scope; void session; void pair; void opts; return todo();
}

/** Create one public key (importPubKey) or one private key (importPrivateKey, unWrapKey -kc 3). */
export async function createAsymKey(scope: OpScope, session: KmuSession, cls: 2 | 3, der: Uint8Array, opts: AsymCreateOptions): Promise<CreateOutcome> {
  void scope; void session; void cls; void der; void opts; return todo();
}

/**
 * The CryptoKey cache's name for a key's material (issue 12 point 4): cluster, record id and
 * revision for a token key; for a session key the session's own identity as well — never the
 * handle alone (handles repeat across clusters and after a reset; another tab may change a key).
 */
export function cacheKeyOf(key: KeyRecord, session: KmuSession): string {
  void key; void session; return todo();
}
