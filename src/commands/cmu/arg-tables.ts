/**
 * The argument kinds cloudhsm_mgmt_util's commands share, as table rows (see ArgSpec in
 * ../flags.ts): user types, names and passwords, key handles, user ids, attribute ids, servers,
 * output files and 0/1 switches.
 */
import type { ArgSpec } from '../flags';

export const userType = (words: readonly string[]): ArgSpec => ({ name: 'user-type', kind: 'usertype', words });
export const USER_NAME: ArgSpec = { name: 'user-name', kind: 'username' };
/** `<password | -hpswd>`: -hpswd asks for it instead, and is no secret. */
export const PASSWORD: ArgSpec = { name: 'password', kind: 'none', secret: true, notSecret: '-hpswd', words: ['-hpswd'] };
export const KEY_HANDLE: ArgSpec = { name: 'key handle', kind: 'handle' };
export const ATTRIBUTE_ID: ArgSpec = { name: 'attribute id', kind: 'attribute' };
export const OUTPUT_FILE: ArgSpec = { name: 'output file', kind: 'file', optional: true };
/** A server number of the session (0 = the first HSM it connected to). */
export const SERVER: ArgSpec = { name: 'server', kind: 'server' };
export const zeroOne = (name: string): ArgSpec => ({ name, kind: 'none', words: ['0', '1'] });

/**
 * The commands that take a PASSWORD, with its place (`<user-type> <user-name> <password |-hpswd>`),
 * so a CMU line typed at another console's prompt is masked without loading cloudhsm_mgmt_util
 * (src/commands/programs.ts). test/hostile/password-history.test.ts checks it against the
 * commands' own tables.
 */
export const PASSWORD_COMMANDS: ReadonlyMap<string, readonly ArgSpec[]> = new Map(
  ['loginHSM', 'createUser', 'changePswd'].map((name) => [name, [userType([]), USER_NAME, PASSWORD]]),
);
