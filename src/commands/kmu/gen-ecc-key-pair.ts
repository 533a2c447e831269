/** genECCKeyPair (kmu-commands.md §5.3; curve ids attributes.md §4.4). */
import { invalidValue } from '../flags';
import type { KmuCommand } from './command';
import { ECC_CURVES, eccIdRefused, PAIR_FLAGS, pairSyntax, runPair } from './pair-lines';
import { ValueError } from './values';

export const genECCKeyPair: KmuCommand = {
  name: 'genECCKeyPair',
  description: 'Generates an ECC Key Pair',
  syntax: ['genECCKeyPair -i <EC curve id>', ...pairSyntax('              ')],
  flags: [
    { flag: '-i', arg: '<EC curve id>', required: true, meaning: 'curve: 2 P-256, 13 P-224, 14 P-384, 15 P-521, 16 secp256k1' },
    ...PAIR_FLAGS,
  ],
  login: true,
  firstFunction: 'Cfm3GenerateKeyPair',
  async run(ctx, args) {
    const text = args.values.get('-i')!;
    const id = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
    const known = ECC_CURVES.get(id);
    if (!known && !eccIdRefused(id)) throw new ValueError(invalidValue(text, '-i'));
    return runPair(ctx, args, known ? { kind: 'ec', curve: known.curve } : null);
  },
};
