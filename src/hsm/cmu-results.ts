/**
 * What a cloudhsm_mgmt_util command prints after `<cmd> failed: ` (errors.md §1.3, §4.1, §4.4):
 * the symbolic RET_ name where the guide shows one, else the firmware message. The user-management
 * refusals of §4.4 have no documented code, only text; they are kept here, together.
 */
import { codeText, RC } from './codes';

/** Codes CMU reports by their RET_ name instead of their text (errors.md §1.3, §4.1). */
const RET_NAMES: ReadonlyMap<number, string> = new Map([
  [RC.LOGIN_FAILURE, 'RET_USER_LOGIN_FAILURE'],
  [RC.ACCOUNT_LOCKED, 'RET_USER_LOGIN_FAILURE'], // a locked account looks like a wrong password in CMU
  [RC.MXN_AUTH_FAILED, 'RET_MXN_AUTH_FAILED'],
]);

export function cmuFailureText(code: number): string {
  return RET_NAMES.get(code) ?? codeText(code);
}

/** errors.md §4.4 texts (invented there; no code is known for them). */
export const CMU_TEXT = {
  userExists: 'HSM Error: User already exists',
  userOwnsKeys: 'HSM Error: User owns keys and cannot be deleted',
  userLoggedIn: 'HSM Error: User is currently logged in',
  maxUsers: 'HSM Error: Maximum number of users reached',
} as const;

/** The outcome of one command on one server: null on success, else the text after `failed: `. */
export type ServerFailure = string | null;
