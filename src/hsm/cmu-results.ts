/**
 * Why one HSM refused a cloudhsm_mgmt_util operation, as data (errors.md §1.3, §4.1, §4.4): a
 * return code of codes.ts, or one of the user-management refusals of §4.4, which have no
 * documented code, only text — named here and worded by the console that prints them
 * (src/commands/cmu/failure-text.ts for CMU). The HSM side never speaks a console's words.
 */

/** The §4.4 refusals without a code. */
export type CmuReason = 'userExists' | 'userOwnsKeys' | 'userLoggedIn' | 'maxUsers';

export type CmuRefusal = { readonly code: number } | { readonly reason: CmuReason };

/** The outcome of one step on one HSM: null on success, else why it refused. */
export type ServerFailure = CmuRefusal | null;

export const refusedWith = (code: number): CmuRefusal => ({ code });
export const refusedFor = (reason: CmuReason): CmuRefusal => ({ reason });
