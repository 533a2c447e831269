/** listAttributes (kmu-commands.md §4.6, G-38): the fuller KMU list; a table look-up, no login. */
import { A, ATTR_BY_ID } from '../../hsm/attributes';
import type { KmuCommand } from './command';

/** The order the real tool prints (LOCAL before the RSA attributes). */
const KMU_LIST: readonly number[] = [
  A.CLASS, A.TOKEN, A.PRIVATE, A.LABEL, A.KEY_TYPE, A.ID, A.SENSITIVE, A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP,
  A.SIGN, A.VERIFY, A.LOCAL, A.MODULUS, A.MODULUS_BITS, A.PUBLIC_EXPONENT, A.VALUE_LEN, A.EXTRACTABLE, A.KCV,
];

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
        ...KMU_LIST.map((id) => `      ${ATTR_BY_ID.get(id)!.name.padEnd(32)}= ${id}`),
      ],
    };
  },
};
