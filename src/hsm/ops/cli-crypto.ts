/**
 * `crypto sign` and `crypto verify` of the CloudHSM CLI (cloudhsm-cli.md §3.21, §3.22, §5.5, §5.9,
 * G-CLI-32) over the operations every console shares: the key is chosen by a filter (cli-keys.ts),
 * checked the CLI's way — the key availability check, a key of the mechanism's kind (`Key type or
 * class is not valid for this operation`), `sign` / `verify` true (`The key attribute sign must be
 * true for this operation`), no use quorum (`Quorum approval is required for this operation`) — and
 * then signed or verified by KMU's own operation (signatures.ts signData / verifyData, the mechanism
 * rows of sign-mechanisms.ts), so an RSA PKCS #1 v1.5 signature is byte for byte KMU `sign`'s
 * (walkthrough 5). ECDSA: KMU's signatures are DER SEQUENCE { r, s }; the CLI prints and reads the
 * raw r ‖ s, each half padded to the curve's size (G-CLI-32), converted here with the crypto
 * layer's own codec (sig-der.ts). A DER signature given to `crypto verify ecdsa` has the wrong
 * length and fails as any bad signature does.
 *
 * Playground limits (said in the report and the explain panel, not silently): PSS signs with a
 * salt as long as the hash and MGF1 over the same hash (KMU's only PSS, kmu-commands.md §5.8);
 * another `--salt-length` or `--mgf` answers `Invalid value <v> for --salt-length|--mgf`. The data
 * is always hashed here (`--data-type raw`); `--data-type digest` answers
 * `Invalid value digest for --data-type`.
 *
 * Loaded lazily (the commands `await import()` it): it pulls in the asymmetric crypto layer.
 */
import { privateKeyKind, describePublicKey } from '../../crypto/asym/lite';
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
import { signData, verifyData } from './signatures';
import type { OpScope } from './runner';

/** The CLI's three signature mechanisms (§3.21). */
export type CliSignScheme = 'rsa-pkcs' | 'rsa-pkcs-pss' | 'ecdsa';

const SCHEME: ReadonlyMap<CliSignScheme, SignMechanismRow['scheme']> = new Map([
  ['rsa-pkcs', 'rsa-pkcs1'], ['rsa-pkcs-pss', 'rsa-pss'], ['ecdsa', 'ecdsa'],
] as const);

/** `--hash-function` values (§3.21), in the help's order, and the hash each names. */
export const CLI_HASH_FUNCTIONS = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const HASH: ReadonlyMap<string, SignMechanismRow['hash']> = new Map([
  ['sha1', 'SHA-1'], ['sha224', 'SHA-224'], ['sha256', 'SHA-256'], ['sha384', 'SHA-384'], ['sha512', 'SHA-512'],
] as const);
const HASH_BYTES: ReadonlyMap<string, number> = new Map([['sha1', 20], ['sha224', 28], ['sha256', 32], ['sha384', 48], ['sha512', 64]]);

/** `--mgf` values (§3.21). */
export const CLI_MGFS = CLI_HASH_FUNCTIONS.map((h) => `mgf1-${h}`);

/** `--data-type` values (§3.21), default `raw`. */
export const CLI_DATA_TYPES = ['raw', 'digest'] as const;

/** What `crypto sign` / `crypto verify` were asked, after the parser checked the fixed values. */
export interface CliSignRequest {
  readonly scheme: CliSignScheme;
  readonly filter: CliFilter;
  /** A `--hash-function` value. */
  readonly hash: string;
  readonly data: Uint8Array;
  /** `--data-type`; absent: raw. */
  readonly dataType?: string;
  /** PSS only: `--mgf` and `--salt-length` as given. */
  readonly mgf?: string;
  readonly saltLength?: string;
}

/** KMU's mechanism row for a CLI mechanism and hash, or the refusal of a parameter the playground does not sign with. */
function mechanismOf(req: CliSignRequest): CliResultOf<SignMechanismRow> {
  const scheme = SCHEME.get(req.scheme);
  const hash = HASH.get(req.hash);
  const row = SIGN_MECHANISMS.find((r) => r.scheme === scheme && r.hash === hash);
  if (!row) return refused({ error: 'invalid-option-value', flag: '--hash-function', value: req.hash });
  if (req.dataType !== undefined && req.dataType !== 'raw') return refused({ error: 'invalid-option-value', flag: '--data-type', value: req.dataType });
  if (req.scheme === 'rsa-pkcs-pss') {
    if (req.mgf !== `mgf1-${req.hash}`) return refused({ error: 'invalid-option-value', flag: '--mgf', value: req.mgf ?? '' });
    if (req.saltLength === undefined || !/^\d+$/.test(req.saltLength) || Number(req.saltLength) !== HASH_BYTES.get(req.hash)) {
      return refused({ error: 'invalid-option-value', flag: '--salt-length', value: req.saltLength ?? '' });
    }
  }
  return accepted(row);
}

