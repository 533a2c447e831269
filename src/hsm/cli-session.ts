/**
 * One CloudHSM CLI session (cloudhsm-cli.md §1, §5): a login with a role, the HSM that serves it,
 * and the session's own session keys. It has the shape of a key_mgmt_util session, so the
 * operations every console calls take it as they take one, but it is a different session: KMU
 * `-sess` keys are invisible to it and its `--session` keys to KMU (§5.4). Nothing here is stored.
 */
import { KmuSession } from './session';

/** The CLI's login roles (§5.1): PCO and CO log in as `admin`, CU as `crypto-user`. */
export type CliRole = 'admin' | 'crypto-user';

export class CliSession extends KmuSession {
  /** The role of the login; null while logged out. */
  role: CliRole | null = null;
  /**
   * Single-command mode (§1.2): the session lives for one command line started from the host
   * shell (`cloudhsm-cli key list`), logged in from CLOUDHSM_ROLE/CLOUDHSM_PIN; usage lines in help
   * and argument errors then start with `cloudhsm-cli ` (G-CLI-37).
   */
  single = false;

  override end(): void {
    super.end();
    this.role = null;
  }
}
