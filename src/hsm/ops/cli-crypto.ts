/**
 * `crypto sign` and `crypto verify` of the CloudHSM CLI (cloudhsm-cli.md §3.21, §3.22, §5.5, §5.9,
 * G-CLI-32) over the operations every console shares: the key is chosen by a filter (cli-keys.ts),
 * checked the CLI's way — the key availability check, a key of the mechanism's kind (`Key type or
 * class is not valid for this operation`), `sign` / `verify` true (`The key attribute sign must be
 * true for this operation`), no use quorum (`Quorum approval is required for this operation`) — and
 * then signed or verified. What KMU can do too (raw data, PSS with a salt as long as the hash) goes
 * through KMU's own operation (signatures.ts signData / verifyData, the mechanism rows of
 * sign-mechanisms.ts), so an RSA PKCS #1 v1.5 signature is byte for byte KMU `sign`'s
 * (walkthrough 5); `--data-type digest` and other PSS salt lengths go to the crypto layer with the
 * same key options (asymOptions: the seeded generator, the CryptoKey cache name).
 *
 * ECDSA: KMU's signatures are DER SEQUENCE { r, s }; the CLI prints and reads the raw r ‖ s, each
 * half padded to the curve's size (G-CLI-32), converted here with the crypto layer's own codec
 * (sig-der.ts). A DER signature given to `crypto verify ecdsa` has the wrong length and fails as any
 * bad signature does.
 *
 * Choices (§3.21 gives no texts for them): `--mgf` must name the hash of `--hash-function` [doc],
 * another answers `Invalid value <mgf> for --mgf`; a salt too long for the modulus answers
 * `Invalid value <n> for --salt-length`; a digest whose length does not fit (`digest` data: the bare
 * hash for PSS and ECDSA, at most k − 11 bytes of DigestInfo for PKCS #1 v1.5) answers
 * `Payload length is not valid for this mechanism`.
 *
 * Loaded lazily (the commands `await import()` it): it pulls in the asymmetric crypto layer.
 */
import { describePublicKey, privateKeyKind, sign as asymSign, verify as asymVerify, type SignMechanism } from '../../crypto/asym/lite';
import { derToRaw, rawToDer } from '../../crypto/asym/sig-der';
import { A, CLASS } from '../attributes';
import type { CliSession } from '../cli-session';
import { RC } from '../codes';
import type { KeyRecord } from '../model';
import { keyAllows } from '../policy';
import { useQuorum } from '../quorum';
import { SIGN_MECHANISMS, type SignMechanismRow } from '../sign-mechanisms';
import { accepted, refused, type CliRefusal, type CliResultOf } from './cli-refusal';
import { availabilityCheck, keyReference, selectOneKey, type CliFilter } from './cli-keys';
import { asymOptions, signData, verifyData } from './signatures';
import type { OpScope } from './runner';

/** The CLI's three signature mechanisms (§3.21). */
export type CliSignScheme = 'rsa-pkcs' | 'rsa-pkcs-pss' | 'ecdsa';

const SCHEME: ReadonlyMap<CliSignScheme, SignMechanismRow['scheme']> = new Map([
  ['rsa-pkcs', 'rsa-pkcs1'], ['rsa-pkcs-pss', 'rsa-pss'], ['ecdsa', 'ecdsa'],
] as const);

/** `--hash-function` values (§3.21) and the hash each names, with its length. */
const HASH: ReadonlyMap<string, { readonly name: SignMechanismRow['hash']; readonly bytes: number }> = new Map([
  ['sha1', { name: 'SHA-1', bytes: 20 }], ['sha224', { name: 'SHA-224', bytes: 28 }], ['sha256', { name: 'SHA-256', bytes: 32 }],
  ['sha384', { name: 'SHA-384', bytes: 48 }], ['sha512', { name: 'SHA-512', bytes: 64 }],
] as const);

/** What `crypto sign` / `crypto verify` were asked, after the parser checked the fixed values. */
export interface CliSignRequest {
  readonly scheme: CliSignScheme;
  readonly filter: CliFilter;
  /** A `--hash-function` value. */
  readonly hash: string;
  readonly data: Uint8Array;
  /** `--data-type` (`raw` or `digest`); absent: raw. */
  readonly dataType?: string;
  /** PSS only: `--mgf` and `--salt-length` as given. */
  readonly mgf?: string;
  readonly saltLength?: string;
}

