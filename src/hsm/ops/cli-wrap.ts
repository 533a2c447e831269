/**
 * `key wrap <mechanism>` and `key unwrap <mechanism>` of the CloudHSM CLI (cloudhsm-cli.md §3.19,
 * §3.20, §4.3, §5.3, §5.5, §5.9; G-CLI-5/15/16/17/29) over the operations every console shares:
 * each CLI mechanism is one KMU `-m` (src/hsm/wrap.ts), the wrapped bytes are what KMU
 * `wrapKey -noheader` writes (ops/wrap.ts wrapKey with `header: false`), and an unwrap is KMU's
 * `unWrapKey -noheader` with the CLI's attribute defaults. The rules (owner only, extractable,
 * wrap/unwrap flags, wrap-with-trusted, quorum, payload sizes, integrity) are the shared
 * operation's; it says which one refused (its `why`). This file adds only what the CLI has and KMU
 * has not: filters, the option values of the CLI, the availability check, names for users.
 * Every refusal is returned before anything is written (a failure writes nothing).
 */
import { base64Decode } from '../../crypto/asym/pem';

// the wrapped bytes in the JSON (§2.5), through the crypto layer's Base64
export { encodeBase64 } from '../../crypto/base64';
import { A, CLASS, KEY_TYPE, type AttrMap } from '../attributes';
import type { CliSession } from '../cli-session';
import { RC } from '../codes';
import { lookupKey } from '../keys';
import type { KeyRecord } from '../model';
import { PlaygroundError } from '../world';
import { readFile, resolvePath, canWrite, writeFile } from '../vfs';
import { DEFAULT_TAG_BYTES } from '../wrap';
import { cliCreationAttrs, quorumValue, readCreationAttributes, shareUserIds } from './cli-generate';
import { availabilityCheck, keyReference, keyView, parseFilter, selectOneKey, type CliKeyView } from './cli-keys';
import { accepted, refused, type CliRefusal, type CliResultOf } from './cli-refusal';
import type { OpScope } from './runner';
import { unwrapKey, wrapKey } from './wrap';

/** The CLI's mechanism words (§3.19 table). */
export type CliWrapMechanism =
  | 'aes-gcm' | 'aes-no-pad' | 'aes-pkcs5-pad' | 'aes-zero-pad' | 'cloudhsm-aes-gcm' | 'rsa-aes' | 'rsa-oaep' | 'rsa-pkcs';

/** What each mechanism is in the model, and which CLI flags it takes. */
export interface CliMechanismDef {
  /** KMU `wrapKey -m` (kmu-commands.md §3.4). */
  readonly m: number;
  /** `--aad` and `--tag-length-bits` (the GCM mechanisms); `iv`: the IV travels in the JSON (aes-gcm) or in the blob. */
  readonly gcm?: { readonly iv: 'returned' | 'prefixed' };
  /** `--hash-function` and `--mgf` (rsa-aes, rsa-oaep). */
  readonly hash?: true;
}

export const CLI_WRAP_MECHANISMS: ReadonlyMap<CliWrapMechanism, CliMechanismDef> = new Map<CliWrapMechanism, CliMechanismDef>([
  ['aes-gcm', { m: 10, gcm: { iv: 'returned' } }],
  ['aes-no-pad', { m: 5 }],
  ['aes-pkcs5-pad', { m: 4 }],
  ['aes-zero-pad', { m: 6 }],
  ['cloudhsm-aes-gcm', { m: 11, gcm: { iv: 'prefixed' } }],
  ['rsa-aes', { m: 7, hash: true }],
  ['rsa-oaep', { m: 8, hash: true }],
  ['rsa-pkcs', { m: 12 }],
]);

/** `--hash-function` values and the KMU `-t` hash type each is (attributes.md §4.6). */
export const CLI_HASHES: ReadonlyMap<string, number> = new Map([
  ['sha1', 2], ['sha224', 6], ['sha256', 3], ['sha384', 4], ['sha512', 5],
]);
export const CLI_HASH_NAMES: readonly string[] = [...CLI_HASHES.keys()];
/** `--mgf` values: MGF1 with one of the hashes; it must be `--hash-function`'s (§3.19). */
export const CLI_MGF_NAMES: readonly string[] = CLI_HASH_NAMES.map((h) => `mgf1-${h}`);

