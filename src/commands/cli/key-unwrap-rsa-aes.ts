/** `key unwrap rsa-aes` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapRsaAes = stubCommand(['key', 'unwrap', 'rsa-aes'], undefined, 'key unwrap rsa-aes [OPTIONS]');
