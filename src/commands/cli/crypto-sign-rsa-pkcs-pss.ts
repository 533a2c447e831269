/** `crypto sign rsa-pkcs-pss` (cloudhsm-cli.md §3.21): RSA-PSS, KMU sign -m 5–9. */
import type { CliCommand } from './command';
import { runSign, signOptions } from './crypto-options';

export const cryptoSignRsaPkcsPss: CliCommand = {
  path: ['crypto', 'sign', 'rsa-pkcs-pss'],
  about: 'Sign with the RSA-PKCS-PSS mechanism',
  usage: 'crypto sign rsa-pkcs-pss [OPTIONS] --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> --mgf <MGF> --salt-length <SALT_LENGTH> <--data-path <DATA_PATH>|--data <DATA>>',
  options: signOptions(true),
  run: runSign('rsa-pkcs-pss'),
};
