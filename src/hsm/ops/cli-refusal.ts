/**
 * Why a CloudHSM CLI command refused (cloudhsm-cli.md §2.8), as data: the operations layer says
 * which rule refused, the CLI program words it (src/commands/cli/errors.ts) and prints it in the JSON
 * error envelope. Each refusal is tied to the errors.md condition KMU and CMU refuse for, so both
 * consoles fail for the same reason. A refusal changes nothing and consumes no object index.
 */
export type CliRefusal =
  /** A single-key filter matched `count` ≠ 1 keys (§2.4; N = 0 is G-CLI-19). */
  | { readonly error: 'selection'; readonly count: number }
  /** The key attribute `name` (CLI name) must be true for this operation. */
  | { readonly error: 'attribute-false'; readonly name: string }
  /** `key set-attribute`: the attribute may not change / not to this value (§4.4). */
  | { readonly error: 'not-modifiable'; readonly name: string }
  | { readonly error: 'cannot-set'; readonly name: string; readonly value: string }
  /** Filters and `--attributes` (§4.6). */
  | { readonly error: 'unknown-attribute'; readonly name: string }
  | { readonly error: 'invalid-value'; readonly name: string; readonly value: string }
  /** `--max-items 0`, a `--starting-token` that is no number (G-CLI-45): `Invalid value <value> for <flag>`. */
  | { readonly error: 'invalid-option-value'; readonly flag: string; readonly value: string }
  | { readonly error: 'already-shared'; readonly name: string }
  | { readonly error: 'not-shared'; readonly name: string }
  | { readonly error: 'open-file'; readonly path: string }
  | { readonly error: 'create-file'; readonly path: string }
  /** `--cluster-id` names another cluster (G-CLI-28). */
  | { readonly error: 'cluster-not-configured'; readonly id: string }
  /** A stub of §3.24: `<command path> is not available in this playground yet`. */
  | { readonly error: 'unavailable'; readonly path: string }
  | {
    readonly error:
      | 'verify-failed' | 'no-such-user' | 'availability' | 'bad-credentials' | 'not-synchronized'
      | 'not-logged-in' | 'already-logged-in' | 'locked' | 'user-not-everywhere' | 'wrong-role'
      | 'access-denied' | 'needs-trusted' | 'wrong-key-kind' | 'unwrap-failed' | 'payload-length'
      | 'quorum' | 'user-exists' | 'user-logged-in' | 'user-owns-keys' | 'invalid-user-name'
      | 'invalid-password-length' | 'passwords-differ' | 'public-not-shared' | 'invalid-pem'
      | 'invalid-base64' | 'disconnected' | 'id-exists' | 'fips-policy'
      /** `cluster activate` (§3.23): playground clusters are always active. */
      | 'cluster-activated';
  };

export type CliErrorId = CliRefusal['error'];

/** A value, or why the CLI refuses. */
export type CliResultOf<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: CliRefusal };

export const refused = (refusal: CliRefusal): { readonly ok: false; readonly refusal: CliRefusal } => ({ ok: false, refusal });
export const accepted = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
