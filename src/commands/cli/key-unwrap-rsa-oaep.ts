/** `key unwrap rsa-oaep` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapRsaOaep = stubCommand(['key', 'unwrap', 'rsa-oaep'], undefined, 'key unwrap rsa-oaep [OPTIONS]');