/**
 * The key checks of both commands, after the selection and the availability check: a key of the
 * mechanism's type and of the class the operation takes (private to sign, public to verify), its
 * `sign` / `verify` attribute true, and — to sign — the caller's right to use it and no use quorum.
 */
function keyRefusal(key: KeyRecord, session: CliSession, mech: SignMechanismRow, op: 'sign' | 'verify'): CliRefusal | null {
  const cls = op === 'sign' ? CLASS.PRIVATE : CLASS.PUBLIC;
  if (key.attrs[A.KEY_TYPE] !== mech.keyType || key.attrs[A.CLASS] !== cls) return { error: 'wrong-key-kind' };
  if (!keyAllows(key, session.user!.userId, 'use')) return { error: 'access-denied' };
  if (key.attrs[op === 'sign' ? A.SIGN : A.VERIFY] !== 1) return { error: 'attribute-false', name: op };
  if (op === 'sign' && useQuorum(key) > 0) return { error: 'quorum' };
  return null;
}

/** The one key of the filter, available on enough HSMs (§5.8), fit for the operation. */
async function chooseKey(scope: OpScope, session: CliSession, req: CliSignRequest, mech: SignMechanismRow, op: 'sign' | 'verify'): Promise<CliResultOf<KeyRecord>> {
  const picked = await selectOneKey(scope, session, req.filter);
  if ('refusal' in picked) return refused(picked.refusal);
  const gone = await availabilityCheck(scope, session, { keys: [picked.key] });
  if (gone) return refused(gone);
  const bad = keyRefusal(picked.key, session, mech, op);
  return bad ? refused(bad) : accepted(picked.key);
}

/** `crypto sign <mechanism>`: the key's reference and the signature (RSA: modulus-length bytes; ECDSA: r ‖ s). */
export async function cliSign(scope: OpScope, session: CliSession, req: CliSignRequest): Promise<CliResultOf<{ readonly keyReference: string; readonly signature: Uint8Array }>> {
  const mech = mechanismOf(req);
  if (!mech.ok) return mech;
  const chosen = await chooseKey(scope, session, req, mech.value, 'sign');
  if (!chosen.ok) return chosen;
  const key = chosen.value;
  const out = await signData(scope, session, { k: key.handle, m: mech.value.m, data: req.data });
  // signData's own checks passed above; what is left is a key its mechanism cannot take (a PSS
  // encoding longer than a small imported modulus).
  if (out.code !== RC.SUCCESS || !out.signature) return refused(out.code === RC.MXN_AUTH_FAILED ? { error: 'quorum' } : { error: 'wrong-key-kind' });
  let signature = out.signature;
  if (mech.value.scheme === 'ecdsa') {
    const curve = privateKeyKind(key.value).curve!;
    const raw = derToRaw(curve, signature);
    if (!raw) throw new Error('crypto sign ecdsa: the crypto layer made a signature that is no DER SEQUENCE { r, s }');
    signature = raw;
  }
  return accepted({ keyReference: keyReference(key.handle), signature });
}

/** `crypto verify <mechanism>`: success, or `Signature verification failed` for any signature that does not verify. */
export async function cliVerify(scope: OpScope, session: CliSession, req: CliSignRequest & { readonly signature: Uint8Array }): Promise<CliResultOf<null>> {
  const mech = mechanismOf(req);
  if (!mech.ok) return mech;
  const chosen = await chooseKey(scope, session, req, mech.value, 'verify');
  if (!chosen.ok) return chosen;
  const key = chosen.value;
  let signature = req.signature;
  if (mech.value.scheme === 'ecdsa') {
    const info = describePublicKey(key.value);
    const half = info.kind === 'ec' ? (info.fieldBits + 7) >> 3 : 0;
    // r ‖ s of exactly the curve's size; anything else (a KMU DER signature) does not verify
    if (half === 0 || signature.length !== 2 * half) return refused({ error: 'verify-failed' });
    signature = rawToDer(signature);
  }
  const out = await verifyData(scope, session, { k: key.handle, m: mech.value.m, data: req.data, signature });
  if (out.code === RC.SUCCESS) return accepted(null);
  return refused(out.code === RC.CSP_BAD_PKCS_DATA ? { error: 'verify-failed' } : { error: 'wrong-key-kind' });
}
