/** genDSAKeyPair (kmu-commands.md §5.2): its return line is irregular, `Cfm3GenerateKeyPair: returned:`. */
import { invalidValue } from '../flags';
import type { KmuCommand } from './command';
import { PAIR_FLAGS, pairSyntax, runPair } from './pair-lines';
import { ValueError } from './values';

const NAME = 'Cfm3GenerateKeyPair:';

export const genDSAKeyPair: KmuCommand = {
  name: 'genDSAKeyPair',
  description: 'Generates a DSA Key Pair',
  syntax: ['genDSAKeyPair -m <modulus length>', ...pairSyntax('              ')],
  flags: [
    { flag: '-m', arg: '<modulus length>', required: true, meaning: 'modulus length in bits: only 2048' },
    ...PAIR_FLAGS,
  ],
  login: true,
  firstFunction: NAME,
  async run(ctx, args) {
    const text = args.values.get('-m')!;
    if (!/^\d{1,30}$/.test(text)) throw new ValueError(invalidValue(text, '-m'));
    // Other numbers reach the HSM and fail there: 0xb3 (§5.2).
    return runPair(ctx, args, BigInt(text) === 2048n ? { kind: 'dsa', bits: 2048 } : null, { generateKeyPair: NAME });
  },
};
