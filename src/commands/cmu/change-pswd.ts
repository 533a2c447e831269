/**
 * changePswd (users-and-keys.md §9.4, §3; errors.md §4.4): anyone logged in may change their own
 * password; a CO may change anyone's, which also lifts a lockout. The old password is never
 * asked. CAUTION question, then every server; a server that refuses asks Retry/Ignore/Abort.
 */
import type { UserType } from '../../hsm/model';
import { changePasswordGate, cmuChangePassword } from '../../hsm/ops/cmu-users';
import { isValidPassword } from '../../hsm/users';
import { PASSWORD, USER_NAME, userType } from './arg-tables';
import type { CmuCommand } from './command';
import { PASSWORD_LENGTH } from './create-user';
import { confirm, refused, reporter, Screen, targets, userArgs } from './servers';

const SYNTAX = ['changePswd <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]'];
const TYPES: ReadonlyMap<string, UserType> = new Map([['CO', 'CO'], ['CU', 'CU'], ['PCO', 'PCO'], ['PRECO', 'PRECO']]);
const ARGS = [userType([...TYPES.keys()]), USER_NAME, PASSWORD];

export const changePswd: CmuCommand = {
  name: 'changePswd',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Changes the password of a user on the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    const parsed = userArgs(SYNTAX, ARGS, args, TYPES);
    if ('output' in parsed) return parsed;
    const { type, typeWord, name, password: pwd } = parsed;
    const denied = changePasswordGate(session, name);
    if (denied) return refused('changePswd', denied);
    const password = pwd === '-hpswd' ? await screen.ask('Enter password:', true) : pwd;
    if (!isValidPassword(password)) return { output: screen.done().output + PASSWORD_LENGTH + '\n' };
    if (!(await confirm(screen, true))) return screen.done();
    screen.line(`Changing password for ${name}(${typeWord}) on ${targets(session).length} nodes`);
    const codes: number[] = [];
    const outcome = await cmuChangePassword(hsm, session, { type, name, password }, reporter(screen, session, {
      cmd: 'changePswd', failedOn: (l) => `changePswd failed on ${l}`, recovery: 'RIA',
    }, codes));
    if ('refused' in outcome) return refused('changePswd', outcome.refused);
    return screen.done(codes);
  },
};