/** A request's mechanism: KMU's row (scheme, hash, `-m`) and what the CLI adds to it. */
interface CliMechanism {
  readonly row: SignMechanismRow;
  readonly hashBytes: number;
  readonly saltLength?: number;
  readonly prehashed: boolean;
}

/** KMU's row plus `--salt-length` / `--data-type`; a parameter the mechanism cannot take is refused. */
function mechanismOf(req: CliSignRequest): CliResultOf<CliMechanism> {
  const scheme = SCHEME.get(req.scheme);
  const hash = HASH.get(req.hash);
  const row = hash && SIGN_MECHANISMS.find((r) => r.scheme === scheme && r.hash === hash.name);
  if (!hash || !row) return refused({ error: 'invalid-option-value', flag: '--hash-function', value: req.hash });
  if (req.dataType !== undefined && req.dataType !== 'raw' && req.dataType !== 'digest') {
    return refused({ error: 'invalid-option-value', flag: '--data-type', value: req.dataType });
  }
  const prehashed = req.dataType === 'digest';
  if (req.scheme !== 'rsa-pkcs-pss') return accepted({ row, hashBytes: hash.bytes, prehashed });
  if (req.mgf !== `mgf1-${req.hash}`) return refused({ error: 'invalid-option-value', flag: '--mgf', value: req.mgf ?? '' });
  const salt = req.saltLength !== undefined && /^\d{1,5}$/.test(req.saltLength) ? Number(req.saltLength) : undefined;
  if (salt === undefined) return refused({ error: 'invalid-option-value', flag: '--salt-length', value: req.saltLength ?? '' });
  return accepted({ row, hashBytes: hash.bytes, saltLength: salt, prehashed });
}

/** What KMU signs with (the message hashed by the HSM, PSS salt = hash length): signData / verifyData do it. */
const kmuMechanism = (m: CliMechanism) => !m.prehashed && (m.saltLength === undefined || m.saltLength === m.hashBytes);

/** The crypto layer's mechanism for a CLI mechanism. */
function asymMechanism(m: CliMechanism): SignMechanism {
  return {
    scheme: m.row.scheme, hash: m.row.hash,
    ...(m.saltLength !== undefined ? { saltLength: m.saltLength } : {}), ...(m.prehashed ? { prehashed: true } : {}),
  };
}

/** RSA modulus bytes of a key (k of RFC 8017). */
const modulusBytes = (key: KeyRecord): number => Math.ceil(Number(key.attrs[A.MODULUS_BITS] ?? 0) / 8);

/** Whether `digest` data fits: the bare hash (PSS, ECDSA) or a DigestInfo of at most k − 11 bytes (PKCS #1 v1.5). */
function digestFits(m: CliMechanism, key: KeyRecord, data: Uint8Array): boolean {
  if (!m.prehashed) return true;
  return m.row.scheme === 'rsa-pkcs1' ? data.length > 0 && data.length <= modulusBytes(key) - 11 : data.length === m.hashBytes;
}

/**
 * The key checks of both commands, after the selection and the availability check: a key of the
 * mechanism's type and of the class the operation takes (private to sign, public to verify), the
 * caller's right to use it, its `sign` / `verify` attribute true, and — to sign — no use quorum.
 */
function keyRefusal(key: KeyRecord, session: CliSession, mech: SignMechanismRow, op: 'sign' | 'verify'): CliRefusal | null {
  const cls = op === 'sign' ? CLASS.PRIVATE : CLASS.PUBLIC;
  if (key.attrs[A.KEY_TYPE] !== mech.keyType || key.attrs[A.CLASS] !== cls) return { error: 'wrong-key-kind' };
  if (!keyAllows(key, session.user!.userId, 'use')) return { error: 'access-denied' };
  if (key.attrs[op === 'sign' ? A.SIGN : A.VERIFY] !== 1) return { error: 'attribute-false', name: op };
  if (op === 'sign' && useQuorum(key) > 0) return { error: 'quorum' };
  return null;
}

