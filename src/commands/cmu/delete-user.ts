/**
 * deleteUser (users-and-keys.md §9.3, U5, U13; errors.md §1.3, §4.4): CO only, no CAUTION
 * question (as in every sample). Refuses a logged-in user and a CU that owns keys; a server that
 * refuses asks Retry/rollBack/Ignore.
 */
import type { UserType } from '../../hsm/model';
import { gate } from '../../hsm/ops/cmu-servers';
import { cmuDeleteUser } from '../../hsm/ops/cmu-users';
import { USER_NAME, userType } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, refused, reporter, Screen, targets, usage } from './servers';

const SYNTAX = ['deleteUser <user-type> <user-name>'];
const TYPES: ReadonlyMap<string, UserType> = new Map([['CO', 'CO'], ['PCO', 'PCO'], ['CU', 'CU']]);
const ARGS = [userType([...TYPES.keys()]), USER_NAME];

export const deleteUser: CmuCommand = {
  name: 'deleteUser',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Deletes a user from the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [typeWord, name] = args as [string, string];
    const type = TYPES.get(typeWord);
    if (!type) return { output: usage(SYNTAX, `Invalid user type ${typeWord}.`) };
    const denied = gate('deleteUser', session);
    if (denied) return refused('deleteUser', denied);
    screen.line(`Deleting user ${name}(${typeWord}) on ${targets(session).length} nodes`);
    const codes: number[] = [];
    const outcome = await cmuDeleteUser(hsm, session, type, name, reporter(screen, session, {
      cmd: 'deleteUser', success: (l) => `deleteUser success on ${l}`, failedOn: (l) => `deleteUser failed on ${l}`, recovery: 'RBI',
    }, codes));
    if ('refused' in outcome) return refused('deleteUser', outcome.refused);
    return screen.done(codes);
  },
};
