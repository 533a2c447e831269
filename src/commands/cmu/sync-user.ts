/**
 * syncUser (users-and-keys.md §9.14): a CO, in server mode, copies one user — password verifier
 * included — from this HSM to another server, which is how drift between HSMs is repaired.
 */
import { syncUserTo } from '../../hsm/users';
import type { CmuCommand } from './command';
import { isNumber, reach, refusal, serverMode, serverNumber, usage } from './servers';

const SYNTAX = ['syncUser <user ID> <server ID>'];

export const syncUser: CmuCommand = {
  name: 'syncUser',
  syntax: SYNTAX,
  description: 'Copies a user from the HSM of server mode to another HSM',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 2) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [u, d] = args as [string, string];
    if (!isNumber(u)) return { output: usage(SYNTAX, `Invalid user ID ${u}.`) };
    const dest = serverNumber(session, d);
    if (dest === undefined) return { output: usage(SYNTAX, `Invalid server ID ${d}.`) };
    const needs = serverMode('syncUser', session);
    if (needs) return { output: needs };
    const denied = refusal('syncUser', 'syncUser', session);
    if (denied) return { output: denied + '\n' };
    const failure = await hsm.transact(async (tx) => {
      const from = await reach(ctx, tx, session.serverMode!, true);
      if ('failure' in from) return from.failure;
      const to = await reach(ctx, tx, dest, true);
      if ('failure' in to) return to.failure;
      return syncUserTo(tx, session.cluster, from.node, to.node, Number(u));
    });
    return {
      output: failure === null ? 'ExtractMaskedObject: 0x0 !\nInsertMaskedObject: 0x0 !\nsyncUser success\n' : `syncUser failed: ${failure}\n`,
    };
  },
};
