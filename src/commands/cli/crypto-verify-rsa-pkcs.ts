/** `crypto verify rsa-pkcs` (cloudhsm-cli.md §3). Contract stub: the crypto branch fills in its table and run. */
import { stubCommand } from './command';

export const cryptoVerifyRsaPkcs = stubCommand(['crypto', 'verify', 'rsa-pkcs'], undefined, 'crypto verify rsa-pkcs [OPTIONS]');
