/**
 * The CloudHSM CLI command registry (one command per file; cloudhsm-cli.md §2.2): every path the
 * real CLI has, the ones outside the playground as stubs (§3.24, ./stubs.ts). `help` and `quit`
 * are the program's own (./program.ts).
 */
import type { CliCommand } from './command';
import { login } from './login';
import { logout } from './logout';
import { userList } from './user-list';
import { userCreate } from './user-create';
import { userDelete } from './user-delete';
import { userChangePassword } from './user-change-password';
import { clusterHsmInfo } from './cluster-hsm-info';
import { clusterActivate } from './cluster-activate';
import { keyList } from './key-list';
import { keySetAttribute } from './key-set-attribute';
import { keyShare } from './key-share';
import { keyUnshare } from './key-unshare';
import { keyDelete } from './key-delete';
import { keyGenerateSymmetricAes } from './key-generate-symmetric-aes';
import { keyGenerateSymmetricGenericSecret } from './key-generate-symmetric-generic-secret';
import { keyGenerateAsymmetricPairRsa } from './key-generate-asymmetric-pair-rsa';
import { keyGenerateAsymmetricPairEc } from './key-generate-asymmetric-pair-ec';
import { keyImportPem } from './key-import-pem';
import { keyGenerateFile } from './key-generate-file';
import { keyWrapAesGcm } from './key-wrap-aes-gcm';
import { keyWrapAesNoPad } from './key-wrap-aes-no-pad';
import { keyWrapAesPkcs5Pad } from './key-wrap-aes-pkcs5-pad';
import { keyWrapAesZeroPad } from './key-wrap-aes-zero-pad';
import { keyWrapCloudhsmAesGcm } from './key-wrap-cloudhsm-aes-gcm';
import { keyWrapRsaAes } from './key-wrap-rsa-aes';
import { keyWrapRsaOaep } from './key-wrap-rsa-oaep';
import { keyWrapRsaPkcs } from './key-wrap-rsa-pkcs';
import { keyUnwrapAesGcm } from './key-unwrap-aes-gcm';
import { keyUnwrapAesNoPad } from './key-unwrap-aes-no-pad';
import { keyUnwrapAesPkcs5Pad } from './key-unwrap-aes-pkcs5-pad';
import { keyUnwrapAesZeroPad } from './key-unwrap-aes-zero-pad';
import { keyUnwrapCloudhsmAesGcm } from './key-unwrap-cloudhsm-aes-gcm';
import { keyUnwrapRsaAes } from './key-unwrap-rsa-aes';
import { keyUnwrapRsaOaep } from './key-unwrap-rsa-oaep';
import { keyUnwrapRsaPkcs } from './key-unwrap-rsa-pkcs';
import { cryptoSignRsaPkcs } from './crypto-sign-rsa-pkcs';
import { cryptoSignRsaPkcsPss } from './crypto-sign-rsa-pkcs-pss';
import { cryptoSignEcdsa } from './crypto-sign-ecdsa';
import { cryptoVerifyRsaPkcs } from './crypto-verify-rsa-pkcs';
import { cryptoVerifyRsaPkcsPss } from './crypto-verify-rsa-pkcs-pss';
import { cryptoVerifyEcdsa } from './crypto-verify-ecdsa';
import { CLI_STUBS } from './stubs';

export const CLI_COMMANDS: readonly CliCommand[] = [
  login,
  logout,
  userList,
  userCreate,
  userDelete,
  userChangePassword,
  clusterHsmInfo,
  clusterActivate,
  keyList,
  keySetAttribute,
  keyShare,
  keyUnshare,
  keyDelete,
  keyGenerateSymmetricAes,
  keyGenerateSymmetricGenericSecret,
  keyGenerateAsymmetricPairRsa,
  keyGenerateAsymmetricPairEc,
  keyImportPem,
  keyGenerateFile,
  keyWrapAesGcm,
  keyWrapAesNoPad,
  keyWrapAesPkcs5Pad,
  keyWrapAesZeroPad,
  keyWrapCloudhsmAesGcm,
  keyWrapRsaAes,
  keyWrapRsaOaep,
  keyWrapRsaPkcs,
  keyUnwrapAesGcm,
  keyUnwrapAesNoPad,
  keyUnwrapAesPkcs5Pad,
  keyUnwrapAesZeroPad,
  keyUnwrapCloudhsmAesGcm,
  keyUnwrapRsaAes,
  keyUnwrapRsaOaep,
  keyUnwrapRsaPkcs,
  cryptoSignRsaPkcs,
  cryptoSignRsaPkcsPss,
  cryptoSignEcdsa,
  cryptoVerifyRsaPkcs,
  cryptoVerifyRsaPkcsPss,
  cryptoVerifyEcdsa,
  ...CLI_STUBS,
];

export type { CliCommand };
