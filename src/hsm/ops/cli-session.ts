/**
 * CloudHSM CLI logins (cloudhsm-cli.md §3.1, §3.2, §5.1, §5.7, §5.8): the role checks, the
 * credentials checked on every HSM that is up, locking, `HSM is disconnected`, `--cluster-id`, and the
 * gate every CLI command passes first. Contract: the users branch fills in the bodies; the
 * signatures are fixed.
 */
import type { CliRole, CliSession } from '../cli-session';
import type { Hsm } from '../world';
import type { CliRefusal } from './cli-refusal';
import type { OpScope } from './runner';

/** What a command needs before it runs. */
export interface CliNeeds {
  /** The roles that may run it; absent: no login needed (`user list`, `cluster hsm-info`). */
  readonly roles?: readonly CliRole[];
  /** `--cluster-id` as given: it must name the current cluster (G-CLI-28). */
  readonly clusterId?: string;
}

/**
 * The checks every CLI command makes first, in order: `--cluster-id`, an HSM that is up
 * (`HSM is disconnected`), a login, the role (`Invalid user type for this operation`). Chooses the
 * serving HSM inside the unit of work when the session has a login. null: go on.
 */
export async function cliGate(scope: OpScope, session: CliSession, needs: CliNeeds): Promise<CliRefusal | null> {
  void scope; void session; void needs;
  throw new Error('contract: users branch');
}

/** `login`: on success the session holds the user and role (applied after the commit). */
export async function cliLogin(
  hsm: Hsm, session: CliSession, who: { readonly username: string; readonly role: CliRole; readonly password: string; readonly clusterId?: string },
): Promise<{ ok: true; username: string; role: CliRole } | { ok: false; refusal: CliRefusal }> {
  void hsm; void session; void who;
  throw new Error('contract: users branch');
}

/** `logout` (and `quit`, silently): ends the login and destroys the session's session keys. */
export async function cliLogout(hsm: Hsm, session: CliSession): Promise<{ ok: true } | { ok: false; refusal: CliRefusal }> {
  void hsm; void session;
  throw new Error('contract: users branch');
}
