/**
 * deleteKey (kmu-commands.md §4.7): owner only. An unknown handle fails at the find step
 * (Cfm3FindKey 0xa8); a key the user does not own at the delete step (Cfm3DeleteKey 0xc6).
 */
import { deleteKey as deleteOnEveryHsm } from '../../hsm/ops/keys';
import { clusterBlock } from '../format';
import type { KmuCommand } from './command';
import { lastStepLine } from './steps';
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
    const out = await ctx.transact((_tx, scope) => deleteOnEveryHsm(scope, ctx.session, handle));
    // One return line: the step that decided (the find step only when it failed).
    return { lines: [lastStepLine(out.steps), '', ...clusterBlock(out.nodes)], codes: [out.code] };
  },
};
