/**
 * createUser (users-and-keys.md §9.2, §3.1; errors.md §1.3, §4.4): CO only. Checks the name and
 * password on the client, shows the CAUTION question, then creates the user on every server;
 * a server that refuses asks Retry/Ignore/Abort. Servers it does not reach never get the user.
 */
import type { UserType } from '../../hsm/model';
import { gate } from '../../hsm/ops/cmu-servers';
import { cmuCreateUser } from '../../hsm/ops/cmu-users';
import { isValidPassword, isValidUserName } from '../../hsm/users';
import { PASSWORD, USER_NAME, userType } from './arg-tables';
import type { CmuCommand } from './command';
import { confirm, refused, reporter, Screen, targets, userArgs } from './servers';

const SYNTAX = ['createUser <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]'];
/** CO and CU; PCO, PRECO and preCO are accepted but "rarely used" (§9.2). */
const TYPES: ReadonlyMap<string, UserType> = new Map([['CO', 'CO'], ['CU', 'CU'], ['PCO', 'PCO'], ['PRECO', 'PRECO'], ['preCO', 'PRECO']]);
const ARGS = [userType([...TYPES.keys()]), USER_NAME, PASSWORD];

export const PASSWORD_LENGTH = 'Invalid password length. Must be 7 to 32 characters';
const INVALID_NAME = 'Invalid user name';

export const createUser: CmuCommand = {
  name: 'createUser',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Creates a user on the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    const parsed = userArgs(SYNTAX, ARGS, args, TYPES);
    if ('output' in parsed) return parsed;
    const { type, typeWord, name, password: pwd } = parsed;
    const denied = gate('createUser', session);
    if (denied) return refused('createUser', denied);
    if (!isValidUserName(name)) return { output: INVALID_NAME + '\n' };
    const password = pwd === '-hpswd' ? await screen.ask('Enter password:', true) : pwd;
    if (!isValidPassword(password)) return { output: screen.done().output + PASSWORD_LENGTH + '\n' };
    if (!(await confirm(screen, true))) return screen.done();
    screen.line(`Creating User ${name}(${typeWord}) on ${targets(session).length} nodes`);
    const codes: number[] = [];
    const outcome = await cmuCreateUser(hsm, session, { type, name, password }, reporter(screen, session, {
      cmd: 'createUser', failedOn: (l) => `creating user on ${l} failed`, recovery: 'RIA',
    }, codes));
    if ('refused' in outcome) return refused('createUser', outcome.refused);
    return screen.done(codes);
  },
};
