/**
 * createUser (users-and-keys.md §9.2, §3.1; errors.md §1.3, §4.4): CO only. Checks the name and
 * password on the client, shows the CAUTION question, then creates the user on every server;
 * a server that refuses asks Retry/Ignore/Abort. Servers it does not reach never get the user.
 */
import type { UserType } from '../../hsm/model';
import { createUserOn, isValidPassword, isValidUserName, makeVerifier } from '../../hsm/users';
import type { CmuCommand } from './command';
import { changeOnServers, confirm, refusal, Screen, targets, userArgs } from './servers';

const SYNTAX = ['createUser <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]'];
/** CO and CU; PCO, PRECO and preCO are accepted but "rarely used" (§9.2). */
const TYPES: Readonly<Record<string, UserType>> = { CO: 'CO', CU: 'CU', PCO: 'PCO', PRECO: 'PRECO', preCO: 'PRECO' };

export const PASSWORD_LENGTH = 'Invalid password length. Must be 7 to 32 characters';
export const INVALID_NAME = 'Invalid user name';

export const createUser: CmuCommand = {
  name: 'createUser',
  syntax: SYNTAX,
  secretArgs: [2],
  description: 'Creates a user on the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    const parsed = userArgs(SYNTAX, args, TYPES);
    if ('output' in parsed) return parsed;
    const { type, typeWord, name, password: pwd } = parsed;
    const denied = refusal('createUser', 'createUser', session);
    if (denied) return { output: denied + '\n' };
    if (!isValidUserName(name)) return { output: INVALID_NAME + '\n' };
    const password = pwd === '-hpswd' ? await screen.ask('Enter password:', true) : pwd;
    if (!isValidPassword(password)) return { output: screen.done().output + PASSWORD_LENGTH + '\n' };
    if (!(await confirm(screen, true))) return screen.done();
    const verifier = await makeVerifier(hsm, password); // one salt, the same verifier on every HSM
    screen.line(`Creating User ${name}(${typeWord}) on ${targets(session).length} nodes`);
    await changeOnServers(ctx, screen, {
      cmd: 'createUser',
      step: (tx, node) => createUserOn(tx, session.cluster, node, { type, name, verifier }),
      failedOn: (l) => `creating user on ${l} failed`,
      recovery: 'RIA',
    });
    return screen.done();
  },
};
