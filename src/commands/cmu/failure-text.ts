/**
 * How cloudhsm_mgmt_util words a refusal after `<cmd> failed: ` (errors.md §1.3, §4.1, §4.4): the
 * symbolic RET_ name where the guide shows one, else the firmware message of the code; the
 * user-management refusals of §4.4, which have no documented code, by their (invented) text.
 */
import { codeText, RC } from '../../hsm/codes';
import type { CmuReason, CmuRefusal } from '../../hsm/cmu-results';

/** Codes CMU reports by their RET_ name instead of their text (errors.md §1.3, §4.1). */
const RET_NAMES: ReadonlyMap<number, string> = new Map([
  [RC.LOGIN_FAILURE, 'RET_USER_LOGIN_FAILURE'],
  [RC.ACCOUNT_LOCKED, 'RET_USER_LOGIN_FAILURE'], // a locked account looks like a wrong password in CMU
  [RC.MXN_AUTH_FAILED, 'RET_MXN_AUTH_FAILED'],
]);

/** errors.md §4.4 texts (invented there; no code is known for them). */
const CMU_TEXT: Readonly<Record<CmuReason, string>> = {
  userExists: 'HSM Error: User already exists',
  userOwnsKeys: 'HSM Error: User owns keys and cannot be deleted',
  userLoggedIn: 'HSM Error: User is currently logged in',
  maxUsers: 'HSM Error: Maximum number of users reached',
};

function cmuFailureText(code: number): string {
  return RET_NAMES.get(code) ?? codeText(code);
}

/** The text after `<cmd> failed: `. */
export function refusalText(r: CmuRefusal): string {
  return 'code' in r ? cmuFailureText(r.code) : CMU_TEXT[r.reason];
}