/** `--key-type-class` values (G-CLI-15) and the model's class and type. */
export const CLI_KEY_TYPE_CLASSES: ReadonlyMap<string, { readonly keyClass: number; readonly keyType: number }> = new Map([
  ['aes', { keyClass: CLASS.SECRET, keyType: KEY_TYPE.AES }],
  ['des3', { keyClass: CLASS.SECRET, keyType: KEY_TYPE.DES3 }],
  ['ec-private', { keyClass: CLASS.PRIVATE, keyType: KEY_TYPE.EC }],
  ['generic-secret', { keyClass: CLASS.SECRET, keyType: KEY_TYPE.GENERIC_SECRET }],
  ['rsa-private', { keyClass: CLASS.PRIVATE, keyType: KEY_TYPE.RSA }],
]);
export const CLI_KEY_TYPE_CLASS_NAMES: readonly string[] = [...CLI_KEY_TYPE_CLASSES.keys()];

/** The unwrap column of §4.3 where it differs from generation: an unwrapped key was not made inside the HSM. */
const UNWRAPPED: AttrMap = { [A.LOCAL]: 0, [A.ALWAYS_SENSITIVE]: 0, [A.NEVER_EXTRACTABLE]: 0 };

// ---------------------------------------------------------------------------------------------
// Option values
// ---------------------------------------------------------------------------------------------

