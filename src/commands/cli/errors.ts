/**
 * The CLI's words for a refusal (cloudhsm-cli.md §2.8) and the errors.md code the same condition
 * has in KMU/CMU (the command event carries it, so lessons and tests see one reason for both
 * consoles; none where §2.8 ties the text to no code). Rules as data: one row per refusal.
 */
import { RC } from '../../hsm/codes';
import type { CliErrorId, CliRefusal } from '../../hsm/ops/cli-refusal';

type Row = { readonly text: (r: never) => string; readonly code?: number };

const ROWS: { readonly [K in CliErrorId]: { text: (r: Extract<CliRefusal, { error: K }>) => string; code?: number } } = {
  'selection': {
    text: (r) => `Key selection criteria matched ${r.count} keys. Refine selection criteria to select a single key.`,
    code: RC.INVALID_HANDLE, // N = 0 (N ≥ 2 has no KMU twin; the event carries 0xa8 only for N = 0: see cliErrorCode)
  },
  'verify-failed': { text: () => 'Signature verification failed', code: RC.CSP_BAD_PKCS_DATA },
  'no-such-user': { text: () => 'Specified user does not exist', code: RC.USER_NOT_FOUND },
  'availability': {
    text: () => 'Cannot perform the requested key operation as the key must be available on at least 2 HSMs. ' +
      'Either increase the number of HSMs in the cluster, or disable the key availability check.',
  },
  'bad-credentials': { text: () => 'Incorrect credentials are passed for this operation: Incorrect authentication credentials.', code: RC.LOGIN_FAILURE },
  'not-synchronized': { text: () => 'The selected key is not synchronized throughout the cluster' },
  'not-logged-in': { text: () => 'User is not logged in', code: RC.NOT_LOGGED_IN },
  'already-logged-in': { text: () => 'User is already logged in', code: RC.ALREADY_LOGGED_IN },
  'locked': { text: () => 'User account is locked', code: RC.ACCOUNT_LOCKED },
  'user-not-everywhere': { text: () => 'User is not present on every HSM in the cluster' },
  'wrong-role': { text: () => 'Invalid user type for this operation', code: RC.INVALID_USER_TYPE },
  'access-denied': { text: () => 'Key Access is denied', code: RC.ACCESS_DENIED },
  'attribute-false': { text: (r) => `The key attribute ${r.name} must be true for this operation`, code: RC.ACCESS_DENIED },
  'needs-trusted': { text: () => 'The wrapping key must be trusted to wrap this key', code: RC.ACCESS_DENIED },
  'wrong-key-kind': { text: () => 'Key type or class is not valid for this operation', code: RC.ACCESS_DENIED },
  'not-modifiable': { text: (r) => `Attribute ${r.name} cannot be modified`, code: RC.ATTRIBUTE_READ_ONLY },
  'cannot-set': { text: (r) => `Attribute ${r.name} cannot be set to ${r.value}`, code: RC.ATTRIBUTE_READ_ONLY },
  'unknown-attribute': { text: (r) => `Unknown key attribute: ${r.name}` },
  'invalid-value': { text: (r) => `Invalid value ${r.value} for key attribute ${r.name}` },
  'invalid-option-value': { text: (r) => `Invalid value ${r.value} for ${r.flag}` },
  'unwrap-failed': { text: () => 'Unwrap failed - integrity check error', code: RC.UNWRAP_INTEGRITY },
  'payload-length': { text: () => 'Payload length is not valid for this mechanism', code: RC.ACCESS_DENIED },
  'quorum': { text: () => 'Quorum approval is required for this operation', code: RC.MXN_AUTH_FAILED },
  'user-exists': { text: () => 'User already exists' },
  'user-logged-in': { text: () => 'User is currently logged in' },
  'user-owns-keys': { text: () => 'User owns keys and cannot be deleted' },
  'invalid-user-name': { text: () => 'Invalid user name' },
  'invalid-password-length': { text: () => 'Invalid password length. Must be 7 to 32 characters' },
  'passwords-differ': { text: () => 'Passwords do not match' },
  'already-shared': { text: (r) => `Key is already shared with ${r.name}`, code: RC.INVALID_SHARE_LIST },
  'not-shared': { text: (r) => `Key is not shared with ${r.name}`, code: RC.INVALID_SHARE_LIST },
  'public-not-shared': { text: () => 'Public keys cannot be shared', code: RC.ACCESS_DENIED },
  'open-file': { text: (r) => `Unable to open file ${r.path}` },
  'create-file': { text: (r) => `Unable to create file ${r.path}` },
  'invalid-pem': { text: () => 'Invalid PEM file' },
  'invalid-base64': { text: () => 'Invalid base64 data' },
  'disconnected': { text: () => 'HSM is disconnected' },
  'cluster-not-configured': { text: (r) => `Cluster ${r.id} is not configured` },
  'id-exists': { text: () => 'Key ID already exists', code: RC.KEY_ID_EXISTS },
  'fips-policy': { text: () => 'This operation violates the current configured/FIPS policies', code: RC.FIPS_POLICY },
  'unavailable': { text: (r) => `${r.path} is not available in this playground yet` },
  'cluster-activated': { text: () => 'The cluster is already activated' },
};

/** The `data` text of the error envelope. */
export function cliErrorText(r: CliRefusal): string {
  return (ROWS[r.error] as unknown as Row).text(r as never);
}

/** The errors.md code of the same condition in KMU/CMU, for the command's event; undefined when none. */
export function cliErrorCode(r: CliRefusal): number | undefined {
  if (r.error === 'selection') return r.count === 0 ? RC.INVALID_HANDLE : undefined;
  return ROWS[r.error].code;
}
