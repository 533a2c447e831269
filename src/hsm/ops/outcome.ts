/**
 * What an operation tells every console: the HSM steps it performed with the return code of each,
 * the status of every HSM it asked, and the objects it created, changed or deleted. Nothing here is
 * program text: a step is named by what it does, and each console words it itself (key_mgmt_util
 * prints a `Cfm…` function name per step, see src/commands/kmu/steps.ts). Session effects (a login,
 * a session key appearing or going) are not part of the value: the operation hands them to the
 * runner (OpScope.after / sessionKey), which applies them after the commit.
 */
import { RC } from '../codes';
import type { NodeStatus } from '../session';

/** The HSM steps an operation may perform, by what they do. */
export type StepId =
  | 'login'
  | 'logout'
  | 'listUsers'
  | 'generateKey'
  /** Generate an asymmetric key pair (genRSAKeyPair, genDSAKeyPair, genECCKeyPair). */
  | 'generateKeyPair'
  | 'generatePbeKey'
  /** Wrap data the client host supplies, with a key in the HSM (imSymKey step 1, aesWrapUnwrap -m 1). */
  | 'wrapHostData'
  /** Unwrap data for the client host (exSymKey step 2, aesWrapUnwrap -m 0). */
  | 'unwrapHostData'
  | 'createUnwrapTemplate'
  | 'unwrapKey'
  | 'wrapKey'
  | 'findKey'
  | 'getAttribute'
  | 'setAttribute'
  | 'deleteKey'
  | 'getKeyInfo'
  /** Create a public key from a host file (importPubKey). */
  | 'createPublicKey'
  /** Read a public key out for the host (exportPubKey). */
  | 'exportPublicKey'
  /** Write a file that only references a private key (getCaviumPrivKey's fake PEM). */
  | 'fakeKeyFile'
  | 'sign'
  | 'verify'
  | 'extractMaskedObject'
  | 'insertMaskedObject'
  | 'getCert';

export interface Step {
  readonly step: StepId;
  readonly code: number;
}

/** Key handles an operation created, changed or deleted (session keys included). */
export interface Objects {
  created: number[];
  changed: number[];
  deleted: number[];
}

export interface Outcome {
  /** The steps in order; every step but the last succeeded. Empty: no HSM step was made. */
  steps: Step[];
  /** The operation's result: the last step's code (0x00 when no step was made). */
  code: number;
  /** Per-HSM status of the last step; empty when no HSM reports one. */
  nodes: NodeStatus[];
  objects: Objects;
}

/** No handles, no nodes: shared by every outcome without any (frozen: an outcome is never changed after it is made). */
const NONE: never[] = Object.freeze([]) as never[];
const NO_OBJECTS: Objects = Object.freeze({ created: NONE, changed: NONE, deleted: NONE });

/** An outcome whose steps `ids` all succeeded but the last, which returned `code`. */
export function ladder(ids: readonly StepId[], code: number, nodes: NodeStatus[] = NONE, objects: Partial<Objects> = NO_OBJECTS): Outcome {
  // (a loop and shared empties: every operation ends here, a warm `verify` among them)
  const n = ids.length;
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) steps.push({ step: ids[i]!, code: i === n - 1 ? code : RC.SUCCESS });
  return {
    steps, code: n === 0 ? RC.SUCCESS : code, nodes,
    objects: objects === NO_OBJECTS ? NO_OBJECTS : { created: objects.created ?? NONE, changed: objects.changed ?? NONE, deleted: objects.deleted ?? NONE },
  };
}

/** A key-creating operation's outcome: the new handle on success, and the attestation result. */
export interface KeyCreation extends Outcome {
  handle?: number;
  /** -attest: false when the serving HSM is marked tampered. */
  attestPass: boolean;
}
