/** `crypto verify ecdsa` (cloudhsm-cli.md §3.22): ECDSA over r ‖ s; a KMU DER signature fails (G-CLI-32). */
import type { CliCommand } from './command';
import { runVerify, verifyOptions } from './crypto-options';

export const cryptoVerifyEcdsa: CliCommand = {
  path: ['crypto', 'verify', 'ecdsa'],
  about: 'Verify with the ECDSA mechanism',
  usage: 'crypto verify ecdsa --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> <--data-path <DATA_PATH>|--data <DATA>> <--signature-path <SIGNATURE_PATH>|--signature <SIGNATURE>>',
  options: verifyOptions(false),
  run: runVerify('ecdsa'),
};
