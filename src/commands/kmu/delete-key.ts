/**
 * deleteKey (kmu-commands.md §4.7): owner only. An unknown handle fails at the find step
 * (Cfm3FindKey 0xa8); a key the user does not own at the delete step (Cfm3DeleteKey 0xc6).
 */
import { deleteKey as deleteOnEveryHsm } from '../../hsm/key-admin';
import { clusterBlock, returnLine } from '../format';
import type { KmuCommand } from './command';
import { requiredInt } from './values';

export const deleteKey: KmuCommand = {
  name: 'deleteKey',
  description: 'Delete Key',
  syntax: ['deleteKey -k <key-handle>'],
  flags: [{ flag: '-k', arg: '<key-handle>', required: true, meaning: 'handle of the key to delete (yours)', handle: true }],
  login: true,
  firstFunction: 'Cfm3DeleteKey',
  async run(ctx, args) {
    const handle = requiredInt(args, '-k');
    const out = await ctx.transact((tx) => deleteOnEveryHsm(ctx.hsm, tx, ctx.session, handle));
    out.apply?.();
    return { lines: [returnLine(out.fn!, out.code), '', ...clusterBlock(out.nodes)] };
  },
};
