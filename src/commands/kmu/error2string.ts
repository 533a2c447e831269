/** Error2String (kmu-commands.md §2.6, errors.md §2): a table look-up, no login needed (G-5). */
import { codeText, RC } from '../../hsm/codes';
import { helpText, invalidValue } from '../flags';
import { INDENT } from '../format';
import type { KmuCommand } from './command';

export const error2String: KmuCommand = {
  name: 'Error2String',
  description: 'Converts Error codes to Strings',
  syntax: ['Error2String -r <response-code>'],
  flags: [{ flag: '-r', arg: '<response-code>', required: true, meaning: 'response code in hexadecimal, with the 0x prefix' }],
  login: false,
  async run(_ctx, args) {
    const raw = args.values.get('-r')!;
    const m = /^0x([0-9a-f]{1,8})$/i.exec(raw);
    if (!m) return { lines: [invalidValue(raw, '-r'), '', ...helpText(this)] };
    const code = parseInt(m[1]!, 16);
    const digits = code.toString(16);
    if (code === RC.SUCCESS) return { lines: [`${INDENT}Error Code 0 maps to HSM Return: SUCCESS`] };
    return { lines: [`${INDENT}Error Code ${digits} maps to ${codeText(code)}`] };
  },
};
