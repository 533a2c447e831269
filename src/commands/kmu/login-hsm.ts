/** loginHSM (kmu-commands.md §2.1). */
import type { UserType } from '../../hsm/model';
import { loginUser } from '../../hsm/ops/session';
import { helpText, invalidValue } from '../flags';
import { clusterBlock, INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';

const USER_TYPES: readonly string[] = ['CU', 'CO', 'PCO', 'PRECO', 'AU'];

export const loginHSM: KmuCommand = {
  name: 'loginHSM',
  description: 'Login to the HSM',
  syntax: ['loginHSM -u <user type>', '         { -p | -hpswd } <password>', '         -s <username>'],
  flags: [
    { flag: '-u', arg: '<user type>', required: true, meaning: 'user type; only CU may use key_mgmt_util' },
    { flag: '-s', arg: '<username>', required: true, meaning: 'user name' },
    { flag: '-p', arg: '<password>', required: false, meaning: 'password (one of -p or -hpswd is required)', secret: true },
    { flag: '-hpswd', required: false, meaning: 'prompt for the password without echoing it' },
  ],
  login: false,
  async run(ctx, args) {
    const type = args.values.get('-u')!;
    const name = args.values.get('-s')!;
    const hasP = args.present.has('-p');
    const hidden = args.present.has('-hpswd');
    if (!hasP && !hidden) return { lines: [`${INDENT}Error: Required parameter (-p) is missing.`, '', ...helpText(this)] };
    if (hasP && hidden) {
      return { lines: [`${INDENT}Error: Parameters (-p) and (-hpswd) cannot be used together.`, '', ...helpText(this)] };
    }
    // User type words are case-sensitive; an unknown word is a client-side error (§2.1).
    if (!USER_TYPES.includes(type)) return { lines: [invalidValue(type, '-u')] };
    const password = hidden ? await ctx.readLine('Enter password: ', true) : args.values.get('-p')!;
    const out = await ctx.transact((_tx, scope) => loginUser(scope, ctx.session, { type: type as UserType, name, password }));
    const lines = stepLines(out.steps, { indent: '' });
    if (out.nodes.length > 0) lines.push('', ...clusterBlock(out.nodes));
    return { lines, codes: stepCodes(out.steps) };
  },
};
