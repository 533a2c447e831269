/** listAttributes (kmu-commands.md §4.6, G-38): the fuller KMU list; a table look-up, no login. */
import { ATTR_BY_ID, KMU_LISTED, listLine } from '../../hsm/attributes';
import type { KmuCommand } from './command';

export const listAttributes: KmuCommand = {
  name: 'listAttributes',
  description: 'List all attributes for getAttributes',
  syntax: ['listAttributes'],
  flags: [],
  login: false,
  async run() {
    return {
      lines: [
        'Description',
        '===========',
        'The following are all of the possible attribute values for getAttributes.',
        '',
        ...KMU_LISTED.map((id) => listLine(ATTR_BY_ID.get(id)!)),
      ],
    };
  },
};
