/**
 * Wrapping keys out of the HSM and unwrapping them in (kmu-commands.md §3.4–3.5), and wrapping
 * data for the client host (§3.6), as operations: the checks in errors.md §4.2 order, then the
 * mechanism. Every refusal is a return code; nothing is written unless the runner commits.
 */
import { aesKwUnwrap, aesKwWrap, CryptoError } from '../../crypto/index';
import { fromHex, toHex } from '../../crypto/hex';
import { A, CLASS, KEY_TYPE, type AttrMap } from '../attributes';
import { allNodes } from '../auth';
import { RC } from '../codes';
import { createSecretKey, lookupKey, refusalCode, wrappingKeyCode } from '../keys';
import { keyAllows } from '../policy';
import { manageQuorum } from '../quorum';
import type { KmuSession } from '../session';
import {
  aesUnwrapWith, aesWrapWith, decodeEntries, DEFAULT_HASH_TYPE, encodeHeader, HDR_GCM_IV, HDR_GCM_TAG_BYTES, MECHANISM_BY_NUMBER,
  mechanismFits, modulusBytes, parseWrappedFile, rsaLimit, rsaUnwrapWith, rsaWrapWith, secretLengthOk, USAGE_FROM_HEADER,
  TRACED_VARIANT, wrappingRefusal, type GcmParams, type ParsedHeader,
} from '../wrap';
import type { CliRefusal } from './cli-refusal';
import { keyCreation } from './keys';
import { ladder, type KeyCreation, type Outcome, type StepId } from './outcome';
import type { OpScope } from './runner';
import type { WrapInput, WrapRef } from './wrap-trace';

// ---------------------------------------------------------------------------------------------
// wrapKey
// ---------------------------------------------------------------------------------------------

export interface WrapRequest {
  key: number;
  wrappingKey: number;
  mechanism: number;
  header: boolean;
  gcm: GcmParams;
  /** -t of the RSA mechanisms 7 and 8 (attributes.md §4.6; default 2, SHA-1). */
  hashType?: number;
  /**
   * The CloudHSM CLI's order of checks (cloudhsm-cli.md §3.19): both keys' quorum after the
   * wrapping key's kind and flag and wrap-with-trusted. KMU (absent) checks the payload's quorum first.
   */
  quorumLast?: boolean;
  /** The file the caller writes the result to (for the key-wrap view's reference), and the CLI's mechanism name. */
  out?: string;
  cliMechanism?: string;
}

export interface Wrapped extends Outcome {
  /** The file contents (header + wrapped bytes, or the wrapped bytes alone without a header). */
  file?: Uint8Array;
  /** The IV the HSM generated (mechanism 10 without a header), for an IV file. */
  iv?: Uint8Array;
  /** Why it refused, as the CloudHSM CLI words it (cloudhsm-cli.md §2.8); KMU prints only the code. */
  why?: CliRefusal;
}

/**
 * Wrap key `key` with `wrappingKey`: both exist (0xa8); owner only, an extractable secret or
 * private key (0xc6; public keys: exportPubKey); no quorum (0xe7); a wrapping key fit for the
 * mechanism (an AES key, or for 7/8/12 an RSA public key with WRAP 1); a WRAP_WITH_TRUSTED key only
 * under a TRUSTED key (users-and-keys.md §6); a key length the mechanism takes (0xc6: -m 5
 * block-aligned, -m 8 at most k − 2·hLen − 2, -m 12 at most k − 11).
 */
