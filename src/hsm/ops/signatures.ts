/**
 * sign and verify (kmu-commands.md §5.8, §5.9, G-48): the ordered checks of the key and the
 * mechanism (sign-mechanisms.ts), then the asymmetric crypto layer. Every CU may verify with any
 * public key; signing takes a private key the user owns or shares, with SIGN = 1, of the
 * mechanism's key type, and no quorum (0xe7, G-17). A CryptoKey imported for a key is kept under
 * the key's cache name (cluster, record, revision; pairs.ts cacheKeyOf). In seeded mode every
 * random input (PSS salts) comes from the seeded generator and ECDSA uses RFC 6979 nonces.
 *
 * Loaded lazily (the commands `await import()` it): it pulls in the asymmetric crypto layer.
 */
import { sign as asymSign, verify as asymVerify, type AsymOptions, type SignMechanism } from '../../crypto/asym/lite';
import { A, CLASS } from '../attributes';
import { allNodes } from '../auth';
import { RC } from '../codes';
import { lookupKey, lookupKeyNow } from '../keys';
import type { ClusterRecord, KeyRecord } from '../model';
import { cacheKeyOf } from '../pairs';
import { keyAllows } from '../policy';
import { useQuorum } from '../quorum';
import { NOT_HELD } from '../store';
import type { KmuSession } from '../session';
import { SIGN_MECHANISM_BY_NUMBER, type SignMechanismRow } from '../sign-mechanisms';
import type { Hsm } from '../world';
import { ladder, type Outcome } from './outcome';
import type { OpScope } from './runner';

/** The crypto options of an operation with `key`: its cache name, and the seeded generator in seeded mode. */
export function asymOptions(hsm: Hsm, key: KeyRecord, session: KmuSession): AsymOptions {
  return hsm.seeded ? { rng: hsm.deps.rng, cacheKey: cacheKeyOf(key, session) } : { cacheKey: cacheKeyOf(key, session) };
}

/** The crypto layer's mechanism for each row, made once (the layer keeps what it learns per mechanism object). */
const LAYER_MECHANISMS = new WeakMap<SignMechanismRow, SignMechanism>();
function layerMechanism(row: SignMechanismRow): SignMechanism {
  let m = LAYER_MECHANISMS.get(row);
  if (m === undefined) LAYER_MECHANISMS.set(row, (m = Object.freeze({ scheme: row.scheme, hash: row.hash })));
  return m;
}

const HASH_BYTES: Readonly<Record<SignMechanismRow['hash'], number>> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/**
 * Whether an RSA modulus of `bits` can carry a PSS encoding with this hash and a salt as long as it
 * (RFC 8017 §9.1.1: emLen ≥ 2·hLen + 2, emLen = ⌈(bits − 1) / 8⌉) — a small key imported from
 * elsewhere cannot take SHA512_RSA_PKCS_PSS, for instance.
 */
function pssFits(bits: unknown, mech: SignMechanismRow): boolean {
  return mech.scheme !== 'rsa-pss' || (typeof bits === 'number' && Math.ceil((bits - 1) / 8) >= 2 * HASH_BYTES[mech.hash] + 2);
}

/** Whether `key` (of class `cls`, with attribute `flag` = 1) fits mechanism `mech` (and its size, for PSS). */
const fits = (key: KeyRecord, cls: number, flag: number, mech: SignMechanismRow) =>
  key.attrs[A.CLASS] === cls && key.attrs[flag] === 1 && key.attrs[A.KEY_TYPE] === mech.keyType && pssFits(key.attrs[A.MODULUS_BITS], mech);

export interface SignOutcome extends Outcome {
  signature?: Uint8Array;
}

/**
 * sign: the key (0xa8), the user's right to use it (0xc6), a private key with SIGN = 1 of the
 * mechanism's key type and size (0xc6: symmetric keys, public keys, DSA keys, RSA with an ECDSA
 * mechanism, a PSS encoding longer than the modulus), no quorum (0xe7). Every HSM of the cluster is
 * listed (§1.7).
 */