/** Hex with or without `0x` (§2.5), an even number of digits; undefined when malformed. */
export function cliHex(text: string): Uint8Array | undefined {
  const digits = text.replace(/^0x/i, '');
  if (digits.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(digits)) return undefined;
  return Uint8Array.from(digits.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** The GCM parameters: `--tag-length-bits` 64–128 in steps of 8 (§3.19), `--aad` hex. */
function gcmOf(opts: { aad?: string; tagLengthBits?: string }): CliResultOf<{ aad: Uint8Array; tagBytes: number }> {
  let tagBytes = DEFAULT_TAG_BYTES;
  if (opts.tagLengthBits !== undefined) {
    const bits = /^\d{1,4}$/.test(opts.tagLengthBits) ? Number(opts.tagLengthBits) : NaN;
    if (!(bits >= 64 && bits <= 128 && bits % 8 === 0)) {
      return refused({ error: 'invalid-option-value', flag: '--tag-length-bits', value: opts.tagLengthBits });
    }
    tagBytes = bits / 8;
  }
  const aad = opts.aad === undefined ? new Uint8Array(0) : cliHex(opts.aad);
  if (!aad) return refused({ error: 'invalid-option-value', flag: '--aad', value: opts.aad! });
  return accepted({ aad, tagBytes });
}

/** `--hash-function` and `--mgf`: the KMU hash type; the MGF's hash must be the same (§3.19). */
function hashOf(opts: { hashFunction?: string; mgf?: string }): CliResultOf<number | undefined> {
  if (opts.hashFunction === undefined) return accepted(undefined);
  const type = CLI_HASHES.get(opts.hashFunction);
  if (type === undefined) return refused({ error: 'invalid-option-value', flag: '--hash-function', value: opts.hashFunction });
  if (opts.mgf !== undefined && opts.mgf !== `mgf1-${opts.hashFunction}`) return refused({ error: 'invalid-option-value', flag: '--mgf', value: opts.mgf });
  return accepted(type);
}

/** Read a filter's words and select exactly one key (§2.4). */
async function oneKey(scope: OpScope, session: CliSession, words: readonly string[]): Promise<CliResultOf<KeyRecord>> {
  const parsed = parseFilter(words);
  if ('refusal' in parsed) return refused(parsed.refusal);
  const one = await selectOneKey(scope, session, parsed.filter);
  return 'refusal' in one ? refused(one.refusal) : accepted(one.key);
}

// ---------------------------------------------------------------------------------------------
// key wrap
// ---------------------------------------------------------------------------------------------

export interface CliWrapRequest {
  readonly mechanism: CliWrapMechanism;
  readonly payloadFilter: readonly string[];
  readonly wrappingFilter: readonly string[];
  /** `--path` as typed, and the host shell's directory it is relative to (§2.5). */
  readonly path?: string;
  readonly cwd: string;
  readonly aad?: string;
  readonly tagLengthBits?: string;
  readonly hashFunction?: string;
  readonly mgf?: string;
}

export interface CliWrapped {
  readonly payload: number;
  readonly wrapping: number;
  /** aes-gcm: the 12-byte IV the HSM chose (the `iv` field). */
  readonly iv?: Uint8Array;
  /** The mechanism's raw output: what KMU `wrapKey -noheader` writes (§3.19). */
  readonly wrapped: Uint8Array;
}

/**
 * `key wrap <mechanism>` after the gate: the option values, both filters (one key each), the
 * shared wrapKey (owner, kind, extractable, quorum, wrapping key, trusted, size), the availability
 * check of both keys (before the size limits, §3.19's order), then `--path`.
 */
export async function cliWrap(scope: OpScope, session: CliSession, req: CliWrapRequest): Promise<CliResultOf<CliWrapped>> {
  const mech = CLI_WRAP_MECHANISMS.get(req.mechanism)!;
  const gcm = gcmOf(req);
  if (!gcm.ok) return gcm;
  const hash = hashOf(req);
  if (!hash.ok) return hash;
  const payload = await oneKey(scope, session, req.payloadFilter);
  if (!payload.ok) return payload;
  const wrapping = await oneKey(scope, session, req.wrappingFilter);
  if (!wrapping.ok) return wrapping;
  const res = await wrapKey(scope, session, {
    key: payload.value.handle, wrappingKey: wrapping.value.handle, mechanism: mech.m, header: false, gcm: gcm.value, quorumLast: true,
    ...(hash.value === undefined ? {} : { hashType: hash.value }),
    cliMechanism: req.mechanism, ...(req.path === undefined ? {} : { out: resolvePath(req.cwd, req.path) }),
  });
  // DSA keys have no wrap command in the CLI (§5.3): the kind check, after the owner check.
  if (payload.value.attrs[A.KEY_TYPE] === KEY_TYPE.DSA && res.why?.error !== 'access-denied') return refused({ error: 'wrong-key-kind' });
  if (res.code !== RC.SUCCESS && res.why?.error !== 'payload-length') return refused(res.why ?? { error: 'access-denied' });
  const unavailable = await availabilityCheck(scope, session, { keys: [payload.value, wrapping.value] });
  if (unavailable) return refused(unavailable);
  if (res.code !== RC.SUCCESS) return refused(res.why!);
  const wrapped = res.file!;
  if (req.path !== undefined) {
    const path = resolvePath(req.cwd, req.path);
    if ((await canWrite(scope.tx, path)) !== 'ok') return refused({ error: 'create-file', path: req.path });
    await writeFile(scope.tx, path, wrapped, scope.hsm.deps.clock.now());
  }
  return accepted({
    payload: payload.value.handle, wrapping: wrapping.value.handle, wrapped,
    ...(mech.gcm?.iv === 'returned' && res.iv ? { iv: res.iv } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// key unwrap
// ---------------------------------------------------------------------------------------------

export interface CliUnwrapRequest {
  readonly mechanism: CliWrapMechanism;
  readonly filter: readonly string[];
  /** `--data` (Base64) or `--data-path` (a file relative to `cwd`): exactly one. */
  readonly data?: string;
  readonly dataPath?: string;
  readonly cwd: string;
  readonly keyTypeClass: string;
  readonly label: string;
  readonly attributes: readonly string[];
  readonly shareCryptoUsers: readonly string[];
  readonly manageQuorum?: string;
  readonly useQuorum?: string;
  readonly session: boolean;
  readonly iv?: string;
  readonly aad?: string;
  readonly tagLengthBits?: string;
  readonly hashFunction?: string;
  readonly mgf?: string;
}

/** Where the new key is, for its key object: a token key is readable in this unit of work, a session key after it. */
export interface CliUnwrapped {
  readonly handle: number;
  readonly session: boolean;
}

/**
 * `key unwrap <mechanism>` after the gate: the option values, the data, the unwrapping key (one
 * key), the availability check (the unwrapping key, and a token key's creation), then the shared
 * unWrapKey without a header: its key checks, integrity (`Unwrap failed - integrity check
 * error`, also for a KMU file with its header, §5.9), the key kind, the unwrap template, the
 * creation (unique ID, share list).
 */
export async function cliUnwrap(scope: OpScope, session: CliSession, req: CliUnwrapRequest): Promise<CliResultOf<CliUnwrapped>> {
  const mech = CLI_WRAP_MECHANISMS.get(req.mechanism)!;
  const kind = CLI_KEY_TYPE_CLASSES.get(req.keyTypeClass);
  if (!kind) return refused({ error: 'invalid-option-value', flag: '--key-type-class', value: req.keyTypeClass });
  const gcm = gcmOf(req);
  if (!gcm.ok) return gcm;
  let iv: Uint8Array | undefined;
  if (req.iv !== undefined) {
    iv = cliHex(req.iv);
    if (!iv || iv.length === 0) return refused({ error: 'invalid-option-value', flag: '--iv', value: req.iv });
  }
  const hash = hashOf(req);
  if (!hash.ok) return hash;

  // The new key's attributes (§4.3 "CLI unwrap"): the usage flags of a generated key of that kind
  // and `--attributes` (cli-generate.ts, the generation path's rule), then the unwrap column's own
  // `local`, `always-sensitive` and `never-extractable` false.
  const settings = readCreationAttributes(req.attributes);
  if (!settings.ok) return settings;
  const idSetting = settings.value.filter((x) => x.id === A.ID).at(-1);
  const id = idSetting === undefined ? '' : String(idSetting.value);
  const attrs = cliCreationAttrs(kind.keyClass === CLASS.SECRET ? 'secret' : 'private', {}, settings.value.filter((x) => x.id !== A.ID));
  Object.assign(attrs, UNWRAPPED);
  attrs[A.LABEL] = req.label;
  const extractable = attrs[A.EXTRACTABLE] === 1;

  const shared = await shareUserIds(scope, session, req.shareCryptoUsers);
  if (!shared.ok) return shared;
  const manage = quorumValue({ flag: '--manage-key-quorum-value', value: req.manageQuorum }, shared.value.length);
  if (!manage.ok) return manage;
  const use = quorumValue({ flag: '--use-key-quorum-value', value: req.useQuorum }, shared.value.length);
  if (!use.ok) return use;

  let data: Uint8Array;
  if (req.dataPath !== undefined) {
    const file = await readFile(scope.tx, resolvePath(req.cwd, req.dataPath));
    if (!file) return refused({ error: 'open-file', path: req.dataPath });
    data = file;
  } else {
    try {
      data = base64Decode(req.data ?? '');
    } catch (e) {
      if (e instanceof Error && e.name === 'FormatError') return refused({ error: 'invalid-base64' });
      throw e;
    }
  }

  const unwrapping = await oneKey(scope, session, req.filter);
  if (!unwrapping.ok) return unwrapping;
  const unavailable = await availabilityCheck(scope, session, { keys: [unwrapping.value], creating: req.session ? 'session' : 'token' });
  if (unavailable) return refused(unavailable);

  const res = await unwrapKey(scope, session, {
    file: data, wrappingKey: unwrapping.value.handle, mechanism: mech.m,
    gcm: { ...gcm.value, ...(iv ? { iv } : {}) },
    ...(hash.value === undefined ? {} : { hashType: hash.value }),
    noHeader: { keyClass: kind.keyClass, keyType: kind.keyType, label: req.label, id, attrs },
    session: req.session, nonExtractable: !extractable, shareWith: shared.value,
    mValue: Math.max(manage.value, use.value), quorum: { manageQuorum: manage.value, useQuorum: use.value }, minSrv: 1, timeout: null,
    cliMechanism: req.mechanism,
    source: req.dataPath !== undefined ? { from: 'file', path: resolvePath(req.cwd, req.dataPath), header: false } : { from: 'base64', data: req.data ?? '' },
  });
  if (res.code !== RC.SUCCESS || res.handle === undefined) return refused(res.why ?? creationRefusal(res.code));
  return accepted({ handle: res.handle, session: req.session });
}

/** The key object of a key `cliUnwrap` made (a session key once its unit of work has committed). */
export async function unwrappedKeyView(scope: OpScope, session: CliSession, handle: number): Promise<CliKeyView> {
  const key = await lookupKey(scope.tx, session, handle);
  if (!key) throw new PlaygroundError(`the unwrapped key ${keyReference(handle)} is gone`);
  return keyView(scope, session, key);
}

/** A creation's return code (keys.ts createObjects) in the CLI's words (§2.8). */
function creationRefusal(code: number): CliRefusal {
  switch (code) {
    case RC.KEY_ID_EXISTS: return { error: 'id-exists' };
    case RC.INVALID_SHARE_LIST: return { error: 'wrong-role' };
    case RC.FIPS_POLICY: return { error: 'fips-policy' };
    case RC.UNWRAP_INTEGRITY: return { error: 'unwrap-failed' };
    case RC.MXN_AUTH_FAILED: return { error: 'quorum' };
    case RC.OBJECT_TABLE_FULL:
      // §2.8 has no text for a full cluster; the playground says so and changes nothing (as cli-generate.ts).
      throw new PlaygroundError('the cluster holds as many keys as it can; nothing was changed');
    default: return { error: 'disconnected' };
  }
}
