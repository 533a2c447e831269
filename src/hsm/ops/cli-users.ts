/**
 * The CloudHSM CLI's user commands on the model (cloudhsm-cli.md §3.3–§3.7, §5.1, §5.6, §5.7):
 * `user list` with role, locked and coverage over the HSMs that are up; `user create` on every up
 * HSM, which is also the documented repair of a user missing on some (G-CLI-24); `user delete`;
 * `user change-password`; `cluster hsm-info`. Users live per HSM and never synchronise, so every
 * change acts on the up HSMs only (§5.7). Each function runs inside the caller's unit of work,
 * after cliGate; a refusal stages nothing (a refusal found after a write aborts the unit of work).
 */
import { LOCKOUT_THRESHOLD } from '../auth';
import type { CliSession } from '../cli-session';
import type { UserRecord } from '../model';
import { usersOn } from '../users';
import { CLI_ROLE_NAME, cliCluster, upNodes } from './cli-session';
import type { OpScope } from './runner';

/** `"full"` or `"inconsistent"` over the HSMs that are up (§5.6). */
export type UserCoverage = 'full' | 'inconsistent';

/** One user of `user list` (§3.3), in the spec's field order. */
export interface CliUserRow {
  readonly username: string;
  /** admin, crypto-user, internal(APPLIANCE_USER), unactivated-admin, or inconsistent. */
  readonly role: string;
  /** A string (G-CLI-23): "true", "false" or "inconsistent". */
  readonly locked: 'true' | 'false' | 'inconsistent';
  readonly coverage: UserCoverage;
}

/** One value if every HSM agrees, else "inconsistent". */
const agreed = <T extends string>(values: readonly T[]): T | 'inconsistent' =>
  values.every((v) => v === values[0]) ? values[0]! : 'inconsistent';

/** Internal users (the AU) come last (G-CLI-22). */
const isInternal = (records: readonly UserRecord[]): boolean => records.every((u) => u.type === 'AU');

/**
 * `user list` (§3.3): one row per user name found on any up HSM (names compare case-insensitively
 * and print in lower case); admins and crypto users by user id, then internal users (G-CLI-22).
 */
export async function cliUserList(scope: OpScope, session: CliSession): Promise<CliUserRow[]> {
  const cluster = await cliCluster(scope, session);
  const up = upNodes(cluster);
  const byName = new Map<string, UserRecord[]>();
  for (const node of up) {
    for (const u of await usersOn(scope.tx, cluster.name, node)) {
      const name = u.name.toLowerCase();
      const list = byName.get(name);
      if (list) list.push(u);
      else byName.set(name, [u]);
    }
  }
  const entries = [...byName.entries()].map(([name, records]) => ({
    name, records, id: Math.min(...records.map((r) => r.userId)), internal: isInternal(records),
  }));
  entries.sort((a, b) => Number(a.internal) - Number(b.internal) || a.id - b.id || (a.name < b.name ? -1 : 1));
  return entries.map(({ name, records }) => ({
    username: name,
    role: agreed(records.map((r) => CLI_ROLE_NAME[r.type])),
    locked: agreed(records.map((r) => (r.loginFailures >= LOCKOUT_THRESHOLD ? 'true' as const : 'false' as const))),
    coverage: new Set(records.map((r) => r.node)).size === up.length ? 'full' : 'inconsistent',
  }));
}
