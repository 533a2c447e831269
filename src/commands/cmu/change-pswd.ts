/**
 * changePswd (users-and-keys.md §9.4, §3; errors.md §4.4): anyone logged in may change their own
 * password; a CO may change anyone's, which also lifts a lockout. The old password is never
 * asked. CAUTION question, then every server; a server that refuses asks Retry/Ignore/Abort.
 */
import type { UserType } from '../../hsm/model';
import { changePasswordOn, isValidPassword, makeVerifier } from '../../hsm/users';
import type { CmuCommand } from './command';
import { PASSWORD_LENGTH } from './create-user';
import { changeOnServers, confirm, refusal, Screen, targets, userArgs } from './servers';

const SYNTAX = ['changePswd <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]'];
const TYPES: Readonly<Record<string, UserType>> = { CO: 'CO', CU: 'CU', PCO: 'PCO', PRECO: 'PRECO' };

export const changePswd: CmuCommand = {
  name: 'changePswd',
  syntax: SYNTAX,
  secretArgs: [2],
  description: 'Changes the password of a user on the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    const parsed = userArgs(SYNTAX, args, TYPES);
    if ('output' in parsed) return parsed;
    const { type, typeWord, name, password: pwd } = parsed;
    const own = session.user !== null && session.user.name.toLowerCase() === name.toLowerCase();
    const denied = refusal('changePswd', own ? 'changePswdOwn' : 'changePswdOther', session);
    if (denied) return { output: denied + '\n' };
    const password = pwd === '-hpswd' ? await screen.ask('Enter password:', true) : pwd;
    if (!isValidPassword(password)) return { output: screen.done().output + PASSWORD_LENGTH + '\n' };
    if (!(await confirm(screen, true))) return screen.done();
    const verifier = await makeVerifier(hsm, password);
    screen.line(`Changing password for ${name}(${typeWord}) on ${targets(session).length} nodes`);
    await changeOnServers(ctx, screen, {
      cmd: 'changePswd',
      step: (tx, node, userId) => changePasswordOn(tx, session.cluster, node, type, name, verifier,
        { own, loggedIn: userId === undefined ? null : { userId } }),
      failedOn: (l) => `changePswd failed on ${l}`,
      recovery: 'RIA',
    });
    return screen.done();
  },
};
