/**
 * shareKey (users-and-keys.md §9.6, §4, U9, U14): the owning CU shares (1) or unshares (0) a key
 * with one or more CUs (comma-separated ids). CAUTION question, then one line per server.
 */
import { cmuShareKey } from '../../hsm/ops/cmu-keys';
import { gate } from '../../hsm/ops/cmu-servers';
import type { ArgSpec } from '../flags';
import { KEY_HANDLE, zeroOne } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, confirm, isNumber, refused, reporter, Screen, usage } from './servers';

const SYNTAX = ['shareKey <key handle> <user id> <(share/unshare key?) 1/0>'];
const ARGS: readonly ArgSpec[] = [KEY_HANDLE, { name: 'user id', kind: 'userids' }, zeroOne('(share/unshare key?) 1/0')];

export const shareKey: CmuCommand = {
  name: 'shareKey',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Shares a key with other users, or unshares it',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, idList, flag] = args as [string, string, string];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    if (!/^\d{1,10}(,\d{1,10})*$/.test(idList)) return { output: usage(SYNTAX, `Invalid user id ${idList}.`) };
    if (flag !== '0' && flag !== '1') return { output: usage(SYNTAX, `Invalid share/unshare value ${flag}.`) };
    const denied = gate('shareKey', session);
    if (denied) return refused('shareKey', denied);
    if (!(await confirm(screen, false))) return screen.done();
    const ids = [...new Set(idList.split(',').map(Number))];
    const codes: number[] = [];
    const outcome = await cmuShareKey(hsm, session, Number(h), ids, flag === '1', reporter(screen, session, {
      cmd: 'shareKey', success: (l) => `shareKey success on ${l}`, failedOn: (l) => `shareKey failed on ${l}`, recovery: 'RIA',
    }, codes));
    if ('refused' in outcome) return refused('shareKey', outcome.refused);
    // success on every server ends with an empty line before the next prompt (cloudhsm-cli.md §7.4,
    // the one transcript that shows it; users-and-keys.md §9.6's block stops at the last server line)
    if (codes.every((c) => c === 0)) screen.line('');
    return screen.done(codes);
  },
};
