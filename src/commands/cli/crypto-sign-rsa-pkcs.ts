/** `crypto sign rsa-pkcs` (cloudhsm-cli.md §3). Contract stub: the crypto branch fills in its table and run. */
import { stubCommand } from './command';

export const cryptoSignRsaPkcs = stubCommand(['crypto', 'sign', 'rsa-pkcs'], undefined, 'crypto sign rsa-pkcs [OPTIONS]');
