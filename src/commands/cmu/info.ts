/** info (users-and-keys.md §9.10): one server's address, state, HSM id and who is logged in. */
import { CMU_PORT, hsmId, hsmIp } from '../../hsm/network';
import { nodeUp } from '../../hsm/users';
import type { CmuCommand } from './command';
import { serverNumber, usage } from './servers';

const SYNTAX = ['info server <server ID>'];
export const INFO_HEADER = 'Id      Name                    Hostname         Port   State           Partition               LoginState';

export const info: CmuCommand = {
  name: 'info',
  syntax: SYNTAX,
  description: 'Gets the address, state, HSM id and login state of a server',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 2 || args[0] !== 'server') return { output: usage(SYNTAX, 'Invalid arguments.') };
    const server = serverNumber(session, args[1]);
    if (server === undefined) return { output: usage(SYNTAX, `Invalid server ID ${args[1]}.`) };
    const node = session.servers[server]!;
    const up = await hsm.transact(async (tx) => nodeUp(await hsm.cluster(tx, session.cluster), node));
    const user = session.user;
    const login = user && session.loggedOn.has(node) ? `Logged in as '${user.name}(${user.type})'` : 'Not logged in';
    const ip = hsmIp(node);
    const row = String(server).padEnd(8) + ip.padEnd(24) + ip.padEnd(16) + String(CMU_PORT).padEnd(8) +
      (up ? 'Connected' : 'Disconnected').padEnd(16) + hsmId(session.cluster, node).padEnd(24) + login;
    return { output: `${INFO_HEADER}\n${row}\n` };
  },
};
