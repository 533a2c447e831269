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
 * Signatures fixed by the issue-12 contract. This file imports src/crypto/asym statically, so it
 * is only ever imported by lazily loaded operations (never from the page's first script).
 */
import { describePublicKey, digest, publicKeyOf } from '../crypto/asym/lite';
import type { KeyPairDer, PublicInfo } from '../crypto/asym/types';
import { KEY_TYPE, newKeyAttrs, type AttrMap, type NewKeyRequest } from './attributes';
import { createObjects, type CreateOutcome, type NewObject } from './keys';
import type { KeyRecord } from './model';
import type { OpScope } from './ops/runner';
import type { KmuSession } from './session';

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
  /** The private key's two quorum values when they differ (G-CLI-29); absent: both mValue. */
  quorum?: Pick<KeyRecord, 'manageQuorum' | 'useQuorum'>;
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

const KEY_TYPE_OF = { rsa: KEY_TYPE.RSA, ec: KEY_TYPE.EC, dsa: KEY_TYPE.DSA } as const;
/** DSA keys' VALUE_LEN on both halves (attributes.md §3.2 REC). */
const DSA_VALUE_LEN = 256;

/** Big-endian bytes without leading zero bytes (at least one byte). */
function unsigned(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** The public values of a pair as attributes: MODULUS (the RSA modulus or the EC point), its bits, the exponent. */
function publicValues(info: PublicInfo): Pick<NewKeyRequest, 'modulus' | 'modulusBits' | 'publicExponent'> {
  switch (info.kind) {
    case 'rsa': return { modulus: unsigned(info.modulus).slice(), modulusBits: info.bits, publicExponent: unsigned(info.exponent).slice() };
    case 'ec': return { modulus: info.point.slice(), modulusBits: info.fieldBits };
    case 'dsa': return {};
  }
}

/**
 * VALUE_LEN (cloudhsm-cli.md §4.5, G-CLI-10): RSA public bits / 4, EC public the uncompressed
 * point's length, private keys their PKCS #8 length, DSA 256 on both halves.
 */
function valueLen(cls: 2 | 3, der: Uint8Array, info: PublicInfo): number {
  if (info.kind === 'dsa') return DSA_VALUE_LEN;
  if (cls === 3) return der.length;
  return info.kind === 'rsa' ? info.bits / 4 : info.point.length;
}

/** The attributes of a public (class 2) or private (class 3) key holding `der`. */
export function asymKeyAttrs(cls: 2 | 3, der: Uint8Array, opts: Pick<AsymCreateOptions, 'label' | 'id' | 'session' | 'local' | 'extractable'>): AttrMap {
  const spki = cls === 2 ? der : publicKeyOf(der);
  const info = describePublicKey(spki);
  // KCV: the first 3 bytes of SHA-1 over the SPKI, the same on both halves (attributes.md §5).
  const kcv = digest('SHA-1', spki).slice(0, 3);
  return newKeyAttrs(cls, {
    keyType: KEY_TYPE_OF[info.kind], label: opts.label, id: opts.id, session: opts.session, local: opts.local,
    extractable: cls === 2 ? true : opts.extractable, valueLen: valueLen(cls, der, info), kcv, ...publicValues(info),
  });
}

const syncOf = (opts: AsymCreateOptions) => ({
  session: opts.session, id: opts.id, shareWith: opts.shareWith, minSrv: opts.minSrv, timeout: opts.timeout,
  ...(opts.skipIdCheck ? { skipIdCheck: true } : {}),
});

/** The public half: usable by every CU, owned by its creator, never shared, no quorum. */
const publicObject = (spki: Uint8Array, opts: AsymCreateOptions): NewObject =>
  ({ attrs: { ...asymKeyAttrs(2, spki, opts), ...opts.attrs }, value: spki, shared: [], mValue: 0 });
/** The private half: -u and -m_value apply to it. */
const privateObject = (pkcs8: Uint8Array, opts: AsymCreateOptions): NewObject =>
  ({ attrs: { ...asymKeyAttrs(3, pkcs8, opts), ...opts.attrs }, value: pkcs8, shared: opts.shareWith, mValue: opts.mValue,
    ...(opts.quorum ? { quorum: opts.quorum } : {}) });

/** Create a pair: public key at object index n, private at n + 1 (cluster.md §8.2), one unit of work. */
export async function createKeyPair(scope: OpScope, session: KmuSession, pair: KeyPairDer, opts: AsymCreateOptions): Promise<PairCreateOutcome> {
  const c = await createObjects(scope, session, {
    objects: [publicObject(pair.publicKey, opts), privateObject(pair.privateKey, opts)], ...syncOf(opts),
  });
  return {
    code: c.code, nodes: c.nodes, attestPass: c.attestPass,
    ...(c.handles ? { publicHandle: c.handles[0]!, privateHandle: c.handles[1]! } : {}),
  };
}

/** Create one public key (importPubKey) or one private key (importPrivateKey, unWrapKey -kc 3). */
export async function createAsymKey(scope: OpScope, session: KmuSession, cls: 2 | 3, der: Uint8Array, opts: AsymCreateOptions): Promise<CreateOutcome> {
  const c = await createObjects(scope, session, {
    objects: [cls === 2 ? publicObject(der, opts) : privateObject(der, opts)], ...syncOf(opts),
  });
  return { code: c.code, nodes: c.nodes, attestPass: c.attestPass, ...(c.handles ? { handle: c.handles[0]! } : {}) };
}

/** Identities of objects that have none in the store (sessions, session key records), for cacheKeyOf. */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identityOf(o: object): number {
  let n = identities.get(o);
  if (n === undefined) identities.set(o, (n = nextIdentity++));
  return n;
}

const fingerprints = new WeakMap<Uint8Array, string>();

/**
 * FNV-1a over the key material: tells apart two keys that reuse a record id and revision (a reset).
 * Kept per byte array (a stored record's value is never changed in place; were it, the crypto
 * layer's cache still compares the bytes before it uses an entry): a warm signature does not hash
 * its key again.
 */
function fingerprint(b: Uint8Array): string {
  let f = fingerprints.get(b);
  if (f !== undefined) return f;
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  f = (h >>> 0).toString(16).padStart(8, '0');
  fingerprints.set(b, f);
  return f;
}

/**
 * The CryptoKey cache's name for a key's material (issue 12 point 4): cluster, record id and
 * revision for a token key; for a session key the session's own identity as well — never the
 * handle alone (handles repeat across clusters and after a reset; another tab may change a key).
 * The record id starts with the cluster's name, so `dropCachedKeys(key.id + '@')` forgets every
 * revision of one key and `dropCachedKeys(cluster + '/')` a cluster's keys.
 */
export function cacheKeyOf(key: KeyRecord, session: KmuSession): string {
  if (session.sessionKeys.get(key.handle) === key) return `${key.id}@session${identityOf(session)}.${identityOf(key)}#${fingerprint(key.value)}`;
  // a token key's name depends on its record alone (id, revision, bytes): kept per record object
  let name = tokenNames.get(key);
  if (name === undefined) tokenNames.set(key, (name = `${key.id}@${key.rev}#${fingerprint(key.value)}`));
  return name;
}

const tokenNames = new WeakMap<KeyRecord, string>();
