/** listAttributes (attributes.md §1.1): the attribute ids, no login needed. */
import { A, ATTRIBUTES } from '../../hsm/attributes';
import type { CmuCommand } from './command';
import { usage } from './servers';

const SYNTAX = ['listAttributes [-h]'];

export const listAttributes: CmuCommand = {
  name: 'listAttributes',
  syntax: SYNTAX,
  description: 'Lists the attribute ids getAttribute and setAttribute take',
  async run(_ctx, args) {
    if (args.length === 1 && args[0] === '-h') {
      return { output: `Syntax: ${SYNTAX[0]}\n\nLists the attribute ids getAttribute and setAttribute take.\n` };
    }
    if (args.length !== 0) return { output: usage(SYNTAX, 'Invalid arguments.') };
    const rows = [...ATTRIBUTES.map((a) => [a.name, a.id] as const), ['OBJ_ATTR_ALL', A.ALL] as const];
    const lines = rows.map(([name, id]) => `      ${name.padEnd(32)}= ${id}`);
    return { output: ['', 'Following are the possible attribute values for getAttribute:', '', ...lines].map((l) => l + '\n').join('') };
  },
};
