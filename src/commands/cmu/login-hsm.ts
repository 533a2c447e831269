/**
 * loginHSM (users-and-keys.md §3, §9.1; errors.md §4.1): log in on every server (or the one of
 * server mode); each HSM checks the password and counts its own failures. One line per server.
 */
import { codeText, RC } from '../../hsm/codes';
import { cmuFailureText } from '../../hsm/cmu-results';
import type { UserType } from '../../hsm/model';
import { loginOn } from '../../hsm/users';
import type { CmuCommand } from './command';
import { label, reach, refusal, Screen, targets, userArgs } from './servers';

/** Type words loginHSM accepts (case-sensitive, §3.1); PCO = CO (§2.2); AU fails as wrong credentials (U7). */
const LOGIN_TYPES: Readonly<Record<string, UserType>> = { PRECO: 'PRECO', CO: 'CO', PCO: 'PCO', CU: 'CU', AU: 'AU' };

export const SYNTAX = ['loginHSM <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]'];

export const loginHSM: CmuCommand = {
  name: 'loginHSM',
  syntax: SYNTAX,
  secretArgs: [2],
  description: 'Login to the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    const parsed = userArgs(SYNTAX, args, LOGIN_TYPES);
    if ('output' in parsed) return parsed;
    const { type, name, password: pwd } = parsed;
    if (session.user) return { output: `loginHSM failed: ${codeText(RC.ALREADY_LOGGED_IN)}\n` };
    const denied = refusal('loginHSM', 'loginHSM', session);
    if (denied) return { output: denied + '\n' };
    const password = pwd === '-hpswd' ? await screen.ask('Enter password:', true) : pwd;

    const outcome = await hsm.transact(async (tx) => {
      const lines: string[] = [];
      const logged = new Map<number, number>();
      let first: { userId: number; name: string; type: UserType } | null = null;
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, false);
        let failure: string;
        if ('failure' in at) failure = at.failure;
        else {
          const result = await loginOn(hsm, tx, session.cluster, at.node, type, name, password);
          if (result.code === RC.SUCCESS) {
            const u = result.user!;
            logged.set(at.node, u.userId);
            first ??= { userId: u.userId, name: u.name, type: u.type };
            lines.push(`loginHSM success on ${label(session, server)}`);
            continue;
          }
          failure = cmuFailureText(result.code);
        }
        lines.push(`loginHSM failed: ${failure}`, `loginHSM failed on ${label(session, server)}`);
      }
      return { lines, logged, first };
    });
    if (outcome.first) {
      session.user = outcome.first;
      for (const [node, id] of outcome.logged) session.loggedOn.set(node, id);
    }
    screen.line('', ...outcome.lines, '');
    return screen.done();
  },
};