export async function wrapKey(scope: OpScope, session: KmuSession, req: WrapRequest): Promise<Wrapped> {
  const { hsm, tx } = scope;
  const me = session.user!.userId;
  const refuse = (code: number, why?: CliRefusal): Wrapped => ({ ...ladder(['wrapKey'], code), ...(why ? { why } : {}) });
  const refuseFor = (why: CliRefusal): Wrapped => refuse(refusalCode(why), why);
  const mech = MECHANISM_BY_NUMBER.get(req.mechanism)!;
  const key = await lookupKey(tx, session, req.key);
  const wrapping = await lookupKey(tx, session, req.wrappingKey);
  if (!key || !wrapping) return refuse(RC.INVALID_HANDLE);
  const cls = key.attrs[A.CLASS];
  if (!keyAllows(key, me, 'export')) return refuseFor({ error: 'access-denied' });
  if (cls !== CLASS.SECRET && cls !== CLASS.PRIVATE) return refuseFor({ error: 'wrong-key-kind' });
  if (key.attrs[A.EXTRACTABLE] !== 1) return refuseFor({ error: 'attribute-false', name: 'extractable' });
  const quorumLast = req.quorumLast === true;
  if (!quorumLast && manageQuorum(key) > 0) return refuseFor({ error: 'quorum' });
  const wr = wrappingRefusal(mech, wrapping, me, { wrap: true, quorumLater: quorumLast });
  if (wr) return refuseFor(wr);
  if (key.attrs[A.WRAP_WITH_TRUSTED] === 1 && wrapping.attrs[A.TRUSTED] !== 1) return refuseFor({ error: 'needs-trusted' });
  if (quorumLast && (manageQuorum(key) > 0 || manageQuorum(wrapping) > 0)) return refuseFor({ error: 'quorum' });
  const tooLong: CliRefusal = { error: 'payload-length' };
  const hashType = req.hashType ?? DEFAULT_HASH_TYPE;
  let wrapped: Uint8Array;
  let iv: Uint8Array | undefined;
  if (mech.family === 'rsa') {
    const k = modulusBytes(wrapping);
    if (k === 0 || key.value.length > rsaLimit(mech, k, hashType)) return refuseFor(tooLong);
    const { cacheKeyOf } = await import('../pairs');
    try {
      wrapped = await rsaWrapWith(hsm, mech, hashType, wrapping.value, key.value, cacheKeyOf(wrapping, session));
    } catch (e) {
      if (e instanceof RangeError) return refuseFor(tooLong); // the message does not fit the modulus
      throw e;
    }
  } else {
    if (!mechanismFits(mech, key.value.length)) return refuseFor(tooLong);
    ({ wrapped, iv } = aesWrapWith(hsm, mech, wrapping.value, key.value, req.gcm));
    const variant = TRACED_VARIANT[mech.family];
    if (variant) {
      scope.wrapped({
        direction: 'wrap', variant, mechanism: req.cliMechanism ?? String(mech.m), cluster: session.cluster, kek: req.wrappingKey, key: req.key,
        input: { from: 'key', handle: req.key }, inputBytes: key.value.length, outputBytes: wrapped.length,
        ...(req.cliMechanism ? { program: 'cli' as const } : {}), ...(req.out ? { file: req.out, header: req.header } : {}),
      });
    }
  }
  const done = ladder(['wrapKey'], RC.SUCCESS);
  if (!req.header) return { ...done, file: wrapped, ...(iv ? { iv } : {}) };
  const head = encodeHeader(key, mech.m, mech.family === 'aes-gcm' ? { iv: iv!, tagBytes: req.gcm.tagBytes } : undefined);
  const file = new Uint8Array(head.length + wrapped.length);
  file.set(head);
  file.set(wrapped, head.length);
  return { ...done, file };
}

// ---------------------------------------------------------------------------------------------
// unWrapKey
// ---------------------------------------------------------------------------------------------

