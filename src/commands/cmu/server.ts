/** server (users-and-keys.md §9.12): enter server mode on one HSM (prompt `server<n>>`). */
import type { CmuCommand } from './command';
import { serverNumber, usage } from './servers';

const SYNTAX = ['server <server-number>'];

export const server: CmuCommand = {
  name: 'server',
  syntax: SYNTAX,
  description: 'Enters server mode: the next commands run on one HSM only (exit returns)',
  async run(ctx, args) {
    const n = serverNumber(ctx.session, args[0]);
    if (args.length !== 1 || n === undefined) return { output: usage(SYNTAX, 'Invalid server number.') };
    ctx.session.serverMode = n;
    return { output: "\nServer is in 'E2' mode...\n" };
  },
};
