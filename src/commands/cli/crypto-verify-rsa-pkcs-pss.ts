/** `crypto verify rsa-pkcs-pss` (cloudhsm-cli.md §3). Contract stub: the crypto branch fills in its table and run. */
import { stubCommand } from './command';

export const cryptoVerifyRsaPkcsPss = stubCommand(['crypto', 'verify', 'rsa-pkcs-pss'], undefined, 'crypto verify rsa-pkcs-pss [OPTIONS]');
