/**
 * The two operations that move a symmetric key between a plaintext file on the client host and
 * the HSM without the key ever crossing in the clear (kmu-commands.md §3.2 imSymKey, §4.4
 * exSymKey): the key is wrapped with an AES key in the HSM (or with the same key held as a
 * host file, -wk) and unwrapped on the other side. The ordered checks and every crypto call are
 * here; the programs print the outcome in their own words.
 */
import { aesPkcs5Unwrap, aesPkcs5Wrap, CryptoError } from '../../crypto/index';
import { A, CLASS, KEY_TYPE } from '../attributes';
import { RC } from '../codes';
import { createSecretKey, creationNodes, lookupKey, wrappingKeyCode, type CreateOptions, type CreateOutcome } from '../keys';
import { keyAllows } from '../policy';
import type { KmuSession } from '../session';
import type { Tx } from '../tx';
import type { Hsm } from '../world';

/** exSymKey: the wrap step's code, then (when it succeeded) the host-side unwrap's code and the key. */
export interface ExportOutcome {
  wrapCode: number;
  unwrapCode?: number;
  plain?: Uint8Array;
}

/**
 * Wrap key `k` with key `w` inside the HSM (owner only, an extractable secret key, no quorum),
 * then unwrap the blob on the host: with `hostKek` when given, else through the HSM with `w`.
 */
export async function exportSymmetricKey(
  tx: Tx, session: KmuSession, args: { k: number; w: number; hostKek?: Uint8Array },
): Promise<ExportOutcome> {
  const me = session.user!.userId;
  const key = await lookupKey(tx, session, args.k);
  const wrapping = await lookupKey(tx, session, args.w);
  let wrapCode: number;
  if (!key || !wrapping) wrapCode = RC.INVALID_HANDLE;
  else if (!keyAllows(key, me, 'export') || key.attrs[A.CLASS] !== CLASS.SECRET || key.attrs[A.EXTRACTABLE] !== 1) wrapCode = RC.ACCESS_DENIED;
  else if (key.mValue > 0) wrapCode = RC.MXN_AUTH_FAILED;
  else wrapCode = wrappingKeyCode(wrapping, me, { wrap: true });
  if (wrapCode !== RC.SUCCESS) return { wrapCode };
  const blob = aesPkcs5Wrap(wrapping!.value, key!.value);
  try {
    return { wrapCode, unwrapCode: RC.SUCCESS, plain: aesPkcs5Unwrap(args.hostKek ?? wrapping!.value, blob) };
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return { wrapCode, unwrapCode: RC.UNWRAP_INTEGRITY };
  }
}

/** imSymKey: either the first step failed (its code), or the outcome of creating the key. */
export type ImportOutcome = { failedAtFirst: number } | { outcome: CreateOutcome };

/**
 * Step 1 wraps the file's key with `w` inside the HSM (or on the host with `hostKek`); step 3
 * unwraps it inside the HSM with `w` and creates the key (step 2 only builds the template).
 */
export async function importSymmetricKey(
  hsm: Hsm, tx: Tx, session: KmuSession,
  args: { plain: Uint8Array; hostKek?: Uint8Array; w: number; create: Omit<CreateOptions, 'spec'> & { spec: Omit<CreateOptions['spec'], 'value'> } },
): Promise<ImportOutcome> {
  const me = session.user!.userId;
  const { spec } = args.create;
  const wrapping = await lookupKey(tx, session, args.w);
  const wrappingCode = wrapping ? wrappingKeyCode(wrapping, me, { wrap: true, unwrap: true }) : RC.INVALID_HANDLE;
  if (!args.hostKek && wrappingCode !== RC.SUCCESS) return { failedAtFirst: wrappingCode };
  // RC4 and DES keys are refused by the HSM's FIPS policy at step 3 (attributes.md A5); their
  // bytes are never run through the wrap, whatever the file holds.
  const fips = spec.keyType === KEY_TYPE.RC4 || spec.keyType === KEY_TYPE.DES;
  const blob = fips ? args.plain : aesPkcs5Wrap(args.hostKek ?? wrapping!.value, args.plain);
  const fail = async (code: number): Promise<ImportOutcome> => ({
    outcome: { code, nodes: await creationNodes(hsm, tx, session, spec.session, code), attestPass: true },
  });
  if (wrappingCode !== RC.SUCCESS) return fail(wrappingCode);
  let value = blob;
  try {
    if (!fips) value = aesPkcs5Unwrap(wrapping!.value, blob);
  } catch (e) {
    if (e instanceof CryptoError) return fail(RC.UNWRAP_INTEGRITY);
    throw e;
  }
  return { outcome: await createSecretKey(hsm, tx, session, { ...args.create, spec: { ...spec, value } }) };
}
