/**
 * Inside a key wrap (issue 13): the intermediate values of an AES key wrap or unwrap the learner
 * ran, taken from the wasm core's trace export (src/crypto/aeskw-trace.ts; separate from the fused
 * hot path and capped) — never from a second implementation of W in TypeScript.
 *
 * The operations that wrap or unwrap with AES (imSymKey, exSymKey, wrapKey, unWrapKey,
 * aesWrapUnwrap, the CLI's key wrap/unwrap) record a WrapRef in the command's event (no key
 * material: handles, the mechanism, lengths, the files, where the input came from); the page asks
 * the console for the trace of one, and the console calls `traceWrap`, which reads the keys and
 * files again and re-runs the wrap with the trace on. Only the AES key-wrap mechanisms are traced
 * (-m 4, 5, 6 and aesWrapUnwrap; the CLI's aes-pkcs5-pad, aes-no-pad, aes-zero-pad); GCM and the
 * RSA mechanisms record nothing.
 *
 * WHAT IS SHOWN (decided here). A real HSM never shows these values. The trace shows them only
 * when the viewer could have had every byte anyway: each HSM key whose bytes go into the wrap —
 * the wrapping key (unless it came from a host file, -wk), the key wrapped (wrapKey, exSymKey, the
 * CLI's key wrap) — must still exist, be the viewer's own (owner) and extractable (OBJ_ATTR_EXTRACTABLE
 * = 1), i.e. one the viewer could export with wrapKey / exSymKey and unwrap on the host. Files
 * (imSymKey's plaintext, a -wk key file, a wrapped blob) are the viewer's own. Then the unwrapped
 * plaintext is one the viewer can compute too. Otherwise `hidden` says which key stops it and
 * every value is '' (the structure — n, t, j, i, the step count, the IV, whether the integrity
 * check passed — stays: the command printed that much). Not logged in: hidden. The view says
 * that a real HSM never shows any of this.
 *
 * `matchesWritten`: whether the trace's output equals what the command left behind — the file it
 * wrote (a wrap's -out, its header skipped; an unwrap's plaintext file) or the key an unwrap made.
 * Key wrap is deterministic, so a difference means the file or the key changed since: null then,
 * and null when there is nothing to compare with.
 */
import { traceKeyUnwrap, traceKeyWrap, type KwTrace, type KwTraceVariant } from '../../crypto/aeskw-trace';
import { decodeBase64 } from '../../crypto/base64';
import { fromHex, toHex } from '../../crypto/hex';
import { aesKwpWrap, aesKwWrap, aesPkcs5Wrap } from '../../crypto/index';
import { A } from '../attributes';
import { lookupKey } from '../keys';
import { keyRecordId, type KeyRecord } from '../model';
import { keyAllows } from '../policy';
import type { KmuSession } from '../session';
import type { Tx } from '../tx';
import { readFile } from '../vfs';
import { parseWrappedFile } from '../wrap';
import type { Hsm } from '../world';

export type WrapVariant = 'rfc3394' | 'rfc5649' | 'pkcs5';

/** What an event records of one AES wrap or unwrap (no key material). */
export interface WrapRef {
  direction: 'wrap' | 'unwrap';
  variant: WrapVariant;
  /** The KMU mechanism number (-m), or the CLI mechanism name. */
  mechanism: string;
  cluster: string;
  /** Handle of the wrapping key. */
  kek: number;
  /** Handle of the key wrapped or made by unwrapping, when a key was. */
  key?: number;
  /** The file read (unwrap) or written (wrap), when one was. */
  file?: string;
  /** Bytes in, bytes out. */
  inputBytes: number;
  outputBytes: number;
  /** Which console ran it (the keys are looked up in that console's session); absent: key_mgmt_util. */
  program?: 'kmu' | 'cli';
  /** Where a re-run finds the input again (never the bytes themselves; absent: it cannot). */
  input?: WrapInput;
  /** The KEK came from this host file (imSymKey / exSymKey -wk), not from the key `kek`. */
  kekFile?: string;
  /** aesWrapUnwrap -i: the KW initial value, hex (absent: A6A6A6A6A6A6A6A6). */
  iv?: string;
  /** Wrap: `file` holds KMU's wrapped-file header before the mechanism's bytes. */
  header?: boolean;
  /** Unwrap: the file the plaintext was written to (exSymKey -out, aesWrapUnwrap -m 0 -out). */
  outputFile?: string;
  /** Unwrap: whether the integrity check passed (absent on a wrap). */
  ok?: boolean;
}

