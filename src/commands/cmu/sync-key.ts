/**
 * syncKey (users-and-keys.md §9.13, cluster.md §6.2): in server mode, copy a key from this HSM
 * to another server; a CU its own keys, a CO any key. Both ends need the caller's login.
 */
import { RC } from '../../hsm/codes';
import { cmuSyncKey } from '../../hsm/ops/cmu-keys';
import { gate } from '../../hsm/ops/cmu-servers';
import type { ArgSpec } from '../flags';
import { KEY_HANDLE, SERVER } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, isNumber, refused, serverMode, serverNumber, usage } from './servers';

const SYNTAX = ['syncKey <key handle> <destination hsm>'];
const ARGS: readonly ArgSpec[] = [KEY_HANDLE, { ...SERVER, name: 'destination hsm' }];

export const syncKey: CmuCommand = {
  name: 'syncKey',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Copies a key from the HSM of server mode to another HSM',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, d] = args as [string, string];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    const dest = serverNumber(session, d);
    if (dest === undefined) return { output: usage(SYNTAX, `Invalid destination server ${d}.`) };
    const needs = serverMode('syncKey', session);
    if (needs) return { output: needs };
    const denied = gate('syncKey', session);
    if (denied) return refused('syncKey', denied);
    const outcome = await cmuSyncKey(hsm, session, Number(h), session.serverMode!, dest);
    if ('refused' in outcome) return refused('syncKey', outcome.refused);
    if (outcome.result !== null) return refused('syncKey', outcome.result);
    return { output: 'syncKey success\n', codes: [RC.SUCCESS] };
  },
};
