/** listAttributes (attributes.md §1.1): the attribute ids, no login needed. */
import { CMU_LISTED, listLine } from '../../hsm/attributes';
import type { CmuCommand } from './command';
import { usage } from './servers';

const SYNTAX = ['listAttributes [-h]'];

export const listAttributes: CmuCommand = {
  name: 'listAttributes',
  syntax: SYNTAX,
  args: [],
  description: 'Lists the attribute ids getAttribute and setAttribute take',
  async run(_ctx, args) {
    if (args.length === 1 && args[0] === '-h') {
      return { output: `Syntax: ${SYNTAX[0]}\n\nLists the attribute ids getAttribute and setAttribute take.\n` };
    }
    if (args.length !== 0) return { output: usage(SYNTAX, 'Invalid arguments.') };
    const lines = CMU_LISTED.map(listLine);
    return { output: ['', 'Following are the possible attribute values for getAttribute:', '', ...lines].map((l) => l + '\n').join('') };
  },
};