/** The one key of the filter, available on enough HSMs (§5.8), fit for the operation and its data. */
async function chooseKey(
  scope: OpScope, session: CliSession, req: CliSignRequest, mech: CliMechanism, op: 'sign' | 'verify',
): Promise<CliResultOf<KeyRecord>> {
  const picked = await selectOneKey(scope, session, req.filter);
  if ('refusal' in picked) return refused(picked.refusal);
  const gone = await availabilityCheck(scope, session, { keys: [picked.key] });
  if (gone) return refused(gone);
  const bad = keyRefusal(picked.key, session, mech.row, op);
  if (bad) return refused(bad);
  if (!digestFits(mech, picked.key, req.data)) return refused({ error: 'payload-length' });
  scope.use(picked.key.handle);
  return accepted(picked.key);
}

/** The refusal of a crypto-layer RangeError after every check passed: a PSS salt (or hash) too long for the modulus. */
function tooLong(mech: CliMechanism, req: CliSignRequest): CliRefusal {
  return mech.saltLength !== undefined && mech.saltLength !== mech.hashBytes
    ? { error: 'invalid-option-value', flag: '--salt-length', value: req.saltLength ?? '' }
    : { error: 'wrong-key-kind' };
}

/** `crypto sign <mechanism>`: the key's reference and the signature (RSA: modulus-length bytes; ECDSA: r ‖ s). */
export async function cliSign(
  scope: OpScope, session: CliSession, req: CliSignRequest,
): Promise<CliResultOf<{ readonly keyReference: string; readonly signature: Uint8Array }>> {
  const mech = mechanismOf(req);
  if (!mech.ok) return mech;
  const chosen = await chooseKey(scope, session, req, mech.value, 'sign');
  if (!chosen.ok) return chosen;
  const key = chosen.value;
  let signature: Uint8Array;
  if (kmuMechanism(mech.value)) {
    const out = await signData(scope, session, { k: key.handle, m: mech.value.row.m, data: req.data });
    // signData's own checks passed above; what is left is a key the mechanism cannot take (a PSS
    // encoding longer than a small imported modulus).
    if (out.code !== RC.SUCCESS || !out.signature) return refused(out.code === RC.MXN_AUTH_FAILED ? { error: 'quorum' } : tooLong(mech.value, req));
    signature = out.signature;
  } else {
    try {
      signature = await asymSign(key.value, asymMechanism(mech.value), req.data, asymOptions(scope.hsm, key, session));
    } catch (e) {
      if (e instanceof RangeError) return refused(tooLong(mech.value, req));
      throw e;
    }
  }
  if (mech.value.row.scheme === 'ecdsa') {
    const raw = derToRaw(privateKeyKind(key.value).curve!, signature);
    if (!raw) throw new Error('crypto sign ecdsa: the crypto layer made a signature that is no DER SEQUENCE { r, s }');
    signature = raw;
  }
  return accepted({ keyReference: keyReference(key.handle), signature });
}

/** `crypto verify <mechanism>`: success, or `Signature verification failed` for any signature that does not verify. */
export async function cliVerify(
  scope: OpScope, session: CliSession, req: CliSignRequest & { readonly signature: Uint8Array },
): Promise<CliResultOf<null>> {
  const mech = mechanismOf(req);
  if (!mech.ok) return mech;
  const chosen = await chooseKey(scope, session, req, mech.value, 'verify');
  if (!chosen.ok) return chosen;
  const key = chosen.value;
  let signature = req.signature;
  if (mech.value.row.scheme === 'ecdsa') {
    const info = describePublicKey(key.value);
    const half = info.kind === 'ec' ? (info.fieldBits + 7) >> 3 : 0;
    // r ‖ s of exactly the curve's size; anything else (a KMU DER signature) does not verify
    if (half === 0 || signature.length !== 2 * half) return refused({ error: 'verify-failed' });
    signature = rawToDer(signature);
  }
  let ok: boolean;
  if (kmuMechanism(mech.value)) {
    const out = await verifyData(scope, session, { k: key.handle, m: mech.value.row.m, data: req.data, signature });
    if (out.code !== RC.SUCCESS && out.code !== RC.CSP_BAD_PKCS_DATA) return refused({ error: 'wrong-key-kind' });
    ok = out.code === RC.SUCCESS;
  } else {
    try {
      ok = await asymVerify(key.value, asymMechanism(mech.value), req.data, signature, asymOptions(scope.hsm, key, session));
    } catch (e) {
      if (e instanceof RangeError) return refused(tooLong(mech.value, req));
      throw e;
    }
  }
  return ok ? accepted(null) : refused({ error: 'verify-failed' });
}