/**
 * Where a wrap's or unwrap's input came from, so that `traceWrap` can read it again: a key's value,
 * a file (with or without KMU's header), a CloudHSM CLI `--data` blob (public: a wrapped blob), or
 * the blob an earlier wrap of the same command made (exSymKey's and imSymKey's second step).
 */
export type WrapInput =
  | { from: 'key'; handle: number }
  | { from: 'file'; path: string; header: boolean }
  | { from: 'base64'; data: string }
  | { from: 'wrap'; input: WrapInput; kek: number; kekFile?: string };

/** One step of W (or W⁻¹): RFC 3394 §2.2.1 / §2.2.2 with t = n·j + i. */
export interface WrapTraceStep {
  j: number;
  i: number;
  t: number;
  /** Register A before the step, hex. */
  a: string;
  /** R[i] before the step, hex. */
  r: string;
  /** The block fed to AES (wrap: A | R[i]; unwrap: (A ^ t) | R[i]), hex. */
  input: string;
  /** What AES (or AES⁻¹) gave, hex. */
  output: string;
  /** A and R[i] after the step, hex. */
  aAfter: string;
  rAfter: string;
}

export interface WrapTrace {
  ref: WrapRef;
  /** The initial value: A6A6A6A6A6A6A6A6, or RFC 5649's A65959A6 ‖ MLI. */
  iv: string;
  /** RFC 5649: the message length indicator and how many zero bytes padded the key. */
  rfc5649?: { mli: number; padding: number };
  /** -m 4: the PKCS #5 padding added (wrap) or removed (unwrap), bytes and their value. */
  pkcs5?: { padding: number };
  /** The plaintext (after padding) as it entered W, or as W⁻¹ left it, hex; '' when hidden. */
  plaintext: string;
  /** R[1..n] before the first step (wrap) or the ciphertext's blocks (unwrap), hex. */
  start: { a: string; r: string[] };
  steps: WrapTraceStep[];
  /** Steps left out after the cap (the view says so). */
  omitted: number;
  /** RFC 5649 with n = 1: one AES block, no W. */
  singleBlock: boolean;
  /** The result: the ciphertext (wrap) or the plaintext (unwrap), hex. */
  output: string;
  /** Unwrap: the integrity check of A against the IV (and the MLI and padding for RFC 5649). */
  check?: { a: string; expected: string; ok: boolean };
  /** Whether the output equals the bytes the command wrote (null: the file has changed since, or none). */
  matchesWritten: boolean | null;
  /** Why values are hidden (a key the learner could not have exported), or null. */
  hidden: string | null;
}

/** Who asks: the logged-in user of the console that ran the command, and its session (its session keys). */
export interface WrapViewer {
  user: number | null;
  session?: KmuSession;
}

const VARIANTS: Readonly<Record<WrapVariant, KwTraceVariant>> = { rfc3394: 'kw', rfc5649: 'kwp', pkcs5: 'pkcs5' };
const DEFAULT_IV = 'a6a6a6a6a6a6a6a6';
/** How deep a `wrap` input may nest (exSymKey / imSymKey use one level). */
const MAX_DEPTH = 2;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isHandle = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
const isText = (x: unknown): x is string => typeof x === 'string';

/** A WrapInput of the shape the operations record (the page may hand back anything). */
function isInput(x: unknown, depth = 0): x is WrapInput {
  if (!isObject(x) || depth > MAX_DEPTH) return false;
  switch (x.from) {
    case 'key': return isHandle(x.handle);
    case 'file': return isText(x.path) && typeof x.header === 'boolean';
    case 'base64': return isText(x.data);
    case 'wrap': return isHandle(x.kek) && (x.kekFile === undefined || isText(x.kekFile)) && isInput(x.input, depth + 1);
    default: return false;
  }
}

