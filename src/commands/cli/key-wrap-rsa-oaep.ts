/** `key wrap rsa-oaep` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapRsaOaep = stubCommand(['key', 'wrap', 'rsa-oaep'], undefined, 'key wrap rsa-oaep [OPTIONS]');
