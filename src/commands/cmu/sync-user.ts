/**
 * syncUser (users-and-keys.md §9.14): a CO, in server mode, copies one user — password verifier
 * included — from this HSM to another server, which is how drift between HSMs is repaired.
 */
import { RC } from '../../hsm/codes';
import { gate } from '../../hsm/ops/cmu-servers';
import { cmuSyncUser } from '../../hsm/ops/cmu-users';
import type { ArgSpec } from '../flags';
import { SERVER } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, isNumber, refused, serverMode, serverNumber, usage } from './servers';

const SYNTAX = ['syncUser <user ID> <server ID>'];
const ARGS: readonly ArgSpec[] = [{ name: 'user ID', kind: 'userids' }, { ...SERVER, name: 'server ID' }];

export const syncUser: CmuCommand = {
  name: 'syncUser',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Copies a user from the HSM of server mode to another HSM',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [u, d] = args as [string, string];
    if (!isNumber(u)) return { output: usage(SYNTAX, `Invalid user ID ${u}.`) };
    const dest = serverNumber(session, d);
    if (dest === undefined) return { output: usage(SYNTAX, `Invalid server ID ${d}.`) };
    const needs = serverMode('syncUser', session);
    if (needs) return { output: needs };
    const denied = gate('syncUser', session);
    if (denied) return refused('syncUser', denied);
    const outcome = await cmuSyncUser(hsm, session, Number(u), session.serverMode!, dest);
    if ('refused' in outcome) return refused('syncUser', outcome.refused);
    if (outcome.result !== null) return refused('syncUser', outcome.result);
    return { output: 'ExtractMaskedObject: 0x0 !\nInsertMaskedObject: 0x0 !\nsyncUser success\n', codes: [RC.SUCCESS] };
  },
};