function isRef(x: unknown): x is WrapRef {
  return isObject(x) && (x.direction === 'wrap' || x.direction === 'unwrap') && isText(x.variant) && Object.hasOwn(VARIANTS, x.variant)
    && isText(x.cluster) && isHandle(x.kek) && (x.key === undefined || isHandle(x.key)) && isInput(x.input)
    && (x.kekFile === undefined || isText(x.kekFile)) && (x.file === undefined || isText(x.file))
    && (x.outputFile === undefined || isText(x.outputFile)) && (x.iv === undefined || (isText(x.iv) && /^[0-9a-f]{16}$/i.test(x.iv)));
}

/** What the re-run needs, read in one unit of work; `why` is the first reason to hide the values. */
interface Gathered {
  kek: Uint8Array;
  input: Uint8Array;
  /** What the command left: the file it wrote (mechanism bytes), the plaintext file, or the new key's value. */
  left?: Uint8Array;
  why: string | null;
}

async function gather(hsm: Hsm, ref: WrapRef, viewer: WrapViewer): Promise<Gathered | null> {
  return hsm.transact(async (tx) => {
    let why: string | null = viewer.user === null
      ? "Log in as the keys' owner to look inside this wrap: the values are shown only for keys you could export anyway." : null;
    const key = async (handle: number): Promise<KeyRecord | undefined> => {
      const k = await findKey(tx, viewer.session, ref.cluster, handle);
      if (k) why ??= exportable(k, viewer.user!);
      return k;
    };
    const kekOf = async (handle: number, file: string | undefined) => (file !== undefined ? readFile(tx, file) : (await key(handle))?.value);
    const bytesOf = async (w: WrapInput): Promise<Uint8Array | undefined> => {
      switch (w.from) {
        case 'key': return (await key(w.handle))?.value;
        case 'file': {
          const data = await readFile(tx, w.path);
          return data && w.header ? parseWrappedFile(data)?.wrapped : data;
        }
        case 'base64': return decodeBase64(w.data);
        case 'wrap': {
          const inner = await bytesOf(w.input);
          const kek = await kekOf(w.kek, w.kekFile);
          return inner && kek ? wrapAgain(ref.variant, kek, inner) : undefined;
        }
      }
    };
    const kek = await kekOf(ref.kek, ref.kekFile);
    const input = await bytesOf(ref.input!);
    if (!kek || !input) return null;
    let left: Uint8Array | undefined;
    if (ref.direction === 'wrap' && ref.file !== undefined) {
      const data = await readFile(tx, ref.file);
      left = data && ref.header ? parseWrappedFile(data)?.wrapped : data;
    } else if (ref.direction === 'unwrap') {
      if (ref.outputFile !== undefined) left = await readFile(tx, ref.outputFile);
      else if (ref.key !== undefined) left = (await findKey(tx, viewer.session, ref.cluster, ref.key))?.value;
    }
    return { kek, input, ...(left ? { left } : {}), why };
  });
}

/** A key of `cluster` by handle: the session's own session keys first, then the token keys. */
async function findKey(tx: Tx, session: KmuSession | undefined, cluster: string, handle: number): Promise<KeyRecord | undefined> {
  if (session && session.cluster === cluster) return lookupKey(tx, session, handle);
  const rec = await tx.get<KeyRecord>('keys', keyRecordId(cluster, handle));
  return rec && rec.holders.length > 0 ? rec : undefined;
}

/** Why the viewer could not export `key` (null: they could). */
function exportable(key: KeyRecord, user: number): string | null {
  const name = `Key ${key.handle}`;
  if (!keyAllows(key, user, 'export')) return `${name} is not yours (user ${key.owner} owns it): the values are shown only for keys you could export anyway.`;
  if (key.attrs[A.EXTRACTABLE] !== 1) return `${name} is not extractable: a real HSM never lets its bytes out, so this view does not show them either.`;
  return null;
}

