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
import { createSecretKey, creationNodes, lookupKey, wrappingKeyCode, type CreateOptions } from '../keys';
import { keyAllows } from '../policy';
import { manageQuorum } from '../quorum';
import type { KmuSession } from '../session';
import { keyCreation } from './keys';
import { ladder, type KeyCreation, type Outcome, type StepId } from './outcome';
import type { OpScope } from './runner';
import type { WrapInput, WrapRef } from './wrap-trace';

/**
 * exSymKey: step 1 wraps the key in the HSM; step 2 unwraps the blob for the host — with the
 * host's copy of the wrapping key (no HSM step, reported only when it fails) or in the HSM.
 */
export interface ExportOutcome extends Outcome {
  plain?: Uint8Array;
}

/**
 * Wrap key `k` with key `w` inside the HSM (owner only, an extractable secret key, no quorum),
 * then unwrap the blob on the host: with `hostKek` when given, else through the HSM with `w`.
 */
export async function exportSymmetricKey(
  scope: OpScope, session: KmuSession,
  args: { k: number; w: number; hostKek?: Uint8Array; /** for the key-wrap view: -out and -wk */ outPath?: string; hostKekPath?: string },
): Promise<ExportOutcome> {
  const { tx } = scope;
  const me = session.user!.userId;
  const key = await lookupKey(tx, session, args.k);
  const wrapping = await lookupKey(tx, session, args.w);
  let wrapCode: number;
  if (!key || !wrapping) wrapCode = RC.INVALID_HANDLE;
  else if (!keyAllows(key, me, 'export') || key.attrs[A.CLASS] !== CLASS.SECRET || key.attrs[A.EXTRACTABLE] !== 1) wrapCode = RC.ACCESS_DENIED;
  else if (manageQuorum(key) > 0) wrapCode = RC.MXN_AUTH_FAILED;
  else wrapCode = wrappingKeyCode(wrapping, me, { wrap: true });
  if (wrapCode !== RC.SUCCESS) return ladder(['wrapKey'], wrapCode);
  const blob = aesPkcs5Wrap(wrapping!.value, key!.value);
  const input: WrapInput = { from: 'key', handle: args.k };
  const common = { variant: 'pkcs5', mechanism: '4', cluster: session.cluster, kek: args.w, key: args.k } as const;
  scope.wrapped({ ...common, direction: 'wrap', input, inputBytes: key!.value.length, outputBytes: blob.length });
  const unwrapped: WrapRef = {
    ...common, direction: 'unwrap', input: { from: 'wrap', input, kek: args.w }, inputBytes: blob.length, outputBytes: 0, ok: false,
    ...(args.hostKekPath ? { kekFile: args.hostKekPath } : {}), ...(args.outPath ? { outputFile: args.outPath } : {}),
  };
  scope.wrapped(unwrapped);
  try {
    const plain = aesPkcs5Unwrap(args.hostKek ?? wrapping!.value, blob);
    Object.assign(unwrapped, { ok: true, outputBytes: plain.length });
    return { ...ladder(args.hostKek ? ['wrapKey'] : ['wrapKey', 'unwrapHostData'], RC.SUCCESS), plain };
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return ladder(['wrapKey', 'unwrapHostData'], RC.UNWRAP_INTEGRITY);
  }
}

const IMPORT_STEPS: readonly StepId[] = ['wrapHostData', 'createUnwrapTemplate', 'unwrapKey'];

/**
 * imSymKey: step 1 wraps the file's key with `w` inside the HSM (or on the host with `hostKek`);
 * step 3 unwraps it inside the HSM with `w` and creates the key (step 2 only builds the template).
 * A failure at step 1 reports that step alone, with no node status.
 */
export async function importSymmetricKey(
  scope: OpScope, session: KmuSession,
  args: {
    plain: Uint8Array; hostKek?: Uint8Array; w: number; create: Omit<CreateOptions, 'spec'> & { spec: Omit<CreateOptions['spec'], 'value'> };
    /** For the key-wrap view: the -f and -wk files. */
    plainPath?: string; hostKekPath?: string;
  },
): Promise<KeyCreation> {
  const { hsm, tx } = scope;
  const me = session.user!.userId;
  const { spec } = args.create;
  const wrapping = await lookupKey(tx, session, args.w);
  const wrappingCode = wrapping ? wrappingKeyCode(wrapping, me, { wrap: true, unwrap: true }) : RC.INVALID_HANDLE;
  if (!args.hostKek && wrappingCode !== RC.SUCCESS) return { ...ladder(IMPORT_STEPS.slice(0, 1), wrappingCode), attestPass: true };
  // RC4 and DES keys are refused by the HSM's FIPS policy at step 3 (attributes.md A5); their
  // bytes are never run through the wrap, whatever the file holds.
  const fips = spec.keyType === KEY_TYPE.RC4 || spec.keyType === KEY_TYPE.DES;
  const blob = fips ? args.plain : aesPkcs5Wrap(args.hostKek ?? wrapping!.value, args.plain);
  const fail = async (code: number): Promise<KeyCreation> => ({
    ...ladder(IMPORT_STEPS, code, await creationNodes(hsm, tx, session, spec.session, code)), attestPass: true,
  });
  const input: WrapInput | undefined = args.plainPath === undefined ? undefined : { from: 'file', path: args.plainPath, header: false };
  const kekFile = args.hostKekPath === undefined ? {} : { kekFile: args.hostKekPath };
  const common = { variant: 'pkcs5', mechanism: '4', cluster: session.cluster, kek: args.w } as const;
  if (!fips) scope.wrapped({ ...common, ...kekFile, direction: 'wrap', ...(input ? { input } : {}), inputBytes: args.plain.length, outputBytes: blob.length });
  if (wrappingCode !== RC.SUCCESS) return fail(wrappingCode);
  let value = blob;
  const unwrapped: WrapRef = {
    ...common, direction: 'unwrap', inputBytes: blob.length, outputBytes: 0, ok: false,
    ...(input ? { input: { from: 'wrap', input, kek: args.w, ...kekFile } } : {}),
  };
  try {
    if (!fips) {
      scope.wrapped(unwrapped);
      value = aesPkcs5Unwrap(wrapping!.value, blob);
      Object.assign(unwrapped, { ok: true, outputBytes: value.length });
    }
  } catch (e) {
    if (e instanceof CryptoError) return fail(RC.UNWRAP_INTEGRITY);
    throw e;
  }
  const made = keyCreation(IMPORT_STEPS, await createSecretKey(scope, session, { ...args.create, spec: { ...spec, value } }));
  if (made.handle !== undefined) unwrapped.key = made.handle;
  return made;
}
