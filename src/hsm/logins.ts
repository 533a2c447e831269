/**
 * Who is logged in, as the HSM sees it: every KMU and CMU login of every console that shares the
 * playground (the page's terminal tabs, each its own client session). The HSM layer learns of
 * them only through this port (HsmDeps.logins): it knows no terminal, tab or page. The rule it
 * serves (users-and-keys.md §3, cloudhsm-cli.md §5.10): a user who is logged in cannot have their
 * password changed by someone else and cannot be deleted — wherever that login is.
 */
import type { CmuSession } from './cmu-session';
import type { UserRecord } from './model';
import type { KmuSession } from './session';

/** One login held by some console. */
export interface ActiveLogin {
  cluster: string;
  /** The user's name as logged in (names compare case-insensitively, §3.1). */
  name: string;
  /**
   * The HSMs it is logged in to: 'all' for a key_mgmt_util login (the client logs in on every HSM
   * of the cluster, §3), else node → the user's id on that HSM (a CMU login, per configured server).
   */
  nodes: 'all' | ReadonlyMap<number, number>;
}

/** The port: every login held now, by any console on this playground (its own included). */
export type LoginsPort = () => Iterable<ActiveLogin>;

/**
 * The logins one console's sessions hold (none when nobody is logged in). A CloudHSM CLI login
 * (`cli`, a KmuSession in shape) is logged in on every HSM of the cluster, as a KMU login is.
 */
export function sessionLogins(kmu: KmuSession, cmu: CmuSession, cli?: KmuSession): ActiveLogin[] {
  const out: ActiveLogin[] = [];
  if (kmu.user) out.push({ cluster: kmu.cluster, name: kmu.user.name, nodes: 'all' });
  if (cli?.user) out.push({ cluster: cli.cluster, name: cli.user.name, nodes: 'all' });
  if (cmu.user && cmu.loggedOn.size > 0) out.push({ cluster: cmu.cluster, name: cmu.user.name, nodes: new Map(cmu.loggedOn) });
  return out;
}

/** Whether `user` (a record of one HSM) is logged in there by any of `logins`. */
export function isLoggedIn(logins: Iterable<ActiveLogin> | undefined, user: UserRecord): boolean {
  if (!logins) return false;
  const lower = user.name.toLowerCase();
  for (const l of logins) {
    if (l.cluster !== user.cluster) continue;
    if (l.nodes === 'all' ? l.name.toLowerCase() === lower : l.nodes.get(user.node) === user.userId) return true;
  }
  return false;
}
