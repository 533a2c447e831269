/** `key generate-asymmetric-pair ec` (cloudhsm-cli.md §3.11): §3.10's command with `--curve` instead of the modulus and exponent. */
import { CLI_CURVES } from '../../hsm/ops/cli-generate';
import type { CliCommand } from './command';
import { pairOptions, runPair } from './key-generate-asymmetric-pair-rsa';

export const keyGenerateAsymmetricPairEc: CliCommand = {
  path: ['key', 'generate-asymmetric-pair', 'ec'], about: 'Generate an Elliptic-Curve Cryptography (ECC) key pair',
  usage: 'key generate-asymmetric-pair ec [OPTIONS] --public-label <PUBLIC_LABEL> --private-label <PRIVATE_LABEL> --curve <CURVE>',
  options: pairOptions('EC', [
    { long: 'curve', value: 'CURVE', required: true, possible: CLI_CURVES, description: 'Elliptic curve used to generate the key pair' },
  ]),
  run: (ctx, args) => runPair({ ec: { curve: args.value('curve') ?? '' } }, ctx, args),
};
