/**
 * findSingleKey (kmu-commands.md §4.2, G-33): does every HSM of the cluster hold this key? The
 * return line is flush-left; every node reports.
 */
import { findKeyOnEveryHsm } from '../../hsm/ops/find';
import { clusterBlock } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { requiredInt } from './values';

export const findSingleKey: KmuCommand = {
  name: 'findSingleKey',
  description: 'Find single Key',
  syntax: ['findSingleKey -k <key-handle>'],
  flags: [{ flag: '-k', arg: '<key-handle>', required: true, meaning: 'handle of the key to look for on every HSM', handle: true }],
  login: true,
  firstFunction: 'Cfm3FindKey',
  returnIndent: '',
  async run(ctx, args) {
    const handle = requiredInt(args, '-k');
    const out = await ctx.transact((_tx, scope) => findKeyOnEveryHsm(scope, ctx.session, handle));
    return { lines: [...stepLines(out.steps, { indent: '' }), '', ...clusterBlock(out.nodes)], codes: stepCodes(out.steps) };
  },
};
