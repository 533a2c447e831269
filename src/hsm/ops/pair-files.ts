/**
 * Asymmetric keys to and from files of the client host (kmu-commands.md §5.4–5.7, §5.10; issue
 * 12): importPubKey, exportPubKey, importPrivateKey, exportPrivateKey and getCaviumPrivKey's fake
 * PEM. The PEM parsing, the ordered checks and every crypto call are here; the programs word the
 * outcome. A private key never crosses in the clear: it is wrapped with an AES key (mechanism 4,
 * AES key wrap with PKCS #5 padding) on one side and unwrapped on the other, as imSymKey/exSymKey do.
 *
 * Loaded lazily (the commands `await import()` it): it pulls in the asymmetric crypto layer.
 */
import {
  checkPrivateKey, checkPublicKey, describePublicKey, fakePrivateKeyPem, FormatError, parsePrivateKeyPem,
  parsePublicKeyPem, privateKeyKind, publicKeyOf, publicKeyPem, traditionalPrivateKeyPem,
} from '../../crypto/asym/lite';
import { aesPkcs5Unwrap, aesPkcs5Wrap, CryptoError } from '../../crypto/index';
import { A, CLASS, KEY_TYPE } from '../attributes';
import { RC } from '../codes';
import { creationNodes, lookupKey } from '../keys';
import type { KeyRecord } from '../model';
import { createAsymKey, type AsymCreateOptions } from '../pairs';
import { keyAllows } from '../policy';
import { fakePemMarker, inspectPrivateKeyFile } from '../private-key-file';
import { manageQuorum } from '../quorum';
import type { KmuSession } from '../session';
import { keyCreation } from './keys';
import { ladder, type KeyCreation, type Outcome, type StepId } from './outcome';
import type { OpScope } from './runner';

/** The creation options a console passes (the class, LOCAL and EXTRACTABLE are the operation's). */
export type ImportOptions = Omit<AsymCreateOptions, 'local' | 'extractable' | 'attrs' | 'skipIdCheck'>;

/** A host file that is no PEM key of the kind asked for: refused on the host, no HSM step. */
export interface FileRefused extends Outcome {
  invalidFile: true;
}
const refusedFile = (): FileRefused => ({ ...ladder([], RC.SUCCESS), invalidFile: true });

const decodeText = (data: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
};
const encodeText = (text: string) => new TextEncoder().encode(text);

/** A PEM public key file (SPKI or PKCS #1, §5.4 G-50) → SPKI DER of a supported key, or undefined. */
export function readPublicKeyFile(data: Uint8Array): Uint8Array | undefined {
  const text = decodeText(data);
  if (text === undefined) return undefined;
  try {
    const spki = parsePublicKeyPem(text);
    checkPublicKey(spki);
    describePublicKey(spki);
    return spki;
  } catch (e) {
    if (e instanceof FormatError) return undefined;
    throw e;
  }
}

/** A PEM private key file (PKCS #1, SEC 1, DSA, unencrypted PKCS #8; never a fake PEM) → PKCS #8 DER, or undefined. */
export function readPrivateKeyFile(data: Uint8Array): Uint8Array | undefined {
  const text = decodeText(data);
  if (text === undefined || inspectPrivateKeyFile(data).kind === 'fake') return undefined;
  try {
    const pkcs8 = parsePrivateKeyPem(text);
    checkPrivateKey(pkcs8);
    privateKeyKind(pkcs8);
    return pkcs8;
  } catch (e) {
    if (e instanceof FormatError) return undefined;
    throw e;
  }
}

/**
 * importPubKey: the file must hold a PEM public key (checked on the host first); then one HSM step
 * creates the public key (CLASS 2, LOCAL 0, usable by every CU, never shared: no -u, no quorum).
 */
