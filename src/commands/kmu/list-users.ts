/**
 * listUsers (kmu-commands.md §2.5, G-18, G-53): the cluster's users by ID; the count equals the
 * rows; LoginFailureCnt is the highest of any HSM (spec README decision 6).
 */
import { listClusterUsers, type UserRow } from '../../hsm/ops/users';
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';

const HEADER = '        Index       User ID     User Type       User Name           MofnPubKey    LoginFailureCnt         2FA';
const yn = (b: boolean) => (b ? 'YES' : 'NO');

/** C `"        %-9d%9d      %-16s%-26s%-17s%-16d%s"`: longer values push later columns right. */
function row(index: number, u: UserRow): string {
  return `${INDENT}${String(index).padEnd(9)}${String(u.userId).padStart(9)}      ${u.type.padEnd(16)}${u.name.padEnd(26)}` +
    `${yn(u.mofnPubKey).padEnd(17)}${String(u.loginFailures).padEnd(16)}${yn(u.twoFA)}`;
}

export const listUsers: KmuCommand = {
  name: 'listUsers',
  description: 'Lists all users of a partition',
  syntax: ['listUsers'],
  flags: [],
  login: true,
  firstFunction: 'Cfm3ListUsers',
  async run(ctx) {
    const out = await ctx.transact((_tx, scope) => listClusterUsers(scope, ctx.session));
    return {
      lines: [
        `${INDENT}Number Of Users found ${out.users.length}`, '', HEADER, ...out.users.map((u, i) => row(i + 1, u)), '',
        ...stepLines(out.steps),
      ],
      codes: stepCodes(out.steps),
    };
  },
};
