/** `crypto sign rsa-pkcs-pss` (cloudhsm-cli.md §3). Contract stub: the crypto branch fills in its table and run. */
import { stubCommand } from './command';

export const cryptoSignRsaPkcsPss = stubCommand(['crypto', 'sign', 'rsa-pkcs-pss'], undefined, 'crypto sign rsa-pkcs-pss [OPTIONS]');
