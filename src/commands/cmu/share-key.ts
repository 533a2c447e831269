/**
 * shareKey (users-and-keys.md §9.6, §4, U9, U14): the owning CU shares (1) or unshares (0) a key
 * with one or more CUs (comma-separated ids). CAUTION question, then one line per server.
 */
import { shareKeyOn } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { changeOnServers, confirm, isNumber, refusal, Screen, usage } from './servers';

const SYNTAX = ['shareKey <key handle> <user id> <(share/unshare key?) 1/0>'];

export const shareKey: CmuCommand = {
  name: 'shareKey',
  syntax: SYNTAX,
  description: 'Shares a key with other users, or unshares it',
  async run(ctx, args) {
    const { session } = ctx;
    const screen = new Screen(ctx);
    if (args.length !== 3) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, idList, flag] = args as [string, string, string];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    if (!/^\d{1,10}(,\d{1,10})*$/.test(idList)) return { output: usage(SYNTAX, `Invalid user id ${idList}.`) };
    if (flag !== '0' && flag !== '1') return { output: usage(SYNTAX, `Invalid share/unshare value ${flag}.`) };
    const denied = refusal('shareKey', 'shareKey', session);
    if (denied) return { output: denied + '\n' };
    if (!(await confirm(screen, false))) return screen.done();
    const ids = [...new Set(idList.split(',').map(Number))];
    await changeOnServers(ctx, screen, {
      cmd: 'shareKey',
      step: (tx, node, userId) => shareKeyOn(tx, session.cluster, node, userId!, Number(h), ids, flag === '1'),
      success: (l) => `shareKey success on ${l}`,
      failedOn: (l) => `shareKey failed on ${l}`,
      recovery: 'RIA',
    });
    return screen.done();
  },
};
