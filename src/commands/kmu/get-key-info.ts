/**
 * getKeyInfo (kmu-commands.md §4.5): owner, shared users (one per line, 16 spaces, G-37) and the
 * quorum line (9 spaces). Owned and shared keys, and any public key (G-60).
 */
import { getKeyInfo as keyInfoOf } from '../../hsm/ops/keys';
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { requiredInt } from './values';

export const getKeyInfo: KmuCommand = {
  name: 'getKeyInfo',
  description: 'Get Key Info about shared users/sessions',
  syntax: ['getKeyInfo -k <key-handle>'],
  flags: [{ flag: '-k', arg: '<key-handle>', required: true, meaning: 'handle of a key you own or that is shared with you', handle: true }],
  login: true,
  firstFunction: 'Cfm3GetKey',
  async run(ctx, args) {
    const handle = requiredInt(args, '-k');
    const out = await ctx.transact((_tx, scope) => keyInfoOf(scope, ctx.session, handle));
    const lines = stepLines(out.steps);
    const codes = stepCodes(out.steps);
    const info = out.info;
    if (!info) return { lines, codes };
    lines.push('', `${INDENT}Owned by user ${info.owner}`);
    if (info.shared.length > 0) {
      lines.push('', `${INDENT}also, shared to following ${info.shared.length} user(s):`, '', ...info.shared.map((id) => `                ${id}`));
    }
    if (info.mValue > 0) lines.push(`         ${info.mValue} Users need to approve to use/manage this key`);
    return { lines, codes };
  },
};