export async function importPublicKey(
  scope: OpScope, session: KmuSession, args: { file: Uint8Array; create: Omit<ImportOptions, 'shareWith' | 'mValue'> },
): Promise<KeyCreation | FileRefused> {
  const spki = readPublicKeyFile(args.file);
  if (!spki) return refusedFile();
  const c = await createAsymKey(scope, session, 2, spki, { ...args.create, shareWith: [], mValue: 0, local: false, extractable: true });
  return keyCreation(['createPublicKey'], c);
}

/** An outcome that carries the text of the file to write on success. */
export interface FileOutcome extends Outcome {
  file?: Uint8Array;
}

/**
 * exportPubKey: any public key the user can see (every public key, users-and-keys.md §4.2),
 * extractable (public keys always are); any other class → 0xc6 (kmu-commands.md §5.5).
 */
export async function exportPublicKey(scope: OpScope, session: KmuSession, args: { k: number }): Promise<FileOutcome> {
  const key = await lookupKey(scope.tx, session, args.k);
  const code = !key ? RC.INVALID_HANDLE
    : !keyAllows(key, session.user!.userId, 'export') || key.attrs[A.CLASS] !== CLASS.PUBLIC || key.attrs[A.EXTRACTABLE] !== 1
      ? RC.ACCESS_DENIED : RC.SUCCESS;
  if (code !== RC.SUCCESS) return ladder(['exportPublicKey'], code);
  return { ...ladder(['exportPublicKey'], RC.SUCCESS), file: encodeText(publicKeyPem(key!.value)) };
}

/**
 * An AES key in the HSM this user may wrap or unwrap private keys with (users-and-keys.md §4.2,
 * errors.md §4.2): usable, AES, with each flag asked for (0xc6), no quorum on it (0xe7, G-17).
 */
function aesKeyCode(key: KeyRecord | undefined, userId: number, flags: readonly number[]): number {
  if (!key) return RC.INVALID_HANDLE;
  if (!keyAllows(key, userId, 'use')) return RC.ACCESS_DENIED;
  if (key.attrs[A.CLASS] !== CLASS.SECRET || key.attrs[A.KEY_TYPE] !== KEY_TYPE.AES) return RC.ACCESS_DENIED;
  if (flags.some((f) => key.attrs[f] !== 1)) return RC.ACCESS_DENIED;
  if (manageQuorum(key) > 0) return RC.MXN_AUTH_FAILED;
  return RC.SUCCESS;
}

const IMPORT_STEPS: readonly StepId[] = ['wrapHostData', 'createUnwrapTemplate', 'unwrapKey'];

export interface PrivateImport extends KeyCreation {
  /** The DER (PKCS #8) length of the key read from the file: "BER encoded key length is <n>". */
  berLength: number;
}

/**
 * importPrivateKey (§5.6): the file's key (as PKCS #8) is wrapped with the -w AES key inside the HSM
 * (ENCRYPT; or on the host with the -wk file, G-46), then unwrapped inside the HSM with -w (UNWRAP)
 * into a private key (LOCAL 0, extractable). A refusal at step 1 reports that step alone.
 */
export async function importPrivateKey(
  scope: OpScope, session: KmuSession, args: { file: Uint8Array; hostKek?: Uint8Array; w: number; create: ImportOptions },
): Promise<PrivateImport | FileRefused> {
  const pkcs8 = readPrivateKeyFile(args.file);
  if (!pkcs8) return refusedFile();
  const { hsm, tx } = scope;
  const me = session.user!.userId;
  const berLength = pkcs8.length;
  const wrapping = await lookupKey(tx, session, args.w);
  const wrappingCode = aesKeyCode(wrapping, me, [A.ENCRYPT, A.UNWRAP]);
  if (!args.hostKek && wrappingCode !== RC.SUCCESS) return { ...ladder(IMPORT_STEPS.slice(0, 1), wrappingCode), attestPass: true, berLength };
  const fail = async (code: number): Promise<PrivateImport> => ({
    ...ladder(IMPORT_STEPS, code, await creationNodes(hsm, tx, session, args.create.session, code)), attestPass: true, berLength,
  });
  if (wrappingCode !== RC.SUCCESS) return fail(wrappingCode);
  const blob = aesPkcs5Wrap(args.hostKek ?? wrapping!.value, pkcs8);
  let value: Uint8Array;
  try {
    value = aesPkcs5Unwrap(wrapping!.value, blob);
  } catch (e) {
    if (e instanceof CryptoError) return fail(RC.UNWRAP_INTEGRITY);
    throw e;
  }
  const c = await createAsymKey(scope, session, 3, value, { ...args.create, local: false, extractable: true });
  return { ...keyCreation(IMPORT_STEPS, c), berLength };
}