export function signData(scope: OpScope, session: KmuSession, args: { k: number; m: number; data: Uint8Array }): Promise<SignOutcome> {
  // (no async function, as verifyData: the cluster and the key without a promise when at hand)
  try {
    const { hsm, tx } = scope;
    const cluster = hsm.clusterNow(tx, session.cluster);
    const mech = SIGN_MECHANISM_BY_NUMBER.get(args.m);
    if (!mech) throw new RangeError(`sign: no mechanism ${args.m}`); // the console checks -m against the same table
    const key = cluster === NOT_HELD ? NOT_HELD : lookupKeyNow(tx, session, args.k);
    if (cluster === NOT_HELD || key === NOT_HELD) {
      return Promise.all([hsm.cluster(tx, session.cluster), lookupKey(tx, session, args.k)]).then(([c, k]) => signWith(scope, session, mech, c, k, args.data));
    }
    return signWith(scope, session, mech, cluster, key, args.data);
  } catch (e) {
    return Promise.reject(e);
  }
}

function signWith(
  scope: OpScope, session: KmuSession, mech: SignMechanismRow, cluster: ClusterRecord, key: KeyRecord | undefined, data: Uint8Array,
): Promise<SignOutcome> {
  const code = !key ? RC.INVALID_HANDLE
    : !keyAllows(key, session.user!.userId, 'use') || !fits(key, CLASS.PRIVATE, A.SIGN, mech) ? RC.ACCESS_DENIED
      : useQuorum(key) > 0 ? RC.MXN_AUTH_FAILED : RC.SUCCESS;
  if (code !== RC.SUCCESS) return Promise.resolve(ladder(['sign'], code, allNodes(cluster, code)));
  return asymSign(key!.value, layerMechanism(mech), data, asymOptions(scope.hsm, key!, session)).then(
    (signature): SignOutcome => {
      const out: SignOutcome = ladder(['sign'], RC.SUCCESS, allNodes(cluster, RC.SUCCESS));
      out.signature = signature;
      return out;
    },
    (e: unknown) => {
      // The crypto layer's word for "a key this operation cannot use" (src/crypto/asym/index.ts).
      if (e instanceof RangeError) return ladder(['sign'], RC.ACCESS_DENIED, allNodes(cluster, RC.ACCESS_DENIED));
      throw e;
    },
  );
}

/**
 * verify: the key (0xa8), the user's right to use it (0xc6; every public key is usable by every CU),
 * a public key with VERIFY = 1 of the mechanism's key type (0xc6); a signature that does not verify
 * — wrong length and malformed included — is the client's 0x1b (ERR_BAD_PKCS_DATA).
 *
 * (No async function: a warm verify — the key at hand — is the crypto layer's promise and one
 * reaction. Every failure still comes as a rejected promise.)
 */
export function verifyData(
  scope: OpScope, session: KmuSession, args: { k: number; m: number; data: Uint8Array; signature: Uint8Array },
): Promise<Outcome> {
  try {
    const mech = SIGN_MECHANISM_BY_NUMBER.get(args.m);
    if (!mech) throw new RangeError(`verify: no mechanism ${args.m}`);
    const now = lookupKeyNow(scope.tx, session, args.k);
    if (now === NOT_HELD) return lookupKey(scope.tx, session, args.k).then((key) => verifyWith(scope, session, mech, key, args));
    return verifyWith(scope, session, mech, now, args);
  } catch (e) {
    return Promise.reject(e);
  }
}

function verifyWith(
  scope: OpScope, session: KmuSession, mech: SignMechanismRow, key: KeyRecord | undefined, args: { data: Uint8Array; signature: Uint8Array },
): Promise<Outcome> {
  const code = !key ? RC.INVALID_HANDLE
    : !keyAllows(key, session.user!.userId, 'use') || !fits(key, CLASS.PUBLIC, A.VERIFY, mech) ? RC.ACCESS_DENIED : RC.SUCCESS;
  if (code !== RC.SUCCESS) return Promise.resolve(ladder(['verify'], code));
  return asymVerify(key!.value, layerMechanism(mech), args.data, args.signature, asymOptions(scope.hsm, key!, session))
    .then((ok) => ladder(['verify'], ok ? RC.SUCCESS : RC.CSP_BAD_PKCS_DATA));
}
