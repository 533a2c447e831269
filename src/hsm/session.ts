/**
 * One key_mgmt_util login session: who is logged in, which HSM serves the session (chosen at
 * login by the emulated load balancer, cluster.md §3.2), and the session keys, which live only
 * here — never in the store — so they vanish at logout, exit and reload (users-and-keys.md §5).
 */
import type { KeyRecord } from './model';

export interface LoggedInUser {
  userId: number;
  name: string;
}

export class KmuSession {
  cluster = '';
  user: LoggedInUser | null = null;
  servingNode = 0;
  readonly sessionKeys = new Map<number, KeyRecord>();

  end(): void {
    this.user = null;
    this.sessionKeys.clear();
  }
}

/** Per-node outcome shown in a "Cluster Error Status" block. */
export interface NodeStatus {
  node: number;
  code: number;
}
