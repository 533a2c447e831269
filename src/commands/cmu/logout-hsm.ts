/** logoutHSM (users-and-keys.md §9.1): log out on every server the session is logged in to. */
import { cmuLogout } from '../../hsm/ops/cmu-users';
import type { CmuCommand } from './command';
import { arityFits, codesOf, failedOn, label, refused, usage } from './servers';

const SYNTAX = ['logoutHSM'];

export const logoutHSM: CmuCommand = {
  name: 'logoutHSM',
  syntax: SYNTAX,
  args: [],
  description: 'Logout from the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits([], args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const outcome = await cmuLogout(hsm, session);
    if ('refused' in outcome) return refused('logoutHSM', outcome.refused);
    const lines = outcome.servers.flatMap((r) => (r.ok ? [`logoutHSM success on ${label(session, r.server)}`] : failedOn('logoutHSM', session, r)));
    return { output: ['', ...lines, ''].map((l) => l + '\n').join(''), codes: codesOf(outcome) };
  },
};
