/**
 * setAttribute, KMU version (kmu-commands.md §4.4, attributes.md §2): only OBJ_ATTR_TOKEN, only
 * 0 → 1, owner only. The value is asked for at a prompt; answers other than 0 or 1 re-prompt (G-36).
 */
import { ATTR_BY_ID } from '../../hsm/attributes';
import { allNodes } from '../../hsm/auth';
import { RC } from '../../hsm/codes';
import { makeTokenKey } from '../../hsm/key-admin';
import { clusterBlock, returnLine } from '../format';
import type { KmuCommand } from './command';
import { requiredInt } from './values';

const PROMPT = '         This attribute is defined as a boolean value.\n          Enter the boolean attribute value (0 or 1):';

export const setAttribute: KmuCommand = {
  name: 'setAttribute',
  description: 'Sets an attribute of an object',
  syntax: ['setAttribute -o <object handle>', '             -a 1'],
  flags: [
    { flag: '-o', arg: '<object handle>', required: true, meaning: 'handle of a key you own', handle: true },
    { flag: '-a', arg: '1', required: true, meaning: 'attribute constant; only 1 (OBJ_ATTR_TOKEN) can be set here' },
  ],
  login: true,
  firstFunction: 'Cfm3SetAttribute',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const handle = requiredInt(args, '-o');
    const attr = requiredInt(args, '-a');
    const done = (out: { code: number; nodes: { node: number; code: number }[] }) =>
      ({ lines: [returnLine('Cfm3SetAttribute', out.code), '', ...clusterBlock(out.nodes)] });
    if (!ATTR_BY_ID.get(attr)?.kmuSet) {
      // Anything but TOKEN is read-only here (errors.md §4.3); no prompt.
      const cluster = await ctx.transact((tx) => hsm.cluster(tx, session.cluster));
      return done({ code: RC.ATTRIBUTE_READ_ONLY, nodes: allNodes(cluster, RC.ATTRIBUTE_READ_ONLY) });
    }
    let answer = (await ctx.readLine(PROMPT, false)).trim();
    while (answer !== '0' && answer !== '1') answer = (await ctx.readLine(PROMPT, false)).trim();
    const out = await ctx.transact((tx) => makeTokenKey(hsm, tx, session, handle, Number(answer)));
    out.apply?.();
    return done(out);
  },
};