export interface UnwrapRequest {
  file: Uint8Array;
  wrappingKey: number;
  mechanism: number;
  gcm: GcmParams & { iv?: Uint8Array };
  /** -t of the RSA mechanisms 7 and 8 (default 2, SHA-1). */
  hashType?: number;
  /**
   * Present when the file has no header: the attributes the caller gives; `attrs` (the CloudHSM
   * CLI's defaults and --attributes) replace the template's as a header's would.
   */
  noHeader?: { keyClass: number; keyType: number; label: string; id: string; attrs?: AttrMap };
  session: boolean;
  nonExtractable: boolean;
  shareWith: number[];
  mValue: number;
  /** The two quorum values when they differ (the CLI's manage/use values, G-CLI-29); absent: both mValue. */
  quorum?: { manageQuorum: number; useQuorum: number };
  minSrv: number;
  timeout: number | null;
  /** Where the caller found `file` (for the key-wrap view's reference), and the CLI's mechanism name. */
  source?: WrapInput;
  cliMechanism?: string;
}

/** An unwrap's outcome; on a refusal before the creation, why as the CloudHSM CLI words it (§2.8). */
export type Unwrapped = KeyCreation & { why?: CliRefusal };

/**
 * Unwrap a file into a new key: with a header in one step, without one in two (the template from
 * the caller's attributes, then the unwrap with it). Checks: the unwrapping key (0xa8, 0xc6,
 * 0xe7), the header and the mechanism's integrity (0xe5), the material fits the stated class and
 * type (0xe5), the unwrapping key's UNWRAP_TEMPLATE (0xc6), then the creation's own checks.
 */
