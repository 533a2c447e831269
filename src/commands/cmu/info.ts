/** info (users-and-keys.md §9.10): one server's address, state, HSM id and who is logged in. */
import { CMU_PORT } from '../../hsm/network';
import { cmuServerInfo } from '../../hsm/ops/cmu-hsms';
import type { ArgSpec } from '../flags';
import type { CmuCommand } from './command';
import { arityFits, serverNumber, usage } from './servers';

const SYNTAX = ['info server <server ID>'];
const ARGS: readonly ArgSpec[] = [{ name: 'server', kind: 'none', words: ['server'] }, { name: 'server ID', kind: 'server' }];
const INFO_HEADER = 'Id      Name                    Hostname         Port   State           Partition               LoginState';

export const info: CmuCommand = {
  name: 'info',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Gets the address, state, HSM id and login state of a server',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits(ARGS, args) || args[0] !== 'server') return { output: usage(SYNTAX, 'Invalid arguments.') };
    const server = serverNumber(session, args[1]);
    if (server === undefined) return { output: usage(SYNTAX, `Invalid server ID ${args[1]}.`) };
    const s = (await cmuServerInfo(hsm, session, server))!; // serverNumber checked it
    const login = s.loggedIn ? `Logged in as '${s.loggedIn.name}(${s.loggedIn.type})'` : 'Not logged in';
    const row = String(server).padEnd(8) + s.ip.padEnd(24) + s.ip.padEnd(16) + String(CMU_PORT).padEnd(8) +
      (s.up ? 'Connected' : 'Disconnected').padEnd(16) + s.hsmId.padEnd(24) + login;
    return { output: `${INFO_HEADER}\n${row}\n` };
  },
};
