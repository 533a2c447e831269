/**
 * listUsers (users-and-keys.md §9.5): no login needed; one table per server, because users are
 * per HSM and may differ between them. Wide layout, measured from the samples.
 */
import { usersOn } from '../../hsm/users';
import type { CmuCommand } from './command';
import { label, reach, targets, usage } from './servers';

const SYNTAX = ['listUsers'];
export const USERS_HEADER =
  '    User Id             User Type       User Name                          MofnPubKey    LoginFailureCnt         2FA';

const yesNo = (b: boolean) => (b ? 'YES' : 'NO');

export const listUsers: CmuCommand = {
  name: 'listUsers',
  syntax: SYNTAX,
  description: 'Lists the users on the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 0) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const lines = await hsm.transact(async (tx) => {
      const lines: string[] = [];
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, false);
        if ('failure' in at) {
          lines.push(`listUsers failed: ${at.failure}`, `listUsers failed on ${label(session, server)}`);
          continue;
        }
        const users = await usersOn(tx, session.cluster, at.node);
        lines.push(`Users on ${label(session, server)}:`, `Number of users found:${users.length}`, '', USERS_HEADER);
        for (const u of users) {
          lines.push(
            String(u.userId).padStart(10) + ' '.repeat(14) + u.type.padEnd(16) + u.name.padEnd(32) +
              yesNo(u.mofnPubKey).padStart(11) + String(u.loginFailures).padStart(16) + yesNo(u.twoFA).padStart(17),
          );
        }
      }
      return lines;
    });
    return { output: lines.map((l) => l + '\n').join('') };
  },
};
