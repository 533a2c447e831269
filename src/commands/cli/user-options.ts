/**
 * The option rows the CLI's login and user commands share (cloudhsm-cli.md §3.1, §3.4–§3.6), as
 * data, and the password prompts of §1.4. Not a command: the command files list these rows in
 * their tables in the spec's order.
 */
import type { CliRole } from '../../hsm/cli-session';
import type { PasswordVerifier } from '../../hsm/model';
import type { CliRefusal } from '../../hsm/ops/cli-refusal';
import { isValidPassword, makeVerifier } from '../../hsm/users';
import type { CliContext, CliOption } from './command';

/** `--role`'s described values (§3.1, §3.4). */
const ROLE_VALUES = [
  { value: 'crypto-user', help: 'A CryptoUser has the ability to manage and use keys' },
  { value: 'admin', help: 'An Admin has the ability to manage user accounts' },
] as const;

export const roleOption = (description: string): CliOption =>
  ({ long: 'role', value: 'ROLE', required: true, described: ROLE_VALUES, description });

export const usernameOption = (description: string): CliOption =>
  ({ long: 'username', value: 'USERNAME', required: true, description, complete: 'username' });

export const PASSWORD_OPTION: CliOption = {
  long: 'password', value: 'PASSWORD', secret: true,
  description: "Optional: Plaintext user's password. If you do not include this argument you will be prompted for it",
};

export const APPROVAL_OPTION: CliOption = {
  long: 'approval', value: 'APPROVAL', complete: 'file',
  description: 'Filepath of signed quorum token file to approve operation',
};

/** The role a `--role` value names (the parser has checked it against the table). */
const ROLES: ReadonlyMap<string, CliRole> = new Map(ROLE_VALUES.map((r) => [r.value, r.value]));
export const roleOf = (word: string | undefined): CliRole | undefined => (word === undefined ? undefined : ROLES.get(word));

/** `--password`, or the hidden prompt `Enter password:` (login, §1.4). */
export async function passwordOf(ctx: CliContext, given: string | undefined): Promise<string> {
  return given ?? ctx.readLine('Enter password:', true);
}

/**
 * `--password`, or `Enter password:` then `Confirm password:` (user create, change-password, §1.4);
 * null when the two answers differ (`Passwords do not match`, G-CLI-44).
 */
export async function newPasswordOf(ctx: CliContext, given: string | undefined): Promise<string | null> {
  if (given !== undefined) return given;
  const first = await ctx.readLine('Enter password:', true);
  const second = await ctx.readLine('Confirm password:', true);
  return first === second ? first : null;
}

/**
 * The new password of `user create` / `user change-password` (§1.4), as the verifier the model keeps:
 * `--password`, else asked twice; two different answers and a length outside 7–32 (G-CLI-36) refuse.
 */
export async function newVerifierOf(ctx: CliContext, given: string | undefined): Promise<{ verifier: PasswordVerifier } | { refusal: CliRefusal }> {
  const password = await newPasswordOf(ctx, given);
  if (password === null) return { refusal: { error: 'passwords-differ' } };
  if (!isValidPassword(password)) return { refusal: { error: 'invalid-password-length' } };
  return { verifier: await makeVerifier(ctx.hsm, password) };
}
