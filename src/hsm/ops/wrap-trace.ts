/**
 * Inside a key wrap (issue 13): the intermediate values of an AES key wrap or unwrap the learner
 * ran, taken from the wasm core's trace export (src/crypto/aeskw-trace.ts; separate from the fused
 * hot path and capped) — never from a second implementation of W in TypeScript.
 *
 * The operations that wrap or unwrap with AES (imSymKey, exSymKey, wrapKey, unWrapKey,
 * aesWrapUnwrap, the CLI's key wrap/unwrap) record a WrapRef in the command's event (no key
 * material: handles, the mechanism, lengths, the file); the page asks the console for the trace of
 * one, and the console calls `traceWrap`, which reads the keys again and re-runs the wrap with the
 * trace on. A real HSM never shows these values; the trace shows them only for keys the learner
 * could have exported anyway (decided in `traceWrap`, said in `hidden` otherwise).
 */
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
}

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

/** The trace of a wrap or unwrap the terminal ran (`null`: its keys are gone). */
export async function traceWrap(hsm: Hsm, ref: WrapRef, viewer: { user: number | null }): Promise<WrapTrace | null> {
  void hsm; void ref; void viewer;
  throw new Error('traceWrap: not built yet');
}
