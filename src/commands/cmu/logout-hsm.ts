/** logoutHSM (users-and-keys.md §9.1): log out on every server the session is logged in to. */
import type { CmuCommand } from './command';
import { label, reach, refusal, targets, usage } from './servers';

const SYNTAX = ['logoutHSM'];

export const logoutHSM: CmuCommand = {
  name: 'logoutHSM',
  syntax: SYNTAX,
  description: 'Logout from the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 0) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const denied = refusal('logoutHSM', 'logoutHSM', session);
    if (denied) return { output: denied + '\n' };
    const lines: string[] = [];
    const out: number[] = [];
    await hsm.transact(async (tx) => {
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, true);
        if ('failure' in at) {
          lines.push(`logoutHSM failed: ${at.failure}`, `logoutHSM failed on ${label(session, server)}`);
        } else {
          out.push(at.node);
          lines.push(`logoutHSM success on ${label(session, server)}`);
        }
      }
    });
    // A down HSM drops its sessions anyway: once no server is left, the login is over.
    for (const node of out) session.loggedOn.delete(node);
    if (session.serverMode === null || session.loggedOn.size === 0) {
      session.loggedOn.clear();
      session.user = null;
    }
    return { output: ['', ...lines, ''].map((l) => l + '\n').join('') };
  },
};
