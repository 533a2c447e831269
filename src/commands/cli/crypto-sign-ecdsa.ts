/** `crypto sign ecdsa` (cloudhsm-cli.md §3.21): ECDSA, the signature printed as r ‖ s (KMU writes DER, G-CLI-32). */
import type { CliCommand } from './command';
import { runSign, signOptions } from './crypto-options';

export const cryptoSignEcdsa: CliCommand = {
  path: ['crypto', 'sign', 'ecdsa'],
  about: 'Sign with the ECDSA mechanism',
  usage: 'crypto sign ecdsa --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> <--data-path <DATA_PATH>|--data <DATA>>',
  options: signOptions(false),
  run: runSign('ecdsa'),
};
