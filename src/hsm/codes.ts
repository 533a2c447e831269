/**
 * Return codes and their text, as data (errors.md §3 and §4.5). This table is the single source for
 * return lines, per-node lines and Error2String. Invented codes (0xe0–0xe9) are the emulator's own,
 * kept together so they can be swapped for real values if those ever become known (errors.md E1).
 */
export interface ReturnCode {
  code: number;
  /** Text printed after `<code> : ` (includes its `HSM Error: ` / `HSM Return: ` prefix). */
  text: string;
  /** Where the code and text come from: doc, example, audit log, or invented here. */
  source: 'doc' | 'example' | 'audit-log' | 'invented';
}

export const RC = {
  SUCCESS: 0x00,
  CSP_BAD_PKCS_DATA: 0x1b,
  USER_NOT_FOUND: 0x9d,
  LOGIN_FAILURE: 0xa3,
  INVALID_HANDLE: 0xa8,
  FIPS_POLICY: 0xb3,
  ACCESS_DENIED: 0xc6,
  INVALID_USER_TYPE: 0xdb,
  ATTRIBUTE_NOT_PRESENT: 0xe0,
  ATTRIBUTE_READ_ONLY: 0xe1,
  KEY_ID_EXISTS: 0xe2,
  NOT_LOGGED_IN: 0xe3,
  ACCOUNT_LOCKED: 0xe4,
  UNWRAP_INTEGRITY: 0xe5,
  OBJECT_TABLE_FULL: 0xe6,
  MXN_AUTH_FAILED: 0xe7,
  ALREADY_LOGGED_IN: 0xe8,
  INVALID_SHARE_LIST: 0xe9,
  SERVER_UNAVAILABLE: 0x30000085,
} as const;

export const RETURN_CODES: readonly ReturnCode[] = [
  { code: 0x00, text: 'HSM Return: SUCCESS', source: 'doc' },
  { code: 0x1b, text: 'CSP Error: ERR_BAD_PKCS_DATA', source: 'example' },
  { code: 0x9d, text: "HSM Error: user isn't initialized or user with this name doesn't exist", source: 'audit-log' },
  { code: 0xa3, text: 'HSM Error: RET_USER_LOGIN_FAILURE', source: 'audit-log' },
  { code: 0xa8, text: 'HSM Error: Invalid object handle is passed to this operation', source: 'example' },
  { code: 0xb3, text: 'HSM Error: This operation violates the current configured/FIPS policies', source: 'example' },
  { code: 0xc6, text: 'HSM Error: Key Access is denied', source: 'example' },
  { code: 0xdb, text: 'HSM Error: Invalid User Type.', source: 'example' },
  { code: 0xe0, text: 'HSM Error: Attribute is not present for this object', source: 'invented' },
  { code: 0xe1, text: 'HSM Error: Attribute is read-only or value is invalid', source: 'invented' },
  { code: 0xe2, text: 'HSM Error: Key ID already exists', source: 'invented' },
  { code: 0xe3, text: 'HSM Error: User is not logged in', source: 'invented' },
  { code: 0xe4, text: 'HSM Error: RET_USER_LOGIN_FAILURE - account locked', source: 'invented' },
  { code: 0xe5, text: 'HSM Error: Unwrap failed - integrity check error', source: 'invented' },
  { code: 0xe6, text: 'HSM Error: Object table is full', source: 'invented' },
  { code: 0xe7, text: 'HSM Error: RET_MXN_AUTH_FAILED', source: 'invented' },
  { code: 0xe8, text: 'HSM Error: User is already logged in', source: 'invented' },
  { code: 0xe9, text: 'HSM Error: Invalid user id in share list', source: 'invented' },
  { code: 0x30000085, text: 'HSM CLUSTER ERROR: Server in cluster is unavailable', source: 'example' },
];

const BY_CODE = new Map(RETURN_CODES.map((r) => [r.code, r]));

export const SERVER_DOWN = RC.SERVER_UNAVAILABLE;

export function codeText(code: number): string {
  return BY_CODE.get(code)?.text ?? 'HSM Error: Unknown error';
}

export function isKnownCode(code: number): boolean {
  return BY_CODE.has(code);
}

/** An expected HSM-side failure: the only error type the model throws on purpose. */
export class HsmError extends Error {
  constructor(readonly code: number, detail?: string) {
    super(detail ?? codeText(code));
    this.name = 'HsmError';
  }
}
