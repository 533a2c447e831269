/** The users of a cluster as a crypto user's session sees them (kmu-commands.md §2.5, G-18, G-53). */
import { allNodes } from '../auth';
import { RC } from '../codes';
import type { UserRecord } from '../model';
import type { KmuSession } from '../session';
import { ladder, type Outcome } from './outcome';
import type { OpScope } from './runner';

export interface UserRow {
  userId: number;
  type: string;
  name: string;
  mofnPubKey: boolean;
  loginFailures: number;
  twoFA: boolean;
}

/**
 * The users of the HSMs that are up, one row per user ID in ID order; the failure count is the
 * highest of any HSM (spec README decision 6).
 */
export async function listClusterUsers(scope: OpScope, session: KmuSession): Promise<Outcome & { users: UserRow[] }> {
  const { hsm, tx } = scope;
  const cluster = await hsm.cluster(tx, session.cluster);
  const rows = new Map<number, UserRow>();
  for (const h of cluster.hsms.filter((x) => x.state === 'up')) {
    for (const u of await tx.list<UserRecord>('users', `${cluster.name}/${h.node}/`)) {
      const row = rows.get(u.userId);
      if (row) row.loginFailures = Math.max(row.loginFailures, u.loginFailures);
      else rows.set(u.userId, { userId: u.userId, type: u.type, name: u.name, mofnPubKey: u.mofnPubKey, loginFailures: u.loginFailures, twoFA: u.twoFA });
    }
  }
  return { ...ladder(['listUsers'], RC.SUCCESS, allNodes(cluster, RC.SUCCESS)), users: [...rows.values()].sort((a, b) => a.userId - b.userId) };
}
