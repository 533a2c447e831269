/** genRSAKeyPair (kmu-commands.md §5.1). */
import { invalidValue } from '../flags';
import type { KmuCommand } from './command';
import { PAIR_FLAGS, pairSyntax, runPair } from './pair-lines';
import { ValueError } from './values';

/** A number the client passes on to the HSM (any run of digits); anything else is an invalid value. */
function numeric(value: string, flag: string): bigint {
  if (!/^\d{1,30}$/.test(value)) throw new ValueError(invalidValue(value, flag));
  return BigInt(value);
}

export const genRSAKeyPair: KmuCommand = {
  name: 'genRSAKeyPair',
  description: 'Generates an RSA Key Pair',
  syntax: ['genRSAKeyPair -m <modulus length>', '              -e <public exponent>', ...pairSyntax('              ')],
  flags: [
    { flag: '-m', arg: '<modulus length>', required: true, meaning: 'modulus length in bits: 2048 to 4096 in steps of 256' },
    { flag: '-e', arg: '<public exponent>', required: true, meaning: 'public exponent: odd, at least 65537 (e.g. 65537)' },
    ...PAIR_FLAGS,
  ],
  login: true,
  firstFunction: 'Cfm3GenerateKeyPair',
  async run(ctx, args) {
    const bits = numeric(args.values.get('-m')!, '-m');
    const e = numeric(args.values.get('-e')!, '-e');
    // Numbers outside the HSM's set reach it and fail there: 0xb3 (§5.1, G-42).
    const ok = bits >= 2048n && bits <= 4096n && bits % 256n === 0n && e >= 65537n && e < 2n ** 32n && e % 2n === 1n;
    return runPair(ctx, args, ok ? { kind: 'rsa', bits: Number(bits), exponent: e } : null);
  },
};
