/**
 * deleteUser (users-and-keys.md §9.3, U5, U13; errors.md §1.3, §4.4): CO only, no CAUTION
 * question (as in every sample). Refuses a logged-in user and a CU that owns keys; a server that
 * refuses asks Retry/rollBack/Ignore.
 */
import type { UserType } from '../../hsm/model';
import { deleteUserOn } from '../../hsm/users';
import type { CmuCommand } from './command';
import { changeOnServers, refusal, Screen, targets, usage } from './servers';

const SYNTAX = ['deleteUser <user-type> <user-name>'];
const TYPES: Readonly<Record<string, UserType>> = { CO: 'CO', PCO: 'PCO', CU: 'CU' };

export const deleteUser: CmuCommand = {
  name: 'deleteUser',
  syntax: SYNTAX,
  description: 'Deletes a user from the HSMs',
  async run(ctx, args) {
    const { session } = ctx;
    const screen = new Screen(ctx);
    if (args.length !== 2) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [typeWord, name] = args as [string, string];
    const type = TYPES[typeWord];
    if (!type) return { output: usage(SYNTAX, `Invalid user type ${typeWord}.`) };
    const denied = refusal('deleteUser', 'deleteUser', session);
    if (denied) return { output: denied + '\n' };
    screen.line(`Deleting user ${name}(${typeWord}) on ${targets(session).length} nodes`);
    await changeOnServers(ctx, screen, {
      cmd: 'deleteUser',
      step: (tx, node, userId) => deleteUserOn(tx, session.cluster, node, type, name, userId === undefined ? null : { userId }),
      success: (l) => `deleteUser success on ${l}`,
      failedOn: (l) => `deleteUser failed on ${l}`,
      recovery: 'RBI',
    });
    return screen.done();
  },
};
