/** genECCKeyPair (kmu-commands.md §5.3; curve ids attributes.md §4.4). */
import { invalidValue } from '../flags';
import type { KmuCommand } from './command';
import { PAIR_FLAGS, pairSyntax, runPair } from './pair-lines';
import { ValueError } from './values';

/** The curves the HSM generates (attributes.md §4.4, A6) — the same table as the operation's ECC_CURVES. */
const CURVES: ReadonlyMap<number, 'P-256' | 'P-224' | 'P-384' | 'P-521' | 'secp256k1'> = new Map([
  [2, 'P-256'], [13, 'P-224'], [14, 'P-384'], [15, 'P-521'], [16, 'secp256k1'],
] as const);
/** Ids of the old curve table the HSM refuses under its FIPS policy (0xb3, G-40). */
const REFUSED = (id: number) => id === 1 || (id >= 3 && id <= 12);

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
    const curve = CURVES.get(id);
    if (!curve && !REFUSED(id)) throw new ValueError(invalidValue(text, '-i'));
    return runPair(ctx, args, curve ? { kind: 'ec', curve } : null);
  },
};