export async function unwrapKey(scope: OpScope, session: KmuSession, req: UnwrapRequest): Promise<Unwrapped> {
  const { hsm, tx } = scope;
  const me = session.user!.userId;
  const steps: StepId[] = req.noHeader ? ['createUnwrapTemplate', 'unwrapKey'] : ['unwrapKey'];
  // Failure at the unwrap step, before any key exists: nodes as a creation would list them.
  const fail = async (code: number, why?: CliRefusal): Promise<Unwrapped> => {
    const cluster = await hsm.cluster(tx, session.cluster);
    const nodes = req.session ? [{ node: session.servingNode, code }] : allNodes(cluster, code);
    return { ...ladder(steps, code, nodes), attestPass: !cluster.hsms.find((h) => h.node === session.servingNode)?.tampered, ...(why ? { why } : {}) };
  };
  const integrity: CliRefusal = { error: 'unwrap-failed' };
  const mech = MECHANISM_BY_NUMBER.get(req.mechanism)!;
  const wrapping = await lookupKey(tx, session, req.wrappingKey);
  if (!wrapping) return fail(RC.INVALID_HANDLE);
  const wr = wrappingRefusal(mech, wrapping, me, { unwrap: true });
  if (wr) return fail(refusalCode(wr), wr);

  // The file: a header must parse and name the same mechanism (wrong mechanism → 0xe5, §3.5).
  let wrapped = req.file;
  let header: ParsedHeader | undefined;
  let gcm = req.gcm;
  if (!req.noHeader) {
    header = parseWrappedFile(req.file);
    if (!header || header.mechanism !== mech.m) return fail(RC.UNWRAP_INTEGRITY, integrity);
    wrapped = header.wrapped;
    const iv = header.attrs.get(HDR_GCM_IV);
    const tag = header.attrs.get(HDR_GCM_TAG_BYTES);
    gcm = { ...gcm, ...(iv instanceof Uint8Array ? { iv } : {}), ...(typeof tag === 'number' ? { tagBytes: tag } : {}) };
    if (gcm.tagBytes < 8 || gcm.tagBytes > 16) return fail(RC.UNWRAP_INTEGRITY, integrity);
  }
  const variant = TRACED_VARIANT[mech.family];
  const ref: WrapRef | undefined = variant && {
    direction: 'unwrap', variant, mechanism: req.cliMechanism ?? String(mech.m), cluster: session.cluster, kek: req.wrappingKey,
    inputBytes: wrapped.length, outputBytes: 0, ok: false, ...(req.cliMechanism ? { program: 'cli' as const } : {}),
    ...(req.source ? { input: req.source } : {}), ...(req.source?.from === 'file' ? { file: req.source.path } : {}),
  };
  if (ref) scope.wrapped(ref);
  let value: Uint8Array;
  try {
    value = mech.family === 'rsa'
      ? await rsaUnwrapWith(hsm, mech, req.hashType ?? DEFAULT_HASH_TYPE, wrapping.value, modulusBytes(wrapping), wrapped,
        (await import('../pairs')).cacheKeyOf(wrapping, session))
      : aesUnwrapWith(mech, wrapping.value, wrapped, gcm);
  } catch (e) {
    if (e instanceof CryptoError) return fail(RC.UNWRAP_INTEGRITY, integrity);
    throw e;
  }
  if (ref) Object.assign(ref, { ok: true, outputBytes: value.length });
  const made = (res: Unwrapped): Unwrapped => {
    if (ref && res.handle !== undefined) ref.key = res.handle; // the view reads the new key again
    return res;
  };

  const keyClass = header ? (header.attrs.get(A.CLASS) as number) : req.noHeader!.keyClass;
  const keyType = header ? (header.attrs.get(A.KEY_TYPE) as number) : req.noHeader!.keyType;
  // The material must be a key of the stated class and type (a header's VALUE_LEN included).
  const expectedLen = keyClass === CLASS.SECRET
    ? (secretLengthOk(keyType, value.length) ? value.length : undefined)
    : keyClass === CLASS.PRIVATE ? await privateValueLen(value, keyType) : undefined;
  if (expectedLen === undefined || (header && header.attrs.get(A.VALUE_LEN) !== expectedLen)) {
    return fail(RC.UNWRAP_INTEGRITY, integrity);
  }
  const attrs: AttrMap = { ...req.noHeader?.attrs };
  if (header) for (const id of USAGE_FROM_HEADER) attrs[id] = header.attrs.get(id)!;

  // The unwrapping key's UNWRAP_TEMPLATE (users-and-keys.md §6): it wins over the header; an
  // explicit conflicting choice by the caller is refused.
  const tpl = wrapping.attrs[A.UNWRAP_TEMPLATE];
  if (tpl instanceof Uint8Array) {
    const t = decodeEntries(tpl);
    const denied: CliRefusal = { error: 'access-denied' };
    if (!t) return fail(RC.ACCESS_DENIED, denied);
    for (const [id, v] of t) {
      if (id === A.EXTRACTABLE && req.nonExtractable && v !== 0) return fail(RC.ACCESS_DENIED, denied);
      if ((id === A.CLASS && v !== keyClass) || (id === A.KEY_TYPE && v !== keyType)) return fail(RC.ACCESS_DENIED, denied);
      attrs[id] = v;
    }
  }
  const extractable = attrs[A.EXTRACTABLE] === undefined ? !req.nonExtractable : attrs[A.EXTRACTABLE] === 1;
  if (keyClass === CLASS.PRIVATE) {
    const { createAsymKey } = await import('../pairs');
    return made(keyCreation(steps, await createAsymKey(scope, session, CLASS.PRIVATE, value, {
      label: header ? (header.attrs.get(A.LABEL) as string) : req.noHeader!.label,
      id: header ? (header.attrs.get(A.ID) as string) : req.noHeader!.id,
      session: req.session, local: false, extractable, attrs, ...(header ? { skipIdCheck: true } : {}),
      shareWith: req.shareWith, mValue: req.mValue, minSrv: req.minSrv, timeout: req.timeout,
      ...(req.quorum ? { quorum: req.quorum } : {}),
    })));
  }
  const created = await createSecretKey(scope, session, {
    spec: {
      keyType, value,
      label: header ? (header.attrs.get(A.LABEL) as string) : req.noHeader!.label,
      id: header ? (header.attrs.get(A.ID) as string) : req.noHeader!.id,
      session: req.session, local: false, extractable,
    },
    attrs, skipIdCheck: header !== undefined,
    shareWith: req.shareWith, mValue: req.mValue, minSrv: req.minSrv, timeout: req.timeout,
    ...(req.quorum ? { quorum: req.quorum } : {}),
  });
  return made(keyCreation(steps, created));
}

