/** `crypto sign ecdsa` (cloudhsm-cli.md §3). Contract stub: the crypto branch fills in its table and run. */
import { stubCommand } from './command';

export const cryptoSignEcdsa = stubCommand(['crypto', 'sign', 'ecdsa'], undefined, 'crypto sign ecdsa [OPTIONS]');
