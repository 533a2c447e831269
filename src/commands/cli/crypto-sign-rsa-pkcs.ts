/** `crypto sign rsa-pkcs` (cloudhsm-cli.md §3.21): RSA PKCS #1 v1.5, byte for byte KMU sign -m 0–4 (walkthrough 5). */
import type { CliCommand } from './command';
import { runSign, signOptions } from './crypto-options';

export const cryptoSignRsaPkcs: CliCommand = {
  path: ['crypto', 'sign', 'rsa-pkcs'],
  about: 'Sign with the RSA-PKCS mechanism',
  usage: 'crypto sign rsa-pkcs --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> <--data-path <DATA_PATH>|--data <DATA>>',
  options: signOptions(false),
  run: runSign('rsa-pkcs'),
};
