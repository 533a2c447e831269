/**
 * syncKey (users-and-keys.md §9.13, cluster.md §6.2): in server mode, copy a key from this HSM
 * to another server; a CU its own keys, a CO any key. Both ends need the caller's login.
 */
import { syncKeyTo } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { isNumber, reach, refusal, serverMode, serverNumber, usage } from './servers';

const SYNTAX = ['syncKey <key handle> <destination hsm>'];

export const syncKey: CmuCommand = {
  name: 'syncKey',
  syntax: SYNTAX,
  description: 'Copies a key from the HSM of server mode to another HSM',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 2) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, d] = args as [string, string];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    const dest = serverNumber(session, d);
    if (dest === undefined) return { output: usage(SYNTAX, `Invalid destination server ${d}.`) };
    const needs = serverMode('syncKey', session);
    if (needs) return { output: needs };
    const denied = refusal('syncKey', 'syncKey', session);
    if (denied) return { output: denied + '\n' };
    const role = session.user!.type === 'CU' ? 'CU' : 'CO';
    const failure = await hsm.transact(async (tx) => {
      const from = await reach(ctx, tx, session.serverMode!, true);
      if ('failure' in from) return from.failure;
      const to = await reach(ctx, tx, dest, true);
      if ('failure' in to) return to.failure;
      return syncKeyTo(tx, session.cluster, from.node, to.node, { role, userId: from.userId! }, Number(h));
    });
    return { output: failure === null ? 'syncKey success\n' : `syncKey failed: ${failure}\n` };
  },
};
