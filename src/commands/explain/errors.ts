/**
 * What each return code means, why a learner usually meets it, and what to do about it
 * (errors.md §3, §4, §4.5). The code's printed text comes from the model's table (hsm/codes.ts)
 * so the two can never disagree; codes that only appear outside KMU carry their own text.
 */
import { codeText, isKnownCode } from '../../hsm/codes';

export interface ErrorEntry {
  code: number;
  /** Symbolic name where the guide gives one (ERR_BAD_PKCS_DATA, RET_USER_LOGIN_FAILURE, …). */
  name?: string;
  /** Printed text when the model has none (codes not produced by this playground's KMU). */
  text?: string;
  meaning: string;
  cause: string;
  fix: string;
  /** 'doc' / 'example' / 'audit-log' come from the guide; 'invented' is the emulator's own range. */
  note?: string;
}

export const ERRORS: readonly ErrorEntry[] = [
  {
    code: 0x00, meaning: 'The operation succeeded.',
    cause: 'Nothing went wrong.', fix: 'Nothing to fix.',
  },
  {
    code: 0x1b, name: 'ERR_BAD_PKCS_DATA',
    meaning: 'A client-side (CSP) check failed: the signature does not match the data.',
    cause: 'verify was given a signature made over another file, with another key, or with another mechanism.',
    fix: 'Verify with the public key of the pair that signed, the same data file and the same -m mechanism.',
  },
  {
    code: 0x9d,
    meaning: 'No user with this name exists on the HSM (or the name belongs to a user of another type).',
    cause: 'A typo in -s, or a CO/AU name used with -u CU. The guide shows it as 157 in the HSM audit log.',
    fix: 'Check the name (names are not case-sensitive): the crypto user of a fresh playground is example_user.',
  },
  {
    code: 0xa3, name: 'RET_USER_LOGIN_FAILURE',
    meaning: 'The password is wrong; the HSM counted a failed login.',
    cause: 'A mistyped password. After 5 failures in a row the account locks (0xe4).',
    fix: 'Log in with the right password (example_user: example_pwd). A CO can unlock a locked account with changePswd.',
  },
  {
    code: 0xa8,
    meaning: 'The key handle does not name a key this session can see.',
    cause: 'A typo in the handle, a key that was deleted, handles 1-5 (internal objects), or a session key from an earlier login session.',
    fix: 'List the handles you can use with findKey (and findKey -sess 1 for session keys).',
  },
  {
    code: 0xb3,
    meaning: 'The request is not allowed by the FIPS policy the HSM runs under.',
    cause: 'A non-approved curve (genECCKeyPair -i 1), an RC4 (-t 18) or DES (-t 19) key, an RSA modulus below 2048 bits, or genPBEKey.',
    fix: 'Use an approved algorithm: AES (-t 31) or 3DES (-t 21), RSA >= 2048 bits, curves 2, 14 or 16.',
  },
  {
    code: 0xc6,
    meaning: 'Key access is denied: the key exists, but this user may not do this with it.',
    cause: 'You are not the owner (only the owner may export, delete, share or change a key), the key is not shared with you, '
      + 'it is not extractable (EXTRACTABLE = 0), or the wrapping key lacks WRAP/UNWRAP or is of the wrong type.',
    fix: 'Check the owner and attributes of the key (getAttribute -o <handle> -a 512 -out f; cat f), log in as its owner, '
      + 'or use a key you own with the needed attributes.',
  },
  {
    code: 0xdb,
    meaning: 'Invalid user type: key_mgmt_util only accepts crypto users.',
    cause: 'loginHSM with -u CO, PCO, PRECO or AU. Officers manage users in cloudhsm_mgmt_util, not keys in key_mgmt_util.',
    fix: 'Log in with -u CU (example_user).',
  },
  {
    code: 0xce, text: "HSM Error: This user doesn't exist",
    meaning: "The user doesn't exist (printed in decimal, 206, by the SDK 2 OpenSSL engine).",
    cause: 'Seen outside key_mgmt_util: the engine was configured with an officer (CO) instead of a crypto user.',
    fix: 'Configure a crypto user (CU). This playground\'s KMU never prints it; it answers 0x9d instead.',
  },
  {
    code: 0xe0, meaning: 'The key does not carry this attribute.',
    cause: 'getAttribute of an attribute the key type lacks, e.g. OBJ_ATTR_MODULUS (288) of an AES key.',
    fix: 'Ask for an attribute the key has, or for all of them with -a 512.', note: 'invented',
  },
  {
    code: 0xe1, meaning: 'The attribute cannot be changed, or not to this value.',
    cause: 'KMU setAttribute with -a other than 1 (OBJ_ATTR_TOKEN), or an attempt to turn a token key back into a session key.',
    fix: 'In KMU only OBJ_ATTR_TOKEN 0 -> 1 is allowed; other attributes are changed with cloudhsm_mgmt_util setAttribute.', note: 'invented',
  },
  {
    code: 0xe2, meaning: 'Another key of the cluster already uses this ID.',
    cause: 'The -id value is already taken (IDs must be unique; labels need not be).',
    fix: 'Pick another -id, or leave -id out.', note: 'invented',
  },
  {
    code: 0xe3, meaning: 'No user is logged in.',
    cause: 'A key command before loginHSM, or after logoutHSM.',
    fix: 'loginHSM -u CU -s example_user -p example_pwd', note: 'invented',
  },
  {
    code: 0xe4, name: 'RET_USER_LOGIN_FAILURE',
    meaning: 'The account is locked after too many failed logins, so even the right password is refused.',
    cause: 'Five wrong passwords in a row (20 on clusters made before February 2018).',
    fix: 'A CO unlocks it by setting a new password (cloudhsm_mgmt_util changePswd), or reset the playground.', note: 'invented',
  },
  {
    code: 0xe5, meaning: 'Unwrapping failed its integrity check: the blob was not wrapped with this key and mechanism.',
    cause: 'The wrong wrapping key (-w), a different -m than the one used to wrap, or a damaged file.',
    fix: 'Unwrap with the same AES key and mechanism that wrapped it; compare the KCV (attribute 371) of both keys.', note: 'invented',
  },
  {
    code: 0xe6, meaning: 'The cluster holds its maximum number of keys (3,300).',
    cause: 'Too many keys were created.', fix: 'Delete keys you no longer need, or reset the playground.', note: 'invented',
  },
  {
    code: 0xe7, name: 'RET_MXN_AUTH_FAILED',
    meaning: 'The key (or service) is guarded by a quorum (M of N) and no approved token was presented.',
    cause: 'A key created with -m_value > 0 used or exported without quorum approval.',
    fix: 'Create keys without -m_value in this playground; quorum token commands are not emulated.', note: 'invented',
  },
  {
    code: 0xe8, meaning: 'A user is already logged in to this session.',
    cause: 'A second loginHSM without logoutHSM.', fix: 'logoutHSM first, then log in again.', note: 'invented',
  },
  {
    code: 0xe9, meaning: 'The -u share list is not valid.',
    cause: 'It names yourself, a user id that does not exist, or a user who is not a crypto user.',
    fix: 'List only other CUs by id (listUsers shows them), comma-separated without blanks.', note: 'invented',
  },
  {
    code: 0x30000085,
    meaning: 'An HSM of the cluster is unavailable (a per-node state, not necessarily a failure of the command).',
    cause: 'An HSM is stopped (hsm stop N) or unreachable, or -min_srv asked for more HSMs than are up.',
    fix: 'Start the HSM again (hsm start N), or ask for fewer servers with -min_srv, or wait with -timeout.',
  },
];

export const ERROR_BY_CODE: ReadonlyMap<number, ErrorEntry> = new Map(ERRORS.map((e) => [e.code, e]));

/** The text printed for a code, as the tools print it. */
export function errorText(e: ErrorEntry): string {
  return e.text ?? (isKnownCode(e.code) ? codeText(e.code) : 'HSM Error: Unknown error');
}