/** The blob an earlier wrap of the same command made (exSymKey's and imSymKey's first step), through the product's wrap. */
function wrapAgain(variant: WrapVariant, kek: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  try {
    return variant === 'pkcs5' ? aesPkcs5Wrap(kek, data) : variant === 'rfc5649' ? aesKwpWrap(kek, data) : aesKwWrap(kek, data);
  } catch {
    return undefined; // a key file that no longer fits
  }
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The trace of a wrap or unwrap the terminal ran (`null`: its keys or files are gone, or it cannot be re-run). */
export async function traceWrap(hsm: Hsm, ref: WrapRef, viewer: WrapViewer): Promise<WrapTrace | null> {
  if (!isRef(ref)) return null;
  const got = await gather(hsm, ref, viewer);
  if (!got) return null;
  const variant = VARIANTS[ref.variant];
  const iv = ref.variant === 'rfc3394' && ref.iv !== undefined ? fromHex(ref.iv) : undefined;
  let tr: KwTrace;
  try {
    tr = ref.direction === 'wrap' ? await traceKeyWrap(variant, got.kek, got.input, iv) : await traceKeyUnwrap(variant, got.kek, got.input, iv);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) return null; // the file or key no longer fits the mechanism
    throw e;
  }
  const shown = got.why === null;
  const h = (b: Uint8Array) => (shown ? toHex(b) : '');
  const matches = got.left && tr.ok ? (equal(got.left, tr.output) ? true : null) : null;
  const ivHex = ref.direction === 'wrap' ? toHex(tr.aStart)
    : ref.variant === 'rfc5649' ? `a65959a6${toHex(tr.aEnd).slice(8)}` : (ref.iv?.toLowerCase() ?? DEFAULT_IV);
  const mli = ref.variant !== 'rfc5649' ? 0 : ref.direction === 'wrap' ? got.input.length : new DataView(tr.aEnd.buffer, tr.aEnd.byteOffset).getUint32(4);
  const padded = (body: Uint8Array) => (tr.padding > 0 ? toHex(body) + toHex(tr.lastBlock).slice(16 - 2 * tr.padding) : toHex(body));
  const plaintext = !shown ? '' : ref.direction === 'wrap' ? padded(got.input) : tr.ok ? padded(tr.output) : recovered(tr);
  return {
    ref, iv: ivHex,
    ...(ref.variant === 'rfc5649' ? { rfc5649: { mli, padding: ref.direction === 'wrap' || tr.ok ? tr.padding : Math.max(0, 8 * tr.n - mli) } } : {}),
    ...(ref.variant === 'pkcs5' ? { pkcs5: { padding: tr.padding } } : {}),
    plaintext,
    start: { a: h(tr.aStart), r: tr.start.map(h) },
    steps: tr.steps.map((s) => ({
      j: s.j, i: s.i, t: s.t, a: h(s.a), r: h(s.r), input: h(s.input), output: h(s.output), aAfter: h(s.aAfter), rAfter: h(s.rAfter),
    })),
    omitted: tr.omitted, singleBlock: tr.singleBlock,
    output: h(tr.output),
    ...(ref.direction === 'unwrap' ? { check: { a: h(tr.aEnd), expected: ivHex, ok: tr.ok } } : {}),
    matchesWritten: shown ? matches : null,
    hidden: got.why,
  };
}

/** A failed unwrap's R[1..n] as W⁻¹ left them (its j = 0 steps), when every one was recorded. */
function recovered(tr: KwTrace): string {
  if (tr.singleBlock) return toHex(tr.steps[0]?.rAfter ?? new Uint8Array(0));
  const last = new Map(tr.steps.filter((s) => s.j === 0).map((s) => [s.i, s.rAfter]));
  if (last.size !== tr.n) return '';
  return Array.from({ length: tr.n }, (_, k) => toHex(last.get(k + 1)!)).join('');
}
