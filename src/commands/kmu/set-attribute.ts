/**
 * setAttribute, KMU version (kmu-commands.md §4.4, attributes.md §2): only OBJ_ATTR_TOKEN, only
 * 0 → 1, owner only. The value is asked for at a prompt; answers other than 0 or 1 re-prompt (G-36).
 */
import { setAttribute as setOnEveryHsm, userSettable } from '../../hsm/ops/keys';
import type { Outcome } from '../../hsm/ops/outcome';
import { clusterBlock } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
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
    const handle = requiredInt(args, '-o');
    const attr = requiredInt(args, '-a');
    const done = (out: Outcome) => ({ lines: [...stepLines(out.steps), '', ...clusterBlock(out.nodes)], codes: stepCodes(out.steps) });
    // Anything but TOKEN is read-only here (errors.md §4.3): refused without a prompt.
    let value = 0;
    if (userSettable(attr)) {
      let answer = (await ctx.readLine(PROMPT, false)).trim();
      while (answer !== '0' && answer !== '1') answer = (await ctx.readLine(PROMPT, false)).trim();
      value = Number(answer);
    }
    return done(await ctx.transact((_tx, scope) => setOnEveryHsm(scope, ctx.session, { handle, attr, value })));
  },
};
