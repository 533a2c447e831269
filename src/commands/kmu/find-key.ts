/**
 * findKey (kmu-commands.md §4.1): handles of the keys the user can use that match every given
 * criterion, in object-index order (G-32). The cluster block comes before the return line.
 */
import { findKeys } from '../../hsm/ops/find';
import { invalidValue } from '../flags';
import { clusterBlock } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { intValue, oneOf, readInputFile, userList, ValueError } from './values';

export const findKey: KmuCommand = {
  name: 'findKey',
  description: 'Find Key',
  syntax: [
    'findKey [-c <key class>]', '        [-t <key type>]', '        [-l <key label>]', '        [-id <key ID>]',
    '        [-sess (0 | 1)]', '        [-u <user-ids>]', '        [-m <modulus>]', '        [-kcv <key_check_value>]',
  ],
  flags: [
    { flag: '-c', arg: '<key class>', required: false, meaning: 'class: 2 public, 3 private, 4 secret' },
    { flag: '-t', arg: '<key type>', required: false, meaning: 'type: 0 RSA, 1 DSA, 3 EC, 16 GENERIC_SECRET, 18 RC4, 21 3DES, 31 AES' },
    { flag: '-l', arg: '<key label>', required: false, meaning: 'exact label' },
    { flag: '-id', arg: '<key ID>', required: false, meaning: 'exact ID' },
    { flag: '-sess', arg: '(0 | 1)', required: false, meaning: '1 session keys only, 0 persistent keys only' },
    { flag: '-u', arg: '<user-ids>', required: false, meaning: 'keys that all of these users can use' },
    { flag: '-m', arg: '<modulus>', required: false, meaning: 'file with an RSA modulus; keys with that modulus' },
    { flag: '-kcv', arg: '<key_check_value>', required: false, meaning: 'key check value, 6 hex digits' },
  ],
  login: true,
  firstFunction: 'Cfm3FindKey',
  async run(ctx, args) {
    const keyClass = intValue(args, '-c', oneOf(2, 3, 4));
    const keyType = intValue(args, '-t', oneOf(0, 1, 3, 16, 18, 19, 21, 31));
    const label = args.values.get('-l');
    const id = args.values.get('-id');
    const session = intValue(args, '-sess', oneOf(0, 1));
    const usableBy = userList(args);
    const kcv = args.values.get('-kcv');
    if (kcv !== undefined && !/^(0x)?[0-9a-f]{6}$/i.test(kcv)) throw new ValueError(invalidValue(kcv, '-kcv'));
    const modFile = args.values.get('-m');
    return await ctx.transact(async (tx, scope) => {
      const modulus = modFile === undefined ? undefined : await readInputFile(tx, ctx.cwd, modFile);
      const out = await findKeys(scope, ctx.session, { keyClass, keyType, label, id, session, usableBy, kcv, modulus });
      const found = out.handles;
      const lines = [`Total number of keys present ${found.length}`];
      if (found.length > 0) {
        lines.push('', ` number of keys matched from start index 0::${found.length - 1}`, found.join(', '));
      }
      lines.push('', ...clusterBlock(out.nodes), '', ...stepLines(out.steps));
      return { lines, codes: stepCodes(out.steps) };
    });
  },
};
