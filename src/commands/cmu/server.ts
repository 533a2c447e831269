/** server (users-and-keys.md §9.12): enter server mode on one HSM (prompt `server<n>>`). */
import { setServerMode } from '../../hsm/ops/cmu-hsms';
import type { ArgSpec } from '../flags';
import { SERVER } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, serverNumber, usage } from './servers';

const SYNTAX = ['server <server-number>'];
const ARGS: readonly ArgSpec[] = [{ ...SERVER, name: 'server-number' }];

export const server: CmuCommand = {
  name: 'server',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Enters server mode: the next commands run on one HSM only (exit returns)',
  async run(ctx, args) {
    const n = serverNumber(ctx.session, args[0]);
    if (!arityFits(ARGS, args) || n === undefined) return { output: usage(SYNTAX, 'Invalid server number.') };
    setServerMode(ctx.session, n);
    return { output: "\nServer is in 'E2' mode...\n" };
  },
};
