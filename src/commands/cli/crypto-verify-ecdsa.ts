/** `crypto verify ecdsa` (cloudhsm-cli.md §3). Contract stub: the crypto branch fills in its table and run. */
import { stubCommand } from './command';

export const cryptoVerifyEcdsa = stubCommand(['crypto', 'verify', 'ecdsa'], undefined, 'crypto verify ecdsa [OPTIONS]');
