/**
 * loginHSM (users-and-keys.md §3, §9.1; errors.md §4.1): log in on every server (or the one of
 * server mode); each HSM checks the password and counts its own failures. One line per server.
 */
import type { UserType } from '../../hsm/model';
import { cmuLogin } from '../../hsm/ops/cmu-users';
import { gate } from '../../hsm/ops/cmu-servers';
import { RC } from '../../hsm/codes';
import { refusedWith } from '../../hsm/cmu-results';
import { PASSWORD, USER_NAME, userType } from './arg-tables';
import type { CmuCommand } from './command';
import { codesOf, failedOn, label, refused, Screen, userArgs } from './servers';

/** Type words loginHSM accepts (case-sensitive, §3.1); PCO = CO (§2.2); AU fails as wrong credentials (U7). */
const LOGIN_TYPES: ReadonlyMap<string, UserType> = new Map([['PRECO', 'PRECO'], ['CO', 'CO'], ['PCO', 'PCO'], ['CU', 'CU'], ['AU', 'AU']]);

export const SYNTAX = ['loginHSM <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]'];
const ARGS = [userType([...LOGIN_TYPES.keys()]), USER_NAME, PASSWORD];

export const loginHSM: CmuCommand = {
  name: 'loginHSM',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Login to the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    const parsed = userArgs(SYNTAX, ARGS, args, LOGIN_TYPES);
    if ('output' in parsed) return parsed;
    const { type, name, password: pwd } = parsed;
    // refused before the password is asked: the same refusals the operation gives
    if (session.user) return refused('loginHSM', refusedWith(RC.ALREADY_LOGGED_IN));
    const denied = gate('loginHSM', session);
    if (denied) return refused('loginHSM', denied);
    const password = pwd === '-hpswd' ? await screen.ask('Enter password:', true) : pwd;
    const outcome = await cmuLogin(hsm, session, { type, name, password });
    if ('refused' in outcome) return refused('loginHSM', outcome.refused);
    const lines = outcome.servers.flatMap((r) => (r.ok ? [`loginHSM success on ${label(session, r.server)}`] : failedOn('loginHSM', session, r)));
    screen.line('', ...lines, '');
    return screen.done(codesOf(outcome));
  },
};
