/** `key wrap rsa-aes` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapRsaAes = stubCommand(['key', 'wrap', 'rsa-aes'], undefined, 'key wrap rsa-aes [OPTIONS]');
