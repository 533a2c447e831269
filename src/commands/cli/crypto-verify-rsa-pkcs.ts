/** `crypto verify rsa-pkcs` (cloudhsm-cli.md §3.22): RSA PKCS #1 v1.5, KMU verify -m 0–4. */
import type { CliCommand } from './command';
import { runVerify, verifyOptions } from './crypto-options';

export const cryptoVerifyRsaPkcs: CliCommand = {
  path: ['crypto', 'verify', 'rsa-pkcs'],
  about: 'Verify with the RSA-PKCS mechanism',
  usage: 'crypto verify rsa-pkcs --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> <--data-path <DATA_PATH>|--data <DATA>> <--signature-path <SIGNATURE_PATH>|--signature <SIGNATURE>>',
  options: verifyOptions(false),
  run: runVerify('rsa-pkcs'),
};