/** Key types of private keys (unWrapKey -kt with -kc 3) and the PKCS #8 algorithm each names. */
const PRIVATE_KIND: ReadonlyMap<number, 'rsa' | 'dsa' | 'ec'> = new Map([[KEY_TYPE.RSA, 'rsa'], [KEY_TYPE.DSA, 'dsa'], [KEY_TYPE.EC, 'ec']]);

/**
 * VALUE_LEN of unwrapped private-key material of `keyType`, or undefined when the bytes are not a
 * well-formed PKCS #8 private key of that type (then 0xe5, like a secret of the wrong length).
 */
async function privateValueLen(value: Uint8Array, keyType: number): Promise<number | undefined> {
  const kind = PRIVATE_KIND.get(keyType);
  if (!kind) return undefined;
  const { asymKeyAttrs } = await import('../pairs');
  const { checkPrivateKey, privateKeyKind } = await import('../../crypto/asym/lite');
  try {
    checkPrivateKey(value);
    if (privateKeyKind(value).kind !== kind) return undefined;
    const len = asymKeyAttrs(CLASS.PRIVATE, value, { label: '', id: '', session: false, local: false, extractable: true })[A.VALUE_LEN];
    return typeof len === 'number' ? len : undefined;
  } catch (e) {
    if (e instanceof Error && e.name === 'FormatError') return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Host data (aesWrapUnwrap)
// ---------------------------------------------------------------------------------------------

/**
 * Wrap (or unwrap) data from the client host with an AES key in the HSM, RFC 3394 with the given
 * IV (16 hex digits, optional 0x): the key (0xa8), usable for that direction (0xc6, 0xe7), and on
 * unwrap the integrity check (0xe5).
 */
export async function wrapHostData(
  scope: OpScope, session: KmuSession,
  req: { handle: number; wrap: boolean; data: Uint8Array; ivHex: string; /** for the key-wrap view: -f and -out */ inPath?: string; outPath?: string },
): Promise<Outcome & { out?: Uint8Array }> {
  const step: StepId = req.wrap ? 'wrapHostData' : 'unwrapHostData';
  const iv = fromHex(req.ivHex.replace(/^0x/i, ''));
  const key = await lookupKey(scope.tx, session, req.handle);
  if (!key) return ladder([step], RC.INVALID_HANDLE);
  const code = wrappingKeyCode(key, session.user!.userId, req.wrap ? { wrap: true } : { unwrap: true });
  if (code !== RC.SUCCESS) return ladder([step], code);
  const ref: WrapRef = {
    direction: req.wrap ? 'wrap' : 'unwrap', variant: 'rfc3394', mechanism: 'aesWrapUnwrap', cluster: session.cluster, kek: req.handle,
    inputBytes: req.data.length, outputBytes: 0, iv: toHex(iv),
    ...(req.inPath ? { input: { from: 'file', path: req.inPath, header: false } } : {}),
    ...(req.wrap ? (req.outPath ? { file: req.outPath } : {}) : { ok: false, ...(req.inPath ? { file: req.inPath } : {}), ...(req.outPath ? { outputFile: req.outPath } : {}) }),
  };
  scope.wrapped(ref);
  try {
    const out = req.wrap ? aesKwWrap(key.value, req.data, iv) : aesKwUnwrap(key.value, req.data, iv);
    Object.assign(ref, { outputBytes: out.length }, req.wrap ? {} : { ok: true });
    return { ...ladder([step], RC.SUCCESS), out };
  } catch (e) {
    if (e instanceof CryptoError) return ladder([step], RC.UNWRAP_INTEGRITY);
    throw e;
  }
}
