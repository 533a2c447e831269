/**
 * listUsers (users-and-keys.md §9.5): no login needed; one table per server, because users are
 * per HSM and may differ between them. Wide layout, measured from the samples.
 */
import { cmuListUsers } from '../../hsm/ops/cmu-users';
import type { CmuCommand } from './command';
import { arityFits, codesOf, failedOn, label, usage } from './servers';

const SYNTAX = ['listUsers'];
const USERS_HEADER =
  '    User Id             User Type       User Name                          MofnPubKey    LoginFailureCnt         2FA';

const yesNo = (b: boolean) => (b ? 'YES' : 'NO');

export const listUsers: CmuCommand = {
  name: 'listUsers',
  syntax: SYNTAX,
  args: [],
  description: 'Lists the users on the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits([], args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const servers = await cmuListUsers(hsm, session);
    const lines: string[] = [];
    for (const r of servers) {
      if (!r.ok) {
        lines.push(...failedOn('listUsers', session, r));
        continue;
      }
      const users = r.value;
      lines.push(`Users on ${label(session, r.server)}:`, `Number of users found:${users.length}`, '', USERS_HEADER);
      for (const u of users) {
        lines.push(
          String(u.userId).padStart(10) + ' '.repeat(14) + u.type.padEnd(16) + u.name.padEnd(32) +
            yesNo(u.mofnPubKey).padStart(11) + String(u.loginFailures).padStart(16) + yesNo(u.twoFA).padStart(17),
        );
      }
    }
    return { output: lines.map((l) => l + '\n').join(''), codes: codesOf(servers) };
  },
};
