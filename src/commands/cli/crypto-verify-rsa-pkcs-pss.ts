/** `crypto verify rsa-pkcs-pss` (cloudhsm-cli.md §3.22): RSA-PSS, KMU verify -m 5–9. */
import type { CliCommand } from './command';
import { runVerify, verifyOptions } from './crypto-options';

export const cryptoVerifyRsaPkcsPss: CliCommand = {
  path: ['crypto', 'verify', 'rsa-pkcs-pss'],
  about: 'Verify with the RSA-PKCS-PSS mechanism',
  usage: 'crypto verify rsa-pkcs-pss --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> --mgf <MGF> --salt-length <SALT_LENGTH> <--data-path <DATA_PATH>|--data <DATA>> <--signature-path <SIGNATURE_PATH>|--signature <SIGNATURE>>',
  options: verifyOptions(true),
  run: runVerify('rsa-pkcs-pss'),
};