/**
 * exportPrivateKey (§5.7): owner only, a private key, EXTRACTABLE 1, no quorum; the -w key is AES
 * with WRAP and DECRYPT. The HSM wraps the PKCS #8 (step 1); the host unwraps it with the -wk file
 * (no HSM step, reported only when it fails) or through the HSM with -w (Cfm3UnWrapHostKey), and
 * the file is the traditional PEM OpenSSL writes (RSA / EC / DSA PRIVATE KEY, G-50).
 */
export async function exportPrivateKey(
  scope: OpScope, session: KmuSession, args: { k: number; w: number; hostKek?: Uint8Array },
): Promise<FileOutcome> {
  const { tx } = scope;
  const me = session.user!.userId;
  const key = await lookupKey(tx, session, args.k);
  const wrapping = await lookupKey(tx, session, args.w);
  let code: number;
  if (!key || !wrapping) code = RC.INVALID_HANDLE;
  else if (!keyAllows(key, me, 'export') || key.attrs[A.CLASS] !== CLASS.PRIVATE || key.attrs[A.EXTRACTABLE] !== 1) code = RC.ACCESS_DENIED;
  else if (manageQuorum(key) > 0) code = RC.MXN_AUTH_FAILED;
  else code = aesKeyCode(wrapping, me, [A.WRAP, A.DECRYPT]);
  if (code !== RC.SUCCESS) return ladder(['wrapKey'], code);
  const blob = aesPkcs5Wrap(wrapping!.value, key!.value);
  let pkcs8: Uint8Array;
  try {
    pkcs8 = aesPkcs5Unwrap(args.hostKek ?? wrapping!.value, blob);
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return ladder(['wrapKey', 'unwrapHostData'], RC.UNWRAP_INTEGRITY);
  }
  const steps: StepId[] = args.hostKek ? ['wrapKey'] : ['wrapKey', 'unwrapHostData'];
  return { ...ladder(steps, RC.SUCCESS), file: encodeText(traditionalPrivateKeyPem(pkcs8)) };
}

/**
 * getCaviumPrivKey (§5.10, G-20, G-44): an RSA or EC private key the user owns or shares (0xc6
 * otherwise; extractability does not matter: nothing secret leaves the HSM). The file is the fake
 * PEM of src/hsm/private-key-file.ts: the real public part, the marker and handle as private value.
 */
export async function caviumPrivateKey(scope: OpScope, session: KmuSession, args: { k: number }): Promise<FileOutcome> {
  const key = await lookupKey(scope.tx, session, args.k);
  const code = !key ? RC.INVALID_HANDLE
    : !keyAllows(key, session.user!.userId, 'use') || key.attrs[A.CLASS] !== CLASS.PRIVATE
      || (key.attrs[A.KEY_TYPE] !== KEY_TYPE.RSA && key.attrs[A.KEY_TYPE] !== KEY_TYPE.EC) ? RC.ACCESS_DENIED : RC.SUCCESS;
  if (code !== RC.SUCCESS) return ladder(['fakeKeyFile'], code);
  const pem = fakePrivateKeyPem(publicKeyOf(key!.value), fakePemMarker(key!.handle));
  return { ...ladder(['fakeKeyFile'], RC.SUCCESS), file: encodeText(pem) };
}
